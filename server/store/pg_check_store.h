#ifndef BAOXUE_SERVER_STORE_PG_CHECK_STORE_H_
#define BAOXUE_SERVER_STORE_PG_CHECK_STORE_H_

#include <string>
#include <vector>

#include "server/store/case_store.h"
#include "server/store/check_store.h"
#include "server/store/pg_case_support.h"
#include "server/store/pg_connection_pool.h"

namespace baoxue::store {

// CheckStore over PostgreSQL: each comparison is one set-based statement
// over the county's tables, parameterised by the CheckRequest core built.
// The tasks it opens send the chain's "assigned" message in the same
// transaction, through the case store's path (case_sql::CaseNotifier, with
// the same composer and channels as PgCaseStore).
// Thread-safe; does not own the pool or the composer.
class PgCheckStore : public CheckStore {
 public:
  PgCheckStore(PgConnectionPool* pool, const CaseMessageComposer* composer,
               std::vector<OutboxChannel> channels)
      : pool_(pool), notifier_(composer, std::move(channels)) {}

  absl::StatusOr<CheckRun> RunCheck(const CheckRequest& request) override;
  absl::StatusOr<CheckReport> Report(const std::string& area_prefix) override;

 private:
  PgConnectionPool* pool_;
  const case_sql::CaseNotifier notifier_;
};

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_PG_CHECK_STORE_H_
