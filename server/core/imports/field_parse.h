#ifndef BAOXUE_SERVER_CORE_IMPORTS_FIELD_PARSE_H_
#define BAOXUE_SERVER_CORE_IMPORTS_FIELD_PARSE_H_

// Parsers for the cell values of county files (docs/imports.md,
// "Validation"). Each takes the cell text (already trimmed by the reader;
// surrounding spaces are ignored here too) and the name of the column for its
// message, and returns the value or INVALID_ARGUMENT with a message that
// names the column, what was expected and the value given, e.g.
//   性别: expected 男/女 or 1/2, got "未知"
// The quoted value is cut to 20 characters. An empty cell is an error too
// ("性别: empty, expected ..."): whether a column may be empty is the caller's
// decision. Pure functions, thread-safe.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "domain/division_code.h"

namespace baoxue::core::imports {

enum class Sex { kMale = 1, kFemale = 2 };  // GB/T 2261.1 codes

// 是否留守儿童 (the registry's codes 0/1/2).
enum class LeftBehind { kNo = 0, kOneParentAway = 1, kBothParentsAway = 2 };

// 就读方式 (the registry's codes 1/2).
enum class Attendance { kDayStudent = 1, kBoarder = 2 };

// A calendar date in any form counties type or Excel stores:
// 2013-09-01, 2013-9-1, 20130901, 2013.09.01, 2013/9/1, 2013年9月1日 (with
// or without 日), an ISO date followed by a time ("2013-09-01 00:00:00",
// "2013-09-01T08:00"), which is dropped, and an Excel serial day number (1900
// date system, 10000..73050, i.e. 1927-05-18 to 2099-12-31, so that a bare
// year such as 2013 is refused; an integer part with an optional fraction).
// Years outside 1900..2100 and days that do not exist (2013-02-30) are
// refused.
absl::StatusOr<absl::CivilDay> ParseDate(absl::string_view value,
                                         absl::string_view field);

// 入学年月 and other year-month columns, as the first of the month: 2013-09,
// 2013-9, 201309, 2013.09, 2013/9, 2013年9月, and every form ParseDate takes
// (whose day is then dropped).
absl::StatusOr<absl::CivilDay> ParseYearMonth(absl::string_view value,
                                              absl::string_view field);

// 12 digits, or the short forms of 6 (county) or 9 (township) digits, padded
// with zeros to 12. The level comes from the zero-filled tail. A code whose
// county part ends in 00 names a prefecture or province and is refused, as
// is a 12-digit code with a village but no township.
absl::StatusOr<domain::DivisionCode> ParseDivisionCode(
    absl::string_view value, absl::string_view field = "行政区划代码");

// 男/女 (also 男性/女性) or 1/2.
absl::StatusOr<Sex> ParseSex(absl::string_view value,
                             absl::string_view field = "性别");

// 是/否, 1/0, Y/N (any case), and TRUE/FALSE as the reader renders an Excel
// boolean.
absl::StatusOr<bool> ParseYesNo(absl::string_view value,
                                absl::string_view field);

// 非留守/单亲留守/双亲留守 or 0/1/2.
absl::StatusOr<LeftBehind> ParseLeftBehind(
    absl::string_view value, absl::string_view field = "是否留守儿童");

// 走读/住校 or 1/2.
absl::StatusOr<Attendance> ParseAttendance(
    absl::string_view value, absl::string_view field = "就读方式");

// 民族 as its GB/T 3304 code 1..56: the name (汉族, 蒙古族, ...; also without
// the final 族, "汉") or the code "01".."56" (or "1".."56" when Excel dropped
// the leading zero).
absl::StatusOr<int> ParseEthnicity(absl::string_view value,
                                   absl::string_view field = "民族");

// The name of ethnic group `code` (1..56), or "" outside that range.
absl::string_view EthnicityName(int code);

// 年级 as 1..9: 一年级..九年级, 1年级..9年级, 七年级..九年级 or 初一..初三
// (also 初中一年级..), or a bare 1..9.
absl::StatusOr<int> ParseGrade(absl::string_view value,
                               absl::string_view field = "年级");

// The value as a message may quote it: at most 20 characters (UTF-8 aware),
// "…" marking a cut. Never use it for ID numbers.
std::string QuoteValue(absl::string_view value);

}  // namespace baoxue::core::imports

#endif  // BAOXUE_SERVER_CORE_IMPORTS_FIELD_PARSE_H_
