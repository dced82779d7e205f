#include "server/store/pg_notification_listener.h"

#include "absl/strings/str_cat.h"
#include "pqxx/notification"
#include "server/store/pg_transaction.h"

namespace baoxue::store {

class PgNotificationListener::Receiver : public pqxx::notification_receiver {
 public:
  Receiver(pqxx::connection& connection, const std::string& channel)
      : pqxx::notification_receiver(connection, channel) {}
  void operator()(const std::string&, int) override { notified_ = true; }
  bool TakeNotified() {
    const bool notified = notified_;
    notified_ = false;
    return notified;
  }

 private:
  bool notified_ = false;
};

PgNotificationListener::PgNotificationListener(std::string database_url,
                                               std::string channel)
    : database_url_(std::move(database_url)), channel_(std::move(channel)) {}

PgNotificationListener::~PgNotificationListener() {
  receiver_.reset();  // unlistens while the connection is still open
}

absl::StatusOr<bool> PgNotificationListener::Wait(absl::Duration timeout) {
  try {
    if (connection_ == nullptr || !connection_->is_open()) {
      receiver_.reset();
      connection_ = std::make_unique<pqxx::connection>(database_url_);
      receiver_ = std::make_unique<Receiver>(*connection_, channel_);
      // Anything may have been announced while we were not listening.
      return true;
    }
    const int64_t micros = absl::ToInt64Microseconds(timeout);
    connection_->await_notification(static_cast<long>(micros / 1000000),
                                    static_cast<long>(micros % 1000000));
    return receiver_->TakeNotified();
  } catch (...) {
    receiver_.reset();
    connection_.reset();
    return CurrentExceptionToStatus(absl::StrCat("listen on ", channel_));
  }
}

}  // namespace baoxue::store
