#ifndef BAOXUE_SERVER_STORE_PG_AUDIT_STORE_H_
#define BAOXUE_SERVER_STORE_PG_AUDIT_STORE_H_

#include "server/store/audit_store.h"
#include "server/store/pg_connection_pool.h"

namespace baoxue::store {

// AuditStore over baoxue.audit_log. Thread-safe; does not own the pool.
class PgAuditStore : public AuditStore {
 public:
  explicit PgAuditStore(PgConnectionPool* pool) : pool_(pool) {}

  absl::Status Append(const std::vector<AuditEvent>& events,
                      const AuditHasher& hasher) override;
  absl::StatusOr<std::vector<AuditRow>> ReadChain(int64_t after_id,
                                                  int limit) override;
  absl::StatusOr<AuditLink> Anchor() override;
  absl::StatusOr<AuditLink> Head() override;
  absl::StatusOr<std::vector<AuditRow>> Query(const AuditQuery& query) override;
  absl::StatusOr<int64_t> Prune(int64_t before_us) override;

 private:
  PgConnectionPool* pool_;
};

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_PG_AUDIT_STORE_H_
