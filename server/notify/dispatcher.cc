#include "server/notify/dispatcher.h"

#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "base/log.h"

namespace baoxue::notify {
namespace {

// Added to the worst-case round time to make a claim's lease.
constexpr absl::Duration kLeaseMargin = absl::Seconds(30);

absl::flat_hash_map<std::string, Channel*> IndexByName(
    const std::vector<std::unique_ptr<Channel>>& channels) {
  absl::flat_hash_map<std::string, Channel*> by_name;
  for (const auto& channel : channels) by_name[channel->name()] = channel.get();
  return by_name;
}

}  // namespace

DispatcherOptions DispatcherOptionsFromConfig(
    const baoxue::v1::NotifyConfig& config) {
  DispatcherOptions options;
  options.poll_interval = absl::Seconds(config.poll_seconds());
  options.initial_backoff = absl::Seconds(config.initial_backoff_seconds());
  options.max_backoff = absl::Seconds(config.max_backoff_seconds());
  options.delivery_timeout = absl::Seconds(config.timeout_seconds());
  return options;
}

absl::Duration BackoffAfter(int attempt, absl::Duration initial_backoff,
                            absl::Duration max_backoff) {
  absl::Duration delay = initial_backoff;
  for (int i = 1; i < attempt && delay < max_backoff; ++i) delay *= 2;
  return delay < max_backoff ? delay : max_backoff;
}

absl::StatusOr<std::unique_ptr<Dispatcher>> Dispatcher::Create(
    store::OutboxStore* store, std::vector<std::unique_ptr<Channel>> channels,
    const core::Clock* clock, DispatcherOptions options) {
  absl::flat_hash_set<std::string> names;
  for (const auto& channel : channels) {
    if (!names.insert(channel->name()).second) {
      return absl::InvalidArgumentError(absl::StrCat(
          "two notify channels are named \"", channel->name(), "\""));
    }
  }
  if (options.batch_size < 1) {
    return absl::InvalidArgumentError("batch_size must be >= 1");
  }
  for (const auto& [value, name] :
       {std::pair{options.poll_interval, "poll_interval"},
        std::pair{options.initial_backoff, "initial_backoff"},
        std::pair{options.max_backoff, "max_backoff"},
        std::pair{options.delivery_timeout, "delivery_timeout"}}) {
    if (value <= absl::ZeroDuration()) {
      return absl::InvalidArgumentError(absl::StrCat(name, " must be > 0"));
    }
  }
  if (options.max_backoff < options.initial_backoff) {
    return absl::InvalidArgumentError("max_backoff must be >= initial_backoff");
  }
  return std::unique_ptr<Dispatcher>(
      new Dispatcher(store, std::move(channels), clock, options));
}

Dispatcher::Dispatcher(store::OutboxStore* store,
                       std::vector<std::unique_ptr<Channel>> channels,
                       const core::Clock* clock, DispatcherOptions options)
    : store_(store),
      channels_(std::move(channels)),
      by_name_(IndexByName(channels_)),
      clock_(clock),
      options_(options),
      lease_(options.delivery_timeout * options.batch_size + kLeaseMargin) {}

Dispatcher::~Dispatcher() { Stop(); }

void Dispatcher::RecordFailure(const store::OutboxMessage& message,
                               const absl::Status& error, bool log) {
  const absl::Duration delay = BackoffAfter(
      message.attempt, options_.initial_backoff, options_.max_backoff);
  const std::string error_text = error.ToString();
  absl::StatusOr<bool> recorded = store_->MarkFailed(
      message.message_id, message.attempt, clock_->Now() + delay, error_text);
  if (log) {
    LogWarning(absl::StrCat("notify: message ", message.message_id,
                            " on channel ", message.channel, " attempt ",
                            message.attempt, " failed: ", error_text,
                            "; next attempt in ", absl::FormatDuration(delay)));
  }
  if (!recorded.ok()) {
    LogWarning(absl::StrCat(
        "notify: cannot record the failure of message ", message.message_id,
        " (retried after its lease): ", recorded.status().ToString()));
  }
}

absl::StatusOr<Dispatcher::Round> Dispatcher::RunOnce() {
  absl::StatusOr<std::vector<store::OutboxMessage>> claimed =
      store_->ClaimDue(clock_->Now(), options_.batch_size, lease_);
  if (!claimed.ok()) return claimed.status();
  Round round;
  round.claimed = static_cast<int>(claimed->size());
  // Channels that failed this round, with the failure.
  absl::flat_hash_map<std::string, absl::Status> failed_channels;
  for (const store::OutboxMessage& message : *claimed) {
    if (stop_.HasBeenNotified()) {
      absl::StatusOr<bool> released =
          store_->Release(message.message_id, message.attempt, clock_->Now());
      if (released.ok() && *released) ++round.released;
      continue;
    }
    auto channel = by_name_.find(message.channel);
    if (channel == by_name_.end()) {
      RecordFailure(message,
                    absl::NotFoundError(
                        absl::StrCat("no channel named \"", message.channel,
                                     "\" is configured on this server")),
                    /*log=*/true);
      ++round.failed;
      continue;
    }
    auto earlier = failed_channels.find(message.channel);
    if (earlier != failed_channels.end()) {
      RecordFailure(message,
                    absl::Status(earlier->second.code(),
                                 absl::StrCat("deferred after an earlier "
                                              "failure this round: ",
                                              earlier->second.message())),
                    /*log=*/false);
      ++round.failed;
      continue;
    }
    const absl::Status delivered =
        channel->second->Deliver(message, clock_->Now());
    if (!delivered.ok()) {
      RecordFailure(message, delivered, /*log=*/true);
      failed_channels.emplace(message.channel, delivered);
      ++round.failed;
      continue;
    }
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
  }
  return round;
}

void Dispatcher::Loop() {
  std::string last_problem;
  while (!stop_.HasBeenNotified()) {
    absl::StatusOr<Round> round = RunOnce();
    std::string problem = round.ok() ? "" : round.status().ToString();
    if (problem != last_problem) {
      if (problem.empty()) {
        LogInfo("notify: outbox reachable again");
      } else {
        LogWarning(absl::StrCat("notify: cannot claim messages: ", problem));
      }
      last_problem = problem;
    }
    const bool full_batch = round.ok() && round->claimed >= options_.batch_size;
    if (full_batch) continue;
    stop_.WaitForNotificationWithTimeout(options_.poll_interval);
  }
}

void Dispatcher::Start() {
  absl::MutexLock lock(&thread_mu_);
  if (thread_.joinable() || stop_.HasBeenNotified()) return;
  thread_ = std::thread([this] { Loop(); });
}

void Dispatcher::Stop() {
  if (!stop_.HasBeenNotified()) stop_.Notify();
  absl::MutexLock lock(&thread_mu_);
  if (thread_.joinable()) thread_.join();
}

}  // namespace baoxue::notify
