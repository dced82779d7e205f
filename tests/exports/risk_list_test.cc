// The risk list's renderings (CLI table, CSV, sheet, print page).
#include "exports/risk_list.h"

#include <sstream>

#include "absl/strings/str_split.h"
#include "exports/text.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace baoxue::exports {
namespace {

using domain::Language;
using ::testing::HasSubstr;

baoxue::v1::RiskList TwoStudentList() {
  baoxue::v1::RiskList list;
  list.set_area_code("360799101000");
  list.set_area_name("青山镇");
  list.set_run_id(7);
  list.set_as_of_date("2026-11-20");
  list.set_model_version("v3");
  list.set_total(2);
  baoxue::v1::ListedStudent* a = list.add_students();
  a->set_student_id(1);
  a->set_masked_name("张*明");
  a->set_grade(8);
  a->set_school("青山中学");
  a->set_village("青山村");
  a->set_probability(0.823);
  a->set_times_average(4.1);
  a->set_tier(baoxue::v1::RISK_TIER_HIGH);
  a->set_has_previous(true);
  a->set_change(0.12);
  a->set_trend("up");
  a->set_case_id(5);
  a->set_case_level(3);
  a->set_case_overdue(true);
  baoxue::v1::Reason* reason = a->add_reasons();
  reason->set_text_zh("近30个上学日缺勤9天");
  reason->set_text_en("absent 9 of the last 30 school days, \"often\"");
  reason->add_measures("家访 (home visit)");
  reason->add_measures("家访 (home visit)");
  baoxue::v1::ListedStudent* b = list.add_students();
  b->set_student_id(2);
  b->set_masked_name("Li*");
  b->set_grade(7);
  b->set_school("Hill School");
  b->set_village("Hill");
  b->set_probability(0.41);
  b->set_tier(baoxue::v1::RISK_TIER_MEDIUM);
  return list;
}

TEST(DisplayWidthTest, CountsChineseAsTwoColumns) {
  EXPECT_EQ(DisplayWidth("abc"), 3);
  EXPECT_EQ(DisplayWidth("张*明"), 5);
  EXPECT_EQ(DisplayWidth("（）"), 4);
  EXPECT_EQ(DisplayWidth(""), 0);
}

TEST(RiskListTableTest, AlignsColumnsWhateverTheScript) {
  std::ostringstream out;
  PrintRiskListTable(TwoStudentList(), Language::kZh, out);
  const std::vector<std::string> lines = absl::StrSplit(out.str(), '\n');
  ASSERT_GE(lines.size(), 4u);
  EXPECT_THAT(lines[0], HasSubstr("360799101000"));
  EXPECT_THAT(lines[0], HasSubstr("2026-11-20"));
  // The grade column starts at the same terminal column on both rows.
  const auto grade_column = [](const std::string& line,
                               const std::string& grade) {
    return DisplayWidth(line.substr(0, line.find(" " + grade + " ") + 1));
  };
  EXPECT_EQ(grade_column(lines[2], "8"), grade_column(lines[3], "7"));
  EXPECT_THAT(lines[2], HasSubstr("82.3%"));
  EXPECT_THAT(lines[2], HasSubstr("82.3% 4.1×"));  // × the run's average
  EXPECT_THAT(lines[2], HasSubstr("+12.0%"));
  EXPECT_THAT(lines[2], HasSubstr("5/L3!"));
  EXPECT_THAT(lines[3], HasSubstr("新"));
}

// Children already out of school follow the ranked ones under their own
// heading, whatever their probability (issue 17).
TEST(RiskListTableTest, ChildrenOutOfSchoolAreListedApart) {
  baoxue::v1::RiskList list = TwoStudentList();
  list.mutable_students(0)->set_out_of_school(true);
  std::ostringstream zh;
  PrintRiskListTable(list, Language::kZh, zh);
  const std::vector<std::string> lines = absl::StrSplit(zh.str(), '\n');
  ASSERT_GE(lines.size(), 5u);
  EXPECT_THAT(lines[2], HasSubstr("Li*"));
  EXPECT_THAT(lines[3], HasSubstr("已失学（显示 1 名）"));
  EXPECT_THAT(lines[4], HasSubstr("张*明"));
  std::ostringstream en;
  PrintRiskListTable(list, Language::kEn, en);
  EXPECT_THAT(en.str(), HasSubstr("already out of school (1 shown)"));

  std::ostringstream none;
  PrintRiskListTable(TwoStudentList(), Language::kZh, none);
  EXPECT_EQ(none.str().find("已失学"), std::string::npos);
}

TEST(RiskListTableTest, NoRunShowsTheHint) {
  baoxue::v1::RiskList list;
  list.set_hint("start one with: baoxue run --area 360799101000");
  std::ostringstream out;
  PrintRiskListTable(list, Language::kEn, out);
  EXPECT_THAT(out.str(), HasSubstr("baoxue run --area 360799101000"));
}

TEST(RiskListCsvTest, QuotesFieldsAndListsMeasuresOnce) {
  const std::string csv = RiskListCsv(TwoStudentList(), Language::kEn);
  const std::vector<std::string> lines =
      absl::StrSplit(csv, "\r\n", absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].substr(0, 19), "student_id,student,");
  EXPECT_THAT(lines[1], HasSubstr("\"absent 9 of the last 30 school days, "
                                  "\"\"often\"\"\""));
  EXPECT_THAT(lines[1], HasSubstr(",0.8230,high,+0.1200,"));
  EXPECT_THAT(lines[1], HasSubstr(",0.8230,high,+0.1200,up,"));
  EXPECT_THAT(RiskListCsv(TwoStudentList(), Language::kZh),
              HasSubstr(",0.8230,高,+0.1200,上升,"));
  // A measure stored as "家访 (home visit)" is written in one language.
  EXPECT_THAT(lines[1], HasSubstr(",home visit,5,3,1"));
  EXPECT_THAT(RiskListCsv(TwoStudentList(), Language::kZh),
              HasSubstr(",家访,5,3,1"));
  EXPECT_THAT(lines[2], HasSubstr(",0.4100,medium,,"));
  EXPECT_EQ(RiskListCsv(TwoStudentList(), Language::kZh).substr(0, 12),
            "学生编号");
}

