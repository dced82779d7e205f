#include "server/core/imports/resident_id.h"

#include <string>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "server/core/imports/row_reason.h"
#include "server/core/imports/text_util.h"

namespace baoxue::core::imports {
namespace {

absl::Status Invalid(absl::string_view field, absl::string_view reason,
                     absl::string_view reason_zh) {
  return RowRefusal(absl::StrCat(field, ": ", reason), reason_zh);
}

// "3.60799E+17", "3.6079919900101E+17", "3E17": what Excel shows or stores
// for an ID typed as a number.
bool IsScientific(absl::string_view text) {
  const size_t e = text.find_first_of("Ee");
  if (e == absl::string_view::npos || e == 0) return false;
  absl::string_view mantissa = text.substr(0, e);
  absl::string_view exponent = text.substr(e + 1);
  if (!exponent.empty() && (exponent[0] == '+' || exponent[0] == '-')) {
    exponent.remove_prefix(1);
  }
  const size_t dot = mantissa.find('.');
  if (dot != absl::string_view::npos) {
    if (!AllDigits(mantissa.substr(dot + 1))) return false;
    mantissa = mantissa.substr(0, dot);
  }
  return !mantissa.empty() && AllDigits(mantissa) && !exponent.empty() &&
         AllDigits(exponent);
}

}  // namespace

char ResidentIdCheckChar(absl::string_view first17) {
  static constexpr int kWeights[17] = {7, 9, 10, 5,  8, 4, 2, 1, 6,
                                       3, 7, 9,  10, 5, 8, 4, 2};
  static constexpr char kCheck[] = "10X98765432";
  int sum = 0;
  for (size_t i = 0; i < 17 && i < first17.size(); ++i) {
    sum += (first17[i] - '0') * kWeights[i];
  }
  return kCheck[sum % 11];
}

absl::StatusOr<ResidentId> ParseResidentId(
    absl::string_view value, std::optional<absl::CivilDay> birth_date,
    absl::string_view field) {
  const absl::string_view text = TrimText(value);
  if (text.empty()) return Invalid(field, "empty", "为空");
  if (IsScientific(text)) {
    return Invalid(field,
                   "the file holds this ID as a number in scientific notation, "
                   "so its last digits are already lost; format the column as "
                   "text in Excel, re-enter the IDs and export again",
                   "身份证件号被存成了科学计数法，末几位已丢失：请在 Excel "
                   "中把该列设为文本，重新录入后再导出");
  }
  if (text.size() == 15 && AllDigits(text)) {
    return Invalid(field,
                   "a 15-digit first-generation number; expected the "
                   "18-character resident ID",
                   "这是 15 位的一代身份证号，应填 18 位居民身份证号");
  }
  const absl::string_view first17 = text.substr(0, 17);
  if (text.size() != 18 || !AllDigits(first17) ||
      !(absl::ascii_isdigit(static_cast<unsigned char>(text[17])) ||
        text[17] == 'X' || text[17] == 'x')) {
    return Invalid(field,
                   absl::StrCat("expected 18 characters (17 digits and a digit "
                                "or X), got ",
                                text.size(), " characters"),
                   absl::StrCat("应为 18 位（17 位数字加 1 位数字或 X），实际 ",
                                text.size(), " 位"));
  }
  ResidentId id;
  id.number = std::string(text);
  id.number[17] =
      absl::ascii_toupper(static_cast<unsigned char>(id.number[17]));
  int year = 0, month = 0, day = 0;
  (void)absl::SimpleAtoi(text.substr(6, 4), &year);
  (void)absl::SimpleAtoi(text.substr(10, 2), &month);
  (void)absl::SimpleAtoi(text.substr(12, 2), &day);
  const absl::CivilDay date(year, month, day);
  if (year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1 ||
      date.month() != month || date.day() != day) {
    return Invalid(field, "the birth date inside the number is not a real date",
                   "号码中的出生日期不是真实日期");
  }
  if (ResidentIdCheckChar(first17) != id.number[17]) {
    return Invalid(field,
                   "the check character does not match (a digit is mistyped "
                   "or two are swapped)",
                   "校验码不符（某位数字输错或两位颠倒）");
  }
  if (birth_date.has_value() && *birth_date != date) {
    return Invalid(field,
                   "the birth date inside the number differs from the row's "
                   "birth date",
                   "号码中的出生日期与本行的出生日期不一致");
  }
  id.region_code = std::string(text.substr(0, 6));
  id.birth_date = date;
  id.sex = (text[16] - '0') % 2 == 1 ? Sex::kMale : Sex::kFemale;
  return id;
}

}  // namespace baoxue::core::imports
