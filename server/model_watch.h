#ifndef BAOXUE_SERVER_MODEL_WATCH_H_
#define BAOXUE_SERVER_MODEL_WATCH_H_

#include "absl/synchronization/notification.h"
#include "baoxue/v1/config.pb.h"
#include "server/core/model_holder.h"
#include "server/health_state.h"
#include "server/store/model_listener.h"
#include "server/store/model_store.h"

namespace baoxue {

// Keeps the schema migrated, the active model loaded and health's model part
// up to date, polling every model_poll_seconds until `stop` is notified. Run on
// its own thread.
void WatchDatabaseAndModel(const baoxue::v1::ServerConfig& config,
                           store::ModelStore& models, core::ModelHolder& holder,
                           HealthState& health, absl::Notification& stop);

// Hot reload: follows every activation announced by the registry
// (LISTEN/NOTIFY) at once, until `stop` is notified. The polling in
// WatchDatabaseAndModel stays as the fallback if notifications are lost.
// Calls in flight keep the model snapshot they started with (ModelHolder).
void FollowModelActivations(store::ModelListener& listener,
                            store::ModelStore& models,
                            core::ModelHolder& holder,
                            absl::Notification& stop);

}  // namespace baoxue

#endif  // BAOXUE_SERVER_MODEL_WATCH_H_
