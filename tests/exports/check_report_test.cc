// The check report's key-group columns: every group of domain::KeyGroup in
// the vocabulary's order, each with its own count found by code, in CSV and
// XLSX alike, whatever order (or subset) the server sent.
#include "exports/check_report.h"

#include <string>
#include <variant>
#include <vector>

#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace baoxue::exports {
namespace {

using domain::Language;
using ::testing::ElementsAre;

baoxue::v1::CheckReport OneRowReport() {
  baoxue::v1::CheckReport report;
  report.set_area_code("360799000000");
  report.set_area_name("示范县");
  baoxue::v1::CheckReportRow* row = report.add_rows();
  row->set_township_code("360799101000");
  row->set_township_name("青山镇");
  row->set_comparison("roll_vs_attendance");
  row->set_count(9);
  // Out of order, and without some groups.
  for (const auto& [code, count] :
       std::vector<std::pair<std::string, int64_t>>{{"migrant_child", 6},
                                                    {"orphan", 1},
                                                    {"in_distress", 5},
                                                    {"de_facto_unsupported", 2},
                                                    {"extreme_poverty", 10}}) {
    baoxue::v1::KeyGroupCount* group = row->add_key_groups();
    group->set_key_group(code);
    group->set_count(count);
  }
  return report;
}

std::vector<std::string> CsvLines(const std::string& csv) {
  return absl::StrSplit(csv, absl::ByAnyChar("\r\n"), absl::SkipEmpty());
}

TEST(CheckReportTest, EveryKeyGroupHasAColumnWithItsOwnCount) {
  const std::vector<std::string> zh =
      CsvLines(CheckReportCsv(OneRowReport(), Language::kZh));
  ASSERT_EQ(zh.size(), 2u);
  EXPECT_EQ(zh[0],
            "乡镇代码,乡镇,比对,结果,人数,孤儿,事实无人抚养,残疾,留守,"
            "困境儿童,随迁子女,脱贫户,监测户,低保,特困");
  EXPECT_THAT(
      std::vector<std::string>(absl::StrSplit(zh[1], ',')),
      ElementsAre("360799101000", "青山镇", ::testing::_, ::testing::_, "9",
                  "1", "2", "0", "0", "5", "6", "0", "0", "0", "10"));
  const std::vector<std::string> en =
      CsvLines(CheckReportCsv(OneRowReport(), Language::kEn));
  EXPECT_THAT(en[0], ::testing::HasSubstr(
                         "Count,orphan,without de facto carers,disabled,"
                         "left behind,in distress,migrant child"));
}

TEST(CheckReportTest, TheSheetCarriesTheSameCountsAsNumbers) {
  const std::vector<xlsx::Sheet> sheets =
      CheckReportSheets(OneRowReport(), Language::kZh);
  ASSERT_EQ(sheets.size(), 1u);
  ASSERT_EQ(sheets[0].rows.size(), 1u);
  const std::vector<xlsx::Cell>& cells = sheets[0].rows[0];
  ASSERT_EQ(cells.size(), sheets[0].columns.size());
  std::vector<double> numbers;
  for (size_t i = 4; i < cells.size(); ++i) {
    numbers.push_back(std::get<double>(cells[i]));
  }
  EXPECT_THAT(numbers, ElementsAre(9, 1, 2, 0, 0, 5, 6, 0, 0, 0, 10));
  EXPECT_EQ(sheets[0].columns[5].header, "孤儿");
}

}  // namespace
}  // namespace baoxue::exports
