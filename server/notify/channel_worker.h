#ifndef BAOXUE_SERVER_NOTIFY_CHANNEL_WORKER_H_
#define BAOXUE_SERVER_NOTIFY_CHANNEL_WORKER_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "domain/vocabulary.h"
#include "server/core/clock.h"
#include "server/notify/channel.h"
#include "server/notify/circuit_breaker.h"
#include "server/notify/warning_gate.h"
#include "server/store/outbox_store.h"

namespace baoxue::notify {

struct DispatcherOptions {
  // Pause between a channel's passes when the previous pass found less than
  // a batch.
  absl::Duration poll_interval = absl::Seconds(2);
  // Retry delay after a message's first failed attempt, doubled after each
  // further failure, never above max_backoff.
  absl::Duration initial_backoff = absl::Seconds(5);
  absl::Duration max_backoff = absl::Hours(1);
  // Longest one delivery may take (the HTTP timeout).
  absl::Duration delivery_timeout = absl::Seconds(10);
  // Messages claimed per pass of one channel.
  int batch_size = 20;
  // Each channel's circuit breaker.
  CircuitBreakerOptions breaker;
  // Delivered messages older than this are deleted; zero = keep them all.
  absl::Duration retention = absl::Hours(24 * 30);
  // How often the housekeeping pass (retention, unknown channels) runs.
  absl::Duration housekeeping_interval = absl::Minutes(1);
  // At most one failure warning per channel per this interval (state
  // changes of the breaker are always logged).
  absl::Duration warning_interval = absl::Minutes(1);
};

// How one channel is doing, for metrics and status pages. Never holds
// message content, URLs or personal data.
struct ChannelSnapshot {
  std::string channel;
  domain::CircuitState circuit = domain::CircuitState::kClosed;
  int consecutive_failures = 0;
  // The status code name of the latest failure ("UNAVAILABLE",
  // "DEADLINE_EXCEEDED", "FAILED_PRECONDITION", "INTERNAL",
  // "INVALID_ARGUMENT"); empty before any failure.
  std::string last_error_class;
  // When an open circuit allows its next probe.
  std::optional<absl::Time> open_until;
  // Since this dispatcher was created.
  int64_t delivered = 0;
  int64_t failed = 0;
};

// What one pass of a channel did.
struct DeliveryRound {
  int claimed = 0;
  int delivered = 0;
  int failed = 0;          // tried and failed
  int released = 0;        // given back untried (pass ended early, or Stop)
  bool recovered = false;  // a probe succeeded: the backlog is due now
};

// The part of the Dispatcher that serves one channel: its claims, its
// circuit breaker, its warnings and its snapshot. Thread-safe: passes are
// serialised; Snapshot may be called at any time. Does not own `store`,
// `clock`, `options` or `stop` (the Dispatcher's); owns the channel.
class ChannelWorker {
 public:
  ChannelWorker(std::unique_ptr<Channel> channel, store::OutboxStore* store,
                const core::Clock* clock, const DispatcherOptions* options,
                absl::Duration lease, const absl::Notification* stop);

  const std::string& name() const { return channel_->name(); }

  // Claims this channel's due messages (or, half-open, one probe), delivers
  // them and records the outcomes. Nothing when the circuit is open. The
  // store's error if the claim fails (nothing was sent).
  absl::StatusOr<DeliveryRound> Pass() ABSL_LOCKS_EXCLUDED(pass_mu_, mu_);

  ChannelSnapshot Snapshot() const ABSL_LOCKS_EXCLUDED(mu_);

 private:
  void OnDelivered(const store::OutboxMessage& message, DeliveryRound& round);
  // Records the failed attempt with its backoff and tells the breaker;
  // true when the failure concerns the whole channel.
  bool OnFailed(const store::OutboxMessage& message, const absl::Status& error);
  void Release(const store::OutboxMessage& message, DeliveryRound& round);

  const std::unique_ptr<Channel> channel_;
  store::OutboxStore* const store_;
  const core::Clock* const clock_;
  const DispatcherOptions* const options_;
  const absl::Duration lease_;
  const absl::Notification* const stop_;

  absl::Mutex pass_mu_;  // one pass at a time
  mutable absl::Mutex mu_;
  CircuitBreaker breaker_ ABSL_GUARDED_BY(mu_);
  WarningGate warnings_ ABSL_GUARDED_BY(mu_);
  std::string last_error_class_ ABSL_GUARDED_BY(mu_);
  int64_t delivered_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t failed_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace baoxue::notify

#endif  // BAOXUE_SERVER_NOTIFY_CHANNEL_WORKER_H_
