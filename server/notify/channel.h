#ifndef BAOXUE_SERVER_NOTIFY_CHANNEL_H_
#define BAOXUE_SERVER_NOTIFY_CHANNEL_H_

#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "server/store/outbox_store.h"

namespace baoxue::notify {

// One configured destination for outbox messages (notify.channels[]).
// Implementations are thread-safe.
class Channel {
 public:
  virtual ~Channel() = default;

  // The configured name; outbox rows name their channel with it.
  virtual const std::string& name() const = 0;

  // Delivers `message` once; `now` is the delivery time. OK means the
  // receiver accepted it. Any error means "try again later": UNAVAILABLE or
  // DEADLINE_EXCEEDED (no answer, HTTP 5xx), FAILED_PRECONDITION (the
  // receiver refused: HTTP 4xx, robot errcode != 0), INVALID_ARGUMENT (the
  // payload lacks a field this channel needs), INTERNAL (local I/O). Error
  // messages carry no personal data and no URL.
  virtual absl::Status Deliver(const store::OutboxMessage& message,
                               absl::Time now) = 0;
};

}  // namespace baoxue::notify

#endif  // BAOXUE_SERVER_NOTIFY_CHANNEL_H_
