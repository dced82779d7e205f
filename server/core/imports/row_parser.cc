#include "server/core/imports/row_parser.h"

#include <algorithm>
#include <map>
#include <optional>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "domain/county_time.h"
#include "server/core/imports/field_parse.h"
#include "server/core/imports/resident_id.h"
#include "server/core/imports/row_reason.h"
#include "server/store/import_store.h"

namespace baoxue::core::imports {
namespace {

using domain::ImportKind;

// One row being parsed: reads fields by name, records errors against the
// file's header, collects the staged values by staging column.
class RowReader {
 public:
  RowReader(const ColumnMap& columns, const std::vector<std::string>& cells,
            ParsedRow& out)
      : columns_(columns), cells_(cells), out_(out) {}

  // The trimmed cell of `field`, "" if the file has no such column.
  std::string Text(absl::string_view field) const {
    const int index = columns_.IndexOf(field);
    if (index < 0 || index >= static_cast<int>(cells_.size())) return "";
    return std::string(absl::StripAsciiWhitespace(cells_[index]));
  }
  // The header errors name: the file's own, else the field.
  std::string Header(absl::string_view field) const {
    const std::string& header = columns_.HeaderOf(field);
    return header.empty() ? std::string(field) : header;
  }
  // `reason` in English (may start with the header), `reason_zh` in Chinese
  // without it.
  void Error(absl::string_view field, absl::string_view reason,
             absl::string_view reason_zh) {
    out_.errors.push_back({columns_.HeaderOf(field), std::string(reason),
                           std::string(reason_zh)});
  }
  // The value of a parse, or nullopt after recording its error.
  template <typename T>
  std::optional<T> Take(absl::string_view field, absl::StatusOr<T> parsed) {
    if (parsed.ok()) return *std::move(parsed);
    Error(field, parsed.status().message(), ZhReasonOf(parsed.status()));
    return std::nullopt;
  }
  // A required text field of at most `max_chars` characters.
  std::string Required(absl::string_view field, size_t max_chars) {
    std::string text = Text(field);
    if (text.empty()) {
      Error(field, absl::StrCat(Header(field), ": required"), "必填");
    } else if (CharCount(text) > max_chars) {
      Error(field,
            absl::StrCat(Header(field), ": at most ", max_chars, " characters"),
            absl::StrCat("最多 ", max_chars, " 个字"));
    }
    return text;
  }
  std::string Optional(absl::string_view field, size_t max_chars) {
    std::string text = Text(field);
    if (CharCount(text) > max_chars) {
      Error(field,
            absl::StrCat(Header(field), ": at most ", max_chars, " characters"),
            absl::StrCat("最多 ", max_chars, " 个字"));
    }
    return text;
  }
  void Stage(absl::string_view column, std::string value) {
    staged_[std::string(column)] = std::move(value);
  }
  std::map<std::string, std::string, std::less<>>& staged() { return staged_; }

 private:
  static size_t CharCount(absl::string_view text) {
    size_t count = 0;
    for (const char c : text)
      count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return count;
  }

