// The parsers of cell values: dates, division codes and option values.

#include "server/core/imports/field_parse.h"

#include <string>

#include "absl/time/civil_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/core/imports/row_reason.h"
#include "tests/testing/status_matchers.h"

namespace baoxue::core::imports {
namespace {

using ::baoxue::testing::IsOk;
using ::baoxue::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr absl::StatusCode kInvalid = absl::StatusCode::kInvalidArgument;

TEST(FieldParseTest, DateInEveryFormCountiesUse) {
  const absl::CivilDay want(2013, 9, 1);
  for (const char* text :
       {"2013-09-01", "2013-9-1", "20130901", "2013.09.01", "2013/9/1",
        "2013/09/01", "2013年9月1日", "2013年09月01日", "2013年9月1",
        " 2013-09-01 ", "2013-09-01 00:00:00", "2013-09-01T08:30", "41518",
        "41518.5"}) {
    absl::StatusOr<absl::CivilDay> day = ParseDate(text, "出生日期");
    ASSERT_THAT(day, IsOk()) << text;
    EXPECT_EQ(*day, want) << text;
  }
}

TEST(FieldParseTest, ExcelSerialsCountFrom18991230) {
  EXPECT_EQ(*ParseDate("36526", "d"), absl::CivilDay(2000, 1, 1));
  EXPECT_EQ(*ParseDate("44927", "d"), absl::CivilDay(2023, 1, 1));
}

TEST(FieldParseTest, ImpossibleOrAmbiguousDatesAreRefused) {
  for (const char* text :
       {"2013-02-30", "20131301", "2013.9", "2013", "13-09-01", "9/1/2013",
        "2013-09-01 morning", "abc", "99999", "1899-12-31", "2013-09-01-02"}) {
    EXPECT_THAT(ParseDate(text, "出生日期"),
                StatusIs(kInvalid, HasSubstr("出生日期: expected a date")))
        << text;
  }
  EXPECT_THAT(ParseDate("", "出生日期"),
              StatusIs(kInvalid, HasSubstr("出生日期: empty, expected")));
}

TEST(FieldParseTest, YearMonthIsTheFirstOfTheMonth) {
  const absl::CivilDay want(2013, 9, 1);
  for (const char* text : {"2013-09", "2013-9", "201309", "2013.09", "2013/9",
                           "2013年9月", "2013-09-15", "20130915", "41518"}) {
    absl::StatusOr<absl::CivilDay> day = ParseYearMonth(text, "入学年月");
    ASSERT_THAT(day, IsOk()) << text;
    EXPECT_EQ(*day, want) << text;
  }
  for (const char* text : {"2013", "201313", "2013-13", "2013年"}) {
    EXPECT_THAT(ParseYearMonth(text, "入学年月"),
                StatusIs(kInvalid, HasSubstr("入学年月: expected a month")))
        << text;
  }
}

TEST(FieldParseTest, DivisionCodesOfEveryLevel) {
  absl::StatusOr<domain::DivisionCode> village =
      ParseDivisionCode("360721100201");
  ASSERT_THAT(village, IsOk());
  EXPECT_EQ(village->digits(), "360721100201");
  EXPECT_EQ(village->level(), domain::AreaLevel::kVillage);

  absl::StatusOr<domain::DivisionCode> township =
      ParseDivisionCode("360721100");
  ASSERT_THAT(township, IsOk());
  EXPECT_EQ(township->digits(), "360721100000");
  EXPECT_EQ(township->level(), domain::AreaLevel::kTownship);
  EXPECT_EQ(ParseDivisionCode("360721100000")->level(),
            domain::AreaLevel::kTownship);

  absl::StatusOr<domain::DivisionCode> county = ParseDivisionCode("360721");
  ASSERT_THAT(county, IsOk());
  EXPECT_EQ(county->digits(), "360721000000");
  EXPECT_EQ(county->level(), domain::AreaLevel::kCounty);
}

TEST(FieldParseTest, RefusalsSayWhyInChineseToo) {
  const absl::Status date = ParseDate("2013-13-45", "出生日期").status();
  EXPECT_THAT(date, StatusIs(kInvalid, HasSubstr("expected a date")));
  EXPECT_EQ(ZhReasonOf(date),
            "应填日期，如 2013-09-01、20130901、2013/9/1 或 "
            "2013年9月1日，实际为“2013-13-45”");
  EXPECT_EQ(ZhReasonOf(ParseSex("", "性别").status()), "为空，应填男/女或 1/2");
  EXPECT_EQ(ZhReasonOf(ParseDivisionCode("36072", "户籍地代码").status()),
            "行政区划代码应为 12 位数字（县可填 6 位，乡镇可填 9 位）");
  EXPECT_EQ(ZhReasonOf(ParseDivisionCode("360700", "户籍地代码").status()),
            "这是地市或省的代码，应填县、乡镇或村的代码");
}

TEST(FieldParseTest, BadDivisionCodesAreRefused) {
  for (const char* text : {"36072", "3607211", "36072110020", "3607211002011",
                           "36072A", "360721000201", ""}) {
    EXPECT_THAT(ParseDivisionCode(text, "户籍地代码"),
                StatusIs(kInvalid, HasSubstr("户籍地代码: ")))
        << text;
  }
  EXPECT_THAT(ParseDivisionCode("360700"),
              StatusIs(kInvalid, HasSubstr("prefecture or province")));
}

TEST(FieldParseTest, Sex) {
  EXPECT_EQ(*ParseSex("男"), Sex::kMale);
  EXPECT_EQ(*ParseSex("1"), Sex::kMale);
  EXPECT_EQ(*ParseSex("女"), Sex::kFemale);
  EXPECT_EQ(*ParseSex(" 2 "), Sex::kFemale);
  EXPECT_EQ(*ParseSex("女性"), Sex::kFemale);
  EXPECT_THAT(ParseSex("未知"),
              StatusIs(kInvalid, "性别: expected 男/女 or 1/2, got \"未知\""));
  EXPECT_THAT(ParseSex("0"), Not(IsOk()));
}

TEST(FieldParseTest, LongBadValuesAreCutToTwentyCharacters) {
  const std::string value = "这是一个非常非常非常非常非常非常长的错误取值呀";
  absl::StatusOr<Sex> sex = ParseSex(value, "监护人性别");
  ASSERT_THAT(sex, StatusIs(kInvalid, HasSubstr("监护人性别: expected")));
  EXPECT_THAT(std::string(sex.status().message()),
              HasSubstr("\"这是一个非常非常非常非常非常非常长的错误…\""));
  EXPECT_EQ(QuoteValue("abc"), "abc");
  EXPECT_EQ(QuoteValue(std::string(25, 'a')), std::string(20, 'a') + "…");
}

TEST(FieldParseTest, YesNo) {
  for (const char* yes : {"是", "1", "Y", "y", "TRUE"}) {
    EXPECT_EQ(ParseYesNo(yes, "是否独生子女").value_or(false), true) << yes;
  }
  for (const char* no : {"否", "0", "N", "n", "FALSE"}) {
    EXPECT_EQ(ParseYesNo(no, "是否独生子女").value_or(true), false) << no;
  }
  EXPECT_THAT(
      ParseYesNo("有", "是否孤儿"),
      StatusIs(kInvalid, "是否孤儿: expected 是/否, 1/0 or Y/N, got \"有\""));
}

TEST(FieldParseTest, LeftBehind) {
  EXPECT_EQ(*ParseLeftBehind("非留守"), LeftBehind::kNo);
  EXPECT_EQ(*ParseLeftBehind("0"), LeftBehind::kNo);
  EXPECT_EQ(*ParseLeftBehind("单亲留守"), LeftBehind::kOneParentAway);
  EXPECT_EQ(*ParseLeftBehind("1"), LeftBehind::kOneParentAway);
  EXPECT_EQ(*ParseLeftBehind("双亲留守"), LeftBehind::kBothParentsAway);
  EXPECT_EQ(*ParseLeftBehind("2"), LeftBehind::kBothParentsAway);
  EXPECT_THAT(
      ParseLeftBehind("是"),
      StatusIs(kInvalid, HasSubstr("是否留守儿童: expected 非留守/单亲留守/"
                                   "双亲留守 or 0/1/2")));
}

TEST(FieldParseTest, Attendance) {
  EXPECT_EQ(*ParseAttendance("走读"), Attendance::kDayStudent);
  EXPECT_EQ(*ParseAttendance("1"), Attendance::kDayStudent);
  EXPECT_EQ(*ParseAttendance("住校"), Attendance::kBoarder);
  EXPECT_EQ(*ParseAttendance("2"), Attendance::kBoarder);
  EXPECT_THAT(
      ParseAttendance("3"),
      StatusIs(kInvalid, "就读方式: expected 走读/住校 or 1/2, got \"3\""));
}

TEST(FieldParseTest, EthnicityByNameOrCode) {
  EXPECT_EQ(*ParseEthnicity("汉族"), 1);
  EXPECT_EQ(*ParseEthnicity("汉"), 1);
  EXPECT_EQ(*ParseEthnicity("01"), 1);
  EXPECT_EQ(*ParseEthnicity("1"), 1);
  EXPECT_EQ(*ParseEthnicity("土家族"), 15);
  EXPECT_EQ(*ParseEthnicity("土族"), 30);
  EXPECT_EQ(*ParseEthnicity("柯尔克孜族"), 29);
  EXPECT_EQ(*ParseEthnicity("基诺族"), 56);
  EXPECT_EQ(*ParseEthnicity("56"), 56);
  for (int code = 1; code <= 56; ++code) {
    EXPECT_EQ(*ParseEthnicity(EthnicityName(code)), code);
  }
  EXPECT_EQ(EthnicityName(0), "");
  EXPECT_THAT(ParseEthnicity("57"), Not(IsOk()));
  EXPECT_THAT(ParseEthnicity("00"), Not(IsOk()));
  EXPECT_THAT(ParseEthnicity("火星族"),
              StatusIs(kInvalid, HasSubstr("民族: expected an ethnic group")));
}

TEST(FieldParseTest, GradeInEveryForm) {
  const char* chinese[] = {"一年级", "二年级", "三年级", "四年级", "五年级",
                           "六年级", "七年级", "八年级", "九年级"};
  for (int g = 1; g <= 9; ++g) {
    EXPECT_EQ(*ParseGrade(chinese[g - 1]), g);
    EXPECT_EQ(*ParseGrade(std::to_string(g)), g);
    EXPECT_EQ(*ParseGrade(std::to_string(g) + "年级"), g);
  }
  EXPECT_EQ(*ParseGrade("初一"), 7);
  EXPECT_EQ(*ParseGrade("初二"), 8);
  EXPECT_EQ(*ParseGrade("初三"), 9);
  EXPECT_EQ(*ParseGrade("初中一年级"), 7);
  EXPECT_EQ(*ParseGrade("小学六年级"), 6);
  for (const char* bad :
       {"0", "10", "初四", "十年级", "初中四年级", "小学七年级", "高一", ""}) {
    EXPECT_THAT(ParseGrade(bad), StatusIs(kInvalid, HasSubstr("年级: ")))
        << bad;
  }
}

}  // namespace
}  // namespace baoxue::core::imports
