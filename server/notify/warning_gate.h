#ifndef BAOXUE_SERVER_NOTIFY_WARNING_GATE_H_
#define BAOXUE_SERVER_NOTIFY_WARNING_GATE_H_

#include <optional>

#include "absl/time/time.h"

namespace baoxue::notify {

// Lets one warning through per `interval` and counts the ones it holds
// back, so a failing receiver writes a few log lines a minute, not one per
// message. Pure (times are given); not thread-safe.
class WarningGate {
 public:
  explicit WarningGate(absl::Duration interval) : interval_(interval) {}

  // The number of warnings held back since the last one let through, when
  // a warning may be logged at `now`; nullopt (and one more held back) when
  // not.
  std::optional<int> Pass(absl::Time now) {
    if (now < next_) {
      ++held_back_;
      return std::nullopt;
    }
    next_ = now + interval_;
    const int held_back = held_back_;
    held_back_ = 0;
    return held_back;
  }

  // Lets the next warning through whatever the time (after a state change
  // worth telling at once).
  void Reset() { next_ = absl::InfinitePast(); }

 private:
  const absl::Duration interval_;
  absl::Time next_ = absl::InfinitePast();
  int held_back_ = 0;
};

}  // namespace baoxue::notify

#endif  // BAOXUE_SERVER_NOTIFY_WARNING_GATE_H_