  const ColumnMap& columns_;
  const std::vector<std::string>& cells_;
  ParsedRow& out_;
  std::map<std::string, std::string, std::less<>> staged_;
};

std::string Day(absl::CivilDay day) { return domain::FormatDay(day); }
std::string Flag(bool value) { return value ? "t" : "f"; }

// A yes/no column; "" when the cell is empty.
std::string YesNo(RowReader& row, absl::string_view field) {
  const std::string text = row.Text(field);
  if (text.empty()) return "";
  const std::optional<bool> value =
      row.Take(field, ParseYesNo(text, row.Header(field)));
  return value.has_value() ? Flag(*value) : "";
}

std::string SchoolCode(RowReader& row, absl::string_view field) {
  const std::string code = row.Required(field, 10);
  if (!code.empty() &&
      (code.size() != 10 ||
       !std::all_of(code.begin(), code.end(), absl::ascii_isdigit))) {
    row.Error(field,
              absl::StrCat(row.Header(field), ": a 学校标识码 is 10 digits"),
              "学校标识码应为 10 位数字");
  }
  return code;
}

std::string StudentNumber(RowReader& row) {
  const std::string number = row.Required("student_number", 30);
  if (!std::all_of(number.begin(), number.end(), absl::ascii_isalnum)) {
    row.Error(
        "student_number",
        absl::StrCat(row.Header("student_number"), ": letters and digits only"),
        "只能包含字母和数字");
  }
  return absl::AsciiStrToUpper(number);
}

// A division code of the given levels ("" and an error otherwise); `what`
// and `what_zh` name them.
std::string Division(RowReader& row, absl::string_view field,
                     std::initializer_list<domain::AreaLevel> levels,
                     absl::string_view what, absl::string_view what_zh) {
  const std::optional<domain::DivisionCode> code =
      row.Take(field, ParseDivisionCode(row.Text(field), row.Header(field)));
  if (!code.has_value()) return "";
  for (domain::AreaLevel level : levels) {
    if (code->level() == level) return code->digits();
  }
  row.Error(field, absl::StrCat(row.Header(field), ": expected ", what),
            absl::StrCat("不是", what_zh));
  return "";
}

// Maps a cell through a table of accepted words; records the expectation.
std::string OneOf(
    RowReader& row, absl::string_view field,
    std::initializer_list<std::pair<absl::string_view, absl::string_view>>
        words,
    absl::string_view expected, absl::string_view expected_zh) {
  const std::string text = row.Text(field);
  for (const auto& [word, code] : words) {
    if (absl::EqualsIgnoreCase(text, word)) return std::string(code);
  }
  row.Error(
      field,
      absl::StrCat(row.Header(field), ": expected ", expected, ", got \"",
                   QuoteValue(text), "\""),
      absl::StrCat("应填", expected_zh, "，实际为“", QuoteValue(text), "”"));
  return "";
}

void ParseArea(RowReader& row, ParsedRow& out) {
  const std::string code =
      Division(row, "division_code",
               {domain::AreaLevel::kCounty, domain::AreaLevel::kTownship,
                domain::AreaLevel::kVillage},
               "a county, township or village", "县、乡镇或村的区划代码");
  const std::string group = row.Text("group_no");
  if (!group.empty()) {
    int number = 0;
    if (!absl::SimpleAtoi(group, &number) || number < 1 || number > 999) {
      row.Error("group_no",
                absl::StrCat(row.Header("group_no"), ": a number 1 to 999"),
                "应为 1 到 999 的数字");
    } else if (!code.empty() && code.substr(9) == "000") {
      row.Error("group_no",
                absl::StrCat(row.Header("group_no"),
                             ": villager groups are in villages"),
                "村民小组只能设在村下");
    }
  }
  row.Stage("division_code", code);
  row.Stage("group_no", group);
  row.Stage("name", row.Required("name", 100));
  out.key = absl::StrCat(code, "/", group);
}

void ParseSchool(RowReader& row, ParsedRow& out) {
  const std::string code = SchoolCode(row, "school_code");
  row.Stage("school_code", code);
  row.Stage("name", row.Required("name", 100));
  row.Stage("kind", OneOf(row, "kind",
                          {{"小学", "primary"},
                           {"211", "primary"},
                           {"primary", "primary"},
                           {"初中", "junior"},
                           {"初级中学", "junior"},
                           {"311", "junior"},
                           {"junior", "junior"},
                           {"九年一贯制", "nine_year"},
                           {"九年一贯制学校", "nine_year"},
                           {"312", "nine_year"},
                           {"nine_year", "nine_year"},
                           {"教学点", "teaching_point"},
                           {"小学教学点", "teaching_point"},
                           {"218", "teaching_point"},
                           {"teaching_point", "teaching_point"}},
                          "小学, 初中, 九年一贯制 or 教学点",
                          "小学、初中、九年一贯制或教学点"));
  row.Stage(
      "area_code",
      Division(row, "area_code",
               {domain::AreaLevel::kTownship, domain::AreaLevel::kVillage},
               "a township or village", "乡镇或村的区划代码"));
  const std::string boarding = YesNo(row, "boarding");
  row.Stage("boarding", boarding.empty() ? "f" : boarding);
  out.key = code;
}

void ParseStudent(RowReader& row, ParsedRow& out, const KeyedIdHash* ids) {
  const std::string number = StudentNumber(row);
  row.Stage("student_number", number);
  row.Stage("name", row.Required("name", 50));
  const std::optional<Sex> sex =
      row.Take("gender", ParseSex(row.Text("gender"), row.Header("gender")));
  row.Stage("gender", !sex.has_value() ? "" : *sex == Sex::kMale ? "M" : "F");
  const std::optional<absl::CivilDay> birth =
      row.Take("birth_date",
               ParseDate(row.Text("birth_date"), row.Header("birth_date")));
  row.Stage("birth_date", birth.has_value() ? Day(*birth) : "");
  std::string ethnicity;
  if (!row.Text("ethnicity").empty()) {
    if (auto code = row.Take(
            "ethnicity",
            ParseEthnicity(row.Text("ethnicity"), row.Header("ethnicity")))) {
      ethnicity = absl::StrCat(*code);
    }
  }
  row.Stage("ethnicity", ethnicity);
  // Only a 居民身份证 is checked and hashed: a passport or other document
  // is valid without one (matching then falls back to name and birth date).
  const std::string id_type = row.Text("id_type");
  const std::string id_text = row.Text("id_number");
  std::string id_hash, id_last4;
  if (!id_text.empty() &&
      (id_type.empty() || absl::StrContains(id_type, "居民身份证") ||
       id_type == "1")) {
    auto id = row.Take(
        "id_number", ParseResidentId(id_text, birth, row.Header("id_number")));
    if (id.has_value() && ids == nullptr) {
      row.Error("id_number",
                "ID numbers cannot be kept: the server has no "
                "imports.id_secret_file",
                "服务器未配置 imports.id_secret_file，无法保存身份证件号");
    } else if (id.has_value()) {
      id_hash = ids->Hash(*id);
      id_last4 = id->number.substr(14);
    }
  }
  row.Stage("id_hash", id_hash);
  row.Stage("id_last4", id_last4);
  row.Stage("school_code", SchoolCode(row, "school_code"));
  const std::optional<int> grade =
      row.Take("grade", ParseGrade(row.Text("grade"), row.Header("grade")));
  row.Stage("grade", grade.has_value() ? absl::StrCat(*grade) : "");
  row.Stage("class_name", row.Optional("class_name", 30));
  row.Stage("residence_code",
            Division(row, "residence_code", {domain::AreaLevel::kVillage},
                     "a village's 12-digit code", "村级 12 位区划代码"));
  row.Stage("household_number", row.Optional("household_number", 40));
  std::string left_behind;
  if (!row.Text("left_behind").empty()) {
    if (auto value = row.Take("left_behind",
                              ParseLeftBehind(row.Text("left_behind"),
                                              row.Header("left_behind")))) {
      left_behind = absl::StrCat(static_cast<int>(*value));
    }
  }
  row.Stage("left_behind", left_behind);
  std::string disability = YesNo(row, "disability");
  const std::string disability_type = row.Text("disability_type");
  if (!disability_type.empty() && disability_type != "无" &&
      disability_type != "否") {
    disability = "t";
  }
  row.Stage("disability", disability);
  row.Stage("learning_difficulty", YesNo(row, "learning_difficulty"));
  row.Stage("repeated_grade", YesNo(row, "repeated_grade"));
  std::string boarding;
  if (const std::string text = row.Text("boarding"); !text.empty()) {
    const absl::StatusOr<Attendance> attendance = ParseAttendance(text);
    if (attendance.ok()) {
      boarding = Flag(*attendance == Attendance::kBoarder);
    } else {
      boarding = YesNo(row, "boarding");
    }
  }
  row.Stage("boarding", boarding);
  std::string enrolled;
  if (!row.Text("enrolled_on").empty()) {
    if (auto day = row.Take("enrolled_on",
                            ParseYearMonth(row.Text("enrolled_on"),
                                           row.Header("enrolled_on")))) {
      enrolled = Day(*day);
    }
  }
  row.Stage("enrolled_on", enrolled);
  // Key groups: "" (an empty cell, or no such column) keeps what is stored.
  for (absl::string_view group :
       {"orphan", "de_facto_unsupported", "in_distress", "migrant_child"}) {
    row.Stage(group, YesNo(row, group));
  }
  out.key = number;
  out.second_key = id_hash;
}

std::string RequiredDay(RowReader& row, absl::string_view field) {
  const std::optional<absl::CivilDay> day =
      row.Take(field, ParseDate(row.Text(field), row.Header(field)));
  return day.has_value() ? Day(*day) : "";
}

void ParseAttendanceRow(RowReader& row, ParsedRow& out) {
  const std::string number = StudentNumber(row);
  const std::string day = RequiredDay(row, "day");
  row.Stage("student_number", number);
  row.Stage("day", day);
  row.Stage("kind", OneOf(row, "kind",
                          {{"病假", "excused"},
                           {"事假", "excused"},
                           {"请假", "excused"},
                           {"excused", "excused"},
                           {"旷课", "unexcused"},
                           {"无故缺勤", "unexcused"},
                           {"unexcused", "unexcused"}},
                          "病假, 事假 or 旷课", "病假、事假或旷课"));
  out.key = absl::StrCat(number, "/", day);
}

void ParseCalendarRow(RowReader& row, ParsedRow& out) {
  const std::string day = RequiredDay(row, "day");
  row.Stage("day", day);
  out.key = day;
}

void ParseRouteRow(RowReader& row, ParsedRow& out) {
  const std::string number = StudentNumber(row);
  row.Stage("student_number", number);
  double km = 0;
  const std::string km_text = row.Text("distance_km");
  if (!absl::SimpleAtod(km_text, &km) || !(km >= 0 && km <= 300)) {
    row.Error(
        "distance_km",
        absl::StrCat(row.Header("distance_km"), ": kilometres from 0 to 300"),
        "应为 0 到 300 公里");
  }
  row.Stage("distance_km", km_text);
  int minutes = 0;
  const std::string minutes_text = row.Text("travel_minutes");
  if (!absl::SimpleAtoi(minutes_text, &minutes) || minutes < 0 ||
      minutes > 600) {
    row.Error("travel_minutes",
              absl::StrCat(row.Header("travel_minutes"),
                           ": whole minutes from 0 to 600"),
              "应为 0 到 600 的整数分钟");
  }
  row.Stage("travel_minutes", minutes_text);
  row.Stage("mountain_route", YesNo(row, "mountain_route"));
  out.key = number;
}

void ParseEventRow(RowReader& row, ParsedRow& out) {
  const std::string number = StudentNumber(row);
  const std::string day = RequiredDay(row, "event_date");
  // The database's baoxue.enrolment_event_kind (migration 0019): death and
  // emigration are their own kinds, not a move out of the county.
  const std::string kind = OneOf(row, "kind",
                                 {{"辍学", "dropout"},
                                  {"dropout", "dropout"},
                                  {"复学", "return"},
                                  {"return", "return"},
                                  {"转出", "transfer_out"},
                                  {"转学", "transfer_out"},
                                  {"transfer_out", "transfer_out"},
                                  {"转入", "transfer_in"},
                                  {"transfer_in", "transfer_in"},
                                  {"迁出", "moved_out"},
                                  {"moved_out", "moved_out"},
                                  {"死亡", "deceased"},
                                  {"deceased", "deceased"},
                                  {"出国", "emigrated"},
                                  {"出境", "emigrated"},
                                  {"出国（境）", "emigrated"},
                                  {"出国(境)", "emigrated"},
                                  {"移居境外", "emigrated"},
                                  {"emigrated", "emigrated"}},
                                 "辍学, 复学, 转出, 转入, 迁出, 死亡 or 出国",
                                 "辍学、复学、转出、转入、迁出、死亡或出国");
  row.Stage("student_number", number);
  row.Stage("event_date", day);
  row.Stage("kind", kind);
  row.Stage("note", row.Optional("note", 200));
  out.key = absl::StrCat(number, "/", day, "/", kind);
}

// A resident ID (required): its keyed hash, and the parsed number in
// `parsed` when asked for. "" after recording an error.
std::string HashedId(RowReader& row, const KeyedIdHash* ids,
                     std::optional<absl::CivilDay> birth,
                     ResidentId* parsed = nullptr) {
  const std::string text = row.Text("id_number");
  if (text.empty()) {
    row.Error("id_number", absl::StrCat(row.Header("id_number"), ": required"),
              "必填");
    return "";
  }
  std::optional<ResidentId> id = row.Take(
      "id_number", ParseResidentId(text, birth, row.Header("id_number")));
  if (!id.has_value()) return "";
  if (ids == nullptr) {
    row.Error("id_number",
              "ID numbers cannot be kept: the server has no "
              "imports.id_secret_file",
              "服务器未配置 imports.id_secret_file，无法保存身份证件号");
    return "";
  }
  std::string hash = ids->Hash(*id);
  if (parsed != nullptr) *parsed = *std::move(id);
  return hash;
}

// 村民小组: "" or a number 1..999.
std::string GroupNumber(RowReader& row) {
  const std::string group = row.Text("group_no");
  int number = 0;
  if (!group.empty() &&
      (!absl::SimpleAtoi(group, &number) || number < 1 || number > 999)) {
    row.Error("group_no",
              absl::StrCat(row.Header("group_no"), ": a number 1 to 999"),
              "应为 1 到 999 的数字");
    return "";
  }
  return group.empty() ? "" : absl::StrCat(number);
}

// Yuan (0 or more; more than 0 when `positive`), as typed; "" when the cell
// is empty.
std::string Yuan(RowReader& row, absl::string_view field, bool positive) {
  const std::string text = row.Text(field);
  if (text.empty()) return "";
  double yuan = 0;
  const bool plain = std::all_of(text.begin(), text.end(), [](char c) {
    return absl::ascii_isdigit(static_cast<unsigned char>(c)) || c == '.';
  });
  if (!plain || !absl::SimpleAtod(text, &yuan) || !(yuan < 1e9) ||
      (positive && yuan == 0)) {
    row.Error(
        field,
        absl::StrCat(row.Header(field),
                     positive ? ": yuan, more than 0" : ": yuan, 0 or more"),
        positive ? "应为大于 0 的金额（元）" : "应为 0 或以上的金额（元）");
    return "";
  }
  return text;
}

// 户类型: one type or several ("脱贫户、低保户"); each sets its flag.
// 一般户 sets none (a household kept for its members' other records).
void HouseholdType(RowReader& row) {
  static constexpr std::pair<absl::string_view, absl::string_view> kTypes[] = {
      {"脱贫户", "registered_poor"},
      {"脱贫不稳定户", "registered_poor"},
      {"建档立卡户", "registered_poor"},
      {"建档立卡贫困户", "registered_poor"},
      {"registered_poor", "registered_poor"},
      {"监测户", "poverty_monitoring"},
      {"防返贫监测户", "poverty_monitoring"},
      {"防返贫监测对象", "poverty_monitoring"},
      {"边缘易致贫户", "poverty_monitoring"},
      {"突发严重困难户", "poverty_monitoring"},
      {"poverty_monitoring", "poverty_monitoring"},
      {"低保户", "subsistence_allowance"},
      {"低保", "subsistence_allowance"},
      {"subsistence_allowance", "subsistence_allowance"},
      {"特困供养", "extreme_poverty"},
      {"特困供养户", "extreme_poverty"},
      {"特困户", "extreme_poverty"},
      {"特困", "extreme_poverty"},
      {"extreme_poverty", "extreme_poverty"},
      {"一般户", ""},
      {"一般农户", ""},
  };
  for (absl::string_view flag : {"registered_poor", "poverty_monitoring",
                                 "subsistence_allowance", "extreme_poverty"}) {
    row.Stage(flag, "f");
  }
  const std::string text = row.Text("household_type");
  if (text.empty()) {
    row.Error("household_type",
              absl::StrCat(row.Header("household_type"), ": required"), "必填");
    return;
  }
  // ByAnyChar splits on bytes: the full-width separators become ASCII first.
  const std::string words =
      absl::StrReplaceAll(text, {{"、", ","}, {"，", ","}, {"；", ","}});
  for (absl::string_view word :
       absl::StrSplit(words, absl::ByAnyChar(",;/+ "), absl::SkipEmpty())) {
    bool known = false;
    for (const auto& [name, flag] : kTypes) {
      if (!absl::EqualsIgnoreCase(word, name)) continue;
      known = true;
      if (!flag.empty()) row.Stage(flag, "t");
    }
    if (!known) {
      row.Error(
          "household_type",
          absl::StrCat(row.Header("household_type"),
                       ": expected 脱贫户, 监测户, 低保户, 特困供养 or "
                       "一般户, got \"",
                       QuoteValue(word), "\""),
          absl::StrCat("应填脱贫户、监测户、低保户、特困供养或一般户，实际为“",
                       QuoteValue(word), "”"));
      return;
    }
  }
}

void ParseHouseholdRow(RowReader& row, ParsedRow& out, const KeyedIdHash* ids) {
  const std::string number = row.Required("household_number", 40);
  row.Stage("household_number", number);
  row.Stage("village_code",
            Division(row, "village_code", {domain::AreaLevel::kVillage},
                     "a village's 12-digit code", "村级 12 位区划代码"));
  row.Stage("group_no", GroupNumber(row));
  // Names are read to check the file, not kept: the hash identifies members.
  row.Optional("head_name", 50);
  row.Optional("name", 50);
  const std::string id_hash = HashedId(row, ids, std::nullopt);
  row.Stage("id_hash", id_hash);
  row.Stage("relation", row.Optional("relation", 20));
  HouseholdType(row);
  row.Stage("per_capita_income", Yuan(row, "per_capita_income", false));
  row.Stage("poverty_line", Yuan(row, "poverty_line", true));
  row.Stage("relocated", YesNo(row, "relocated"));
  out.key = absl::StrCat(number, "/", id_hash);
  out.second_key = id_hash;
}

void ParseRegistrationRow(RowReader& row, ParsedRow& out,
                          const KeyedIdHash* ids) {
  std::optional<absl::CivilDay> birth;
  if (!row.Text("birth_date").empty()) {
    birth = row.Take("birth_date", ParseDate(row.Text("birth_date"),
                                             row.Header("birth_date")));
  }
  ResidentId id;
  const std::string id_hash = HashedId(row, ids, birth, &id);
  std::optional<Sex> sex;
  if (!id_hash.empty()) sex = id.sex;
  if (!row.Text("gender").empty()) {
    const std::optional<Sex> given =
        row.Take("gender", ParseSex(row.Text("gender"), row.Header("gender")));
    if (given.has_value() && sex.has_value() && *given != *sex) {
      row.Error(
          "gender",
          absl::StrCat(row.Header("gender"), ": disagrees with the ID number"),
          "与身份证件号不一致");
    }
  }
  row.Stage("id_hash", id_hash);
  row.Stage("id_last4", id_hash.empty() ? "" : id.number.substr(14));
  row.Stage("name", row.Required("name", 50));
  row.Stage("gender", !sex.has_value() ? "" : *sex == Sex::kMale ? "M" : "F");
  // The ID carries the birth date; a 出生日期 column was checked against it.
  row.Stage("birth_date", id_hash.empty() ? "" : Day(id.birth_date));
  row.Stage("village_code",
            Division(row, "village_code", {domain::AreaLevel::kVillage},
                     "a village's 12-digit code", "村级 12 位区划代码"));
  row.Stage("registration_book", row.Optional("registration_book", 40));
  row.Stage("guardian_name", row.Optional("guardian_name", 50));
  out.key = id_hash;
}

// 联系电话 as the database keeps it: a digit or +, then 4 to 19 digits,
// spaces or hyphens.
std::string Phone(RowReader& row) {
  const std::string phone = row.Text("phone");
  if (phone.empty()) return "";
  const bool ok = phone.size() >= 5 && phone.size() <= 20 &&
                  (absl::ascii_isdigit(static_cast<unsigned char>(phone[0])) ||
                   phone[0] == '+') &&
                  std::all_of(phone.begin() + 1, phone.end(), [](char c) {
                    return absl::ascii_isdigit(static_cast<unsigned char>(c)) ||
                           c == ' ' || c == '-';
                  });
  if (!ok) {
    row.Error("phone",
              absl::StrCat(row.Header("phone"),
                           ": 5 to 20 digits (+, spaces and - "
                           "allowed)"),
              "应为 5 到 20 位数字（可含 +、空格和 -）");
  }
  return phone;
}

void ParseHeadRow(RowReader& row, ParsedRow& out) {
  const std::string role =
      OneOf(row, "role",
            {{"师长", "TEACHER"},
             {"班主任", "TEACHER"},
             {"师长（班主任）", "TEACHER"},
             {"师长(班主任)", "TEACHER"},
             {"TEACHER", "TEACHER"},
             {"校长", "PRINCIPAL"},
             {"PRINCIPAL", "PRINCIPAL"},
             {"家长", "PARENT"},
             {"监护人", "PARENT"},
             {"PARENT", "PARENT"},
             {"组长", "GROUP_HEAD"},
             {"村民小组长", "GROUP_HEAD"},
             {"GROUP_HEAD", "GROUP_HEAD"},
             {"村长", "VILLAGE_HEAD"},
             {"村主任", "VILLAGE_HEAD"},
             {"村委会主任", "VILLAGE_HEAD"},
             {"VILLAGE_HEAD", "VILLAGE_HEAD"},
             {"镇长", "TOWNSHIP_HEAD"},
             {"乡长", "TOWNSHIP_HEAD"},
             {"乡镇长", "TOWNSHIP_HEAD"},
             {"TOWNSHIP_HEAD", "TOWNSHIP_HEAD"}},
            "师长/班主任, 校长, 家长, 组长, 村长/村主任 or 镇长/乡镇长",
            "师长/班主任、校长、家长、组长、村长/村主任或镇长/乡镇长");
  const std::string name = row.Required("name", 50);
  row.Stage("role", role);
  row.Stage("name", name);
  row.Stage("phone", Phone(row));
  // Each role reads its own fields; the others are ignored.
  if (role == "TEACHER" || role == "PRINCIPAL") {
    const std::string school = SchoolCode(row, "school_code");
    row.Stage("school_code", school);
    out.key = absl::StrCat(role, "/", school);
    if (role == "TEACHER") {
      std::optional<int> grade;
      if (row.Text("grade").empty()) {
        row.Error("grade",
                  absl::StrCat(row.Header("grade"), ": required for a 师长"),
                  "师长必填");
      } else {
        grade = row.Take("grade",
                         ParseGrade(row.Text("grade"), row.Header("grade")));
      }
      row.Stage("grade", grade.has_value() ? absl::StrCat(*grade) : "");
      // A class's head teacher; without 班级, the grade's.
      const std::string class_name = row.Optional("class_name", 30);
      row.Stage("class_name", class_name);
      absl::StrAppend(&out.key, "/", grade.value_or(0), "/", class_name);
    }
  } else if (role == "PARENT") {
    const std::string household = row.Text("household_number");
    if (household.empty()) {
      row.Error(
          "household_number",
          absl::StrCat(row.Header("household_number"), ": required for a 家长"),
          "家长必填");
    }
    row.Stage("household_number", household);
    out.key = absl::StrCat(role, "/", household, "/", name);
  } else if (!role.empty()) {
    std::string code;
    std::string group;
    if (row.Text("area_code").empty()) {
      row.Error(
          "area_code",
          absl::StrCat(row.Header("area_code"), ": required for a ", role),
          "该角色必填");
    } else if (role == "TOWNSHIP_HEAD") {
      code = Division(row, "area_code", {domain::AreaLevel::kTownship},
                      "a township's code", "乡镇区划代码");
    } else {
      code = Division(row, "area_code", {domain::AreaLevel::kVillage},
                      "a village's 12-digit code", "村级 12 位区划代码");
    }
    if (role == "GROUP_HEAD") {
      group = GroupNumber(row);
      if (row.Text("group_no").empty()) {
        row.Error("group_no",
                  absl::StrCat(row.Header("group_no"), ": required for a 组长"),
                  "组长必填");
      }
    }
    row.Stage("area_code", code);
    row.Stage("group_no", group);
    out.key = absl::StrCat(role, "/", code, "/", group);
  }
}

}  // namespace

ParsedRow RowParser::Parse(const std::vector<std::string>& cells) const {
  ParsedRow out;
  RowReader row(*columns_, cells, out);
  switch (kind_) {
    case ImportKind::kAreas:
      ParseArea(row, out);
      break;
    case ImportKind::kSchools:
      ParseSchool(row, out);
      break;
    case ImportKind::kStudents:
      ParseStudent(row, out, ids_);
      break;
    case ImportKind::kAttendance:
      ParseAttendanceRow(row, out);
      break;
    case ImportKind::kSchoolCalendar:
      ParseCalendarRow(row, out);
      break;
    case ImportKind::kRoutes:
      ParseRouteRow(row, out);
      break;
    case ImportKind::kEnrolmentEvents:
      ParseEventRow(row, out);
      break;
    case ImportKind::kHouseholds:
      ParseHouseholdRow(row, out, ids_);
      break;
    case ImportKind::kHouseholdRegistration:
      ParseRegistrationRow(row, out, ids_);
      break;
    case ImportKind::kHeads:
      ParseHeadRow(row, out);
      break;
  }
  if (!out.errors.empty()) return out;
  for (absl::string_view column : store::StagingColumns(kind_)) {
    auto it = row.staged().find(column);
    out.staged.push_back(it == row.staged().end() ? "" : it->second);
  }
  return out;
}

}  // namespace baoxue::core::imports
