#include "server/store/migrations.h"

#include <cstdint>
#include <exception>
#include <memory>
#include <pqxx/pqxx>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace baoxue::store {
namespace {

// Key of the advisory lock that serialises migrators ("baoxue" in ASCII).
constexpr int64_t kMigrationLockKey = 0x62616f787565;

constexpr char kBootstrapSql[] = R"sql(
CREATE SCHEMA IF NOT EXISTS baoxue;
CREATE TABLE IF NOT EXISTS baoxue.schema_migrations (
  version    int PRIMARY KEY,
  name       text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
);
)sql";

void LockMigrations(pqxx::work& tx) {
  tx.exec_params("SELECT pg_advisory_xact_lock($1)", kMigrationLockKey);
}

// Maps an exception thrown while running `what` to a status. Only the SQL
// state is reported: the message of a failed statement may quote data.
absl::Status ToStatus(const std::exception_ptr& error,
                      const std::string& what) {
  try {
    std::rethrow_exception(error);
  } catch (const pqxx::broken_connection&) {
    return absl::UnavailableError(
        absl::StrCat(what, ": database connection failed or was lost"));
  } catch (const pqxx::in_doubt_error&) {
    return absl::UnavailableError(absl::StrCat(
        what, ": connection lost during commit (outcome unknown)"));
  } catch (const pqxx::sql_error& e) {
    return absl::InternalError(
        absl::StrCat(what, " failed: SQL state ", e.sqlstate()));
  } catch (const std::exception& e) {
    return absl::InternalError(absl::StrCat(what, " failed: ", e.what()));
  }
}

std::string Describe(const Migration& migration) {
  return absl::StrFormat("migration %04d_%s", migration.version,
                         migration.name);
}

}  // namespace

absl::StatusOr<int> ApplyMigrations(const std::string& database_url) {
  std::unique_ptr<pqxx::connection> connection;
  try {
    connection = std::make_unique<pqxx::connection>(database_url);
  } catch (const std::exception&) {
    // Connection errors may echo the URL (with a password): do not pass
    // e.what() on.
    return absl::UnavailableError(
        "cannot connect to the database to apply migrations");
  }

  try {
    pqxx::nontransaction setup(*connection);
    setup.exec("SET client_min_messages = warning");
  } catch (...) {
    return ToStatus(std::current_exception(), "migration setup");
  }

  try {
    pqxx::work tx(*connection);
    LockMigrations(tx);
    tx.exec(kBootstrapSql);
    tx.commit();
  } catch (...) {
    return ToStatus(std::current_exception(), "migration bootstrap");
  }

  int applied = 0;
  for (const Migration& migration : EmbeddedMigrations()) {
    const std::string what = Describe(migration);
    try {
      pqxx::work tx(*connection);
      LockMigrations(tx);
      const pqxx::result done = tx.exec_params(
          "SELECT 1 FROM baoxue.schema_migrations WHERE version = $1",
          migration.version);
      if (!done.empty()) continue;  // the transaction rolls back: nothing to do
      tx.exec(migration.sql);
      tx.exec_params(
          "INSERT INTO baoxue.schema_migrations (version, name) "
          "VALUES ($1, $2)",
          migration.version, migration.name);
      tx.commit();
      ++applied;
    } catch (...) {
      return ToStatus(std::current_exception(), what);
    }
  }
  // The application and feature-reader roles get the new tables too
  // (deploy/sql/0016_audit.sql, docs/security.md "Database roles").
  try {
    pqxx::work tx(*connection);
    LockMigrations(tx);
    tx.exec(
        "SELECT baoxue.apply_role_grants() "
        "WHERE to_regprocedure('baoxue.apply_role_grants()') IS NOT NULL");
    tx.commit();
  } catch (...) {
    return ToStatus(std::current_exception(), "granting the database roles");
  }
  return applied;
}

}  // namespace baoxue::store
