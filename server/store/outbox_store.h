#ifndef BAOXUE_SERVER_STORE_OUTBOX_STORE_H_
#define BAOXUE_SERVER_STORE_OUTBOX_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace baoxue::store {

// One pushed message claimed for delivery (a row of
// baoxue.notification_outbox; the case engine writes them in the same
// transaction as the case change).
struct OutboxMessage {
  int64_t message_id = 0;
  // Stable across redeliveries, e.g. "case-17/assigned/level-1/county-wecom".
  std::string idempotency_key;
  // Name of the configured channel (notify.channels[].name).
  std::string channel;
  std::optional<int64_t> case_id;
  std::optional<int64_t> recipient_person_id;
  // The message object as JSON text (docs/notifications.md); masked names
  // only, no student numbers.
  std::string payload_json;
  // Delivery attempts started, including this one (>= 1 once claimed). The
  // claim's fencing token: MarkFailed and Release must pass it back.
  int attempt = 0;
  absl::Time created_at;
};

// Outbox counts for status pages.
struct OutboxCounts {
  int64_t pending = 0;    // not delivered yet (includes failing)
  int64_t failing = 0;    // not delivered and the latest attempt failed
  int64_t delivered = 0;  // delivered
  // created_at of the oldest undelivered message; nullopt when none.
  std::optional<absl::Time> oldest_pending_created_at;
};

// Which channels' messages a claim may take.
struct ChannelSelection {
  std::vector<std::string> names;
  bool all_but = false;  // true: every channel except `names`

  static ChannelSelection Only(std::string name) {
    return ChannelSelection{{std::move(name)}, false};
  }
  static ChannelSelection All() { return ChannelSelection{{}, true}; }
};

// The undelivered messages of one channel, for status pages and metrics.
struct ChannelBacklog {
  std::string channel;
  int64_t pending = 0;  // not delivered yet (includes failing)
  int64_t failing = 0;  // ... and the latest attempt failed
  absl::Time oldest_pending_created_at;
};

// The notification outbox as the dispatcher sees it. Delivery is at least
// once: a claim leases messages, and a message whose lease runs out without
// MarkDelivered is claimed again. Implementations are thread-safe and safe to
// use from several processes on one database.
//
// Every method returns UNAVAILABLE when the database cannot be reached,
// ABORTED on a serialization failure or deadlock (retry), INTERNAL otherwise.
class OutboxStore {
 public:
  virtual ~OutboxStore() = default;

  // Claims at most `limit` undelivered messages of the `channels` due at
  // `now` (next_attempt_at <= now), oldest due first, skipping messages
  // another claimer holds; each claimed message's attempt count rises by one
  // and it is held (not due again) until `now + lease`. Returns them by
  // message_id. INVALID_ARGUMENT if `limit` < 1 or `lease` <= 0.
  virtual absl::StatusOr<std::vector<OutboxMessage>> ClaimDue(
      absl::Time now, int limit, absl::Duration lease,
      const ChannelSelection& channels) = 0;

  // Claims the one undelivered message of `channel` that is due soonest,
  // even if its backoff has not ended, unless another claimer holds it:
  // the probe of a circuit breaker. Held like ClaimDue's messages. Empty
  // when the channel has nothing undelivered and free. INVALID_ARGUMENT if
  // `lease` <= 0.
  virtual absl::StatusOr<std::vector<OutboxMessage>> ClaimProbe(
      absl::Time now, absl::string_view channel, absl::Duration lease) = 0;

  // Makes every undelivered message of `channel` that waits out a backoff
  // due at `now` (messages a claimer holds stay held): a channel that
  // recovered sends its backlog at once. Returns how many were moved.
  virtual absl::StatusOr<int64_t> PullForward(absl::string_view channel,
                                              absl::Time now) = 0;

  // Deletes at most `limit` messages delivered before `before`, oldest
  // first; returns how many. INVALID_ARGUMENT if `limit` < 1.
  virtual absl::StatusOr<int64_t> PruneDelivered(absl::Time before,
                                                 int limit) = 0;

  // The undelivered messages per channel name, by name; channels with none
  // are absent.
  virtual absl::StatusOr<std::vector<ChannelBacklog>> PendingByChannel() = 0;

  // Records delivery at `at` (and clears last_error). Idempotent: a message
  // already delivered keeps its first delivery time. OK if `message_id` does
  // not exist (nothing to record).
  virtual absl::Status MarkDelivered(int64_t message_id, absl::Time at) = 0;

  // Records that `attempt` failed with `error` (no personal data) and makes
  // the message due again at `next_attempt_at`. Ignored (OK, returns false)
  // when the message was delivered meanwhile or a newer attempt has claimed
  // it; returns true when recorded.
  virtual absl::StatusOr<bool> MarkFailed(int64_t message_id, int attempt,
                                          absl::Time next_attempt_at,
                                          absl::string_view error) = 0;

  // Gives back a claimed message that was not tried (e.g. the dispatcher is
  // stopping): due again at `now`, and the attempt does not count. Ignored
  // like MarkFailed; returns true when released.
  virtual absl::StatusOr<bool> Release(int64_t message_id, int attempt,
                                       absl::Time now) = 0;

  virtual absl::StatusOr<OutboxCounts> Counts() = 0;
};

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_OUTBOX_STORE_H_
