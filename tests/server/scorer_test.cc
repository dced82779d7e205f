#include "server/core/scorer.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/server/fakes.h"
#include "tests/testing/status_matchers.h"

namespace baoxue::core {
namespace {

using ::baoxue::testing::FeatureRow;
using ::baoxue::testing::IsOk;
using ::baoxue::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class ScorerTest : public ::testing::Test {
 protected:
  ScorerTest() : clock_(testing::TestNow()) {
    // Student 1: absent a lot, far away; 2: average; 3: in township B.
    features_.Add(1, testing::kVillageA,
                  FeatureRow({{"absence_rate_30d", 3}, {"distance_km", 2}}));
    features_.Add(2, testing::kVillageA, FeatureRow());
    features_.Add(3, testing::kVillageB, FeatureRow({{"absence_rate_30d", 1}}));
    limits_.max_batch_size = 5;
  }

  void LoadModel() {
    ASSERT_THAT(InstallModel("v7", testing::SimpleModelParams(), holder_),
                IsOk());
  }
  Scorer MakeScorer() {
    return Scorer(&features_, &directory_, &holder_, &clock_, limits_);
  }
  Caller TownshipOfficial() {
    return Caller{11, store::CallerRole::kOfficial, testing::TownshipA()};
  }
  Caller CountySystem() {
    return Caller{12, store::CallerRole::kSystem, testing::County()};
  }

  testing::FakeFeatureStore features_;
  testing::FakeDirectoryStore directory_;
  testing::FakeClock clock_;
  ModelHolder holder_;
  ScorerLimits limits_;
};

TEST_F(ScorerTest, ScoresKnownStudentsWithModelVersionDateAndReasons) {
  LoadModel();
  const int64_t ids[] = {1};
  auto results =
      MakeScorer().ScoreStudents(CountySystem(), ids, std::nullopt, 0);
  ASSERT_THAT(results, IsOk());
  ASSERT_EQ(results->size(), 1u);
  const StudentScore& s = (*results)[0];
  EXPECT_EQ(s.status, StudentScore::Status::kScored);
  // log-odds = -3 + 3*1 + 2*0.5 = 1
  EXPECT_NEAR(s.score.probability, 1 / (1 + std::exp(-1.0)), 1e-12);
  EXPECT_EQ(s.score.tier, model::RiskModel::Tier::kHigh);
  EXPECT_EQ(s.score.model_version, "v7");
  EXPECT_EQ(s.score.as_of, absl::CivilDay(2026, 11, 22));
  ASSERT_EQ(s.score.reasons.size(), 2u);
  EXPECT_EQ(s.score.reasons[0].feature, "absence_rate_30d");
  EXPECT_EQ(s.score.reasons[1].feature, "distance_km");
  EXPECT_EQ(s.score.reasons[1].text.en, "2 km to school");
  EXPECT_EQ(s.township_code, testing::kTownshipA);
}

// Other government systems know students by their 全国学籍号, and schools by
// 学校标识码: both ways in, both codes out.
TEST_F(ScorerTest, ScoresByStudentNumberAndNamesTheSchoolCode) {
  LoadModel();
  const std::string numbers[] = {"G1", "G404", "G2"};
  auto results = MakeScorer().ScoreStudentsByNumber(CountySystem(), numbers,
                                                    std::nullopt, 0);
  ASSERT_THAT(results, IsOk());
  ASSERT_EQ(results->size(), 3u);
  EXPECT_EQ((*results)[0].status, StudentScore::Status::kScored);
  EXPECT_EQ((*results)[0].student_id, 1);
  EXPECT_EQ((*results)[0].student_number, "G1");
  EXPECT_EQ((*results)[0].school_code, "3607990001");
  EXPECT_EQ((*results)[1].status, StudentScore::Status::kNotFound);
  EXPECT_EQ((*results)[1].student_number, "G404");
  EXPECT_EQ((*results)[2].student_number, "G2");
}

TEST_F(ScorerTest, UnknownIdIsReportedForThatIdAndDoesNotFailTheBatch) {
  LoadModel();
  const int64_t ids[] = {2, 999, 1};
  auto results =
      MakeScorer().ScoreStudents(CountySystem(), ids, std::nullopt, 3);
  ASSERT_THAT(results, IsOk());
  ASSERT_EQ(results->size(), 3u);
  EXPECT_EQ((*results)[0].status, StudentScore::Status::kScored);
  EXPECT_EQ((*results)[1].student_id, 999);
  EXPECT_EQ((*results)[1].status, StudentScore::Status::kNotFound);
  EXPECT_EQ((*results)[2].status, StudentScore::Status::kScored);
}

TEST_F(ScorerTest, StudentOutsideCallersAreaIsAnsweredLikeAnUnknownOne) {
  LoadModel();
  const int64_t ids[] = {1, 3};
  auto results =
      MakeScorer().ScoreStudents(TownshipOfficial(), ids, std::nullopt, 3);
  ASSERT_THAT(results, IsOk());
  EXPECT_EQ((*results)[0].status, StudentScore::Status::kScored);
  EXPECT_EQ((*results)[1].status, StudentScore::Status::kNotFound);
  EXPECT_THAT((*results)[1].score.reasons, IsEmpty());
}

TEST_F(ScorerTest, OverLongBatchIsInvalidArgumentStatingTheLimit) {
  LoadModel();
  const int64_t ids[] = {1, 2, 3, 4, 5, 6};
  EXPECT_THAT(MakeScorer().ScoreStudents(CountySystem(), ids, std::nullopt, 3),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("student_ids has 6 entries; the limit is 5")));
}

TEST_F(ScorerTest, EmptyBatchIsInvalidArgument) {
  LoadModel();
  EXPECT_THAT(MakeScorer().ScoreStudents(CountySystem(), {}, std::nullopt, 3),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("student_ids is empty")));
}

