#include "model/fairness.h"

#include <cmath>
#include <limits>
#include <random>
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
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

baoxue::v1::TierThresholds Tiers(double medium, double high) {
  baoxue::v1::TierThresholds t;
  t.set_medium(medium);
  t.set_high(high);
  return t;
}

// Group "good": scores track the labels. Group "noise": scores are random.
// Group "tiny": 20 rows, also random.
struct Data {
  Eigen::VectorXd scores;
  Eigen::VectorXd labels;
  std::vector<std::string> group;
};

Data Make() {
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> uniform;
  const int n = 4020;
  Data data{Eigen::VectorXd(n), Eigen::VectorXd(n), {}};
  for (int i = 0; i < n; ++i) {
    const std::string group = i < 2000 ? "good" : i < 4000 ? "noise" : "tiny";
    const double p = uniform(rng) * 0.4;
    data.labels[i] = uniform(rng) < p ? 1 : 0;
    data.scores[i] = group == "good" ? p : uniform(rng) * 0.4;
    data.group.push_back(group);
  }
  return data;
}

TEST(AuditFairnessTest, FlagsTheGroupTheModelServesBadlyButNotSmallGroups) {
  const Data data = Make();
  absl::StatusOr<FairnessAudit> audit = AuditFairness(
      data.scores, data.labels, Tiers(0.25, 0.35), {{"school", data.group}});
  ASSERT_THAT(audit, IsOk());
  ASSERT_THAT(audit->groups, SizeIs(3));
  const GroupFairness& good = audit->groups[0];
  const GroupFairness& noise = audit->groups[1];
  const GroupFairness& tiny = audit->groups[2];
  EXPECT_EQ(good.attribute, "school");
  EXPECT_EQ(good.value, "good");
  EXPECT_EQ(noise.value, "noise");
  EXPECT_EQ(good.evaluation.rows, 2000);
  EXPECT_GT(good.evaluation.roc_auc, audit->overall.roc_auc + 0.05);
  EXPECT_NEAR(noise.evaluation.roc_auc, 0.5, 0.05);
  // Both big groups sit more than 0.05 AUC from the overall figure.
  EXPECT_THAT(noise.flags, Contains(HasSubstr("AUC")));
  EXPECT_THAT(good.flags, Contains(HasSubstr("AUC")));
  EXPECT_TRUE(tiny.small);
  EXPECT_THAT(tiny.flags, IsEmpty());
  EXPECT_EQ(audit->flagged_groups, 2);
  EXPECT_TRUE(good.evaluation.roc.empty());  // no curves per group
}

TEST(AuditFairnessTest, FlagsACalibrationGap) {
  // Same ranking quality everywhere, but group "b" is told half its risk.
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> uniform;
  const int n = 6000;
  Eigen::VectorXd scores(n), labels(n);
  std::vector<std::string> group;
  for (int i = 0; i < n; ++i) {
    const double p = 0.05 + uniform(rng) * 0.3;
    labels[i] = uniform(rng) < p ? 1 : 0;
    const bool b = i % 3 == 0;
    scores[i] = b ? p / 2 : p;
    group.push_back(b ? "b" : "a");
  }
  absl::StatusOr<FairnessAudit> audit =
      AuditFairness(scores, labels, Tiers(0.2, 0.25), {{"g", group}});
  ASSERT_THAT(audit, IsOk());
  ASSERT_THAT(audit->groups, SizeIs(2));
  EXPECT_THAT(audit->groups[1].flags,
              Contains(HasSubstr("observed dropout rate")));
  EXPECT_THAT(audit->groups[0].flags,
              ::testing::Not(Contains(HasSubstr("observed dropout rate"))));
  // Group b's dropouts are almost never HIGH: a recall gap too.
  EXPECT_THAT(audit->groups[1].flags, Contains(HasSubstr("recall at HIGH")));
}

TEST(FlagAttributeTest, NamesFlagValues) {
  Eigen::VectorXd flags(4);
  flags << 1, 0, std::numeric_limits<double>::quiet_NaN(), 2;
  const GroupAttribute attribute = FlagAttribute("left_behind", flags);
  EXPECT_EQ(attribute.name, "left_behind");
  EXPECT_THAT(attribute.values, ElementsAre("yes", "no", "missing", "2"));
}

TEST(AuditFairnessTest, RejectsMismatchedOrRepeatedAttributes) {
  Eigen::VectorXd scores(2), labels(2);
  scores << 0.1, 0.2;
  labels << 0, 1;
  const auto kInvalid = absl::StatusCode::kInvalidArgument;
  EXPECT_THAT(AuditFairness(scores, labels, Tiers(0.1, 0.2), {{"g", {"a"}}}),
              StatusIs(kInvalid, HasSubstr("g has 1 values for 2 rows")));
  EXPECT_THAT(AuditFairness(scores, labels, Tiers(0.1, 0.2),
                            {{"g", {"a", "b"}}, {"g", {"a", "b"}}}),
              StatusIs(kInvalid, HasSubstr("given twice")));
  FairnessOptions options;
  options.max_calibration_ratio = 1;
  EXPECT_THAT(AuditFairness(scores, labels, Tiers(0.1, 0.2), {}, options),
              StatusIs(kInvalid, HasSubstr("max_calibration_ratio")));
}

}  // namespace
}  // namespace baoxue::model
