#include "server/convert/date_field.h"

#include "absl/strings/str_cat.h"
#include "server/core/input_checks.h"

namespace baoxue::convert {

absl::StatusOr<std::optional<absl::CivilDay>> ParseDateField(
    const std::string& value, absl::string_view field) {
  if (value.empty()) return std::nullopt;
  absl::CivilDay day;
  // ParseCivilTime accepts exactly YYYY-MM-DD for a CivilDay.
  if (!absl::ParseCivilTime(value, &day) ||
      absl::FormatCivilTime(day) != value) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, " must be a date YYYY-MM-DD, got '",
                     core::ForError(value), "'"));
  }
  return day;
}

}  // namespace baoxue::convert