TEST_F(ScorerTest, WithoutAModelScoringIsUnavailable) {
  const int64_t ids[] = {1};
  EXPECT_THAT(MakeScorer().ScoreStudents(CountySystem(), ids, std::nullopt, 3),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("no model")));
}

TEST_F(ScorerTest, FutureDateIsInvalidArgument) {
  LoadModel();
  const int64_t ids[] = {1};
  EXPECT_THAT(MakeScorer().ScoreStudents(CountySystem(), ids,
                                         absl::CivilDay(2026, 11, 23), 3),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("as_of_date 2026-11-23 is in the future")));
}

TEST_F(ScorerTest, StoreFailurePassesThrough) {
  LoadModel();
  features_.FailWith(absl::UnavailableError("database unavailable"));
  const int64_t ids[] = {1};
  EXPECT_THAT(MakeScorer().ScoreStudents(CountySystem(), ids, std::nullopt, 3),
              StatusIs(absl::StatusCode::kUnavailable));
}

TEST_F(ScorerTest, MissingFeatureIsImputedAndListed) {
  LoadModel();
  Eigen::RowVectorXd row = FeatureRow({{"absence_rate_30d", 2}});
  row(4) = std::numeric_limits<double>::quiet_NaN();  // income_poverty_ratio
  features_.Add(4, testing::kVillageA, row);
  const int64_t ids[] = {4};
  auto results =
      MakeScorer().ScoreStudents(CountySystem(), ids, std::nullopt, 3);
  ASSERT_THAT(results, IsOk());
  EXPECT_THAT((*results)[0].score.missing_features,
              ElementsAre("income_poverty_ratio"));
  EXPECT_NEAR((*results)[0].score.probability, 1 / (1 + std::exp(1.0)), 1e-12);
}

TEST_F(ScorerTest, FeatureRowsAreScoredInOrder) {
  LoadModel();
  Eigen::MatrixXd raw(2, model::FeatureCatalog().size());
  raw.row(0) = FeatureRow();
  raw.row(1) = FeatureRow({{"absence_rate_30d", 1}});
  const Scorer scorer = MakeScorer();
  auto active = scorer.CurrentModel();
  ASSERT_THAT(active, IsOk());
  auto scores = scorer.ScoreFeatureRows(**active, raw, 1);
  ASSERT_THAT(scores, IsOk());
  ASSERT_EQ(scores->size(), 2u);
  EXPECT_LT((*scores)[0].probability, (*scores)[1].probability);
  EXPECT_THAT((*scores)[0].reasons, IsEmpty());
  ASSERT_EQ((*scores)[1].reasons.size(), 1u);
  EXPECT_EQ((*scores)[1].reasons[0].text.en,
            "absent 30 of the last 30 school days");
}

