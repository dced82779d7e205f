// The domain's value types: one name table per enum, division codes, the
// county's time.
#include "domain/county_time.h"
#include "domain/division_code.h"
#include "domain/vocabulary.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace baoxue::domain {
namespace {

using ::testing::HasSubstr;

template <typename Enum>
void ExpectCodesAndLabelsRoundTrip() {
  for (const Term<Enum>& term : Vocabulary<Enum>::kTerms) {
    EXPECT_EQ(Parse<Enum>(term.code), term.value) << term.code;
    EXPECT_EQ(Code(term.value), term.code);
    EXPECT_FALSE(Label(term.value, Language::kZh).empty()) << term.code;
    EXPECT_FALSE(Label(term.value, Language::kEn).empty()) << term.code;
  }
}

TEST(VocabularyTest, EveryEnumHasOneCodeAndBothLabelsPerValue) {
  ExpectCodesAndLabelsRoundTrip<RiskTier>();
  ExpectCodesAndLabelsRoundTrip<RiskTrend>();
  ExpectCodesAndLabelsRoundTrip<ChainRole>();
  ExpectCodesAndLabelsRoundTrip<CaseStatus>();
  ExpectCodesAndLabelsRoundTrip<CaseOutcome>();
  ExpectCodesAndLabelsRoundTrip<CaseEventKind>();
  ExpectCodesAndLabelsRoundTrip<CaseMessageKind>();
  ExpectCodesAndLabelsRoundTrip<OpenReason>();
  ExpectCodesAndLabelsRoundTrip<CallerRole>();
  ExpectCodesAndLabelsRoundTrip<AreaLevel>();
  ExpectCodesAndLabelsRoundTrip<ImportKind>();
  ExpectCodesAndLabelsRoundTrip<CaseKind>();
  ExpectCodesAndLabelsRoundTrip<CheckComparison>();
  ExpectCodesAndLabelsRoundTrip<CheckReason>();
  ExpectCodesAndLabelsRoundTrip<CheckRowState>();
  ExpectCodesAndLabelsRoundTrip<KeyGroup>();
  EXPECT_EQ(Parse<RiskTier>("HIGH"), std::nullopt);
}

TEST(VocabularyTest, TheSixHeadsAreLevelsOneToSix) {
  EXPECT_EQ(RoleAtLevel(1), ChainRole::kTeacher);
  EXPECT_EQ(RoleAtLevel(6), ChainRole::kTownshipHead);
  EXPECT_EQ(RoleAtLevel(0), std::nullopt);
  EXPECT_EQ(RoleAtLevel(7), std::nullopt);
  EXPECT_EQ(LevelOf(ChainRole::kParent), 3);
  EXPECT_EQ(Label(ChainRole::kTeacher, Language::kZh), "师长");
}

TEST(DivisionCodeTest, ShortFormsArePaddedAndLevelsRead) {
  EXPECT_EQ(DivisionCode::Parse("360799")->digits(), "360799000000");
  EXPECT_EQ(DivisionCode::Parse("360799101")->level(), AreaLevel::kTownship);
  const DivisionCode village = *DivisionCode::Parse("360799101201");
  EXPECT_EQ(village.level(), AreaLevel::kVillage);
  EXPECT_EQ(village.Township().digits(), "360799101000");
  EXPECT_EQ(village.County().prefix(), "360799");
  EXPECT_TRUE(DivisionCode::Parse("360799101")->Contains(village));
  EXPECT_FALSE(DivisionCode::Parse("360799102")->Contains(village));
}

TEST(DivisionCodeTest, BadCodesNameTheField) {
  for (const char* text :
       {"", "36079", "3607991012011", "36079A", "360700", "360799000201"}) {
    EXPECT_THAT(DivisionCode::Parse(text, "area_code").status().message(),
                HasSubstr("area_code"))
        << text;
  }
  EXPECT_FALSE(DivisionCode::ParseFull("360799").ok());
}

TEST(CountyTimeTest, TimesAreShownInUtcPlusEight) {
  const absl::Time t = absl::FromCivil(
      absl::CivilSecond(2026, 11, 22, 1, 30, 0), absl::UTCTimeZone());
  EXPECT_EQ(FormatCountyTime(t), "2026-11-22T09:30:00+08:00");
  EXPECT_EQ(FormatCountyMinute(t), "2026-11-22 09:30");
  EXPECT_EQ(
      CountyDay(absl::FromCivil(absl::CivilSecond(2026, 11, 22, 16, 30, 0),
                                absl::UTCTimeZone())),
      absl::CivilDay(2026, 11, 23));
  absl::Time parsed;
  ASSERT_TRUE(ParseInstant("2026-11-22T09:30:00+08:00", &parsed));
  EXPECT_EQ(parsed, t);
}

}  // namespace
}  // namespace baoxue::domain
