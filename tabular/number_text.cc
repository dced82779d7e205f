#include <cmath>
#include <cstdio>
#include <string>

#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "tabular/raw_sheet.h"

namespace baoxue::tabular::internal {

std::string SerialToText(double serial, bool date1904, NumberKind kind) {
  if (!std::isfinite(serial) || serial < 0 || serial > 2958465.99999) return "";
  int64_t days = static_cast<int64_t>(std::floor(serial));
  int64_t seconds = std::llround((serial - std::floor(serial)) * 86400.0);
  if (seconds >= 86400) {  // 23:59:59.6 rounds into the next day
    seconds -= 86400;
    ++days;
  }
  if (kind == NumberKind::kTime) {
    return absl::StrFormat("%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60,
                           seconds % 60);
  }
  absl::CivilDay day;
  if (date1904) {
    day = absl::CivilDay(1904, 1, 1) + days;
  } else if (days < 61) {
    // Excel counts 1900-02-29 (serial 60), a day that never was, so serials
    // before it are one day later than a plain count from 1899-12-30.
    day = absl::CivilDay(1899, 12, 31) + days;
  } else {
    day = absl::CivilDay(1899, 12, 30) + days;
  }
  std::string text =
      absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
  if (kind == NumberKind::kDateTime) {
    absl::StrAppendFormat(&text, " %02d:%02d:%02d", seconds / 3600,
                          seconds / 60 % 60, seconds % 60);
  }
  return text;
}

std::string NumberToText(double value) {
  if (!std::isfinite(value)) return "";
  // A double holds 15 significant decimal digits for certain; an ID of 18
  // digits typed as a number has already lost the rest, and the scientific
  // form makes that visible to the validators.
  if (std::fabs(value) >= 1e15) return absl::StrFormat("%.15G", value);
  if (value == std::floor(value)) return absl::StrFormat("%.0f", value);
  return absl::StrFormat("%.15G", value);
}

}  // namespace baoxue::tabular::internal
