#include "model/feature_catalog.h"

#include <cmath>
#include <limits>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace baoxue::model {
namespace {

using ::baoxue::testing::IsOk;
using ::baoxue::testing::StatusIs;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(FeatureCatalogTest, HasTheEighteenDesignFeaturesInCanonicalOrder) {
  EXPECT_THAT(
      CatalogFeatureNames(),
      ElementsAre("absence_rate_30d", "unexcused_absences_30d",
                  "longest_absence_run_30d", "absence_trend_30d",
                  "income_poverty_ratio", "registered_poor",
                  "subsistence_allowance", "poverty_monitoring", "distance_km",
                  "travel_minutes", "boarding", "mountain_route", "left_behind",
                  "relocated", "disability", "over_age", "learning_difficulty",
                  "sibling_dropped_out"));
  EXPECT_EQ(FeatureCatalog().size(), 18u);
}

TEST(FeatureCatalogTest, RangesMatchTheDesign) {
  const FeatureInfo* trend = FindFeature("absence_trend_30d");
  ASSERT_NE(trend, nullptr);
  EXPECT_EQ(trend->min, -1);
  EXPECT_EQ(trend->max, 1);
  EXPECT_FALSE(trend->is_flag);
  EXPECT_EQ(FindFeature("travel_minutes")->max, 600);
  EXPECT_EQ(FindFeature("distance_km")->max, 300);
  EXPECT_EQ(FindFeature("income_poverty_ratio")->max, 100);
  EXPECT_TRUE(FindFeature("left_behind")->is_flag);
  int flags = 0;
  for (const FeatureInfo& feature : FeatureCatalog()) flags += feature.is_flag;
  EXPECT_EQ(flags, 11);
}

TEST(FeatureCatalogTest, FindFeatureReturnsNullForUnknownNames) {
  EXPECT_EQ(FindFeature("shoe_size"), nullptr);
  EXPECT_EQ(FindFeature(""), nullptr);
  EXPECT_EQ(FindFeature("Boarding"), nullptr);  // names are case-sensitive
  EXPECT_EQ(FindFeature("boarding"), &FeatureCatalog()[10]);
}

TEST(ValidateFeatureValueTest, AcceptsValuesInRangeIncludingBounds) {
  const FeatureInfo& travel = *FindFeature("travel_minutes");
  EXPECT_THAT(ValidateFeatureValue(travel, 0), IsOk());
  EXPECT_THAT(ValidateFeatureValue(travel, 600), IsOk());
  EXPECT_THAT(ValidateFeatureValue(travel, 42.5), IsOk());
  EXPECT_THAT(ValidateFeatureValue(*FindFeature("absence_trend_30d"), -1),
              IsOk());
}

TEST(ValidateFeatureValueTest, RejectsOutOfRangeNamingTheFeature) {
  EXPECT_THAT(ValidateFeatureValue(*FindFeature("travel_minutes"), 900),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "feature travel_minutes: 900 is outside 0..600"));
  EXPECT_THAT(ValidateFeatureValue(*FindFeature("absence_rate_30d"), -0.1),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("absence_rate_30d")));
}

TEST(ValidateFeatureValueTest, RejectsNonFiniteValues) {
  const FeatureInfo& distance = *FindFeature("distance_km");
  for (double value : {std::numeric_limits<double>::quiet_NaN(),
                       std::numeric_limits<double>::infinity(),
                       -std::numeric_limits<double>::infinity()}) {
    EXPECT_THAT(ValidateFeatureValue(distance, value),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         AllOf(HasSubstr("feature distance_km: "),
                               HasSubstr("is not a finite number"))));
  }
}

TEST(ValidateFeatureValueTest, FlagsMustBeExactlyZeroOrOne) {
  const FeatureInfo& boarding = *FindFeature("boarding");
  EXPECT_THAT(ValidateFeatureValue(boarding, 0), IsOk());
  EXPECT_THAT(ValidateFeatureValue(boarding, 1), IsOk());
  EXPECT_THAT(ValidateFeatureValue(boarding, 0.5),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "feature boarding: 0.5 is not a flag (0 or 1)"));
  EXPECT_THAT(ValidateFeatureValue(boarding, 2),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace baoxue::model
