// EvaluateCandidate: thresholds by the default rule, by precision and by
// capacity, cross-validation, the clear errors, and the JSON stored with the
// version.
#include "server/core/candidate_evaluation.h"

#include <cmath>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace baoxue::core {
namespace {

using ::baoxue::testing::IsOk;
using ::baoxue::testing::StatusIs;
using ::testing::HasSubstr;

const std::vector<std::string> kFeatures = {"absence_rate_30d", "distance_km"};

// Rows whose dropout odds grow with absence and distance; two townships.
struct Data {
  Eigen::MatrixXd values;
  Eigen::VectorXd labels;
  store::LabelledSnapshot snapshot;
};

Data Make(int rows, uint64_t seed) {
  std::mt19937_64 random(seed);
  std::uniform_real_distribution<double> unit(0, 1);
  Data data;
  data.values.resize(rows, 2);
  data.labels.resize(rows);
  for (int i = 0; i < rows; ++i) {
    data.values(i, 0) = unit(random) * 0.6;
    data.values(i, 1) = unit(random) * 30;
    const double logit = -4 + 6 * data.values(i, 0) + 0.05 * data.values(i, 1);
    data.labels(i) = unit(random) < 1 / (1 + std::exp(-logit)) ? 1 : 0;
    data.snapshot.groups.gender.push_back(i % 2 ? "M" : "F");
    data.snapshot.groups.ethnic_minority.push_back(i % 5 == 0);
    data.snapshot.groups.left_behind.push_back(i % 3 == 0);
    data.snapshot.groups.disability.push_back(i % 50 == 0);
    data.snapshot.groups.registered_poor.push_back(i % 4 == 0);
    data.snapshot.groups.township_codes.push_back(i % 2 ? "360799101000"
                                                        : "360799102000");
    data.snapshot.student_ids.push_back(i + 1);
  }
  data.snapshot.values = data.values;
  data.snapshot.labels = data.labels;
  return data;
}

class CandidateEvaluationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    train_ = Make(4000, 1);
    validation_ = Make(3000, 2);
    absl::StatusOr<model::TrainResult> trained =
        model::TrainLogistic(kFeatures, train_.values, train_.labels, options_);
    ASSERT_THAT(trained.status(), IsOk());
    trained_ = *trained;
  }

  absl::StatusOr<CandidateEvaluation> Evaluate(const ThresholdRule& rule,
                                               int folds = 0) {
    return EvaluateCandidate(trained_.params, kFeatures, train_.values,
                             train_.labels, options_, validation_.snapshot,
                             rule, folds);
  }

  model::TrainOptions options_;
  Data train_, validation_;
  model::TrainResult trained_;
};

TEST_F(CandidateEvaluationTest, DefaultKeepsTheTrainersThresholdsAndAuditsAll) {
  absl::StatusOr<CandidateEvaluation> result = Evaluate(ThresholdRule());
  ASSERT_THAT(result.status(), IsOk());
  EXPECT_EQ(result->thresholds.high(), trained_.params.thresholds().high());
  EXPECT_THAT(result->threshold_method, HasSubstr("top 5%"));
  EXPECT_GT(result->model.roc_auc, 0.7);
  ASSERT_EQ(result->baselines.size(), 2u);  // absence-rate rule, prevalence
  std::set<std::string> attributes;
  for (const auto& group : result->fairness.groups) {
    attributes.insert(group.attribute);
  }
  EXPECT_EQ(attributes, (std::set<std::string>{"gender", "ethnic_minority",
                                               "left_behind", "disability",
                                               "registered_poor", "township"}));
  EXPECT_FALSE(result->cross_validation.has_value());
}

TEST_F(CandidateEvaluationTest, PrecisionTargetsChooseThresholdsThatReachThem) {
  ThresholdRule rule;
  rule.high_precision = 0.5;
  rule.medium_precision = 0.3;
  absl::StatusOr<CandidateEvaluation> result = Evaluate(rule);
  ASSERT_THAT(result.status(), IsOk());
  ASSERT_TRUE(result->threshold_choice.has_value());
  EXPECT_GE(result->threshold_choice->high.precision, 0.5);
  EXPECT_GE(result->threshold_choice->medium.precision, 0.3);
  EXPECT_EQ(result->model.at_tiers[0].threshold, result->thresholds.high());

  rule.high_precision = 0.999;
  EXPECT_THAT(
      Evaluate(rule).status(),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("HIGH")));
  rule.medium_precision.reset();
  EXPECT_THAT(Evaluate(rule).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("medium_precision_target")));
}

TEST_F(CandidateEvaluationTest, CapacityTurnsCaseloadsIntoShares) {
  ThresholdRule rule;
  rule.high_cases_per_township = 30;
  rule.medium_cases_per_township = 90;
  absl::StatusOr<CandidateEvaluation> result = Evaluate(rule);
  ASSERT_THAT(result.status(), IsOk());
  ASSERT_TRUE(result->threshold_choice.has_value());
  // Two townships x 30 HIGH cases = 60 of 3000 rows = 2%.
  EXPECT_NEAR(result->threshold_choice->high.share, 0.02, 0.005);
  EXPECT_EQ(result->threshold_choice->townships.size(), 2u);
  rule.high_precision = 0.5;
  rule.medium_precision = 0.3;
  EXPECT_THAT(Evaluate(rule).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("both")));
}

TEST_F(CandidateEvaluationTest, KFoldCrossValidatesOnTheTrainingRows) {
  absl::StatusOr<CandidateEvaluation> result = Evaluate(ThresholdRule(), 4);
  ASSERT_THAT(result.status(), IsOk());
  ASSERT_TRUE(result->cross_validation.has_value());
  EXPECT_EQ(result->cross_validation->splits.size(), 4u);
  EXPECT_GT(result->cross_validation->roc_auc.mean, 0.7);
  EXPECT_THAT(
      Evaluate(ThresholdRule(), 1).status(),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("cv_folds")));
}

TEST_F(CandidateEvaluationTest, StoredJsonIsValidAndCarriesTheFigures) {
  absl::StatusOr<CandidateEvaluation> result = Evaluate(ThresholdRule(), 3);
  ASSERT_THAT(result.status(), IsOk());
  google::protobuf::Struct metrics;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(
                  MetricsJson(*result, trained_, 0.8), &metrics)
                  .ok());
  EXPECT_TRUE(metrics.fields()
                  .at("validation")
                  .struct_value()
                  .fields()
                  .count("pr_auc"));
  EXPECT_TRUE(metrics.fields()
                  .at("baselines")
                  .struct_value()
                  .fields()
                  .count("absence_rate_30d"));
  EXPECT_TRUE(metrics.fields().count("cross_validation"));
  google::protobuf::Struct wrapped;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(
          "{\"groups\": " + FairnessJson(result->fairness) + "}", &wrapped)
          .ok());
  EXPECT_EQ(wrapped.fields().at("groups").list_value().values_size(),
            static_cast<int>(result->fairness.groups.size()));
  EXPECT_THAT(ThresholdsJson(*result), HasSubstr("\"rule\""));
}

}  // namespace
}  // namespace baoxue::core
