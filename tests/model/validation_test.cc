#include "model/validation.h"

#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "Eigen/Core"
#include "absl/time/civil_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "model/sigmoid.h"
#include "tests/testing/status_matchers.h"

namespace baoxue::model {
namespace {

using ::baoxue::testing::IsOk;
using ::baoxue::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

Eigen::VectorXd Labels(int positives, int negatives) {
  Eigen::VectorXd labels = Eigen::VectorXd::Zero(positives + negatives);
  // Positives spread through the rows so a naive split would not stratify.
  for (int i = 0; i < positives; ++i) labels[i * 3 % labels.size()] = 1;
  return labels;
}

TEST(StratifiedKFoldTest, FoldsPartitionTheRowsAndKeepTheLabelMix) {
  const Eigen::VectorXd labels = Labels(23, 177);
  absl::StatusOr<std::vector<Split>> splits = StratifiedKFold(labels, 5, 42);
  ASSERT_THAT(splits, IsOk());
  ASSERT_EQ(splits->size(), 5u);
  std::multiset<int64_t> all_validation;
  for (const Split& split : *splits) {
    EXPECT_EQ(split.train.size() + split.validation.size(), 200u);
    EXPECT_TRUE(
        std::is_sorted(split.validation.begin(), split.validation.end()));
    int positives = 0;
    for (int64_t i : split.validation) positives += labels[i] == 1;
    EXPECT_GE(positives, 4);  // floor(23 / 5)
    EXPECT_LE(positives, 5);  // ceil(23 / 5)
    EXPECT_GE(split.validation.size(), 40u);
    EXPECT_LE(split.validation.size(), 40u);
    std::vector<int64_t> overlap;
    std::set_intersection(split.train.begin(), split.train.end(),
                          split.validation.begin(), split.validation.end(),
                          std::back_inserter(overlap));
    EXPECT_TRUE(overlap.empty());
    all_validation.insert(split.validation.begin(), split.validation.end());
  }
  // Every row is validated exactly once.
  EXPECT_EQ(all_validation.size(), 200u);
  EXPECT_EQ(
      std::set<int64_t>(all_validation.begin(), all_validation.end()).size(),
      200u);
  EXPECT_EQ((*splits)[1].name, "fold 2/5");
}

TEST(StratifiedKFoldTest, SameSeedSameFoldsOtherSeedOtherFolds) {
  const Eigen::VectorXd labels = Labels(30, 70);
  const auto a = StratifiedKFold(labels, 4, 1);
  const auto b = StratifiedKFold(labels, 4, 1);
  const auto c = StratifiedKFold(labels, 4, 2);
  ASSERT_THAT(a, IsOk());
  EXPECT_EQ((*a)[0].validation, (*b)[0].validation);
  EXPECT_NE((*a)[0].validation, (*c)[0].validation);
}

TEST(StratifiedKFoldTest, RejectsTooFewRowsOfALabel) {
  EXPECT_THAT(StratifiedKFold(Labels(3, 50), 5, 1),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("at least 5 rows of each label; got 3 "
                                 "positive")));
  EXPECT_THAT(
      StratifiedKFold(Labels(10, 10), 1, 1),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("k >= 2")));
}

TEST(TemporalSplitTest, ValidatesOnTheLatestDateAndLeavesAGap) {
  const absl::CivilDay d1(2025, 9, 1), d2(2025, 11, 1), d3(2026, 1, 10),
      d4(2026, 3, 1);
  const std::vector<absl::CivilDay> as_of = {d4, d1, d2, d3, d4, d1};
  absl::StatusOr<Split> split = TemporalSplit(as_of, 0);
  ASSERT_THAT(split, IsOk());
  EXPECT_EQ(split->name, "as-of 2026-03-01");
  EXPECT_THAT(split->validation, ElementsAre(0, 4));
  EXPECT_THAT(split->train, ElementsAre(1, 2, 3, 5));
  // A 120-day horizon: labels of rows after 2025-11-01 would look past the
  // validation date, so those rows are left out.
  split = TemporalSplit(as_of, 120);
  ASSERT_THAT(split, IsOk());
  EXPECT_THAT(split->train, ElementsAre(1, 2, 5));
  EXPECT_THAT(TemporalSplit(as_of, 400),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("no training rows at or before")));
  EXPECT_THAT(TemporalSplit({d1, d1}, 0),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("need at least two dates")));
}

TEST(RollingTemporalSplitsTest, OneSplitPerLaterDate) {
  const absl::CivilDay d1(2025, 9, 1), d2(2025, 11, 1), d3(2026, 3, 1);
  const std::vector<absl::CivilDay> as_of = {d1, d2, d3, d3};
  absl::StatusOr<std::vector<Split>> splits =
      RollingTemporalSplits(as_of, 0, 1);
  ASSERT_THAT(splits, IsOk());
  ASSERT_EQ(splits->size(), 2u);
  EXPECT_THAT((*splits)[0].validation, ElementsAre(1));
  EXPECT_THAT((*splits)[0].train, ElementsAre(0));
  EXPECT_THAT((*splits)[1].validation, ElementsAre(2, 3));
  EXPECT_THAT((*splits)[1].train, ElementsAre(0, 1));
}

