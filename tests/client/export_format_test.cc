// The CLI's export flags (the renderings are tested in tests/exports).
#include "client/export_format.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace baoxue::client {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

TEST(CheckExportFlagsTest, NamesTheWrongFlag) {
  EXPECT_TRUE(CheckExportFlags("csv", "", "x.xlsx").ok());
  EXPECT_TRUE(CheckExportFlags("xlsx", "x.xlsx", "x.xlsx").ok());
  EXPECT_THAT(CheckExportFlags("pdf", "", "x.xlsx").message(),
              HasSubstr("--format"));
  EXPECT_THAT(CheckExportFlags("xlsx", "", "x.xlsx").message(),
              AllOf(HasSubstr("--output"), HasSubstr("x.xlsx")));
}

}  // namespace
}  // namespace baoxue::client
