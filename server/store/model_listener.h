#ifndef BAOXUE_SERVER_STORE_MODEL_LISTENER_H_
#define BAOXUE_SERVER_STORE_MODEL_LISTENER_H_

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace baoxue::store {

// Tells its (single) user that the active model may have changed: the
// registry's activation notification. Not thread-safe: one watcher thread
// owns it.
class ModelListener {
 public:
  virtual ~ModelListener() = default;

  // Blocks up to `timeout`. True if an activation was announced, or if the
  // listener (re)connected (announcements may have been missed meanwhile);
  // false on timeout. UNAVAILABLE if the database cannot be reached (the
  // next call tries to reconnect).
  virtual absl::StatusOr<bool> Wait(absl::Duration timeout) = 0;
};

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_MODEL_LISTENER_H_
