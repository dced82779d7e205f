#include "domain/division_code.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace baoxue::domain {
namespace {

bool AllDigits(absl::string_view text) {
  for (const char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<DivisionCode> DivisionCode::Parse(absl::string_view text,
                                                 absl::string_view field) {
  text = absl::StripAsciiWhitespace(text);
  if (!AllDigits(text) ||
      (text.size() != 6 && text.size() != 9 && text.size() != 12)) {
    return absl::InvalidArgumentError(absl::StrCat(
        field,
        ": a division code is 12 digits (or 6 for a county, 9 for a "
        "township)"));
  }
  std::string digits(text);
  digits.resize(12, '0');
  const absl::string_view code = digits;
  if (code.substr(4, 2) == "00") {
    return absl::InvalidArgumentError(absl::StrCat(
        field,
        ": the code names a prefecture or province; expected a county, "
        "township or village"));
  }
  if (code.substr(6, 3) == "000" && code.substr(9, 3) != "000") {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": a village code needs its township's digits"));
  }
  return DivisionCode(std::move(digits));
}

absl::StatusOr<DivisionCode> DivisionCode::ParseFull(absl::string_view text,
                                                     absl::string_view field) {
  if (text.size() != 12) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": a division code is 12 digits"));
  }
  return Parse(text, field);
}

AreaLevel DivisionCode::level() const {
  if (absl::EndsWith(digits_, "000000")) return AreaLevel::kCounty;
  if (absl::EndsWith(digits_, "000")) return AreaLevel::kTownship;
  return AreaLevel::kVillage;
}

absl::string_view DivisionCode::prefix() const {
  return DivisionPrefix(digits_, level());
}

bool DivisionCode::Contains(const DivisionCode& other) const {
  return Contains(other.digits_);
}

bool DivisionCode::Contains(absl::string_view other_digits) const {
  return absl::StartsWith(other_digits, prefix());
}

DivisionCode DivisionCode::County() const {
  return DivisionCode(absl::StrCat(digits_.substr(0, 6), "000000"));
}

DivisionCode DivisionCode::Township() const {
  return DivisionCode(absl::StrCat(digits_.substr(0, 9), "000"));
}

absl::string_view DivisionPrefix(absl::string_view digits, AreaLevel level) {
  switch (level) {
    case AreaLevel::kCounty:
      return digits.substr(0, 6);
    case AreaLevel::kTownship:
      return digits.substr(0, 9);
    case AreaLevel::kVillage:
    case AreaLevel::kGroup:
      return digits;
  }
  return digits;
}

}  // namespace baoxue::domain
