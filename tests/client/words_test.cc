// The CLI's one language (client/words.h) and the test helpers that say what
// "one language" means.
#include "client/words.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/client/one_language.h"

namespace baoxue::client {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

TEST(WordsTest, FlagChoosesTheLanguage) {
  EXPECT_EQ(Words::FromFlag("zh")->language(), domain::Language::kZh);
  EXPECT_EQ(Words::FromFlag("en")->language(), domain::Language::kEn);
  EXPECT_TRUE(Words::FromFlag("en")->english());
  EXPECT_FALSE(Words::FromFlag("zh")->english());
}

TEST(WordsTest, AnyOtherLanguageIsRefusedNamingTheFlag) {
  for (const char* lang : {"fr", "", "ZH", "zh-CN", "both"}) {
    const absl::StatusOr<Words> words = Words::FromFlag(lang);
    EXPECT_EQ(words.status().code(), absl::StatusCode::kInvalidArgument)
        << lang;
    EXPECT_THAT(words.status().message(), HasSubstr("--lang")) << lang;
  }
}

TEST(WordsTest, PicksOnePhrase) {
  const Words zh(domain::Language::kZh);
  const Words en(domain::Language::kEn);
  EXPECT_EQ(zh("已吊销", "revoked"), "已吊销");
  EXPECT_EQ(en("已吊销", "revoked"), "revoked");
}

TEST(WordsTest, EnumsSpeakTheOneVocabulary) {
  const Words zh(domain::Language::kZh);
  const Words en(domain::Language::kEn);
  EXPECT_EQ(zh.Label(domain::RiskTier::kHigh), "高");
  EXPECT_EQ(en.Label(domain::RiskTier::kHigh), "high");
  EXPECT_EQ(
      zh.Label(domain::CallerRole::kOfficial),
      domain::Label(domain::CallerRole::kOfficial, domain::Language::kZh));
  EXPECT_EQ(en.Label(domain::CaseEventKind::kHomeVisit), "home visit");
}

TEST(OneLanguageHelpersTest, FindEnglishWordsAndChineseCharacters) {
  EXPECT_THAT(testing::EnglishWords("学生 G3607X 风险 0.823 高 v3"), IsEmpty());
  EXPECT_THAT(testing::EnglishWords("学生 student 5 风险 risk"),
              ElementsAre("student", "risk"));
  EXPECT_THAT(testing::ChineseCharacters("student 5  risk 0.823  high"),
              IsEmpty());
  EXPECT_THAT(testing::ChineseCharacters("risk 高（"), ElementsAre("高", "（"));
}

}  // namespace
}  // namespace baoxue::client
