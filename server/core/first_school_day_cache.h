#ifndef BAOXUE_SERVER_CORE_FIRST_SCHOOL_DAY_CACHE_H_
#define BAOXUE_SERVER_CORE_FIRST_SCHOOL_DAY_CACHE_H_

#include <optional>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "server/core/clock.h"
#include "server/store/directory_store.h"

namespace baoxue::core {

// The county's first school day (DirectoryStore::FirstSchoolDay), read at
// most once per `max_age`: every ScoreStudents call checks its as_of_date
// against it, and a database transaction per call for a date that moves only
// when earlier attendance is imported cost the scoring API a third of its
// throughput. A read that fails is not kept (the next call reads again).
// Thread-safe; does not own the store or the clock.
class FirstSchoolDayCache {
 public:
  FirstSchoolDayCache(store::DirectoryStore* directory, const Clock* clock,
                      absl::Duration max_age = absl::Minutes(1))
      : directory_(directory), clock_(clock), max_age_(max_age) {}

  absl::StatusOr<std::optional<absl::CivilDay>> Get() const;

 private:
  store::DirectoryStore* directory_;
  const Clock* clock_;
  const absl::Duration max_age_;
  mutable absl::Mutex mu_;
  mutable std::optional<absl::Time> read_at_ ABSL_GUARDED_BY(mu_);
  mutable std::optional<absl::CivilDay> first_ ABSL_GUARDED_BY(mu_);
};

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_FIRST_SCHOOL_DAY_CACHE_H_
