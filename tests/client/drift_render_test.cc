// `baoxue model drift` in each language (--lang): what the PSI levels mean,
// the newest day's figures in the features' own words, PSI by day; Chinese
// lines with no English word but "PSI", English lines with no Chinese
// character; a model without a reference says to retrain.
#include <set>
#include <sstream>
#include <string>

#include "baoxue/v1/models.pb.h"
#include "client/drift_view.h"
#include "client/words.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/client/one_language.h"

namespace baoxue::client {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr Words kZh(domain::Language::kZh);
constexpr Words kEn(domain::Language::kEn);

baoxue::v1::GetDriftResponse TwoDays() {
  baoxue::v1::GetDriftResponse r;
  r.set_model_version("v3");
  r.set_has_reference(true);
  r.add_features("absence_trend_30d");
  r.add_features("score");
  r.set_from_date("2026-11-21");
  r.set_to_date("2026-12-04");
  r.set_moderate_psi(0.1);
  r.set_major_psi(0.25);
  baoxue::v1::DriftFeatureWords* words = r.add_feature_words();
  words->set_feature("absence_trend_30d");
  words->set_zh("缺勤率变化");
  words->set_en("change in absence rate");
  const auto add = [&r](const char* day, const char* source,
                        const char* feature, double psi,
                        baoxue::v1::DriftLevel level) {
    baoxue::v1::DriftFigure* f = r.add_figures();
    f->set_day(day);
    f->set_source(source);
    f->set_feature(feature);
    f->set_psi(psi);
    f->set_mean_shift(-0.11);
    f->set_rows(5000);
    f->set_level(level);
  };
  add("2026-12-04", "run", "absence_trend_30d", 0.31,
      baoxue::v1::DRIFT_LEVEL_MAJOR);
  add("2026-12-04", "refresh", "absence_trend_30d", 0.29,
      baoxue::v1::DRIFT_LEVEL_MAJOR);
  add("2026-12-04", "run", "score", 0.02, baoxue::v1::DRIFT_LEVEL_STABLE);
  add("2026-12-03", "refresh", "absence_trend_30d", 0.17,
      baoxue::v1::DRIFT_LEVEL_MODERATE);
  return r;
}

std::string Render(const baoxue::v1::GetDriftResponse& r, Words words) {
  std::ostringstream out;
  PrintDrift(r, words, out);
  return out.str();
}

TEST(DriftRenderTest, ChineseShowsTheLevelsInWordsAndNoEnglishButPsi) {
  const std::string text = Render(TwoDays(), kZh);
  EXPECT_THAT(text, HasSubstr("缺勤率变化"));
  EXPECT_THAT(text, HasSubstr("显著偏移"));
  EXPECT_THAT(text, HasSubstr("风险研判"));  // the run's figure of the day
  EXPECT_THAT(text, HasSubstr("0.310"));
  EXPECT_THAT(text, Not(HasSubstr("0.290")));
  EXPECT_THAT(text, HasSubstr("0.17"));  // the day before, by day
  std::set<std::string> english;
  for (const std::string& w : testing::EnglishWords(text)) english.insert(w);
  english.erase("PSI");
  EXPECT_THAT(english, IsEmpty()) << text;
}

TEST(DriftRenderTest, EnglishHasNoChineseCharacter) {
  const std::string text = Render(TwoDays(), kEn);
  EXPECT_THAT(text, HasSubstr("change in absence rate"));
  EXPECT_THAT(text, HasSubstr("major shift"));
  EXPECT_THAT(text, HasSubstr("risk score"));
  EXPECT_THAT(testing::ChineseCharacters(text), IsEmpty()) << text;
}

TEST(DriftRenderTest, AModelWithoutAReferenceIsToldToRetrain) {
  baoxue::v1::GetDriftResponse r;
  r.set_model_version("v1");
  EXPECT_THAT(Render(r, kEn), HasSubstr("Retrain it"));
  EXPECT_THAT(Render(r, kZh), HasSubstr("请重新训练模型"));
}

}  // namespace
}  // namespace baoxue::client
