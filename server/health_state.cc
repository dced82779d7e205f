#include "server/health_state.h"

#include "absl/strings/str_cat.h"
#include "base/log.h"

namespace baoxue {

void HealthState::SetModelReady(bool ready) {
  absl::MutexLock lock(&mu_);
  model_ready_ = ready;
  ApplyLocked();
}

void HealthState::SetDatabaseProblem(const std::string& problem) {
  absl::MutexLock lock(&mu_);
  if (problem != database_problem_ && !problem.empty()) {
    LogWarning(absl::StrCat("database not usable: ", problem));
  } else if (problem.empty() && !database_problem_.empty()) {
    LogInfo("database reachable and writable");
  }
  database_problem_ = problem;
  ApplyLocked();
}

void HealthState::SetDraining() {
  absl::MutexLock lock(&mu_);
  draining_ = true;
  ApplyLocked();
}

bool HealthState::serving() const {
  absl::MutexLock lock(&mu_);
  return serving_;
}

void HealthState::ApplyLocked() {
  const bool serving = model_ready_ && database_problem_.empty() && !draining_;
  if (serving == serving_) return;
  serving_ = serving;
  health_->SetServingStatus(serving);
  if (serving) {
    LogInfo("health: SERVING");
  } else {
    LogInfo(absl::StrCat("health: NOT_SERVING (",
                         draining_ ? "draining"
                         : !database_problem_.empty()
                             ? absl::StrCat("database: ", database_problem_)
                             : "no model loaded",
                         ")"));
  }
}

}  // namespace baoxue
