#ifndef BAOXUE_SERVER_STORE_PG_IMPORT_STORE_H_
#define BAOXUE_SERVER_STORE_PG_IMPORT_STORE_H_

#include <string>
#include <vector>

#include "server/store/import_store.h"
#include "server/store/pg_connection_pool.h"

namespace baoxue::store {

// ImportStore on PostgreSQL. A batch is written on its own libpq connection
// (COPY into a temporary staging table, then set-based statements); the
// kind-specific SQL lives in pg_import_kinds.cc. Thread-safe; does not own
// `pool`.
class PgImportStore : public ImportStore {
 public:
  explicit PgImportStore(PgConnectionPool* pool) : pool_(pool) {}

  absl::StatusOr<ImportWritten> Write(const ImportBatch& batch) override;
  absl::StatusOr<std::vector<ImportRecordRow>> ListImports(
      absl::string_view area_prefix, int limit) override;

 private:
  PgConnectionPool* pool_;
};

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_PG_IMPORT_STORE_H_
