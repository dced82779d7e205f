#ifndef BAOXUE_SERVER_CONVERT_DATE_FIELD_H_
#define BAOXUE_SERVER_CONVERT_DATE_FIELD_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace baoxue::convert {

// Parses a YYYY-MM-DD request field; empty means "not given".
// INVALID_ARGUMENT naming `field` if malformed.
absl::StatusOr<std::optional<absl::CivilDay>> ParseDateField(
    const std::string& value, absl::string_view field);

}  // namespace baoxue::convert

#endif  // BAOXUE_SERVER_CONVERT_DATE_FIELD_H_
