#include "server/token_watch.h"

#include "absl/strings/str_cat.h"
#include "base/log.h"

namespace baoxue {

void FollowTokenChanges(store::PgNotificationListener& listener,
                        core::Authenticator& authenticator,
                        absl::Notification& stop) {
  bool listening = true;
  while (!stop.HasBeenNotified()) {
    absl::StatusOr<bool> changed = listener.Wait(absl::Milliseconds(250));
    if (!changed.ok()) {
      if (listening) {
        LogWarning(absl::StrCat("not listening for token revocations: ",
                                changed.status().ToString()));
      }
      listening = false;
      authenticator.ForgetAll();
      stop.WaitForNotificationWithTimeout(absl::Seconds(1));
      continue;
    }
    listening = true;
    if (*changed) authenticator.ForgetAll();
  }
}

}  // namespace baoxue
