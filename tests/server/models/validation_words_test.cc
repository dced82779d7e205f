// The validation's plain words: the same facts said in Chinese and in
// English, one warning per problem in each, and no Latin letters in the
// Chinese (issue 17: one language at a time).
#include "server/core/validation_words.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace baoxue::core {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

bool HasLatinLetter(const std::string& text) {
  for (char c : text) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  }
  return false;
}

ValidationFacts Overlapping() {
  ValidationFacts facts;
  facts.method = ValidationMethod::kLaterSnapshot;
  facts.training_as_of = {absl::CivilDay(2026, 5, 1),
                          absl::CivilDay(2026, 6, 1)};
  facts.validation_as_of = absl::CivilDay(2026, 7, 1);
  facts.horizon_days = 120;
  facts.validation_positives = 12;
  return facts;
}

TEST(ValidationWordsTest, OverlapAndFewDropoutsAreWarnedInBothLanguages) {
  const ValidationText en =
      DescribeValidation(Overlapping(), domain::Language::kEn);
  const ValidationText zh =
      DescribeValidation(Overlapping(), domain::Language::kZh);
  EXPECT_EQ(en.method, "later snapshot as of 2026-07-01 (held out in time)");
  EXPECT_EQ(zh.method, "以后的快照（截至 2026-07-01，按时间留出）");
  ASSERT_THAT(en.warnings, SizeIs(2));
  ASSERT_THAT(zh.warnings, SizeIs(2));
  EXPECT_THAT(en.warnings[0], HasSubstr("validation overlaps training"));
  EXPECT_THAT(zh.warnings[0], HasSubstr("验证与训练重叠"));
  EXPECT_THAT(zh.warnings[0], HasSubstr("120 天"));
  EXPECT_THAT(en.warnings[1], HasSubstr("only 12 dropouts"));
  EXPECT_THAT(zh.warnings[1], HasSubstr("只有 12 名辍学"));
  EXPECT_FALSE(HasLatinLetter(zh.method));
  for (const std::string& warning : zh.warnings) {
    EXPECT_FALSE(HasLatinLetter(warning)) << warning;
  }
}

TEST(ValidationWordsTest, ALaterSnapshotPastTheHorizonHasNoWarning) {
  ValidationFacts facts = Overlapping();
  facts.training_as_of = {absl::CivilDay(2026, 2, 1)};
  facts.validation_positives = 40;
  EXPECT_THAT(DescribeValidation(facts, domain::Language::kZh).warnings,
              IsEmpty());
  EXPECT_THAT(DescribeValidation(facts, domain::Language::kEn).warnings,
              IsEmpty());
}

TEST(ValidationWordsTest, FoldsAndHeldOutSayTheyShareTheDates) {
  ValidationFacts facts;
  facts.method = ValidationMethod::kKFold;
  facts.folds = 3;
  facts.validation_positives = 0;
  const ValidationText zh = DescribeValidation(facts, domain::Language::kZh);
  EXPECT_EQ(zh.method, "按学生 3 折交叉验证（每行由不含该学生的模型评分）");
  EXPECT_THAT(zh.warnings, ElementsAre(HasSubstr("验证与训练日期相同"),
                                       HasSubstr("验证数据中没有辍学")));
  facts.method = ValidationMethod::kHeldOut;
  facts.held_out_share = 0.2;
  EXPECT_EQ(DescribeValidation(facts, domain::Language::kEn).method,
            "20% of the students held out of every training snapshot");
  EXPECT_EQ(DescribeValidation(facts, domain::Language::kZh).method,
            "每个训练快照都留出 20% 的学生");
}

}  // namespace
}  // namespace baoxue::core
