#ifndef BAOXUE_SERVER_STORE_MIGRATIONS_H_
#define BAOXUE_SERVER_STORE_MIGRATIONS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace baoxue::store {

// One schema migration: deploy/sql/NNNN_name.sql, embedded at build time.
struct Migration {
  int version;       // NNNN
  std::string name;  // the file name's `name` part, e.g. "schema"
  std::string sql;   // the whole file
};

// Every deploy/sql/*.sql of this build, sorted by version (versions are
// unique; the build fails otherwise). Static storage; thread-safe.
const std::vector<Migration>& EmbeddedMigrations();

// Brings the database at `database_url` (a libpq URL) up to date: creates
// schema `baoxue` and baoxue.schema_migrations if missing, then applies, in
// order, every embedded migration whose version is not yet recorded there.
// Each migration runs in its own transaction together with its record row, so
// a failed migration leaves no trace and the ones before it stay applied.
// Concurrent callers (threads or processes) are serialised by a
// transaction-level advisory lock; each migration is applied exactly once.
// Versions recorded in the database but unknown to this build are ignored.
//
// Returns how many migrations it applied (0 when up to date).
// UNAVAILABLE if the database cannot be reached or the connection is lost;
// INTERNAL naming the migration and the SQL state (never the SQL text) if a
// migration fails. Thread-safe: every call uses its own connection.
absl::StatusOr<int> ApplyMigrations(const std::string& database_url);

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_MIGRATIONS_H_
