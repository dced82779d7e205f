#include "server/store/pg_model_listener.h"

#include "pqxx/connection"
#include "pqxx/notification"
#include "server/store/pg_transaction.h"

namespace baoxue::store {

class PgModelListener::Receiver : public pqxx::notification_receiver {
 public:
  explicit Receiver(pqxx::connection& connection)
      : pqxx::notification_receiver(connection, "baoxue_model_activated") {}
  void operator()(const std::string&, int) override { notified_ = true; }
  bool TakeNotified() {
    const bool notified = notified_;
    notified_ = false;
    return notified;
  }

 private:
  bool notified_ = false;
};

PgModelListener::PgModelListener(std::string database_url)
    : database_url_(std::move(database_url)) {}

PgModelListener::~PgModelListener() {
  receiver_.reset();  // unlistens while the connection is still open
}

absl::StatusOr<bool> PgModelListener::Wait(absl::Duration timeout) {
  try {
    if (connection_ == nullptr || !connection_->is_open()) {
      receiver_.reset();
      connection_ = std::make_unique<pqxx::connection>(database_url_);
      receiver_ = std::make_unique<Receiver>(*connection_);
      // Anything may have been activated while we were not listening.
      return true;
    }
    const int64_t micros = absl::ToInt64Microseconds(timeout);
    connection_->await_notification(static_cast<long>(micros / 1000000),
                                    static_cast<long>(micros % 1000000));
    return receiver_->TakeNotified();
  } catch (...) {
    receiver_.reset();
    connection_.reset();
    return CurrentExceptionToStatus("listen for model activations");
  }
}

}  // namespace baoxue::store
