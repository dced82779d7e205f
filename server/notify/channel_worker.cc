#include "server/notify/channel_worker.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/log.h"
#include "server/notify/dispatcher.h"

namespace baoxue::notify {

using domain::CircuitState;

ChannelWorker::ChannelWorker(std::unique_ptr<Channel> channel,
                             store::OutboxStore* store,
                             const core::Clock* clock,
                             const DispatcherOptions* options,
                             absl::Duration lease,
                             const absl::Notification* stop)
    : channel_(std::move(channel)),
      store_(store),
      clock_(clock),
      options_(options),
      lease_(lease),
      stop_(stop),
      breaker_(options->breaker),
      warnings_(options->warning_interval) {}

absl::StatusOr<DeliveryRound> ChannelWorker::Pass() {
  absl::MutexLock pass_lock(&pass_mu_);
  const absl::Time now = clock_->Now();
  bool probe = false;
  {
    absl::MutexLock lock(&mu_);
    if (!breaker_.AllowRequest(now)) return DeliveryRound{};
    probe = breaker_.state() == CircuitState::kHalfOpen;
  }
  absl::StatusOr<std::vector<store::OutboxMessage>> claimed =
      probe ? store_->ClaimProbe(now, name(), lease_)
            : store_->ClaimDue(now, options_->batch_size, lease_,
                               store::ChannelSelection::Only(name()));
  if (probe && (!claimed.ok() || claimed->empty())) {
    absl::MutexLock lock(&mu_);
    breaker_.CancelProbe();
  }
  if (!claimed.ok()) return claimed.status();

  DeliveryRound round;
  round.claimed = static_cast<int>(claimed->size());
  bool channel_failed = false;
  for (const store::OutboxMessage& message : *claimed) {
    if (stop_->HasBeenNotified() || channel_failed) {
      Release(message, round);
      continue;
    }
    const absl::Status delivered = channel_->Deliver(message, clock_->Now());
    if (delivered.ok()) {
      OnDelivered(message, round);
    } else {
      ++round.failed;
      channel_failed = OnFailed(message, delivered);
      if (probe && !channel_failed) {
        absl::MutexLock lock(&mu_);
        breaker_.CancelProbe();
      }
    }
  }
  return round;
}

void ChannelWorker::OnDelivered(const store::OutboxMessage& message,
                                DeliveryRound& round) {
  ++round.delivered;
  const absl::Status marked =
      store_->MarkDelivered(message.message_id, clock_->Now());
  if (!marked.ok()) {
    // Delivered but not recorded: it will be delivered again after the
    // lease, with the same idempotency key.
    LogWarning(absl::StrCat("notify: message ", message.message_id,
                            " delivered but not recorded (it will be "
                            "delivered again): ",
                            marked.ToString()));
  }
  int failures_before = 0;
  CircuitBreaker::Transition transition;
  {
    absl::MutexLock lock(&mu_);
    ++delivered_;
    failures_before = breaker_.consecutive_failures();
    transition = breaker_.RecordSuccess();
    if (transition == CircuitBreaker::Transition::kRecovered) {
      warnings_.Reset();
    }
  }
  if (transition != CircuitBreaker::Transition::kRecovered) return;
  round.recovered = true;
  absl::StatusOr<int64_t> pulled = store_->PullForward(name(), clock_->Now());
  LogInfo(absl::StrCat(
      "notify: channel ", name(), " recovered after ", failures_before,
      " failures in a row; ",
      pulled.ok() ? absl::StrCat(*pulled, " waiting messages are due now")
                  : absl::StrCat("its waiting messages keep their times (",
                                 pulled.status().ToString(), ")")));
}

bool ChannelWorker::OnFailed(const store::OutboxMessage& message,
                             const absl::Status& error) {
  const absl::Time now = clock_->Now();
  const absl::Duration delay = BackoffAfter(
      message.attempt, options_->initial_backoff, options_->max_backoff);
  const std::string error_text = error.ToString();
  absl::StatusOr<bool> recorded = store_->MarkFailed(
      message.message_id, message.attempt, now + delay, error_text);
  if (!recorded.ok()) {
    LogWarning(absl::StrCat(
        "notify: cannot record the failure of message ", message.message_id,
        " (retried after its lease): ", recorded.status().ToString()));
  }
  const bool channel_failure = IsChannelFailure(error);
  CircuitBreaker::Transition transition = CircuitBreaker::Transition::kNone;
  std::optional<int> held_back;
  absl::Duration open_period;
  int failures = 0;
  {
    absl::MutexLock lock(&mu_);
    ++failed_;
    last_error_class_ = std::string(absl::StatusCodeToString(error.code()));
    if (channel_failure) transition = breaker_.RecordFailure(now);
    if (transition == CircuitBreaker::Transition::kOpened) {
      warnings_.Reset();  // say at once that the channel rests
    }
    held_back = warnings_.Pass(now);
    open_period = breaker_.open_period();
    failures = breaker_.consecutive_failures();
  }
  if (!held_back.has_value()) return channel_failure;
  const std::string held =
      *held_back > 0
          ? absl::StrCat(" (", *held_back, " similar warnings held back)")
          : "";
  switch (transition) {
    case CircuitBreaker::Transition::kOpened:
      LogWarning(absl::StrCat("notify: channel ", name(), " failed ", failures,
                              " times in a row (", error_text,
                              "); it rests, then one probe in ",
                              absl::FormatDuration(open_period), held));
      break;
    case CircuitBreaker::Transition::kReopened:
      LogWarning(absl::StrCat("notify: channel ", name(),
                              " still failing after ", failures, " attempts (",
                              error_text, "); next probe in ",
                              absl::FormatDuration(open_period), held));
      break;
    default:
      LogWarning(absl::StrCat(
          "notify: message ", message.message_id, " on channel ", name(),
          " attempt ", message.attempt, " failed: ", error_text,
          "; next attempt in ", absl::FormatDuration(delay), held));
      break;
  }
  return channel_failure;
}

void ChannelWorker::Release(const store::OutboxMessage& message,
                            DeliveryRound& round) {
  absl::StatusOr<bool> released =
      store_->Release(message.message_id, message.attempt, clock_->Now());
  if (released.ok() && *released) ++round.released;
}

ChannelSnapshot ChannelWorker::Snapshot() const {
  absl::MutexLock lock(&mu_);
  ChannelSnapshot snapshot;
  snapshot.channel = name();
  snapshot.circuit = breaker_.state();
  snapshot.consecutive_failures = breaker_.consecutive_failures();
  snapshot.last_error_class = last_error_class_;
  snapshot.open_until = breaker_.open_until();
  snapshot.delivered = delivered_;
  snapshot.failed = failed_;
  return snapshot;
}

}  // namespace baoxue::notify
