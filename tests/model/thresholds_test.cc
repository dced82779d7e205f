#include "model/thresholds.h"

#include <string>
#include <vector>

#include "Eigen/Core"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace baoxue::model {
namespace {

using ::baoxue::testing::IsOk;
using ::baoxue::testing::StatusIs;
using ::testing::HasSubstr;

Eigen::VectorXd Vec(std::initializer_list<double> values) {
  Eigen::VectorXd v(static_cast<Eigen::Index>(values.size()));
  Eigen::Index i = 0;
  for (double x : values) v[i++] = x;
  return v;
}

// Ten rows, best first: precision flagging the top k is
// k=1: 1, 2: 1, 3: 2/3, 4: 3/4, 5: 3/5, 6: 1/2, 7: 3/7, 8: 3/8, 9: 1/3, 10:
// 3/10.
const Eigen::VectorXd kScores =
    Vec({0.95, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1});
const Eigen::VectorXd kLabels = Vec({1, 1, 0, 1, 0, 0, 0, 0, 0, 0});

TEST(ThresholdsByPrecisionTest, PicksTheLowestThresholdMeetingEachTarget) {
  absl::StatusOr<ThresholdChoice> choice =
      ThresholdsByPrecision(kScores, kLabels, 0.7, 0.5);
  ASSERT_THAT(choice, IsOk());
  // 0.75 at k = 4 is the largest caseload with precision >= 0.7 (not k = 2).
  EXPECT_DOUBLE_EQ(choice->thresholds.high(), 0.7);
  EXPECT_DOUBLE_EQ(choice->thresholds.medium(), 0.5);
  EXPECT_EQ(choice->high.flagged, 4);
  EXPECT_DOUBLE_EQ(choice->high.precision, 0.75);
  EXPECT_DOUBLE_EQ(choice->medium.precision, 0.5);
  EXPECT_DOUBLE_EQ(choice->medium.recall, 1.0);
  EXPECT_THAT(choice->method, HasSubstr("precision"));
}

TEST(ThresholdsByPrecisionTest, ExplainsAnUnattainableTarget) {
  const Eigen::VectorXd labels = Vec({0, 1, 0, 1, 0, 0, 0, 0, 0, 0});
  EXPECT_THAT(
      ThresholdsByPrecision(kScores, labels, 0.9, 0.2),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               HasSubstr("no HIGH threshold reaches precision 0.9 (best 0.5 "
                         "flagging 2 rows)")));
  EXPECT_THAT(
      ThresholdsByPrecision(kScores, Eigen::VectorXd::Zero(10), 0.5, 0.2),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               HasSubstr("no positive labels")));
  EXPECT_THAT(ThresholdsByPrecision(kScores, kLabels, 0.3, 0.5),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("must not exceed the HIGH")));
  EXPECT_THAT(ThresholdsByPrecision(kScores, kLabels, 1.5, 0.5),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("must lie in (0, 1]")));
}

TEST(ThresholdsByCapacityTest, TurnsTownshipCaseloadsIntoOneShare) {
  const std::vector<std::string> townships = {"A", "A", "B", "A", "B",
                                              "B", "A", "B", "C", "C"};
  // 2 HIGH and 5 MEDIUM+ cases in all, for 10 students: 20% and 50%.
  absl::StatusOr<ThresholdChoice> choice = ThresholdsByCapacity(
      kScores, kLabels, townships, {{"A", 1, 3}, {"B", 1, 2}});
  ASSERT_THAT(choice, IsOk());
  EXPECT_DOUBLE_EQ(choice->thresholds.high(), 0.9);
  EXPECT_DOUBLE_EQ(choice->thresholds.medium(), 0.6);
  EXPECT_EQ(choice->high.flagged, 2);
  EXPECT_EQ(choice->medium.flagged, 5);
  ASSERT_EQ(choice->townships.size(), 3u);
  const TownshipLoad& a = choice->townships[0];
  EXPECT_EQ(a.township, "A");
  EXPECT_EQ(a.students, 4);
  EXPECT_EQ(a.high_flagged, 2);  // over its capacity of 1: reported
  EXPECT_EQ(a.high_capacity, 1);
  EXPECT_EQ(a.medium_flagged, 3);
  const TownshipLoad& c = choice->townships[2];
  EXPECT_EQ(c.township, "C");  // no capacity given
  EXPECT_EQ(c.high_capacity, 0);
  EXPECT_EQ(c.high_flagged, 0);
  EXPECT_THAT(choice->method, HasSubstr("2 HIGH / 5 MEDIUM+"));
}

TEST(ThresholdsByCapacityTest, RejectsImpossibleCapacities) {
  const std::vector<std::string> townships(10, "A");
  const auto kInvalid = absl::StatusCode::kInvalidArgument;
  EXPECT_THAT(ThresholdsByCapacity(kScores, kLabels, townships, {{"A", 3, 2}}),
              StatusIs(kInvalid, HasSubstr("high_cases <= medium_cases")));
  EXPECT_THAT(ThresholdsByCapacity(kScores, kLabels, townships,
                                   {{"A", 1, 2}, {"A", 1, 2}}),
              StatusIs(kInvalid, HasSubstr("given twice")));
  EXPECT_THAT(ThresholdsByCapacity(kScores, kLabels, {"A"}, {{"A", 1, 2}}),
              StatusIs(kInvalid, HasSubstr("1 townships for 10 rows")));
  EXPECT_THAT(ThresholdsByCapacity(kScores, kLabels, townships, {{"A", 0, 2}}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("no HIGH cases")));
  // More capacity than students flags everybody.
  absl::StatusOr<ThresholdChoice> all =
      ThresholdsByCapacity(kScores, kLabels, townships, {{"A", 50, 60}});
  ASSERT_THAT(all, IsOk());
  EXPECT_EQ(all->high.flagged, 10);
}

}  // namespace
}  // namespace baoxue::model
