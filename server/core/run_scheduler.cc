#include "server/core/run_scheduler.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "base/log.h"
#include "base/status_macros.h"
#include "server/core/risk_run_config.h"

namespace baoxue::core {

absl::StatusOr<std::unique_ptr<RunScheduler>> RunScheduler::Create(
    const RiskRunner* runner, store::DirectoryStore* directory,
    const Clock* clock, const baoxue::v1::RiskRunConfig& config,
    absl::Duration poll, absl::Duration retry_delay) {
  baoxue::v1::RiskRunConfig checked = config;
  BAOXUE_RETURN_IF_ERROR(ApplyRiskRunDefaults(checked));
  std::vector<Entry> entries;
  for (const baoxue::v1::ScheduledRun& run : checked.scheduled()) {
    BAOXUE_ASSIGN_OR_RETURN(int minute, ParseLocalTime(run.at_local_time()));
    Entry entry;
    entry.area_code = run.area_code();
    entry.minute_of_day = minute;
    entry.done_day = absl::CivilDay(1970, 1, 1);
    entry.retry_after = absl::InfinitePast();
    entries.push_back(std::move(entry));
  }
  return std::unique_ptr<RunScheduler>(new RunScheduler(
      runner, directory, clock, std::move(entries), poll, retry_delay));
}

RunScheduler::~RunScheduler() { Stop(); }

int RunScheduler::RunDue() {
  absl::MutexLock lock(&mu_);
  int started = 0;
  for (Entry& entry : entries_) {
    if (stop_.HasBeenNotified()) break;
    const absl::Time now = clock_->Now();
    const absl::CivilDay today = LocalDay(now);
    const absl::CivilMinute local =
        absl::ToCivilMinute(now, domain::CountyTimeZone());
    const int minute_of_day = local.hour() * 60 + local.minute();
    if (entry.done_day >= today || minute_of_day < entry.minute_of_day ||
        now < entry.retry_after) {
      continue;
    }
    ++started;
    absl::StatusOr<store::Area> area = directory_->FindArea(entry.area_code);
    absl::Status status = area.status();
    if (area.ok()) {
      Caller system{0, store::CallerRole::kSystem, *area};
      RunRequest request;
      request.area_code = entry.area_code;
      request.as_of = today;
      request.requested_by = "scheduler";
      status = runner_
                   ->Run(system, request, nullptr,
                         [this] { return stop_.HasBeenNotified(); })
                   .status();
    }
    if (status.ok()) {
      entry.done_day = today;
      LogInfo(absl::StrCat("scheduled risk run of ", entry.area_code, " for ",
                           absl::FormatCivilTime(today), " done"));
    } else if (absl::IsAborted(status)) {
      // Another server is executing it: look again later (then it is done,
      // or resumable if that server died).
      entry.retry_after = now + retry_delay_;
      LogInfo(absl::StrCat("scheduled risk run of ", entry.area_code,
                           " is running elsewhere"));
    } else {
      entry.retry_after = now + retry_delay_;
      LogWarning(absl::StrCat(
          "scheduled risk run of ", entry.area_code, " failed, retrying in ",
          absl::FormatDuration(retry_delay_), ": ", status.ToString()));
    }
  }
  return started;
}

void RunScheduler::Start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] {
    do {
      RunDue();
    } while (!stop_.WaitForNotificationWithTimeout(poll_));
  });
}

void RunScheduler::Stop() {
  if (!stop_.HasBeenNotified()) stop_.Notify();
  if (thread_.joinable()) thread_.join();
}

}  // namespace baoxue::core
