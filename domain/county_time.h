#ifndef BAOXUE_DOMAIN_COUNTY_TIME_H_
#define BAOXUE_DOMAIN_COUNTY_TIME_H_

// The one rule for the county's time: China Standard Time (UTC+8, no
// daylight saving). Days are the county's calendar days; instants shown to
// people or sent on the wire are RFC 3339 with the +08:00 offset.

#include <string>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace baoxue::domain {

// UTC+8.
absl::TimeZone CountyTimeZone();

// The county's calendar day at `time`.
absl::CivilDay CountyDay(absl::Time time);

// The instant the county's day `day` starts.
absl::Time CountyDayStart(absl::CivilDay day);

// RFC 3339 in county time, e.g. "2026-11-22T09:30:00+08:00"; "" for
// absl::InfinitePast() (an unset time).
std::string FormatCountyTime(absl::Time time);

// "2026-11-22 09:30" for people (tables, Excel, print).
std::string FormatCountyMinute(absl::Time time);

// "2026-11-22".
std::string FormatDay(absl::CivilDay day);

// Parses RFC 3339 ("2026-11-25T09:00:00+08:00", "...Z"); false if malformed.
bool ParseInstant(const std::string& text, absl::Time* out);

}  // namespace baoxue::domain

#endif  // BAOXUE_DOMAIN_COUNTY_TIME_H_
