// ReadTable on damaged input: truncated workbooks, garbage behind a known
// magic, binary noise. Every case must end in a status, never a crash.

#include <random>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tabular/table.h"
#include "tests/imports/fixtures.h"
#include "tests/testing/status_matchers.h"
#include "xlsxwriter.h"

namespace baoxue::tabular {
namespace {

using ::baoxue::testing::IsOk;
using ::baoxue::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;

std::string SmallXlsx() {
  return testing::XlsxBytes([](lxw_workbook* workbook) {
    lxw_worksheet* sheet = workbook_add_worksheet(workbook, "学籍");
    for (int r = 0; r < 20; ++r) {
      for (int c = 0; c < 5; ++c) {
        worksheet_write_string(sheet, r, c, "单元格", nullptr);
      }
    }
  });
}

std::string RandomBytes(size_t size, unsigned seed) {
  std::mt19937 random(seed);
  std::string bytes(size, '\0');
  for (char& b : bytes) b = static_cast<char>(random() & 0xFF);
  return bytes;
}

TEST(TabularRobustnessTest, EveryTruncationOfAnXlsxIsRefused) {
  const std::string bytes = SmallXlsx();
  ASSERT_THAT(ReadTable(bytes, "ok.xlsx", ""), IsOk());
  for (size_t length = 4; length < bytes.size(); length += 37) {
    EXPECT_THAT(ReadTable(bytes.substr(0, length), "cut.xlsx", ""), Not(IsOk()))
        << "length " << length;
  }
}

TEST(TabularRobustnessTest, TruncatedXlsIsRefused) {
  const std::string bytes = testing::ReadFileBytes(
      std::string(BAOXUE_IMPORTS_TESTDATA) + "/roster.xls");
  ASSERT_THAT(ReadTable(bytes, "ok.xls", ""), IsOk());
  for (size_t length = 8; length < bytes.size() / 2; length += 97) {
    EXPECT_THAT(ReadTable(bytes.substr(0, length), "cut.xls", ""), Not(IsOk()))
        << "length " << length;
  }
}

TEST(TabularRobustnessTest, CorruptedXlsxBytesNeverCrash) {
  const std::string bytes = SmallXlsx();
  std::mt19937 random(7);
  for (int round = 0; round < 200; ++round) {
    std::string damaged = bytes;
    for (int k = 0; k < 4; ++k) {
      damaged[4 + random() % (damaged.size() - 4)] =
          static_cast<char>(random());
    }
    // Some damage is harmless (a flipped byte in a comment); any outcome but
    // a crash is fine.
    (void)ReadTable(damaged, "flipped.xlsx", "");
  }
}

TEST(TabularRobustnessTest, GarbageBehindAMagicIsInvalidArgument) {
  for (unsigned seed = 1; seed <= 20; ++seed) {
    const std::string noise = RandomBytes(512 + seed * 13, seed);
    EXPECT_THAT(ReadTable("PK\x03\x04" + noise, "g.xlsx", ""),
                StatusIs(absl::StatusCode::kInvalidArgument));
    EXPECT_THAT(
        ReadTable(std::string("\xD0\xCF\x11\xE0", 4) + noise, "g.xls", ""),
        StatusIs(absl::StatusCode::kInvalidArgument));
  }
}

TEST(TabularRobustnessTest, BinaryNoiseIsNotTakenForText) {
  for (unsigned seed = 1; seed <= 20; ++seed) {
    EXPECT_THAT(ReadTable(RandomBytes(2048, seed), "noise.bin", ""),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         HasSubstr("not a spreadsheet")));
  }
}

}  // namespace
}  // namespace baoxue::tabular
