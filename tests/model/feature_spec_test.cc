#include "model/feature_spec.h"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "Eigen/Core"
#include "baoxue/v1/model.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace baoxue::model {
namespace {

using ::baoxue::testing::IsOk;
using ::baoxue::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

Eigen::MatrixXd TwoFeatureData() {
  Eigen::MatrixXd raw(4, 2);
  raw << 1, 10,  //
      2, 20,     //
      3, kNaN,   //
      4, 30;
  return raw;
}

TEST(FeatureSpecTest, FromTrainingDataComputesNanAwarePopulationStatistics) {
  absl::StatusOr<FeatureSpec> spec =
      FeatureSpec::FromTrainingData({"a", "b"}, TwoFeatureData());
  ASSERT_THAT(spec, IsOk());
  EXPECT_THAT(spec->names(), ElementsAre("a", "b"));
  EXPECT_EQ(spec->size(), 2);
  EXPECT_DOUBLE_EQ(spec->means()[0], 2.5);
  EXPECT_DOUBLE_EQ(spec->stddevs()[0], std::sqrt(1.25));  // divide by n
  EXPECT_DOUBLE_EQ(spec->means()[1], 20);                 // NaN skipped
  EXPECT_DOUBLE_EQ(spec->stddevs()[1], std::sqrt(200.0 / 3));
}

TEST(FeatureSpecTest, StandardizeCentresScalesAndImputesMissingAsZero) {
  const FeatureSpec spec =
      *FeatureSpec::FromTrainingData({"a", "b"}, TwoFeatureData());
  Eigen::MatrixXd raw(2, 2);
  raw << 2.5, kNaN,  //
      kNaN, 30;
  const Eigen::MatrixXd z = spec.Standardize(raw);
  EXPECT_EQ(z(0, 0), 0.0);
  EXPECT_EQ(z(0, 1), 0.0);  // missing -> the training mean -> z = 0
  EXPECT_EQ(z(1, 0), 0.0);
  EXPECT_DOUBLE_EQ(z(1, 1), 10 / std::sqrt(200.0 / 3));
}

TEST(FeatureSpecTest, StandardizedTrainingDataHasZeroMeanAndUnitVariance) {
  Eigen::MatrixXd raw = Eigen::MatrixXd::Random(500, 3);
  raw.col(1) = raw.col(1) * 40 + Eigen::VectorXd::Constant(500, 1000);
  const FeatureSpec spec = *FeatureSpec::FromTrainingData({"x", "y", "w"}, raw);
  const Eigen::MatrixXd z = spec.Standardize(raw);
  for (int j = 0; j < 3; ++j) {
    EXPECT_NEAR(z.col(j).mean(), 0, 1e-12);
    EXPECT_NEAR(z.col(j).squaredNorm() / 500, 1, 1e-12);
  }
}

TEST(FeatureSpecTest, IndexOfFindsNamesAndReturnsMinusOneOtherwise) {
  const FeatureSpec spec =
      *FeatureSpec::FromTrainingData({"a", "b"}, TwoFeatureData());
  EXPECT_EQ(spec.IndexOf("a"), 0);
  EXPECT_EQ(spec.IndexOf("b"), 1);
  EXPECT_EQ(spec.IndexOf("c"), -1);
}

TEST(FeatureSpecTest, FromTrainingDataRejectsConstantColumnNamingIt) {
  Eigen::MatrixXd raw(3, 2);
  raw << 1, 0.1,  //
      2, 0.1,     //
      3, 0.1;
  EXPECT_THAT(
      FeatureSpec::FromTrainingData({"a", "flat"}, raw),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("feature flat: training values are constant")));
}

TEST(FeatureSpecTest, FromTrainingDataRejectsAllMissingColumnNamingIt) {
  Eigen::MatrixXd raw(2, 2);
  raw << 1, kNaN,  //
      2, kNaN;
  EXPECT_THAT(FeatureSpec::FromTrainingData({"a", "gone"}, raw),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("feature gone: every training value is "
                                 "missing")));
}

