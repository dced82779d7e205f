// The `model` and `featureset` commands' text in each language (--lang):
// the same data, Chinese lines with no English word but the server's own
// (how it validated, its warnings, who trained), English lines with no
// Chinese character.
#include <set>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "baoxue/v1/models.pb.h"
#include "client/featureset_view.h"
#include "client/model_view.h"
#include "client/words.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/client/one_language.h"

namespace baoxue::client {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr Words kZh(domain::Language::kZh);
constexpr Words kEn(domain::Language::kEn);

constexpr char kMethod[] = "later snapshot as of 2026-07-01 (held out in time)";
constexpr char kWarning[] = "validation overlaps training";
constexpr char kMethodZh[] = "以后的快照（截至 2026-07-01，按时间留出）";
constexpr char kWarningZh[] = "验证与训练重叠";

baoxue::v1::ModelSummary Summary() {
  baoxue::v1::ModelSummary m;
  m.set_version("v3");
  m.set_state(baoxue::v1::MODEL_STATE_CANDIDATE);
  m.set_created_at("2026-11-20T08:00:00Z");
  m.set_created_by("token 5");
  m.add_training_as_of_dates("2026-03-01");
  m.add_training_as_of_dates("2026-04-01");
  m.set_validation_as_of_date("2026-07-01");
  m.set_horizon_days(120);
  m.set_training_rows(4000);
  m.set_positive_rows(80);
  m.set_validation_rows(2000);
  m.set_validation_positive_rows(30);
  m.set_validation_auc(0.8123);
  m.set_l2_penalty(1);
  m.set_positive_class_weight(2);
  m.set_feature_set_version("fs2");
  m.add_features()->set_name("absence_rate_30d");
  m.mutable_thresholds()->set_high(0.3);
  m.mutable_thresholds()->set_medium(0.1);
  m.set_metrics_json(
      R"({"validation": {"roc_auc": 0.8123, "pr_auc": 0.41, "log_loss": 0.2,)"
      R"( "brier": 0.05, "at_tiers": [{"label": "HIGH", "recall": 0.5,)"
      R"( "precision": 0.25}]}})");
  m.set_fairness_json(R"([{"group": "township", "flags": ["recall"]}])");
  m.set_validation_method(kMethod);
  m.add_validation_warnings(kWarning);
  m.set_validation_method_zh(kMethodZh);
  m.add_validation_warnings_zh(kWarningZh);
  return m;
}

// The English words that are data, not the CLI's words: who trained it and
// the feature set's version (fs2).
std::set<std::string> ServerWords(const baoxue::v1::ModelSummary& m) {
  std::set<std::string> words = {"fs"};
  for (const std::string& w : testing::EnglishWords(m.created_by())) {
    words.insert(w);
  }
  return words;
}

std::string SummaryIn(Words words) {
  std::ostringstream out;
  PrintModelSummary(Summary(), words, out);
  return out.str();
}

TEST(RenderModelTest, ChineseSummaryHasTheDataAndOnlyTheServersEnglish) {
  const std::string text = SummaryIn(kZh);
  // deploy/demo.sh reads the version from the first line.
  EXPECT_EQ(text.substr(0, text.find('\n')), "版本 v3  候选");
  EXPECT_THAT(text, AllOf(HasSubstr("训练快照 2026-03-01, 2026-04-01（4000 "
                                    "行，辍学 80）"),
                          HasSubstr("曲线下面积 0.8123"),
                          HasSubstr(absl::StrCat("验证方式：", kMethodZh)),
                          HasSubstr(absl::StrCat("注意：", kWarningZh)),
                          HasSubstr("特征集 fs2，1 个特征"),
                          HasSubstr("阈值：高 ≥ 0.3000，中 ≥ 0.1000"),
                          HasSubstr("缺勤率规则"),
                          HasSubstr("公平性：1 个群体被标记")));
  const std::set<std::string> server = ServerWords(Summary());
  for (const std::string& word : testing::EnglishWords(text)) {
    EXPECT_TRUE(server.count(word)) << word << " in\n" << text;
  }
}

TEST(RenderModelTest, EnglishSummaryHasTheDataAndNoChinese) {
  const std::string text = SummaryIn(kEn);
  EXPECT_EQ(text.substr(0, text.find('\n')), "version v3  candidate");
  EXPECT_THAT(text,
              AllOf(HasSubstr("training snapshots 2026-03-01, 2026-04-01  "
                              "(4000 rows, 80 dropouts)"),
                    HasSubstr("AUC 0.8123"),
                    HasSubstr(absl::StrCat("validation by ", kMethod)),
                    HasSubstr(absl::StrCat("WARNING: ", kWarning)),
                    HasSubstr("feature set fs2, 1 features"),
                    HasSubstr("tiers: high >= 0.3000, medium >= 0.1000"),
                    HasSubstr("absence rule"),
                    HasSubstr("fairness: 1 group(s) flagged")));
  EXPECT_THAT(testing::ChineseCharacters(text), IsEmpty()) << text;
}

TEST(RenderModelTest, ListCompareAndActivationInOneLanguage) {
  baoxue::v1::ListModelsResponse list;
  *list.add_models() = Summary();
  baoxue::v1::CompareModelsResponse compared;
  *compared.mutable_model() = Summary();
  *compared.mutable_other() = Summary();
  compared.mutable_other()->set_version("v2");
  compared.mutable_other()->set_state(baoxue::v1::MODEL_STATE_ACTIVE);
  compared.set_auc_difference(0.01);
  baoxue::v1::ActivateModelResponse activated;
  activated.set_version("v3");
  activated.set_previous_version("v2");
  for (const Words words : {kZh, kEn}) {
    std::ostringstream out;
    PrintModelList(list, words, out);
    PrintModelComparison(compared, words, out);
    PrintActivation(activated, words, out);
    const std::string text = out.str();
    if (words.english()) {
      EXPECT_THAT(text,
                  AllOf(HasSubstr("candidate"), HasSubstr("active"),
                        HasSubstr("validation AUC"), HasSubstr("(+0.0100)"),
                        HasSubstr("active: v3  (retired: v2)")));
      EXPECT_THAT(testing::ChineseCharacters(text), IsEmpty()) << text;
    } else {
      EXPECT_THAT(text,
                  AllOf(HasSubstr("候选"), HasSubstr("使用中"),
                        HasSubstr("验证曲线下面积"), HasSubstr("(+0.0100)"),
                        HasSubstr("使用中：v3（已退役：v2）")));
      EXPECT_THAT(testing::EnglishWords(text), IsEmpty()) << text;
    }
  }
}

baoxue::v1::FeatureSetDefinition CountySet() {
  baoxue::v1::FeatureSetDefinition set;
  set.set_version("fs2");
  set.set_name("县2026");
  set.set_created_at("2026-11-20T08:00:00Z");
  set.set_created_by("令牌 5");
  set.set_relation("(视图)");
  baoxue::v1::FeatureDefinition& f = *set.add_features();
  f.set_name("远");
  f.set_expression("远");
  f.set_min(0);
  f.set_max(1);
  f.set_zh("家离学校超过10公里");
  f.set_en("lives more than 10 km from school");
  f.add_measures("交通或寄宿补助 (transport or boarding subsidy)");
  return set;
}

// Names, expressions and the relation are the county's own text: Chinese
// here, so every English word would be the CLI's.
TEST(RenderFeatureSetTest, ShowInEachLanguage) {
  std::ostringstream zh;
  PrintFeatureSet(CountySet(), kZh, zh);
  // deploy/demo.sh reads the version from the first line.
  EXPECT_EQ(zh.str().substr(0, zh.str().find('\n')), "特征集 fs2  县2026");
  EXPECT_THAT(zh.str(),
              AllOf(HasSubstr("0..1"), HasSubstr("      家离学校超过10公里\n"),
                    HasSubstr("措施：交通或寄宿补助\n")));
  // The one ASCII word is the version's ("fs2").
  EXPECT_THAT(testing::EnglishWords(zh.str()), ElementsAre("fs")) << zh.str();

  baoxue::v1::FeatureSetDefinition plain = CountySet();
  plain.set_name("county-2026");
  plain.set_created_by("token 5");
  plain.set_relation("student_features");
  plain.mutable_features(0)->set_name("far");
  plain.mutable_features(0)->set_expression("far");
  std::ostringstream en;
  PrintFeatureSet(plain, kEn, en);
  EXPECT_EQ(en.str().substr(0, en.str().find('\n')),
            "feature set fs2  county-2026");
  EXPECT_THAT(en.str(),
              AllOf(HasSubstr("created 2026-11-20T08:00:00Z by token 5"),
                    HasSubstr("      lives more than 10 km from school\n"),
                    HasSubstr("measures: transport or boarding subsidy\n")));
  EXPECT_THAT(testing::ChineseCharacters(en.str()), IsEmpty()) << en.str();
}

TEST(RenderFeatureSetTest, TestResultInEachLanguage) {
  baoxue::v1::TestFeatureSetResponse tested;
  tested.set_as_of_date("2026-11-20");
  tested.set_ok(true);
  tested.set_relation_rows(230);
  baoxue::v1::FeatureTestResult& f = *tested.add_features();
  f.set_name("远");
  f.set_ok(true);
  f.set_rows(230);
  f.set_missing(2);
  f.set_minimum(0);
  f.set_maximum(1);
  f.set_mean(0.25);
  std::ostringstream zh;
  PrintFeatureSetTest(tested, kZh, zh);
  EXPECT_THAT(zh.str(), AllOf(HasSubstr("测试（截至 2026-11-20）：通过"),
                              HasSubstr("数据来源：230 行"), HasSubstr("缺失"),
                              HasSubstr("0.25")));
  EXPECT_THAT(testing::EnglishWords(zh.str()), IsEmpty()) << zh.str();
  std::ostringstream en;
  PrintFeatureSetTest(tested, kEn, en);
  EXPECT_THAT(en.str(),
              AllOf(HasSubstr("test as of 2026-11-20: ok"),
                    HasSubstr("relation: 230 rows"), HasSubstr("missing")));
  EXPECT_THAT(en.str(), Not(HasSubstr("通过")));
}

}  // namespace
}  // namespace baoxue::client
