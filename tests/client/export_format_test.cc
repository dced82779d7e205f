// The CLI's export flags (the renderings are tested in tests/exports).
#include "client/export_format.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace baoxue::client {
namespace {

using ::testing::HasSubstr;

TEST(CheckExportFlagsTest, NamesTheWrongFlag) {
  EXPECT_EQ(*CheckExportFlags("csv", "", "en", "x.xlsx"),
            domain::Language::kEn);
  EXPECT_EQ(*CheckExportFlags("table", "", "zh", "x.xlsx"),
            domain::Language::kZh);
  EXPECT_THAT(CheckExportFlags("pdf", "", "zh", "x.xlsx").status().message(),
              HasSubstr("--format"));
  EXPECT_THAT(CheckExportFlags("xlsx", "", "zh", "x.xlsx").status().message(),
              HasSubstr("--output"));
  EXPECT_THAT(CheckExportFlags("csv", "", "fr", "x.xlsx").status().message(),
              HasSubstr("--lang"));
}

}  // namespace
}  // namespace baoxue::client