TEST(CrossValidateTest, TrainsAndEvaluatesEverySplit) {
  std::mt19937_64 rng(5);
  std::normal_distribution<double> normal;
  std::uniform_real_distribution<double> uniform;
  const int n = 2000;
  Eigen::MatrixXd raw(n, 2);
  Eigen::VectorXd labels(n);
  for (int i = 0; i < n; ++i) {
    raw(i, 0) = normal(rng);
    raw(i, 1) = normal(rng);
    labels[i] = uniform(rng) < Sigmoid(-2 + 1.5 * raw(i, 0)) ? 1 : 0;
  }
  absl::StatusOr<std::vector<Split>> splits = StratifiedKFold(labels, 5, 3);
  ASSERT_THAT(splits, IsOk());
  absl::StatusOr<CrossValidation> cv =
      CrossValidate({"a", "b"}, raw, labels, *splits, TrainOptions());
  ASSERT_THAT(cv, IsOk());
  ASSERT_EQ(cv->splits.size(), 5u);
  for (const SplitResult& result : cv->splits) {
    EXPECT_EQ(result.train_rows, 1600);
    EXPECT_EQ(result.validation.rows, 400);
    EXPECT_GT(result.validation.roc_auc, 0.75);
    EXPECT_GT(result.training.params.weights(0), 1.0);
  }
  EXPECT_GT(cv->roc_auc.mean, 0.75);
  EXPECT_GT(cv->roc_auc.stddev, 0);
  EXPECT_LT(cv->roc_auc.stddev, 0.1);

  // A fold without positives in training says which fold.
  std::vector<Split> bad = {{"fold x", {}, {0}}};
  EXPECT_THAT(
      CrossValidate({"a", "b"}, raw, labels, bad, TrainOptions()),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("fold x: empty")));
  std::vector<int64_t> negatives;
  for (int i = 0; i < n && negatives.size() < 50; ++i) {
    if (labels[i] == 0) negatives.push_back(i);
  }
  bad = {{"fold y", negatives, {0, 1}}};
  EXPECT_THAT(CrossValidate({"a", "b"}, raw, labels, bad, TrainOptions()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("fold y: training data has no positive")));
  bad = {{"fold z", {0, 1}, {n}}};
  EXPECT_THAT(CrossValidate({"a", "b"}, raw, labels, bad, TrainOptions()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("row index 2000 outside")));
}

// Three snapshots of 300 students: ids repeat, as stacked training rows do.
std::vector<int64_t> StackedStudents() {
  std::vector<int64_t> ids;
  for (int snapshot = 0; snapshot < 3; ++snapshot) {
    for (int64_t id = 1000; id < 1300; ++id) ids.push_back(id);
  }
  return ids;
}

TEST(GroupedSplitTest, AStudentsRowsStayOnOneSide) {
  const std::vector<int64_t> ids = StackedStudents();
  absl::StatusOr<std::vector<Split>> folds = GroupedKFold(ids, 5, 7);
  ASSERT_THAT(folds, IsOk());
  std::multiset<int64_t> validated;
  for (const Split& split : *folds) {
    std::set<int64_t> held, trained;
    for (int64_t i : split.validation) held.insert(ids[i]), validated.insert(i);
    for (int64_t i : split.train) trained.insert(ids[i]);
    for (int64_t id : held) EXPECT_EQ(trained.count(id), 0u) << split.name;
    EXPECT_GT(split.validation.size(), 90u);  // about 180 rows each
  }
  EXPECT_EQ(validated.size(), ids.size());  // every row exactly once
  EXPECT_EQ(std::set<int64_t>(validated.begin(), validated.end()).size(),
            ids.size());
  EXPECT_THAT(GroupedKFold(ids, 1, 7),
              StatusIs(absl::StatusCode::kInvalidArgument));

  absl::StatusOr<Split> held = GroupedHoldOut(ids, 0.2, 7);
  ASSERT_THAT(held, IsOk());
  const double share = static_cast<double>(held->validation.size()) /
                       static_cast<double>(ids.size());
  EXPECT_NEAR(share, 0.2, 0.07);
  EXPECT_EQ(held->validation.size() % 3, 0u);  // whole students
  EXPECT_THAT(GroupedHoldOut(ids, 0.9, 7),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("between 0.05 and 0.5")));
}

TEST(OutOfFoldScoresTest, EveryRowIsScoredByAModelThatNeverSawIt) {
  std::mt19937_64 rng(5);
  std::normal_distribution<double> noise;
  const int n = 900;
  Eigen::MatrixXd raw(n, 1);
  Eigen::VectorXd labels(n);
  std::vector<int64_t> ids;
  for (int i = 0; i < n; ++i) {
    raw(i, 0) = noise(rng);
    labels(i) = raw(i, 0) + 0.5 * noise(rng) > 1.0 ? 1 : 0;
    ids.push_back(i);
  }
  absl::StatusOr<std::vector<Split>> folds = GroupedKFold(ids, 3, 1);
  ASSERT_THAT(folds, IsOk());
  absl::StatusOr<Eigen::VectorXd> scores =
      OutOfFoldScores({"x"}, raw, labels, *folds, TrainOptions());
  ASSERT_THAT(scores, IsOk());
  for (Eigen::Index i = 0; i < n; ++i) {
    EXPECT_GE((*scores)(i), 0.0);
    EXPECT_LE((*scores)(i), 1.0);
  }
  // Higher x scores higher whichever fold's model scored it.
  EXPECT_LT(
      (*scores)(std::min_element(raw.data(), raw.data() + n) - raw.data()),
      (*scores)(std::max_element(raw.data(), raw.data() + n) - raw.data()));
  std::vector<Split> overlapping = *folds;
  overlapping[0].validation.push_back(overlapping[1].validation[0]);
  EXPECT_THAT(OutOfFoldScores({"x"}, raw, labels, overlapping, TrainOptions()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("validation folds, not exactly one")));
}

}  // namespace
}  // namespace baoxue::model
