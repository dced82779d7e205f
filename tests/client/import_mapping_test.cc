// The `import --mapping` file: a county's own headers, one per line.
#include "client/import_mapping.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace baoxue::client {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

TEST(ImportMappingTest, ReadsHeadersAndFieldsAsNotepadSavesThem) {
  absl::StatusOr<std::map<std::string, std::string>> mapping =
      ParseColumnMapping(
          "\xEF\xBB\xBF# 本县学籍表的表头\r\n"
          "学生编号 = student_number\r\n"
          "\r\n"
          "路程（公里）,distance_km\r\n"
          "  路上时间=travel_minutes  ");
  ASSERT_TRUE(mapping.ok()) << mapping.status();
  EXPECT_THAT(*mapping, ElementsAre(Pair("学生编号", "student_number"),
                                    Pair("路上时间", "travel_minutes"),
                                    Pair("路程（公里）", "distance_km")));
}

TEST(ImportMappingTest, TheFirstLineIsReadDespiteABom) {
  absl::StatusOr<std::map<std::string, std::string>> mapping =
      ParseColumnMapping("\xEF\xBB\xBF学生编号=student_number\n");
  ASSERT_TRUE(mapping.ok()) << mapping.status();
  EXPECT_EQ(mapping->count("学生编号"), 1u);
}

TEST(ImportMappingTest, NamesTheLineOfAMalformedEntry) {
  EXPECT_THAT(ParseColumnMapping("学生编号=student_number\n学籍号\n")
                  .status()
                  .message(),
              HasSubstr("line 2"));
  EXPECT_THAT(ParseColumnMapping("=student_number\n").status().message(),
              HasSubstr("line 1"));
  EXPECT_THAT(ParseColumnMapping("学生编号=\n").status().message(),
              HasSubstr("line 1"));
  EXPECT_THAT(ParseColumnMapping("学生编号=student_number\n学生编号=name\n")
                  .status()
                  .message(),
              HasSubstr("earlier line"));
  EXPECT_TRUE(ParseColumnMapping("").ok());
}

}  // namespace
}  // namespace baoxue::client
