#include "server/notify/dispatcher.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/log.h"

namespace baoxue::notify {
namespace {

// Added to the worst-case pass time to make a claim's lease.
constexpr absl::Duration kLeaseMargin = absl::Seconds(30);
// Delivered rows deleted per statement by the retention sweep.
constexpr int kPruneBatch = 10000;

}  // namespace

DispatcherOptions DispatcherOptionsFromConfig(
    const baoxue::v1::NotifyConfig& config) {
  DispatcherOptions options;
  options.poll_interval = absl::Seconds(config.poll_seconds());
  options.initial_backoff = absl::Seconds(config.initial_backoff_seconds());
  options.max_backoff = absl::Seconds(config.max_backoff_seconds());
  options.delivery_timeout = absl::Seconds(config.timeout_seconds());
  options.breaker.failure_threshold = config.circuit_failure_threshold();
  options.breaker.first_open = absl::Seconds(config.initial_backoff_seconds());
  options.breaker.max_open = absl::Seconds(config.circuit_max_open_seconds());
  options.retention = absl::Hours(24) * config.keep_delivered_days();
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
        std::pair{options.delivery_timeout, "delivery_timeout"},
        std::pair{options.housekeeping_interval, "housekeeping_interval"},
        std::pair{options.warning_interval, "warning_interval"}}) {
    if (value <= absl::ZeroDuration()) {
      return absl::InvalidArgumentError(absl::StrCat(name, " must be > 0"));
    }
  }
  if (options.retention < absl::ZeroDuration()) {
    return absl::InvalidArgumentError("retention must be >= 0");
  }
  if (options.max_backoff < options.initial_backoff) {
    return absl::InvalidArgumentError("max_backoff must be >= initial_backoff");
  }
  if (absl::Status breaker = ValidateCircuitBreakerOptions(options.breaker);
      !breaker.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("breaker: ", breaker.message()));
  }
  return std::unique_ptr<Dispatcher>(
      new Dispatcher(store, std::move(channels), clock, options));
}

Dispatcher::Dispatcher(store::OutboxStore* store,
                       std::vector<std::unique_ptr<Channel>> channels,
                       const core::Clock* clock, DispatcherOptions options)
    : store_(store),
      clock_(clock),
      options_(options),
      lease_(options.delivery_timeout * options.batch_size + kLeaseMargin) {
  for (auto& channel : channels) {
    workers_.push_back(std::make_unique<ChannelWorker>(
        std::move(channel), store_, clock_, &options_, lease_, &stop_));
  }
}

Dispatcher::~Dispatcher() { Stop(); }

absl::StatusOr<Dispatcher::Round> Dispatcher::RunOnce() {
  Round total;
  absl::Status first_error;
  for (const auto& worker : workers_) {
    absl::StatusOr<Round> round = worker->Pass();
    if (!round.ok()) {
      if (first_error.ok()) first_error = round.status();
      continue;
    }
    total.claimed += round->claimed;
    total.delivered += round->delivered;
    total.failed += round->failed;
    total.released += round->released;
    total.recovered = total.recovered || round->recovered;
  }
  if (!first_error.ok()) return first_error;
  return total;
}

absl::StatusOr<Dispatcher::Round> Dispatcher::RunChannelOnce(
    const std::string& channel) {
  for (const auto& worker : workers_) {
    if (worker->name() == channel) return worker->Pass();
  }
  return absl::NotFoundError(
      absl::StrCat("no channel named \"", channel, "\""));
}

absl::StatusOr<int64_t> Dispatcher::PruneOnce() {
  if (options_.retention == absl::ZeroDuration()) return 0;
  const absl::Time before = clock_->Now() - options_.retention;
  int64_t total = 0;
  while (!stop_.HasBeenNotified()) {
    absl::StatusOr<int64_t> pruned =
        store_->PruneDelivered(before, kPruneBatch);
    if (!pruned.ok()) return pruned.status();
    total += *pruned;
    if (*pruned < kPruneBatch) break;
  }
  return total;
}

std::vector<ChannelSnapshot> Dispatcher::ChannelSnapshots() const {
  std::vector<ChannelSnapshot> snapshots;
  snapshots.reserve(workers_.size());
  for (const auto& worker : workers_) snapshots.push_back(worker->Snapshot());
  return snapshots;
}

void Dispatcher::WorkerLoop(ChannelWorker* worker) {
  std::string last_problem;
  while (!stop_.HasBeenNotified()) {
    absl::StatusOr<Round> round = worker->Pass();
    std::string problem = round.ok() ? "" : round.status().ToString();
    if (problem != last_problem) {
      if (problem.empty()) {
        LogInfo(absl::StrCat("notify: channel ", worker->name(),
                             " reaches the outbox again"));
      } else {
        LogWarning(absl::StrCat("notify: channel ", worker->name(),
                                " cannot claim messages: ", problem));
      }
      last_problem = problem;
    }
    // More is waiting: a full batch that went well, or a recovery.
    const bool more =
        round.ok() && round->failed == 0 &&
        (round->claimed >= options_.batch_size || round->recovered);
    if (more) continue;
    stop_.WaitForNotificationWithTimeout(options_.poll_interval);
  }
}

void Dispatcher::CheckUnknownChannels(std::vector<std::string>& last_unknown) {
  absl::StatusOr<std::vector<store::ChannelBacklog>> backlog =
      store_->PendingByChannel();
  if (!backlog.ok()) return;  // the workers report an unreachable outbox
  absl::flat_hash_set<std::string> configured;
  for (const auto& worker : workers_) configured.insert(worker->name());
  std::vector<std::string> unknown;
  int64_t waiting = 0;
  for (const store::ChannelBacklog& channel : *backlog) {
    if (configured.contains(channel.channel)) continue;
    unknown.push_back(channel.channel);
    waiting += channel.pending;
  }
  if (unknown == last_unknown) return;
  if (!unknown.empty()) {
    LogWarning(
        absl::StrCat("notify: ", waiting,
                     " messages wait for channels not configured on "
                     "this server (",
                     absl::StrJoin(unknown, ", "),
                     "); another server or a config change must deliver them"));
  }
  last_unknown = std::move(unknown);
}

void Dispatcher::HousekeepingLoop() {
  std::vector<std::string> last_unknown;
  std::string last_problem;
  while (!stop_.HasBeenNotified()) {
    absl::StatusOr<int64_t> pruned = PruneOnce();
    std::string problem = pruned.ok() ? "" : pruned.status().ToString();
    if (problem != last_problem && !problem.empty()) {
      LogWarning(
          absl::StrCat("notify: cannot prune delivered messages: ", problem));
    }
    last_problem = problem;
    if (pruned.ok() && *pruned > 0) {
      LogInfo(absl::StrCat("notify: deleted ", *pruned,
                           " messages delivered more than ",
                           absl::FormatDuration(options_.retention), " ago"));
    }
    CheckUnknownChannels(last_unknown);
    stop_.WaitForNotificationWithTimeout(options_.housekeeping_interval);
  }
}

void Dispatcher::Start() {
  absl::MutexLock lock(&thread_mu_);
  if (started_ || stop_.HasBeenNotified()) return;
  started_ = true;
  for (const auto& worker : workers_) {
    threads_.emplace_back([this, w = worker.get()] { WorkerLoop(w); });
  }
  threads_.emplace_back([this] { HousekeepingLoop(); });
}

void Dispatcher::Stop() {
  if (!stop_.HasBeenNotified()) stop_.Notify();
  absl::MutexLock lock(&thread_mu_);
  for (std::thread& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
  threads_.clear();
}

}  // namespace baoxue::notify