TEST(RiskListSheetTest, HasATitleHeadersAndNumericCells) {
  const xlsx::Sheet sheet = RiskListSheet(TwoStudentList(), Language::kZh);
  EXPECT_EQ(sheet.name, "风险名单");
  EXPECT_THAT(sheet.title, HasSubstr("青山镇"));
  // Two students, then the sign-off block (a blank row and four lines).
  ASSERT_EQ(sheet.rows.size(), 7u);
  EXPECT_EQ(std::get<std::string>(sheet.rows[6][0]), "日期：");
  EXPECT_EQ(
      std::get<std::string>(sheet.rows[0][1]).find("年级") == std::string::npos,
      false);
  EXPECT_EQ(std::get<double>(sheet.rows[0][4]), 0.823);
  EXPECT_EQ(std::get<std::string>(sheet.rows[1][6]), "新");
  for (const auto& row : sheet.rows)
    EXPECT_LE(row.size(), sheet.columns.size());
}

TEST(RiskListPrintTest, EscapesTextAndShowsPercentages) {
  baoxue::v1::RiskList list = TwoStudentList();
  list.mutable_students(1)->set_school("<b>Hill & Dale</b>");
  const std::string html = RiskListPrintHtml(list, Language::kEn);
  EXPECT_THAT(html, HasSubstr("Dropout risk list"));
  EXPECT_THAT(html, HasSubstr("&lt;b&gt;Hill &amp; Dale&lt;/b&gt;"));
  EXPECT_THAT(html, HasSubstr("82.3%"));
  EXPECT_THAT(html, ::testing::Not(HasSubstr("<b>Hill")));
}

}  // namespace
}  // namespace baoxue::exports
