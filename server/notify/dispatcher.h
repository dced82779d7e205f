#ifndef BAOXUE_SERVER_NOTIFY_DISPATCHER_H_
#define BAOXUE_SERVER_NOTIFY_DISPATCHER_H_

#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "baoxue/v1/config.pb.h"
#include "domain/vocabulary.h"
#include "server/core/clock.h"
#include "server/notify/channel.h"
#include "server/notify/channel_worker.h"
#include "server/notify/circuit_breaker.h"
#include "server/store/outbox_store.h"

namespace baoxue::notify {

// Options from a config that ApplyNotifyDefaults has accepted.
DispatcherOptions DispatcherOptionsFromConfig(
    const baoxue::v1::NotifyConfig& config);

// The delay before the attempt after failed attempt number `attempt` (1 =
// the first): initial_backoff * 2^(attempt-1), at most max_backoff.
absl::Duration BackoffAfter(int attempt, absl::Duration initial_backoff,
                            absl::Duration max_backoff);

// Delivers outbox messages through the configured channels, at least once,
// each channel apart from the others: every channel has its own worker
// thread that claims only that channel's due messages (a lease of
// batch_size * delivery_timeout + 30 s, so a dispatcher that dies mid-pass
// only delays its messages), delivers them and records each delivery, or
// the failure with the message's next attempt BackoffAfter(attempt) from
// now. A hanging or failing receiver therefore delays only its own channel.
//
// A channel failure (no answer, HTTP error, robot errcode, file error; not
// a message whose payload lacks a field) ends the channel's pass (the rest
// of the batch is released untried) and counts on its circuit breaker;
// after breaker.failure_threshold in a row the channel rests as a whole and
// then sends one probe (the message due soonest, even if its own backoff
// has not ended), resting twice as long after each failed probe. When a
// probe succeeds, the channel's waiting messages are pulled forward (due
// now). Messages are never given up. Messages naming a channel this server
// does not have are left for servers that have it (a warning names them).
//
// A housekeeping thread deletes messages delivered longer ago than
// `retention`.
//
// Thread-safe: RunOnce, PruneOnce and ChannelSnapshots may be called from
// any thread; passes of one channel are serialised in one process, and the
// store's claims keep processes apart. Does not own `store` or `clock`;
// owns the channels.
class Dispatcher {
 public:
  // What one pass (of one channel, or of all channels by RunOnce) did.
  using Round = DeliveryRound;

  // INVALID_ARGUMENT if two channels share a name, batch_size < 1, a
  // duration is not positive (retention may be zero), max_backoff <
  // initial_backoff, or the breaker options are invalid.
  static absl::StatusOr<std::unique_ptr<Dispatcher>> Create(
      store::OutboxStore* store, std::vector<std::unique_ptr<Channel>> channels,
      const core::Clock* clock, DispatcherOptions options);

  Dispatcher(const Dispatcher&) = delete;
  Dispatcher& operator=(const Dispatcher&) = delete;
  // Stops the background threads if they run.
  ~Dispatcher();

  // One pass of every channel, one after the other (tests, tools). The
  // first claim error (the channels after it still run); failures to record
  // an outcome are logged and leave the message to be redelivered after its
  // lease.
  absl::StatusOr<Round> RunOnce();
  // One pass of the channel named `channel`; NOT_FOUND if there is none.
  absl::StatusOr<Round> RunChannelOnce(const std::string& channel);

  // Deletes messages delivered before now - retention (nothing when
  // retention is zero); returns how many. The store's error.
  absl::StatusOr<int64_t> PruneOnce();

  // Starts one thread per channel (another pass at once after a full
  // batch, else after poll_interval) and the housekeeping thread. Call at
  // most once.
  void Start();
  // Asks the threads to stop and waits for them: deliveries in flight (at
  // most delivery_timeout, all channels at once) finish, untried claimed
  // messages are released. Idempotent; safe without Start.
  void Stop();

  // One entry per configured channel, in config order.
  std::vector<ChannelSnapshot> ChannelSnapshots() const;

  absl::Duration lease() const { return lease_; }

 private:
  Dispatcher(store::OutboxStore* store,
             std::vector<std::unique_ptr<Channel>> channels,
             const core::Clock* clock, DispatcherOptions options);
  void WorkerLoop(ChannelWorker* worker);
  void HousekeepingLoop();
  // Warns (when the set changes) about messages naming channels that are
  // not configured here.
  void CheckUnknownChannels(std::vector<std::string>& last_unknown);

  store::OutboxStore* const store_;
  const core::Clock* const clock_;
  const DispatcherOptions options_;
  const absl::Duration lease_;
  std::vector<std::unique_ptr<ChannelWorker>> workers_;

  absl::Notification stop_;
  absl::Mutex thread_mu_;
  bool started_ ABSL_GUARDED_BY(thread_mu_) = false;
  std::vector<std::thread> threads_ ABSL_GUARDED_BY(thread_mu_);
};

}  // namespace baoxue::notify

#endif  // BAOXUE_SERVER_NOTIFY_DISPATCHER_H_
