#ifndef BAOXUE_SERVER_STORE_PG_NOTIFICATION_LISTENER_H_
#define BAOXUE_SERVER_STORE_PG_NOTIFICATION_LISTENER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "pqxx/connection"

namespace baoxue::store {

// LISTEN <channel> on a connection of its own (outside the pool: a listening
// connection must stay open and idle). Used for the model registry's
// activations and for token revocations. Not thread-safe: one watcher thread
// owns it.
class PgNotificationListener {
 public:
  PgNotificationListener(std::string database_url, std::string channel);
  ~PgNotificationListener();

  // Blocks up to `timeout`. True if a notification arrived, or if the
  // listener (re)connected (notifications may have been missed meanwhile);
  // false on timeout. UNAVAILABLE if the database cannot be reached (the
  // next call tries to reconnect).
  absl::StatusOr<bool> Wait(absl::Duration timeout);

 private:
  class Receiver;

  std::string database_url_;
  std::string channel_;
  std::unique_ptr<pqxx::connection> connection_;
  std::unique_ptr<Receiver> receiver_;
};

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_PG_NOTIFICATION_LISTENER_H_
