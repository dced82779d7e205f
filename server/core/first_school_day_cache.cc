#include "server/core/first_school_day_cache.h"

namespace baoxue::core {

absl::StatusOr<std::optional<absl::CivilDay>> FirstSchoolDayCache::Get() const {
  const absl::Time now = clock_->Now();
  {
    absl::ReaderMutexLock lock(&mu_);
    if (read_at_.has_value() && now - *read_at_ < max_age_) return first_;
  }
  // Two callers may both read when it expires: harmless, and no caller
  // waits on another's database read.
  absl::StatusOr<std::optional<absl::CivilDay>> first =
      directory_->FirstSchoolDay();
  if (!first.ok()) return first.status();
  absl::MutexLock lock(&mu_);
  read_at_ = now;
  first_ = *first;
  return first_;
}

}  // namespace baoxue::core
