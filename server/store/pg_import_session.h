#ifndef BAOXUE_SERVER_STORE_PG_IMPORT_SESSION_H_
#define BAOXUE_SERVER_STORE_PG_IMPORT_SESSION_H_

// The transaction one import runs in, as the kind-specific writers see it
// (pg_import_kinds.cc). Store-internal.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "server/store/import_store.h"
#include "server/store/pg_copy.h"

namespace baoxue::store::import_sql {

// Every statement of an import gets the same three text parameters, so the
// kinds' SQL can use any of them: $1 the caller's division-code prefix ("" =
// the whole database), $2 the import's time (timestamptz), $3 the county's
// day (date).
class ImportSession {
 public:
  ImportSession(PGconn* conn, const ImportBatch& batch);

  // Runs `sql` with the three parameters.
  absl::StatusOr<PgResult> Exec(const char* sql);
  // Runs `sql` and returns the number of rows it affected.
  absl::StatusOr<int64_t> Count(const char* sql);
  // The staged rows matching `where` (SQL over the staging table `s`) are
  // refused with `reason` (and `reason_zh`, in Chinese) against `column`,
  // and leave the staging table.
  absl::Status Refuse(const char* where, const char* column, const char* reason,
                      const char* reason_zh);

  const ImportBatch& batch() const { return batch_; }
  ImportWritten& written() { return written_; }

 private:
  PGconn* conn_;
  const ImportBatch& batch_;
  std::vector<std::string> params_;
  ImportWritten written_;
};

// The kind-specific part of Write: after the rows are staged in
// `import_stage` (row_no bigint, then StagingColumns(kind) as text), refuse
// what the database contradicts, count, upsert and (full rosters) mark what
// is missing.
absl::Status WriteKind(ImportSession& session);

}  // namespace baoxue::store::import_sql

#endif  // BAOXUE_SERVER_STORE_PG_IMPORT_SESSION_H_
