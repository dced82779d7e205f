#include "server/core/case_escalator.h"

#include "absl/strings/str_cat.h"
#include "base/log.h"

namespace baoxue::core {
namespace {
constexpr int kCasesPerTransaction = 200;
}  // namespace

absl::StatusOr<store::EscalationSweep> CaseEscalator::RunOnce() {
  const absl::Time now = clock_->Now();
  store::EscalationSweep total;
  while (true) {
    absl::StatusOr<store::EscalationSweep> sweep =
        cases_->EscalateDue(now, kCasesPerTransaction);
    if (!sweep.ok()) return sweep.status();
    total.escalated += sweep->escalated;
    total.reminded += sweep->reminded;
    total.messages += sweep->messages;
    if (sweep->escalated + sweep->reminded < kCasesPerTransaction) break;
  }
  return total;
}

void CaseEscalator::Start() {
  thread_ = std::thread([this] {
    do {
      absl::StatusOr<store::EscalationSweep> sweep = RunOnce();
      if (!sweep.ok()) {
        LogWarning(absl::StrCat("escalation sweep failed: ",
                                sweep.status().ToString()));
      } else if (sweep->escalated + sweep->reminded > 0) {
        LogInfo(absl::StrCat("escalated ", sweep->escalated,
                             " cases, reminded ", sweep->reminded));
      }
    } while (!stop_.WaitForNotificationWithTimeout(poll_));
  });
}

void CaseEscalator::Stop() {
  if (!stop_.HasBeenNotified()) stop_.Notify();
  if (thread_.joinable()) thread_.join();
}

}  // namespace baoxue::core
