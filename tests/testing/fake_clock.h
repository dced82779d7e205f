#ifndef BAOXUE_TESTS_TESTING_FAKE_CLOCK_H_
#define BAOXUE_TESTS_TESTING_FAKE_CLOCK_H_

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "server/core/clock.h"

namespace baoxue::testing {

// A clock the test moves by hand. Thread-safe.
class FakeClock : public core::Clock {
 public:
  explicit FakeClock(absl::Time now) : now_(now) {}
  absl::Time Now() const override {
    absl::MutexLock lock(&mu_);
    return now_;
  }
  void Advance(absl::Duration d) {
    absl::MutexLock lock(&mu_);
    now_ += d;
  }

 private:
  mutable absl::Mutex mu_;
  absl::Time now_ ABSL_GUARDED_BY(mu_);
};

// 2026-11-22 12:00 in the county (UTC+8).
inline absl::Time TestNow() {
  return absl::FromCivil(absl::CivilSecond(2026, 11, 22, 12, 0, 0),
                         absl::FixedTimeZone(8 * 3600));
}

}  // namespace baoxue::testing

#endif  // BAOXUE_TESTS_TESTING_FAKE_CLOCK_H_
