// Name masking, reason wording and caller-supplied feature validation.
#include <map>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "model/feature_catalog.h"
#include "server/core/feature_rows_builder.h"
#include "server/core/name_mask.h"
#include "server/core/reason_text.h"
#include "tests/testing/status_matchers.h"

namespace baoxue::core {
namespace {

using ::baoxue::testing::IsOk;
using ::baoxue::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

TEST(MaskNameTest, KeepsFirstAndLastCharacterOnly) {
  EXPECT_EQ(MaskName("张三明"), "张*明");
  EXPECT_EQ(MaskName("张三"), "张*");
  EXPECT_EQ(MaskName("欧阳小明"), "欧**明");
  EXPECT_EQ(MaskName("张"), "*");
  EXPECT_EQ(MaskName(""), "*");
  EXPECT_EQ(MaskName("Ana"), "A*a");
}

TEST(ReasonTextTest, SaysAbsencesInDaysOfTheLastThirty) {
  ReasonText text = DescribeReason("absence_rate_30d", 0.3);
  EXPECT_EQ(text.en, "absent 9 of the last 30 school days");
  EXPECT_EQ(text.zh, "近30个上学日缺勤9天");
  EXPECT_THAT(text.measures, Not(IsEmpty()));
}

TEST(ReasonTextTest, SaysIncomeAsMultipleOfThePovertyLine) {
  EXPECT_EQ(DescribeReason("income_poverty_ratio", 0.7).en,
            "income 0.7× the poverty line");
}

TEST(ReasonTextTest, SaysDistanceAndTravelTime) {
  EXPECT_EQ(DescribeReason("distance_km", 14).en, "14 km to school");
  EXPECT_EQ(DescribeReason("travel_minutes", 80).en, "80 minutes to school");
}

TEST(ReasonTextTest, EveryCatalogueFeatureHasItsOwnWordsAndMeasures) {
  for (const model::FeatureInfo& info : model::FeatureCatalog()) {
    ReasonText text = DescribeReason(info.name, 1);
    // The generic fallback reads "name = value".
    EXPECT_THAT(text.en, Not(HasSubstr(" = ")))
        << info.name << " falls back to the generic text";
    EXPECT_THAT(text.measures, Not(IsEmpty())) << info.name;
  }
}

std::map<std::string, double> CompleteRow() {
  std::map<std::string, double> row;
  for (const model::FeatureInfo& info : model::FeatureCatalog()) {
    row[std::string(info.name)] = info.min;
  }
  return row;
}

TEST(FeatureRowsBuilderTest, CompleteRowIsAccepted) {
  FeatureRowsBuilder builder(1, model::FeatureCatalog());
  std::map<std::string, double> row = CompleteRow();
  row["distance_km"] = 12.5;
  ASSERT_THAT(builder.SetRow(0, "r1", row), IsOk());
  Eigen::MatrixXd m = builder.Release();
  EXPECT_EQ(m(0, 8), 12.5);  // distance_km is the 9th catalogue feature
}

TEST(FeatureRowsBuilderTest, MissingFeatureIsNamed) {
  FeatureRowsBuilder builder(1, model::FeatureCatalog());
  std::map<std::string, double> row = CompleteRow();
  row.erase("travel_minutes");
  EXPECT_THAT(builder.SetRow(0, "r1", row),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("rows[0] (row_id r1): feature travel_minutes "
                                 "is missing")));
}

TEST(FeatureRowsBuilderTest, UnknownFeatureIsNamed) {
  FeatureRowsBuilder builder(1, model::FeatureCatalog());
  std::map<std::string, double> row = CompleteRow();
  row["shoe_size"] = 3;
  EXPECT_THAT(builder.SetRow(0, "", row),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("unknown feature 'shoe_size'")));
}

TEST(FeatureRowsBuilderTest, OutOfRangeAndNonFiniteValuesAreNamed) {
  FeatureRowsBuilder builder(2, model::FeatureCatalog());
  std::map<std::string, double> row = CompleteRow();
  row["travel_minutes"] = 900;
  EXPECT_THAT(builder.SetRow(0, "a", row),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("travel_minutes")));
  row = CompleteRow();
  row["absence_rate_30d"] = std::numeric_limits<double>::infinity();
  EXPECT_THAT(builder.SetRow(1, "b", row),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("absence_rate_30d")));
}

}  // namespace
}  // namespace baoxue::core