TEST_F(ScorerTest, TopRisksListsOwnAreaMostAtRiskFirstWithMaskedNames) {
  LoadModel();
  auto list =
      MakeScorer().TopRisks(TownshipOfficial(), "", std::nullopt, 10, 2);
  ASSERT_THAT(list, IsOk());
  EXPECT_EQ(list->area.division_code, testing::kTownshipA);
  EXPECT_EQ(list->students_scored, 2);
  ASSERT_EQ(list->students.size(), 2u);
  EXPECT_EQ(list->students[0].student_id, 1);
  EXPECT_EQ(list->students[1].student_id, 2);
  EXPECT_EQ(list->students[0].masked_name, "张*明");
}

TEST_F(ScorerTest, TopRisksLimitCutsTheList) {
  LoadModel();
  auto list = MakeScorer().TopRisks(CountySystem(), "", std::nullopt, 1, 2);
  ASSERT_THAT(list, IsOk());
  EXPECT_EQ(list->students_scored, 3);
  ASSERT_EQ(list->students.size(), 1u);
  EXPECT_EQ(list->students[0].student_id, 1);
}

TEST_F(ScorerTest, TopRisksOfAnotherTownshipIsPermissionDenied) {
  LoadModel();
  EXPECT_THAT(MakeScorer().TopRisks(TownshipOfficial(), testing::kTownshipB,
                                    std::nullopt, 10, 2),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("outside the caller's area")));
}

TEST_F(ScorerTest, TopRisksOfUnknownAreaIsRefusedLikeAnotherArea) {
  LoadModel();
  EXPECT_THAT(MakeScorer().TopRisks(CountySystem(), "360799999000",
                                    std::nullopt, 10, 2),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("outside the caller's area")));
}

TEST_F(ScorerTest, TopRisksRejectsAnOverLongLimit) {
  LoadModel();
  EXPECT_THAT(MakeScorer().TopRisks(CountySystem(), "", std::nullopt, 5000, 2),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("limit")));
}

// Resource control: an oversized area is refused from a count, before a
// single feature row is read (the feature store fails if it is asked).
TEST_F(ScorerTest, TopRisksCountsTheAreaBeforeReadingIt) {
  LoadModel();
  limits_.max_area_students = 2;
  directory_.students_in_area = 3;
  features_.FailWith(absl::InternalError("the area was read"));
  EXPECT_THAT(
      MakeScorer().TopRisks(CountySystem(), "", std::nullopt, 10, 2),
      StatusIs(absl::StatusCode::kResourceExhausted, HasSubstr("3 students")));
}

TEST_F(ScorerTest, DateBeforeTheCountysDataIsRefusedBeforeReading) {
  LoadModel();
  features_.FailWith(absl::InternalError("features were read"));
  const int64_t ids[] = {1};
  EXPECT_THAT(MakeScorer().ScoreStudents(CountySystem(), ids,
                                         absl::CivilDay(1900, 1, 1), 3),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("before the county's data starts")));
  directory_.first_school_day = absl::CivilDay(2024, 9, 1);
  EXPECT_THAT(
      MakeScorer().TopRisks(CountySystem(), "", absl::CivilDay(2024, 8, 31), 10,
                            2),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("2024-09-01")));
}

// The scoring hot path checks every as_of_date against the county's first
// school day without a database read per call: one read a minute.
TEST_F(ScorerTest, TheFirstSchoolDayIsReadOnceAMinute) {
  LoadModel();
  directory_.first_school_day = absl::CivilDay(2024, 9, 1);
  const Scorer scorer = MakeScorer();
  const int64_t ids[] = {1};
  const absl::CivilDay as_of(2026, 11, 2);
  ASSERT_THAT(scorer.ScoreStudents(CountySystem(), ids, as_of, 3), IsOk());
  ASSERT_THAT(scorer.ScoreStudents(CountySystem(), ids, as_of, 3), IsOk());
  EXPECT_EQ(directory_.first_school_day_reads, 1);
  // Earlier attendance imported meanwhile counts after the minute.
  directory_.first_school_day = absl::CivilDay(2026, 11, 3);
  clock_.Advance(absl::Seconds(61));
  EXPECT_THAT(
      scorer.ScoreStudents(CountySystem(), ids, as_of, 3),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("2026-11-03")));
  EXPECT_EQ(directory_.first_school_day_reads, 2);
}

}  // namespace
}  // namespace baoxue::core
