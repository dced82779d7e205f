#ifndef BAOXUE_SERVER_STORE_PG_OUTBOX_STORE_H_
#define BAOXUE_SERVER_STORE_PG_OUTBOX_STORE_H_

#include <pqxx/pqxx>

#include "server/store/outbox_store.h"
#include "server/store/pg_connection_pool.h"

namespace baoxue::store {

// The undelivered messages per channel, inside `tx`: the one query behind
// PendingByChannel and the metrics' outbox figures (pg_ops_figures_store).
std::vector<ChannelBacklog> ReadChannelBacklog(pqxx::transaction_base& tx);

// OutboxStore over baoxue.notification_outbox (0001_schema.sql,
// 0005_outbox.sql,
// 0013_outbox_channels.sql). Claims use FOR UPDATE SKIP LOCKED and move
// next_attempt_at to the end of the lease in the same statement, so
// dispatchers in several processes never hold one message at once.
// Times come from the caller (an injected clock), never from the database's
// now(). Thread-safe; does not own `pool`.
class PgOutboxStore : public OutboxStore {
 public:
  explicit PgOutboxStore(PgConnectionPool* pool) : pool_(pool) {}

  absl::StatusOr<std::vector<OutboxMessage>> ClaimDue(
      absl::Time now, int limit, absl::Duration lease,
      const ChannelSelection& channels) override;
  absl::StatusOr<std::vector<OutboxMessage>> ClaimProbe(
      absl::Time now, absl::string_view channel, absl::Duration lease) override;
  absl::StatusOr<int64_t> PullForward(absl::string_view channel,
                                      absl::Time now) override;
  absl::StatusOr<int64_t> PruneDelivered(absl::Time before, int limit) override;
  absl::StatusOr<std::vector<ChannelBacklog>> PendingByChannel() override;
  absl::Status MarkDelivered(int64_t message_id, absl::Time at) override;
  absl::StatusOr<bool> MarkFailed(int64_t message_id, int attempt,
                                  absl::Time next_attempt_at,
                                  absl::string_view error) override;
  absl::StatusOr<bool> Release(int64_t message_id, int attempt,
                               absl::Time now) override;
  absl::StatusOr<OutboxCounts> Counts() override;

 private:
  PgConnectionPool* pool_;
};

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_PG_OUTBOX_STORE_H_
