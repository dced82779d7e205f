// Header rules: NormalizeHeader, TrimCell and where the header row is found.

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tabular/table.h"
#include "tests/testing/status_matchers.h"

namespace baoxue::tabular {
namespace {

using ::baoxue::testing::IsOk;
using ::testing::ElementsAre;

TEST(TabularHeaderTest, DropsMandatoryMarksAndLineBreaks) {
  EXPECT_EQ(NormalizeHeader("★姓名"), "姓名");
  EXPECT_EQ(NormalizeHeader("*身份证件号"), "身份证件号");
  EXPECT_EQ(NormalizeHeader("出生\n日期"), "出生日期");
  EXPECT_EQ(NormalizeHeader("出生\r\n日期★"), "出生日期");
}

TEST(TabularHeaderTest, FoldsFullWidthAsciiToHalfWidth) {
  EXPECT_EQ(NormalizeHeader("出生日期（年月日）"), "出生日期(年月日)");
  EXPECT_EQ(NormalizeHeader("ＩＤ１２"), "ID12");
  EXPECT_EQ(NormalizeHeader("＊姓名"), "姓名");  // full-width star, too
}

TEST(TabularHeaderTest, TrimsAsciiAndFullWidthSpaces) {
  EXPECT_EQ(NormalizeHeader("  \xE3\x80\x80姓名\xE3\x80\x80 "), "姓名");
  EXPECT_EQ(NormalizeHeader("\t年级 "), "年级");
}

TEST(TabularHeaderTest, RemovesAlignmentSpacesBetweenChineseCharactersOnly) {
  EXPECT_EQ(NormalizeHeader("姓  名"), "姓名");
  EXPECT_EQ(NormalizeHeader("姓\xE3\x80\x80名"), "姓名");
  EXPECT_EQ(NormalizeHeader("Birth  date"), "Birth  date");
  EXPECT_EQ(NormalizeHeader("ID 号码"), "ID 号码");
}

TEST(TabularHeaderTest, TrimCellKeepsInnerText) {
  EXPECT_EQ(TrimCell("  a b \xC2\xA0"), "a b");
  EXPECT_EQ(TrimCell("\xE3\x80\x80"), "");
  EXPECT_EQ(TrimCell("甲"), "甲");
}

TEST(TabularHeaderTest, HeaderIsTheFirstRowAtLeastHalfAsWideAsTheWidest) {
  // Row 1 has 1 cell, row 2 has 2 of 6: both below half; row 3 has 3 = half.
  absl::StatusOr<Table> table = ReadTable(
      "名单\n"
      "学校,甲小学\n"
      "姓名,性别,年级,,,\n"
      "张三,男,3,a,b,c\n",
      "x.csv", "");
  ASSERT_THAT(table, IsOk());
  EXPECT_EQ(table->header_row_number, 3);
  EXPECT_THAT(table->header, ElementsAre("姓名", "性别", "年级"));
}

TEST(TabularHeaderTest, HeaderIsSoughtOnlyInTheFirstTenNonEmptyRows) {
  std::string csv;
  for (int i = 0; i < 12; ++i) csv += "说明\n";
  csv += "姓名,性别,年级\n张三,男,3\n";
  absl::StatusOr<Table> table = ReadTable(csv, "x.csv", "");
  ASSERT_THAT(table, IsOk());
  // No qualifying row among the first ten: the first row stands.
  EXPECT_EQ(table->header_row_number, 1);
}

}  // namespace
}  // namespace baoxue::tabular
