#include "server/model_watch.h"

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "base/log.h"
#include "server/store/migrations.h"

namespace baoxue {

void WatchDatabaseAndModel(const baoxue::v1::ServerConfig& config,
                           store::ModelStore& models, core::ModelHolder& holder,
                           HealthState& health, absl::Notification& stop) {
  bool migrated = !config.migrate_on_start();
  bool serving = false;
  std::string last_problem;
  do {
    absl::Status status = absl::OkStatus();
    if (!migrated) {
      absl::StatusOr<int> applied =
          store::ApplyMigrations(config.database_url());
      status = applied.status();
      if (applied.ok()) {
        migrated = true;
        if (*applied > 0)
          LogInfo(absl::StrCat("applied ", *applied, " migrations"));
      }
    }
    if (status.ok()) status = core::RefreshActiveModel(models, holder);
    // The database's own state is WatchDatabase's part of health.
    const bool now_serving = migrated && holder.Get() != nullptr;
    if (now_serving != serving) {
      health.SetModelReady(now_serving);
      LogInfo(now_serving
                  ? absl::StrCat("model ", holder.Get()->version, " loaded")
                  : "no model loaded");
      serving = now_serving;
    }
    std::string problem = status.ok() ? "" : status.ToString();
    if (problem != last_problem && !problem.empty()) {
      LogWarning(absl::StrCat("not ready: ", problem));
    }
    last_problem = problem;
  } while (!stop.WaitForNotificationWithTimeout(
      absl::Seconds(config.model_poll_seconds())));
}

void FollowModelActivations(store::ModelListener& listener,
                            store::ModelStore& models,
                            core::ModelHolder& holder,
                            absl::Notification& stop) {
  bool listening = true;
  while (!stop.HasBeenNotified()) {
    absl::StatusOr<bool> changed = listener.Wait(absl::Milliseconds(500));
    if (!changed.ok()) {
      if (listening) {
        LogWarning(absl::StrCat("not listening for model activations: ",
                                changed.status().ToString()));
      }
      listening = false;
      stop.WaitForNotificationWithTimeout(absl::Seconds(1));
      continue;
    }
    listening = true;
    if (!*changed) continue;
    const std::shared_ptr<const core::ActiveModel> before = holder.Get();
    const absl::Status refreshed = core::RefreshActiveModel(models, holder);
    const std::shared_ptr<const core::ActiveModel> after = holder.Get();
    if (!refreshed.ok() && !absl::IsNotFound(refreshed)) {
      LogWarning(absl::StrCat("cannot load the newly active model: ",
                              refreshed.ToString()));
    } else if (after != nullptr && after != before) {
      LogInfo(absl::StrCat("switched to model ", after->version));
    }
  }
}

}  // namespace baoxue
