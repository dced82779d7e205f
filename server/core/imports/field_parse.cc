#include "server/core/imports/field_parse.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "server/core/imports/row_reason.h"
#include "server/core/imports/text_util.h"

namespace baoxue::core::imports {
namespace {

constexpr absl::string_view kDateForms =
    "a date such as 2013-09-01, 20130901, 2013/9/1 or 2013年9月1日";
constexpr absl::string_view kDateFormsZh =
    "日期，如 2013-09-01、20130901、2013/9/1 或 2013年9月1日";
// Excel serials taken as dates: 1927-05-18 .. 2099-12-31. The floor keeps a
// bare year ("2013") or a small number from passing as a day of 1905.
constexpr int kMinSerial = 10000;
constexpr int kMaxSerial = 73050;
constexpr absl::string_view kYearMonthForms =
    "a month such as 2013-09, 201309 or 2013年9月";
constexpr absl::string_view kYearMonthFormsZh =
    "年月，如 2013-09、201309 或 2013年9月";

// GB/T 3304 order: the name of code N is kEthnicities[N - 1].
constexpr std::array<absl::string_view, 56> kEthnicities = {
    "汉族",       "蒙古族",   "回族",     "藏族",     "维吾尔族",   "苗族",
    "彝族",       "壮族",     "布依族",   "朝鲜族",   "满族",       "侗族",
    "瑶族",       "白族",     "土家族",   "哈尼族",   "哈萨克族",   "傣族",
    "黎族",       "傈僳族",   "佤族",     "畲族",     "高山族",     "拉祜族",
    "水族",       "东乡族",   "纳西族",   "景颇族",   "柯尔克孜族", "土族",
    "达斡尔族",   "仫佬族",   "羌族",     "布朗族",   "撒拉族",     "毛南族",
    "仡佬族",     "锡伯族",   "阿昌族",   "普米族",   "塔吉克族",   "怒族",
    "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族",   "保安族",     "裕固族",
    "京族",       "塔塔尔族", "独龙族",   "鄂伦春族", "赫哲族",     "门巴族",
    "珞巴族",     "基诺族"};

// `expected` in English, `expected_zh` in Chinese ("日期，如 2013-09-01").
absl::Status Invalid(absl::string_view field, absl::string_view expected,
                     absl::string_view expected_zh, absl::string_view value) {
  if (value.empty()) {
    return RowRefusal(absl::StrCat(field, ": empty, expected ", expected),
                      absl::StrCat("为空，应填", expected_zh));
  }
  return RowRefusal(
      absl::StrCat(field, ": expected ", expected, ", got \"",
                   QuoteValue(value), "\""),
      absl::StrCat("应填", expected_zh, "，实际为“", QuoteValue(value), "”"));
}

// A whole-number of 1..`max_digits` ASCII digits.
bool ParseDigits(absl::string_view text, size_t max_digits, int* out) {
  if (text.empty() || text.size() > max_digits || !AllDigits(text))
    return false;
  return absl::SimpleAtoi(text, out);
}

bool MakeDay(int year, int month, int day, absl::CivilDay* out) {
  if (year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1 ||
      day > 31) {
    return false;
  }
  const absl::CivilDay civil(year, month, day);
  // CivilDay normalises 2013-02-30 to 2013-03-02: a changed month means the
  // day does not exist.
  if (civil.month() != month || civil.day() != day) return false;
  *out = civil;
  return true;
}

// "2013年9月1日" / "2013年9月" into its numbers; false if not that shape.
bool SplitChinese(absl::string_view text, int* year, int* month, int* day,
                  bool want_day) {
  const size_t y = text.find("年");
  if (y == absl::string_view::npos) return false;
  const size_t m = text.find("月", y);
  if (m == absl::string_view::npos) return false;
  absl::string_view rest = text.substr(m + 3);
  if (!ParseDigits(text.substr(0, y), 4, year) ||
      !ParseDigits(text.substr(y + 3, m - y - 3), 2, month)) {
    return false;
  }
  if (!want_day) return rest.empty();
  if (absl::EndsWith(rest, "日") || absl::EndsWith(rest, "号")) {
    rest.remove_suffix(3);
  }
  return ParseDigits(rest, 2, day);
}

// "2013-9-1", "2013.09.01", "2013/9/1" (one separator throughout) into
// `parts` numbers; false if not that shape.
bool SplitSeparated(absl::string_view text, size_t parts, int* numbers) {
  for (const char separator : {'-', '.', '/'}) {
    if (!absl::StrContains(text, separator)) continue;
    std::vector<absl::string_view> pieces = absl::StrSplit(text, separator);
    if (pieces.size() != parts || pieces[0].size() != 4) return false;
    for (size_t i = 0; i < parts; ++i) {
      if (!ParseDigits(pieces[i], i == 0 ? 4 : 2, &numbers[i])) return false;
    }
    return true;
  }
  return false;
}

// Drops a time after an ISO-style date: "2013-09-01 08:00", "2013-09-01T08:00".
absl::string_view DropTime(absl::string_view text) {
  const size_t cut = text.find_first_of(" T");
  if (cut == absl::string_view::npos || cut < 8) return text;
  absl::string_view time = absl::StripAsciiWhitespace(text.substr(cut + 1));
  if (time.empty() ||
      !absl::ascii_isdigit(static_cast<unsigned char>(time[0])) ||
      !absl::StrContains(time, ':')) {
    return text;
  }
  return text.substr(0, cut);
}

bool ParseAnyDate(absl::string_view text, absl::CivilDay* out) {
  text = DropTime(text);
  int y = 0, m = 0, d = 0;
  if (text.size() == 8 && AllDigits(text)) {
    return ParseDigits(text.substr(0, 4), 4, &y) &&
           ParseDigits(text.substr(4, 2), 2, &m) &&
           ParseDigits(text.substr(6, 2), 2, &d) && MakeDay(y, m, d, out);
  }
  if (SplitChinese(text, &y, &m, &d, /*want_day=*/true)) {
    return MakeDay(y, m, d, out);
  }
  int numbers[3] = {0, 0, 0};
  if (SplitSeparated(text, 3, numbers)) {
    return MakeDay(numbers[0], numbers[1], numbers[2], out);
  }
  // An Excel serial day number, perhaps with a time fraction.
  absl::string_view whole = text.substr(0, text.find('.'));
  const absl::string_view fraction =
      whole.size() < text.size() ? text.substr(whole.size() + 1) : "";
  int serial = 0;
  if (!ParseDigits(whole, 5, &serial) || !AllDigits(fraction) ||
      serial < kMinSerial || serial > kMaxSerial) {
    return false;
  }
  // Day 0 is 1899-12-30 (Excel counts a 1900-02-29 that never was, which
  // only shifts serials below the floor).
  *out = absl::CivilDay(1899, 12, 30) + serial;
  return true;
}

}  // namespace

std::string QuoteValue(absl::string_view value) {
  constexpr size_t kMaxChars = 20;
  size_t chars = 0;
  for (size_t i = 0; i < value.size(); ++i) {
    if ((static_cast<unsigned char>(value[i]) & 0xC0) == 0x80) continue;
    if (chars == kMaxChars) return absl::StrCat(value.substr(0, i), "…");
    ++chars;
  }
  return std::string(value);
}

absl::StatusOr<absl::CivilDay> ParseDate(absl::string_view value,
                                         absl::string_view field) {
  const absl::string_view text = TrimText(value);
  absl::CivilDay day;
  if (!ParseAnyDate(text, &day))
    return Invalid(field, kDateForms, kDateFormsZh, text);
  return day;
}

absl::StatusOr<absl::CivilDay> ParseYearMonth(absl::string_view value,
                                              absl::string_view field) {
  const absl::string_view text = TrimText(value);
  int y = 0, m = 0, d = 0;
  absl::CivilDay day;
  bool ok = false;
  if (text.size() == 6 && AllDigits(text)) {
    ok = ParseDigits(text.substr(0, 4), 4, &y) &&
         ParseDigits(text.substr(4, 2), 2, &m) && MakeDay(y, m, 1, &day);
  } else if (SplitChinese(text, &y, &m, &d, /*want_day=*/false)) {
    ok = MakeDay(y, m, 1, &day);
  } else if (int numbers[2]; SplitSeparated(text, 2, numbers)) {
    ok = MakeDay(numbers[0], numbers[1], 1, &day);
  } else if (ParseAnyDate(text, &day)) {
    day = absl::CivilDay(absl::CivilMonth(day));
    ok = true;
  }
  if (!ok) return Invalid(field, kYearMonthForms, kYearMonthFormsZh, text);
  return day;
}

absl::StatusOr<domain::DivisionCode> ParseDivisionCode(
    absl::string_view value, absl::string_view field) {
  const absl::string_view text = TrimText(value);
  absl::StatusOr<domain::DivisionCode> code =
      domain::DivisionCode::Parse(text, field);
  if (code.ok()) return code;
  // The same three refusals as DivisionCode::Parse, in Chinese.
  const char* reason_zh = "村代码须包含所属乡镇的位数";
  if (!AllDigits(text) ||
      (text.size() != 6 && text.size() != 9 && text.size() != 12)) {
    reason_zh = "行政区划代码应为 12 位数字（县可填 6 位，乡镇可填 9 位）";
  } else if (text.substr(4, 2) == "00") {
    reason_zh = "这是地市或省的代码，应填县、乡镇或村的代码";
  }
  return RowRefusal(code.status().message(), reason_zh);
}

absl::StatusOr<Sex> ParseSex(absl::string_view value, absl::string_view field) {
  const absl::string_view text = TrimText(value);
  if (text == "男" || text == "男性" || text == "1") return Sex::kMale;
  if (text == "女" || text == "女性" || text == "2") return Sex::kFemale;
  return Invalid(field, "男/女 or 1/2", "男/女或 1/2", text);
}

absl::StatusOr<bool> ParseYesNo(absl::string_view value,
                                absl::string_view field) {
  const absl::string_view text = TrimText(value);
  if (text == "是" || text == "1" || absl::EqualsIgnoreCase(text, "Y") ||
      absl::EqualsIgnoreCase(text, "TRUE")) {
    return true;
  }
  if (text == "否" || text == "0" || absl::EqualsIgnoreCase(text, "N") ||
      absl::EqualsIgnoreCase(text, "FALSE")) {
    return false;
  }
  return Invalid(field, "是/否, 1/0 or Y/N", "是/否、1/0 或 Y/N", text);
}

absl::StatusOr<LeftBehind> ParseLeftBehind(absl::string_view value,
                                           absl::string_view field) {
  const absl::string_view text = TrimText(value);
  if (text == "非留守" || text == "0") return LeftBehind::kNo;
  if (text == "单亲留守" || text == "1") return LeftBehind::kOneParentAway;
  if (text == "双亲留守" || text == "2") return LeftBehind::kBothParentsAway;
  return Invalid(field, "非留守/单亲留守/双亲留守 or 0/1/2",
                 "非留守/单亲留守/双亲留守或 0/1/2", text);
}

absl::StatusOr<Attendance> ParseAttendance(absl::string_view value,
                                           absl::string_view field) {
  const absl::string_view text = TrimText(value);
  if (text == "走读" || text == "1") return Attendance::kDayStudent;
  if (text == "住校" || text == "2") return Attendance::kBoarder;
  return Invalid(field, "走读/住校 or 1/2", "走读/住校或 1/2", text);
}

absl::StatusOr<int> ParseEthnicity(absl::string_view value,
                                   absl::string_view field) {
  const absl::string_view text = TrimText(value);
  int code = 0;
  if (ParseDigits(text, 2, &code) && code >= 1 && code <= 56) return code;
  for (size_t i = 0; i < kEthnicities.size(); ++i) {
    absl::string_view name = kEthnicities[i];
    if (text == name) return static_cast<int>(i) + 1;
    name.remove_suffix(3);  // "族"
    if (text == name) return static_cast<int>(i) + 1;
  }
  return Invalid(field, "an ethnic group's name (汉族) or code 01-56",
                 "民族名称（如汉族）或代码 01-56", text);
}

absl::string_view EthnicityName(int code) {
  if (code < 1 || code > 56) return "";
  return kEthnicities[code - 1];
}

absl::StatusOr<int> ParseGrade(absl::string_view value,
                               absl::string_view field) {
  const absl::string_view text = TrimText(value);
  constexpr std::array<absl::string_view, 9> kNumerals = {
      "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  // One numeral (Chinese or ASCII) 1..9 -> its value, else 0.
  const auto numeral = [&](absl::string_view n) -> int {
    for (size_t i = 0; i < kNumerals.size(); ++i) {
      if (n == kNumerals[i]) return static_cast<int>(i) + 1;
    }
    if (n.size() == 1 && n[0] >= '1' && n[0] <= '9') return n[0] - '0';
    return 0;
  };
  absl::string_view rest = text;
  int offset = 0;
  int max = 9;
  if (absl::ConsumePrefix(&rest, "初中")) {
    offset = 6;
    max = 3;
  } else if (absl::ConsumePrefix(&rest, "小学")) {
    max = 6;
  } else if (absl::ConsumePrefix(&rest, "初")) {
    // 初一..初三 only, with no 年级 after.
    const int n = numeral(rest);
    if (n >= 1 && n <= 3) return n + 6;
    rest = "";
  }
  const bool grade_suffix = absl::ConsumeSuffix(&rest, "年级");
  const int n = numeral(rest);
  if (n >= 1 && n <= max && (grade_suffix || offset == 0)) return n + offset;
  return Invalid(field, "a grade 1-9 (一年级..九年级, 初一..初三)",
                 "1-9 年级（一年级至九年级、初一至初三）", text);
}

}  // namespace baoxue::core::imports
