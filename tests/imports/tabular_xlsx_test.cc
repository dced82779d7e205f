// ReadTable on .xlsx workbooks written by libxlsxwriter.

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tabular/table.h"
#include "tests/imports/fixtures.h"
#include "tests/testing/status_matchers.h"
#include "xlsxwriter.h"

namespace baoxue::tabular {
namespace {

using ::baoxue::tabular::testing::XlsxBytes;
using ::baoxue::testing::IsOk;
using ::baoxue::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Excel's serial day of 2013-09-01 (days since 1899-12-30).
constexpr double kSerial20130901 = 41518;

// What a county's roster export looks like: a cover page, a hidden sheet of
// drop-down options, then the roster with a merged title above its header.
void BuildRoster(lxw_workbook* workbook) {
  lxw_worksheet* cover = workbook_add_worksheet(workbook, "封面");
  worksheet_write_string(cover, 0, 0, "2024年秋季学期学籍数据", nullptr);
  worksheet_write_string(cover, 2, 1, "某县教育局", nullptr);

  lxw_worksheet* options = workbook_add_worksheet(workbook, "选项");
  for (int r = 0; r < 3; ++r) {
    worksheet_write_string(options, r, 0, "汉族", nullptr);
    worksheet_write_string(options, r, 1, "男", nullptr);
    worksheet_write_string(options, r, 2, "走读", nullptr);
    worksheet_write_string(options, r, 3, "是", nullptr);
  }
  worksheet_hide(options);

  lxw_worksheet* roster = workbook_add_worksheet(workbook, "学籍");
  lxw_format* date = workbook_add_format(workbook);
  format_set_num_format(date, "yyyy-mm-dd");
  lxw_format* chinese_date = workbook_add_format(workbook);
  format_set_num_format(chinese_date, "yyyy\"年\"m\"月\"d\"日\"");
  lxw_format* builtin_date = workbook_add_format(workbook);
  format_set_num_format_index(builtin_date, 14);
  lxw_format* date_time = workbook_add_format(workbook);
  format_set_num_format(date_time, "yyyy-mm-dd hh:mm");
  lxw_format* time = workbook_add_format(workbook);
  format_set_num_format(time, "h:mm");
  lxw_format* money = workbook_add_format(workbook);
  format_set_num_format(money, "0.00");
  worksheet_merge_range(roster, 0, 0, 0, 7, "某县2024年学生名单", nullptr);
  const char* headers[] = {"★姓名",    "性别",     "出生\n日期", "身份证件号",
                           "入学年月", "是否留守", "到校时间",   "人均收入"};
  for (int c = 0; c < 8; ++c)
    worksheet_write_string(roster, 1, c, headers[c], nullptr);
  worksheet_write_string(roster, 2, 0, "张三", nullptr);
  worksheet_write_string(roster, 2, 1, "男", nullptr);
  worksheet_write_number(roster, 2, 2, kSerial20130901, date);
  worksheet_write_string(roster, 2, 3, "00000020130901000X", nullptr);
  worksheet_write_number(roster, 2, 4, kSerial20130901, chinese_date);
  worksheet_write_boolean(roster, 2, 5, 1, nullptr);
  worksheet_write_number(roster, 2, 6, 0.3125, time);  // 07:30
  worksheet_write_number(roster, 2, 7, 3456.5, money);
  // Row 4 is left empty; row 5 has gaps and an ID typed as a number.
  worksheet_write_string(roster, 4, 0, " 欧阳娜 ", nullptr);
  worksheet_write_number(roster, 4, 2, kSerial20130901 + 0.5, builtin_date);
  worksheet_write_number(roster, 4, 3, 360799199001011000.0, nullptr);
  worksheet_write_number(roster, 4, 4, kSerial20130901 + 0.75, date_time);
  worksheet_write_number(roster, 4, 7, 42, nullptr);
}

TEST(TabularXlsxTest, ChoosesTheRosterBehindACoverPageAndAHiddenSheet) {
  absl::StatusOr<Table> table = ReadTable(XlsxBytes(BuildRoster), "r.xlsx", "");
  ASSERT_THAT(table, IsOk());
  EXPECT_EQ(table->sheet, "学籍");
  EXPECT_EQ(table->header_row_number, 2);
  EXPECT_THAT(table->header,
              ElementsAre("姓名", "性别", "出生日期", "身份证件号", "入学年月",
                          "是否留守", "到校时间", "人均收入"));
  ASSERT_EQ(table->rows.size(), 2u);
  EXPECT_EQ(table->rows[0].number, 3);
  EXPECT_THAT(table->rows[0].cells,
              ElementsAre("张三", "男", "2013-09-01", "00000020130901000X",
                          "2013-09-01", "TRUE", "07:30:00", "3456.5"));
  EXPECT_EQ(table->rows[1].number, 5);
  EXPECT_THAT(table->rows[1].cells,
              ElementsAre("欧阳娜", "", "2013-09-01", "3.60799199001011E+17",
                          "2013-09-01 18:00:00", "", "", "42"));
}

TEST(TabularXlsxTest, ReadsANamedSheetEvenWhenHidden) {
  absl::StatusOr<Table> table =
      ReadTable(XlsxBytes(BuildRoster), "r.xlsx", "选项");
  ASSERT_THAT(table, IsOk());
  EXPECT_EQ(table->sheet, "选项");
  EXPECT_THAT(table->header, ElementsAre("汉族", "男", "走读", "是"));
  EXPECT_EQ(table->rows.size(), 2u);
}

TEST(TabularXlsxTest, MissingSheetIsNotFoundListingTheSheets) {
  EXPECT_THAT(
      ReadTable(XlsxBytes(BuildRoster), "r.xlsx", "学生"),
      StatusIs(absl::StatusCode::kNotFound,
               "r.xlsx: sheet 学生 not found; sheets: 封面, 选项, 学籍"));
}

// libxlsxwriter's constant-memory mode writes t="inlineStr" cells.
TEST(TabularXlsxTest, InlineStringsAreRead) {
  const std::string bytes = XlsxBytes(
      [](lxw_workbook* workbook) {
        lxw_worksheet* sheet = workbook_add_worksheet(workbook, "Sheet1");
        worksheet_write_string(sheet, 0, 0, "姓名", nullptr);
        worksheet_write_string(sheet, 0, 1, "民族", nullptr);
        worksheet_write_string(sheet, 1, 0, "张三", nullptr);
        worksheet_write_string(sheet, 1, 1, "汉族", nullptr);
      },
      /*constant_memory=*/true);
  absl::StatusOr<Table> table = ReadTable(bytes, "inline.xlsx", "");
  ASSERT_THAT(table, IsOk());
  EXPECT_THAT(table->header, ElementsAre("姓名", "民族"));
  EXPECT_THAT(table->rows.at(0).cells, ElementsAre("张三", "汉族"));
}

TEST(TabularXlsxTest, RichTextRunsAreJoined) {
  const std::string bytes = XlsxBytes([](lxw_workbook* workbook) {
    lxw_worksheet* sheet = workbook_add_worksheet(workbook, "Sheet1");
    lxw_format* bold = workbook_add_format(workbook);
    format_set_bold(bold);
    lxw_rich_string_tuple first = {bold, const_cast<char*>("★")};
    lxw_rich_string_tuple second = {nullptr, const_cast<char*>("姓名")};
    lxw_rich_string_tuple* runs[] = {&first, &second, nullptr};
    worksheet_write_rich_string(sheet, 0, 0, runs, nullptr);
    worksheet_write_string(sheet, 0, 1, "性别", nullptr);
    worksheet_write_string(sheet, 1, 0, "张三", nullptr);
  });
  absl::StatusOr<Table> table = ReadTable(bytes, "rich.xlsx", "");
  ASSERT_THAT(table, IsOk());
  EXPECT_THAT(table->header, ElementsAre("姓名", "性别"));
}

TEST(TabularXlsxTest, AWorkbookOfCoverPagesOnlyFallsBackToTheFirst) {
  const std::string bytes = XlsxBytes([](lxw_workbook* workbook) {
    lxw_worksheet* sheet = workbook_add_worksheet(workbook, "封面");
    worksheet_write_string(sheet, 0, 0, "姓名", nullptr);
    worksheet_write_string(sheet, 1, 0, "张三", nullptr);
  });
  absl::StatusOr<Table> table = ReadTable(bytes, "one.xlsx", "");
  ASSERT_THAT(table, IsOk());
  EXPECT_THAT(table->header, ElementsAre("姓名"));
  EXPECT_EQ(table->rows.size(), 1u);
}

TEST(TabularXlsxTest, EmptyWorkbookIsInvalidArgument) {
  const std::string bytes = XlsxBytes([](lxw_workbook* workbook) {
    workbook_add_worksheet(workbook, "Sheet1");
  });
  EXPECT_THAT(ReadTable(bytes, "empty.xlsx", ""),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("no sheet has a header row; sheets: Sheet1")));
}

TEST(TabularXlsxTest, CapsAreResourceExhausted) {
  const std::string bytes = XlsxBytes(BuildRoster);
  ReadOptions options;
  options.max_rows = 2;
  EXPECT_THAT(
      ReadTable(bytes, "r.xlsx", "学籍", options),
      StatusIs(absl::StatusCode::kResourceExhausted, HasSubstr("max_rows")));
  options = ReadOptions();
  options.max_columns = 4;
  EXPECT_THAT(
      ReadTable(bytes, "r.xlsx", "学籍", options),
      StatusIs(absl::StatusCode::kResourceExhausted, HasSubstr("max_columns")));
  options = ReadOptions();
  options.max_uncompressed_bytes = 1000;
  EXPECT_THAT(ReadTable(bytes, "r.xlsx", "", options),
              StatusIs(absl::StatusCode::kResourceExhausted,
                       HasSubstr("max_uncompressed_bytes")));
}

TEST(TabularXlsxTest, AZipThatIsNoWorkbookIsInvalidArgument) {
  // A zip holding one stored file "a.txt".
  const std::string zip = tabular::testing::ReadFileBytes(
      std::string(BAOXUE_IMPORTS_TESTDATA) + "/not_a_workbook.zip");
  ASSERT_FALSE(zip.empty());
  EXPECT_THAT(ReadTable(zip, "a.xlsx", ""),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("a zip without a workbook")));
}

}  // namespace
}  // namespace baoxue::tabular