TEST(FeatureSpecTest, FromTrainingDataRejectsInfinityNamingTheFeature) {
  Eigen::MatrixXd raw(2, 2);
  raw << 1, 5,  //
      2, -kInf;
  EXPECT_THAT(FeatureSpec::FromTrainingData({"a", "far"}, raw),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("feature far: training data has an "
                                 "infinite value")));
}

TEST(FeatureSpecTest, FromTrainingDataRejectsShapeAndNameProblems) {
  EXPECT_THAT(FeatureSpec::FromTrainingData({"a"}, TwoFeatureData()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("2 columns but 1 feature names")));
  EXPECT_THAT(FeatureSpec::FromTrainingData({"a", "a"}, TwoFeatureData()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("feature a appears more than once")));
  EXPECT_THAT(FeatureSpec::FromTrainingData({}, Eigen::MatrixXd(3, 0)),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(
      FeatureSpec::FromTrainingData({"a"}, Eigen::MatrixXd(0, 1)),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("no rows")));
}

TEST(FeatureSpecTest, ProtoRoundTripIsBitExact) {
  Eigen::MatrixXd raw = Eigen::MatrixXd::Random(37, 3) * 3.3;
  const FeatureSpec spec = *FeatureSpec::FromTrainingData({"p", "q", "r"}, raw);
  baoxue::v1::ModelParams params;
  params.add_features()->set_name("stale entry, replaced by ToProto");
  spec.ToProto(params.mutable_features());
  ASSERT_EQ(params.features_size(), 3);

  // Through the wire format too.
  baoxue::v1::ModelParams parsed;
  ASSERT_TRUE(parsed.ParseFromString(params.SerializeAsString()));
  absl::StatusOr<FeatureSpec> back = FeatureSpec::FromProto(parsed.features());
  ASSERT_THAT(back, IsOk());
  EXPECT_EQ(back->names(), spec.names());
  for (int j = 0; j < 3; ++j) {
    EXPECT_EQ(back->means()[j], spec.means()[j]);  // exact, not NEAR
    EXPECT_EQ(back->stddevs()[j], spec.stddevs()[j]);
  }
  EXPECT_EQ(back->Standardize(raw), spec.Standardize(raw));
}

baoxue::v1::FeatureStat Stat(const std::string& name, double mean,
                             double stddev) {
  baoxue::v1::FeatureStat stat;
  stat.set_name(name);
  stat.set_mean(mean);
  stat.set_stddev(stddev);
  return stat;
}

absl::StatusOr<FeatureSpec> FromStats(
    std::vector<baoxue::v1::FeatureStat> stats) {
  google::protobuf::RepeatedPtrField<baoxue::v1::FeatureStat> field(
      stats.begin(), stats.end());
  return FeatureSpec::FromProto(field);
}

TEST(FeatureSpecTest, FromProtoRejectsInvalidStatisticsNamingTheFeature) {
  EXPECT_THAT(FromStats({}), StatusIs(absl::StatusCode::kInvalidArgument,
                                      HasSubstr("no features")));
  EXPECT_THAT(FromStats({Stat("a", 0, 1), Stat("", 0, 1)}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("entry 1 has an empty name")));
  EXPECT_THAT(FromStats({Stat("a", 0, 1), Stat("a", 0, 1)}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("feature a appears more than once")));
  EXPECT_THAT(FromStats({Stat("a", kNaN, 1)}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("feature a: mean nan is not finite")));
  EXPECT_THAT(FromStats({Stat("a", 0, 1), Stat("b", 0, 0)}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("feature b: stddev 0")));
  EXPECT_THAT(
      FromStats({Stat("b", 0, -2)}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("feature b")));
  EXPECT_THAT(FromStats({Stat("c", 0, kInf)}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("feature c: stddev inf")));
  EXPECT_THAT(FromStats({Stat("a", 1, 2), Stat("b", -3, 0.5)}), IsOk());
}

}  // namespace
}  // namespace baoxue::model
