// The rules of feature sets (issue 13) over fakes: what a definition must
// look like, which stored models the scorer can serve and through which
// path, the words of reasons, and the rows ScoreFeatures accepts.
#include <limits>
#include <map>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/core/feature_rows_builder.h"
#include "server/core/feature_set_registry.h"
#include "server/core/model_holder.h"
#include "server/core/reason_text.h"
#include "server/core/training_job.h"
#include "tests/server/fakes.h"
#include "tests/testing/status_matchers.h"

namespace baoxue::core {
namespace {

using ::baoxue::testing::IsOk;
using ::baoxue::testing::StatusIs;
using ::testing::HasSubstr;

baoxue::v1::FeatureDefinition Feature(const std::string& name,
                                      const std::string& expression) {
  baoxue::v1::FeatureDefinition feature;
  feature.set_name(name);
  feature.set_expression(expression);
  return feature;
}

store::FeatureSet TwoFeatures() {
  store::FeatureSet set;
  set.relation = "(SELECT * FROM staff.x WHERE as_of = $1::date)";
  set.features = {Feature("absence", "absence_rate_30d"),
                  Feature("far_from_school", "(distance_km > 10)::int")};
  return set;
}

TEST(FeatureSetRulesTest, NamesFollowThePatternWithAClearError) {
  EXPECT_TRUE(IsFeatureName("far_from_school2"));
  EXPECT_FALSE(IsFeatureName("Far"));
  EXPECT_FALSE(IsFeatureName("2far"));
  EXPECT_FALSE(IsFeatureName("far-away"));
  EXPECT_FALSE(IsFeatureName(std::string(64, 'a')));
  store::FeatureSet set = TwoFeatures();
  set.features[1].set_name("Far");
  EXPECT_THAT(ValidateFeatureSet(set, "feature_set"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("feature_set.features[1]: name 'Far' must be "
                                 "a lower-case letter")));
}

TEST(FeatureSetRulesTest, DuplicatesEmptyExpressionsAndBadRangesAreNamed) {
  store::FeatureSet set = TwoFeatures();
  set.features[1].set_name("absence");
  EXPECT_THAT(ValidateFeatureSet(set, "fs"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("'absence' is used twice")));
  set = TwoFeatures();
  set.features[0].set_expression("");
  EXPECT_THAT(ValidateFeatureSet(set, "fs"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("(absence) has no expression")));
  set = TwoFeatures();
  set.features[0].set_min(2);
  set.features[0].set_max(1);
  EXPECT_THAT(ValidateFeatureSet(set, "fs"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("min 2 is above max 1")));
  set = TwoFeatures();
  set.relation.clear();
  EXPECT_THAT(ValidateFeatureSet(set, "fs"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("fs.feature_relation is empty")));
  EXPECT_THAT(ValidateFeatureSet(TwoFeatures(), "fs"), IsOk());
}

TEST(FeatureSetRulesTest, FairnessGroupsAreColumnsOfFeaturesOrStudents) {
  baoxue::v1::TrainingConfig config;
  config.add_fairness_groups("features.ethnic_group");
  config.add_fairness_groups("students.gender");
  absl::StatusOr<std::vector<store::FairnessColumn>> columns =
      FairnessColumnsFromConfig(config);
  ASSERT_THAT(columns.status(), IsOk());
  ASSERT_EQ(columns->size(), 2u);
  EXPECT_EQ((*columns)[0].column, "ethnic_group");
  EXPECT_EQ((*columns)[1].source, store::FairnessColumn::Source::kStudents);
  config.add_fairness_groups("households.income; DROP TABLE x");
  EXPECT_THAT(FairnessColumnsFromConfig(config).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("training.fairness_groups[2]")));
}

TEST(FeatureSetRulesTest, FirstFailureNamesTheFeatureAndQuotesPostgres) {
  FeatureSetTestReport report;
  report.as_of = absl::CivilDay(2026, 7, 1);
  report.test.features.push_back({"absence", "", 10, 0, 0, 0, 1, 0.5});
  store::FeatureTest bad;
  bad.name = "far_from_school";
  bad.error = "column \"distnce_km\" does not exist";
  report.test.features.push_back(bad);
  EXPECT_THAT(FirstFailure(report),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("feature far_from_school does not evaluate as "
                                 "of 2026-07-01: column \"distnce_km\" does "
                                 "not exist")));
  report.test.relation_error = "relation \"staff.x\" does not exist";
  EXPECT_THAT(FirstFailure(report),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("feature relation does not evaluate")));
}

