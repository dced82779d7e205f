#ifndef BAOXUE_SERVER_CORE_IMPORTS_RESIDENT_ID_H_
#define BAOXUE_SERVER_CORE_IMPORTS_RESIDENT_ID_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "server/core/imports/field_parse.h"

namespace baoxue::core::imports {

// A valid 18-character resident ID (公民身份号码, GB 11643-1999).
struct ResidentId {
  std::string number;       // 17 digits + check character, "X" upper case
  std::string region_code;  // the first 6 digits: county of first registration
  absl::CivilDay birth_date;
  Sex sex = Sex::kMale;  // the 17th digit: odd = male, even = female
};

// Validates a resident ID as typed in a county's file: surrounding spaces are
// ignored and a final lower-case x is read as X. Checks, in this order:
//   - not a number in scientific notation ("3.60799E+17": Excel stored the
//     ID as a number and dropped its last digits; the message says to store
//     the column as text and export again);
//   - 18 characters: 17 digits and a digit or X (a 15-digit first-generation
//     number is named as such);
//   - digits 7-14 are a real date (YYYYMMDD, year 1900..2100);
//   - the check character (ISO 7064 MOD 11-2);
//   - when `birth_date` is given, it equals the date inside the number.
// INVALID_ARGUMENT names `field` and the reason. The message never contains
// the number or any part of it: error texts reach logs and reject files.
// Pure function, thread-safe.
absl::StatusOr<ResidentId> ParseResidentId(
    absl::string_view value,
    std::optional<absl::CivilDay> birth_date = std::nullopt,
    absl::string_view field = "身份证件号");

// The check character ('0'..'9' or 'X') of the first 17 digits of an ID.
// `first17` must be 17 ASCII digits.
char ResidentIdCheckChar(absl::string_view first17);

}  // namespace baoxue::core::imports

#endif  // BAOXUE_SERVER_CORE_IMPORTS_RESIDENT_ID_H_
