#ifndef BAOXUE_SERVER_NOTIFY_DISPATCHER_H_
#define BAOXUE_SERVER_NOTIFY_DISPATCHER_H_

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "baoxue/v1/config.pb.h"
#include "server/core/clock.h"
#include "server/notify/channel.h"
#include "server/store/outbox_store.h"

namespace baoxue::notify {

struct DispatcherOptions {
  // Pause between rounds when the previous round found less than a batch.
  absl::Duration poll_interval = absl::Seconds(2);
  // Retry delay after a message's first failed attempt, doubled after each
  // further failure, never above max_backoff.
  absl::Duration initial_backoff = absl::Seconds(5);
  absl::Duration max_backoff = absl::Hours(1);
  // Longest one delivery may take (the HTTP timeout).
  absl::Duration delivery_timeout = absl::Seconds(10);
  // Messages claimed per round.
  int batch_size = 20;
};

// Options from a config that ApplyNotifyDefaults has accepted.
DispatcherOptions DispatcherOptionsFromConfig(
    const baoxue::v1::NotifyConfig& config);

// The delay before the attempt after failed attempt number `attempt` (1 =
// the first): initial_backoff * 2^(attempt-1), at most max_backoff.
absl::Duration BackoffAfter(int attempt, absl::Duration initial_backoff,
                            absl::Duration max_backoff);

// Delivers outbox messages through the configured channels, at least once:
// each round claims due messages (a lease of batch_size * delivery_timeout
// + 30 s, so a dispatcher that dies mid-round only delays its messages),
// delivers each by its channel name and records delivery, or the failure
// with the next attempt BackoffAfter(attempt) from now. Never gives up: a
// message is retried until delivered. An unknown channel name is a failure
// like any other (the channel may be configured on another server or after
// a restart). Once a channel fails in a round, its remaining messages of
// that round are deferred without trying, so one dead receiver costs at
// most one timeout per round.
//
// Thread-safe: RunOnce may be called from several threads and processes
// (the store's claims keep them apart); Start/Stop run it on one background
// thread. Does not own `store` or `clock`; owns the channels.
class Dispatcher {
 public:
  // What one round did.
  struct Round {
    int claimed = 0;
    int delivered = 0;
    int failed = 0;    // tried and failed, or deferred, or unknown channel
    int released = 0;  // given back untried because Stop was called
  };

  // INVALID_ARGUMENT if two channels share a name, batch_size < 1, or a
  // duration is not positive or max_backoff < initial_backoff.
  static absl::StatusOr<std::unique_ptr<Dispatcher>> Create(
      store::OutboxStore* store, std::vector<std::unique_ptr<Channel>> channels,
      const core::Clock* clock, DispatcherOptions options);

  Dispatcher(const Dispatcher&) = delete;
  Dispatcher& operator=(const Dispatcher&) = delete;
  // Stops the background thread if it runs.
  ~Dispatcher();

  // Claims and handles one batch of due messages. The store's error if the
  // claim fails (nothing was sent); failures to record an outcome are logged
  // and leave the message to be redelivered after its lease.
  absl::StatusOr<Round> RunOnce();

  // Runs rounds on a background thread: another round at once after a full
  // batch, else after poll_interval. Call at most once.
  void Start();
  // Asks the thread to stop and waits for it: the delivery in flight (at
  // most delivery_timeout) finishes, untried claimed messages are released.
  // Idempotent; safe without Start.
  void Stop();

  absl::Duration lease() const { return lease_; }

 private:
  Dispatcher(store::OutboxStore* store,
             std::vector<std::unique_ptr<Channel>> channels,
             const core::Clock* clock, DispatcherOptions options);
  void Loop();
  // Records a failed (or deferred) attempt with its backoff; logs if `log`.
  void RecordFailure(const store::OutboxMessage& message,
                     const absl::Status& error, bool log);

  store::OutboxStore* const store_;
  const std::vector<std::unique_ptr<Channel>> channels_;
  const absl::flat_hash_map<std::string, Channel*> by_name_;
  const core::Clock* const clock_;
  const DispatcherOptions options_;
  const absl::Duration lease_;

  absl::Notification stop_;
  absl::Mutex thread_mu_;
  std::thread thread_ ABSL_GUARDED_BY(thread_mu_);
};

}  // namespace baoxue::notify

#endif  // BAOXUE_SERVER_NOTIFY_DISPATCHER_H_
