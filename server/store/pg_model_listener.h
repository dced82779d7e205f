#ifndef BAOXUE_SERVER_STORE_PG_MODEL_LISTENER_H_
#define BAOXUE_SERVER_STORE_PG_MODEL_LISTENER_H_

#include <memory>
#include <string>

#include "pqxx/connection"
#include "server/store/model_listener.h"

namespace baoxue::store {

// LISTEN baoxue_model_activated on a connection of its own (outside the
// pool: a listening connection must stay open and idle). Sent by the trigger
// of deploy/sql/0006_model_registry.sql at the commit of every activation.
// Not thread-safe (see ModelListener).
class PgModelListener : public ModelListener {
 public:
  explicit PgModelListener(std::string database_url);
  ~PgModelListener() override;

  absl::StatusOr<bool> Wait(absl::Duration timeout) override;

 private:
  class Receiver;

  std::string database_url_;
  std::unique_ptr<pqxx::connection> connection_;
  std::unique_ptr<Receiver> receiver_;
};

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_PG_MODEL_LISTENER_H_