// A stored model over TwoFeatures() with unit statistics.
store::StoredModel CountyModel() {
  store::StoredModel stored;
  stored.version = "v9";
  stored.feature_set_version = "fs3";
  stored.feature_relation = TwoFeatures().relation;
  stored.features = TwoFeatures().features;
  stored.features[0].set_en("county words: absent {value}");
  stored.features[1].set_min(0);
  stored.features[1].set_max(1);
  for (const auto& f : stored.features) {
    baoxue::v1::FeatureStat* stat = stored.params.add_features();
    stat->set_name(f.name());
    stat->set_mean(0);
    stat->set_stddev(1);
    stored.params.add_weights(1);
  }
  stored.params.mutable_thresholds()->set_medium(0.2);
  stored.params.mutable_thresholds()->set_high(0.5);
  return stored;
}

TEST(ActiveModelTest, AnyFeatureSetIsServedThroughItsOwnSource) {
  absl::StatusOr<std::shared_ptr<const ActiveModel>> active =
      BuildActiveModel(CountyModel());
  ASSERT_THAT(active.status(), IsOk());
  ASSERT_NE((*active)->feature_set, nullptr);
  EXPECT_EQ((*active)->feature_set->key, "fs3");
  EXPECT_EQ((*active)->feature_set->set.features.size(), 2u);
  ASSERT_EQ((*active)->inputs.size(), 2u);
  EXPECT_EQ((*active)->inputs[1].name, "far_from_school");
  EXPECT_EQ((*active)->inputs[1].max, 1);
  EXPECT_EQ((*active)->inputs[0].max, std::numeric_limits<double>::infinity());

  store::StoredModel configured = CountyModel();
  configured.feature_set_version.clear();
  active = BuildActiveModel(configured);
  ASSERT_THAT(active.status(), IsOk());
  EXPECT_EQ((*active)->feature_set->key, "model v9");
}

TEST(ActiveModelTest, TheCatalogueKeepsItsFastPathAndRanges) {
  store::StoredModel stored;
  stored.version = "v1";
  stored.params = testing::SimpleModelParams();
  absl::StatusOr<std::shared_ptr<const ActiveModel>> legacy =
      BuildActiveModel(stored);
  ASSERT_THAT(legacy.status(), IsOk());
  EXPECT_EQ((*legacy)->feature_set, nullptr);
  EXPECT_EQ((*legacy)->inputs.size(), model::FeatureCatalog().size());
  EXPECT_TRUE((*legacy)->inputs[5].is_flag);  // registered_poor

  for (const model::FeatureInfo& info : model::FeatureCatalog()) {
    stored.features.push_back(
        Feature(std::string(info.name), std::string(info.name)));
  }
  stored.feature_relation = store::kCatalogueRelation;
  absl::StatusOr<std::shared_ptr<const ActiveModel>> explicit_catalogue =
      BuildActiveModel(stored);
  ASSERT_THAT(explicit_catalogue.status(), IsOk());
  EXPECT_EQ((*explicit_catalogue)->feature_set, nullptr);
}

TEST(ActiveModelTest, DefinitionsThatDoNotMatchTheInputsAreRefused) {
  store::StoredModel stored = CountyModel();
  stored.features[1].set_name("other");
  EXPECT_THAT(BuildActiveModel(stored).status(),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("model v9's feature definitions")));
  stored = CountyModel();
  stored.features.clear();  // no definitions: must be the catalogue
  EXPECT_THAT(BuildActiveModel(stored).status(),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("other than the catalogue's")));
}

TEST(ReasonWordsTest, TheFeatureSetsWordsReplaceTheCatalogues) {
  baoxue::v1::FeatureDefinition feature = Feature("far_from_school", "x");
  feature.set_zh("离校远（{value}）");
  feature.set_en("far from school ({value})");
  feature.add_measures("交通补助 (transport)");
  const ReasonText text = DescribeReason(feature, 1);
  EXPECT_EQ(text.zh, "离校远（1）");
  EXPECT_EQ(text.en, "far from school (1)");
  EXPECT_THAT(text.measures, ::testing::ElementsAre("交通补助 (transport)"));
  // Without its own words a catalogue feature keeps the catalogue's.
  const ReasonText catalogue =
      DescribeReason(Feature("absence_rate_30d", "absence_rate_30d"), 0.3);
  EXPECT_EQ(catalogue.en, "absent 9 of the last 30 school days");
}

TEST(FeatureRowsTest, RowsFollowTheActiveModelsInputsAndRanges) {
  absl::StatusOr<std::shared_ptr<const ActiveModel>> active =
      BuildActiveModel(CountyModel());
  ASSERT_THAT(active.status(), IsOk());
  FeatureRowsBuilder builder(1, (*active)->inputs);
  std::map<std::string, double> row = {{"absence", 0.4},
                                       {"far_from_school", 3}};
  EXPECT_THAT(builder.SetRow(0, "r", row),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("far_from_school: 3 is outside 0..1")));
  row["far_from_school"] = 1;
  EXPECT_THAT(builder.SetRow(0, "r", row), IsOk());
  row["absence_rate_30d"] = 0.1;
  EXPECT_THAT(builder.SetRow(0, "r", row),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("unknown feature 'absence_rate_30d'")));
}

}  // namespace
}  // namespace baoxue::core
