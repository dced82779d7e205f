#ifndef BAOXUE_SERVER_STORE_PG_MODEL_LISTENER_H_
#define BAOXUE_SERVER_STORE_PG_MODEL_LISTENER_H_

#include <string>

#include "server/store/model_listener.h"
#include "server/store/pg_notification_listener.h"

namespace baoxue::store {

// LISTEN baoxue_model_activated, sent by the trigger of
// deploy/sql/0006_model_registry.sql at the commit of every activation.
// Not thread-safe (see ModelListener).
class PgModelListener : public ModelListener {
 public:
  explicit PgModelListener(std::string database_url)
      : listener_(std::move(database_url), "baoxue_model_activated") {}

  absl::StatusOr<bool> Wait(absl::Duration timeout) override {
    return listener_.Wait(timeout);
  }

 private:
  PgNotificationListener listener_;
};

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_PG_MODEL_LISTENER_H_
