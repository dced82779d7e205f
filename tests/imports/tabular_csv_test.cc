// ReadTable on delimited text: RFC 4180 quoting, line ends, charsets, tabs.

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tabular/table.h"
#include "tests/imports/fixtures.h"
#include "tests/testing/status_matchers.h"

namespace baoxue::tabular {
namespace {

using ::baoxue::tabular::testing::FromUtf8;
using ::baoxue::testing::IsOk;
using ::baoxue::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<std::string> Cells(const Table& table, size_t row) {
  return table.rows.at(row).cells;
}

TEST(TabularCsvTest, QuotedCommasDoubledQuotesAndLineBreaksInsideQuotes) {
  const std::string csv =
      "姓名,备注\n"
      "张三,\"住址: 甲村, 一组\"\n"
      "李四,\"他说\"\"不去\"\"\"\n"
      "王五,\"第一行\n第二行\"\n"
      "赵六,末行\n";
  absl::StatusOr<Table> table = ReadTable(csv, "roster.csv", "");
  ASSERT_THAT(table, IsOk());
  EXPECT_EQ(table->sheet, "");
  EXPECT_EQ(table->header_row_number, 1);
  EXPECT_THAT(table->header, ElementsAre("姓名", "备注"));
  ASSERT_EQ(table->rows.size(), 4u);
  EXPECT_THAT(Cells(*table, 0), ElementsAre("张三", "住址: 甲村, 一组"));
  EXPECT_THAT(Cells(*table, 1), ElementsAre("李四", "他说\"不去\""));
  EXPECT_THAT(Cells(*table, 2), ElementsAre("王五", "第一行\n第二行"));
  // A quoted line break does not start a new row: rows are records.
  EXPECT_EQ(table->rows[2].number, 4);
  EXPECT_EQ(table->rows[3].number, 5);
}

TEST(TabularCsvTest, CrLfLineEndsAndNoFinalLineEnd) {
  absl::StatusOr<Table> table = ReadTable("a,b\r\n1,2\r\n3,4", "x.csv", "");
  ASSERT_THAT(table, IsOk());
  EXPECT_THAT(table->header, ElementsAre("a", "b"));
  ASSERT_EQ(table->rows.size(), 2u);
  EXPECT_THAT(Cells(*table, 1), ElementsAre("3", "4"));
}

TEST(TabularCsvTest, Utf8WithBom) {
  absl::StatusOr<Table> table =
      ReadTable("\xEF\xBB\xBF姓名,性别\r\n张三,男\r\n", "bom.csv", "");
  ASSERT_THAT(table, IsOk());
  EXPECT_THAT(table->header, ElementsAre("姓名", "性别"));
  EXPECT_THAT(Cells(*table, 0), ElementsAre("张三", "男"));
}

TEST(TabularCsvTest, GbkFromExcelOnChineseWindowsIsConverted) {
  const std::string utf8 =
      "姓名,性别,户籍地址\r\n张三,男,某县甲镇\r\n欧阳娜,女,乙村\r\n";
  const std::string gbk = FromUtf8(utf8, "GBK");
  ASSERT_NE(gbk, utf8);
  absl::StatusOr<Table> table = ReadTable(gbk, "gbk.csv", "");
  ASSERT_THAT(table, IsOk());
  EXPECT_THAT(table->header, ElementsAre("姓名", "性别", "户籍地址"));
  EXPECT_THAT(Cells(*table, 1), ElementsAre("欧阳娜", "女", "乙村"));
}

TEST(TabularCsvTest, Utf16WithBomIsConverted) {
  const std::string utf16 =
      "\xFF\xFE" + FromUtf8("姓名\t性别\r\n张三\t男\r\n", "UTF-16LE");
  absl::StatusOr<Table> table = ReadTable(utf16, "unicode.txt", "");
  ASSERT_THAT(table, IsOk());
  EXPECT_THAT(table->header, ElementsAre("姓名", "性别"));
  EXPECT_THAT(Cells(*table, 0), ElementsAre("张三", "男"));
}

TEST(TabularCsvTest, TabSeparatedWhenTheHeaderHasTabsAndNoCommas) {
  absl::StatusOr<Table> table =
      ReadTable("姓名\t备注\n张三\t甲, 乙\n", "x.txt", "");
  ASSERT_THAT(table, IsOk());
  EXPECT_THAT(table->header, ElementsAre("姓名", "备注"));
  EXPECT_THAT(Cells(*table, 0), ElementsAre("张三", "甲, 乙"));
}

TEST(TabularCsvTest, TitleRowsAboveTheHeaderAreSkipped) {
  absl::StatusOr<Table> table = ReadTable(
      "某县2024年秋季学生名单,,,\n"
      "填报日期: 2024-09-10,,,\n"
      "姓名,性别,出生日期,年级\n"
      "张三,男,2013-09-01,5\n",
      "x.csv", "");
  ASSERT_THAT(table, IsOk());
  EXPECT_EQ(table->header_row_number, 3);
  EXPECT_THAT(table->header, ElementsAre("姓名", "性别", "出生日期", "年级"));
  ASSERT_EQ(table->rows.size(), 1u);
  EXPECT_EQ(table->rows[0].number, 4);
}

TEST(TabularCsvTest, CellsAreTrimmedRowsPaddedAndEmptyRowsDropped) {
  absl::StatusOr<Table> table = ReadTable(
      "a,b,c\n"
      " 1 ,\xE3\x80\x80二\xE3\x80\x80\n"  // full-width spaces around 二
      ",,\n"
      "\n"
      "4,5,6,7\n",
      "x.csv", "");
  ASSERT_THAT(table, IsOk());
  ASSERT_EQ(table->rows.size(), 2u);
  EXPECT_THAT(Cells(*table, 0), ElementsAre("1", "二", ""));
  // The cell under no header is dropped; row numbers keep the file's count.
  EXPECT_THAT(Cells(*table, 1), ElementsAre("4", "5", "6"));
  EXPECT_EQ(table->rows[1].number, 5);
}

TEST(TabularCsvTest, UnclosedQuoteIsInvalidArgumentNamingTheRow) {
  EXPECT_THAT(
      ReadTable("a,b\n1,\"open\n2,3\n", "bad.csv", ""),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("bad.csv: row 2: a quoted field is never closed")));
}

TEST(TabularCsvTest, RowCapIsResourceExhausted) {
  std::string csv = "a,b\n";
  for (int i = 0; i < 20; ++i) csv += "1,2\n";
  ReadOptions options;
  options.max_rows = 10;
  EXPECT_THAT(
      ReadTable(csv, "big.csv", "", options),
      StatusIs(absl::StatusCode::kResourceExhausted, HasSubstr("max_rows")));
  options.max_file_bytes = 8;
  EXPECT_THAT(ReadTable(csv, "big.csv", "", options),
              StatusIs(absl::StatusCode::kResourceExhausted,
                       HasSubstr("max_file_bytes")));
}

TEST(TabularCsvTest, EmptyFileIsInvalidArgument) {
  EXPECT_THAT(ReadTable("", "empty.csv", ""),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("empty")));
  EXPECT_THAT(
      ReadTable("\n\n,,\n", "blank.csv", ""),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("header")));
}

}  // namespace
}  // namespace baoxue::tabular
