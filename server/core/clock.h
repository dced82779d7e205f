#ifndef BAOXUE_SERVER_CORE_CLOCK_H_
#define BAOXUE_SERVER_CORE_CLOCK_H_

#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "domain/county_time.h"

namespace baoxue::core {

// Source of the current time, injected wherever time matters so tests never
// sleep. Implementations are thread-safe.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual absl::Time Now() const = 0;
};

class SystemClock : public Clock {
 public:
  absl::Time Now() const override { return absl::Now(); }
};

// Always the same instant: for maintenance commands that act "as if" at a
// given time (e.g. `baoxue-server escalate --at ...` in the demo).
class FixedClock : public Clock {
 public:
  explicit FixedClock(absl::Time now) : now_(now) {}
  absl::Time Now() const override { return now_; }

 private:
  const absl::Time now_;
};

// The county's calendar day at `time` (domain/county_time.h).
inline absl::CivilDay LocalDay(absl::Time time) {
  return domain::CountyDay(time);
}

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_CLOCK_H_
