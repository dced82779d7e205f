// PlainTable: the refused rows of an import under the county's own headers.
#include "exports/plain_table.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace baoxue::exports {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

PlainTable Refused() {
  return {"导入失败明细",
          {"全国学籍号", "身份证件号", "失败原因"},
          {{"G1", "**************123X",
            "学校标识码: no such school, \"3607999999\""}}};
}

TEST(PlainTableTest, CsvStartsWithABomAndQuotesReasons) {
  const std::string csv = PlainTableCsv(Refused());
  EXPECT_THAT(csv,
              StartsWith("\xEF\xBB\xBF全国学籍号,身份证件号,失败原因\r\n"));
  EXPECT_THAT(csv, HasSubstr("G1,**************123X,\"学校标识码: no such "
                             "school, \"\"3607999999\"\"\"\r\n"));
}

TEST(PlainTableTest, XlsxIsAWorkbook) {
  const absl::StatusOr<std::string> xlsx = PlainTableXlsx(Refused());
  ASSERT_TRUE(xlsx.ok()) << xlsx.status();
  EXPECT_THAT(*xlsx, StartsWith("PK\x03\x04"));
}

TEST(PlainTableTest, ARowWiderThanTheHeaderIsRefused) {
  PlainTable table = Refused();
  table.rows[0].push_back("extra");
  EXPECT_FALSE(PlainTableXlsx(table).ok());
}

}  // namespace
}  // namespace baoxue::exports
