#include "domain/county_time.h"

#include "absl/strings/str_format.h"

namespace baoxue::domain {

absl::TimeZone CountyTimeZone() { return absl::FixedTimeZone(8 * 60 * 60); }

absl::CivilDay CountyDay(absl::Time time) {
  return absl::ToCivilDay(time, CountyTimeZone());
}

absl::Time CountyDayStart(absl::CivilDay day) {
  return absl::FromCivil(day, CountyTimeZone());
}

std::string FormatCountyTime(absl::Time time) {
  if (time == absl::InfinitePast()) return "";
  return absl::FormatTime("%Y-%m-%dT%H:%M:%S%Ez", time, CountyTimeZone());
}

std::string FormatCountyMinute(absl::Time time) {
  if (time == absl::InfinitePast()) return "";
  return absl::FormatTime("%Y-%m-%d %H:%M", time, CountyTimeZone());
}

std::string FormatDay(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

bool ParseInstant(const std::string& text, absl::Time* out) {
  std::string error;
  return absl::ParseTime(absl::RFC3339_full, text, out, &error);
}

}  // namespace baoxue::domain
