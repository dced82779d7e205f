// ReadTable on legacy .xls (BIFF8), from the committed testdata/roster.xls
// (made by testdata/make_roster_xls.py with python3-xlwt).

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tabular/table.h"
#include "tests/imports/fixtures.h"
#include "tests/testing/status_matchers.h"

namespace baoxue::tabular {
namespace {

using ::baoxue::tabular::testing::ReadFileBytes;
using ::baoxue::testing::IsOk;
using ::baoxue::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string RosterXls() {
  return ReadFileBytes(std::string(BAOXUE_IMPORTS_TESTDATA) + "/roster.xls");
}

TEST(TabularXlsTest, ChoosesTheRosterBehindTheCoverPage) {
  const std::string bytes = RosterXls();
  ASSERT_FALSE(bytes.empty());
  absl::StatusOr<Table> table = ReadTable(bytes, "roster.xls", "");
  ASSERT_THAT(table, IsOk());
  EXPECT_EQ(table->sheet, "学籍");
  EXPECT_EQ(table->header_row_number, 2);
  EXPECT_THAT(table->header, ElementsAre("姓名", "性别", "出生日期",
                                         "身份证件号", "年级", "班级人数"));
  ASSERT_EQ(table->rows.size(), 2u);
  EXPECT_EQ(table->rows[0].number, 3);
  EXPECT_THAT(
      table->rows[0].cells,
      ElementsAre("张三", "男", "2013-09-01", "00000020130901000X", "3", "42"));
  EXPECT_THAT(table->rows[1].cells,
              ElementsAre("李四", "女", "2014-02-28", "3.60799199001011E+17",
                          "二年级", "3.5"));
}

TEST(TabularXlsTest, MissingSheetIsNotFoundListingTheSheets) {
  EXPECT_THAT(ReadTable(RosterXls(), "roster.xls", "学生"),
              StatusIs(absl::StatusCode::kNotFound,
                       "roster.xls: sheet 学生 not found; sheets: 封面, 学籍"));
}

TEST(TabularXlsTest, NamedCoverSheetIsRead) {
  absl::StatusOr<Table> table = ReadTable(RosterXls(), "roster.xls", "封面");
  ASSERT_THAT(table, IsOk());
  EXPECT_THAT(table->header, ElementsAre("2024年秋季学期学籍数据"));
}

TEST(TabularXlsTest, RowCapIsResourceExhausted) {
  ReadOptions options;
  options.max_rows = 2;
  EXPECT_THAT(
      ReadTable(RosterXls(), "roster.xls", "学籍", options),
      StatusIs(absl::StatusCode::kResourceExhausted, HasSubstr("max_rows")));
}

TEST(TabularXlsTest, RefusedWhenTheServerDoesNotAllowXls) {
  ReadOptions options;
  options.allow_xls = false;
  EXPECT_THAT(ReadTable(RosterXls(), "roster.xls", "", options),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("save the file as .xlsx")));
}

TEST(TabularXlsTest, OleMagicWithGarbageIsInvalidArgument) {
  std::string bytes("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  bytes += std::string(600, '\x5A');
  EXPECT_THAT(ReadTable(bytes, "bad.xls", ""),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("bad.xls: not a readable .xls file")));
}

}  // namespace
}  // namespace baoxue::tabular
