// Feature snapshots (deploy/sql/0008_feature_snapshots.sql) on the
// hand-built county of features_test: a refresh stores exactly what
// baoxue.student_features computes (every column, NULLs included), replaces
// and prunes days, leaves the old snapshot intact when it fails, and the
// scoring reads use the snapshot when the day has one.
#include <cmath>
#include <memory>
#include <pqxx/pqxx>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/store/pg_connection_pool.h"
#include "server/store/pg_feature_snapshot_store.h"
#include "server/store/pg_feature_store.h"
#include "tests/integration/features_fixture.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_database.h"

namespace baoxue {
namespace {

using ::baoxue::testing::IsOk;
using ::baoxue::testing::TestDatabase;
using ::testing::ElementsAre;
using ::testing::Pair;

constexpr absl::CivilDay kDay(2026, 5, 29);

class FeatureSnapshotsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<TestDatabase>> db = TestDatabase::Create();
    ASSERT_THAT(db, IsOk());
    db_ = std::move(*db);
    connection_ = std::make_unique<pqxx::connection>(db_->url());
    Exec(testing::kFixture);
    auto pool = store::PgConnectionPool::Create(db_->url(), 2);
    ASSERT_THAT(pool, IsOk());
    pool_ = std::move(*pool);
  }

  // A store writing two student ids per INSERT (several ranges on six
  // students) and keeping `retention_days`.
  std::unique_ptr<store::PgFeatureSnapshotStore> Snapshots(
      int retention_days = 35) {
    store::FeatureSnapshotOptions options;
    options.retention_days = retention_days;
    options.ids_per_range = 2;
    return std::make_unique<store::PgFeatureSnapshotStore>(pool_.get(),
                                                           options);
  }

  void Exec(const std::string& sql) {
    pqxx::work tx(*connection_);
    tx.exec(sql);
    tx.commit();
  }
  int64_t Count(const std::string& sql) {
    pqxx::read_transaction tx(*connection_);
    return tx.exec1(sql)[0].as<int64_t>();
  }
  // Rows of the live function and the snapshot (every column compared with
  // IS NOT DISTINCT FROM) that differ, both ways.
  int64_t Differences(const std::string& day) {
    return Count(absl::StrCat(
        "SELECT count(*) FROM ("
        "(SELECT * FROM baoxue.student_features('",
        day, "') EXCEPT ALL SELECT * FROM baoxue.snapshot_features('", day,
        "')) UNION ALL (SELECT * FROM baoxue.snapshot_features('", day,
        "') EXCEPT ALL SELECT * FROM baoxue.student_features('", day,
        "'))) d"));
  }
  std::vector<std::string> SnapshotDays() {
    pqxx::read_transaction tx(*connection_);
    std::vector<std::string> days;
    for (const pqxx::row& row :
         tx.exec("SELECT as_of::text FROM baoxue.feature_snapshot_days "
                 "ORDER BY as_of")) {
      days.push_back(row[0].as<std::string>());
    }
    return days;
  }

  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<pqxx::connection> connection_;
  std::unique_ptr<store::PgConnectionPool> pool_;
};

TEST_F(FeatureSnapshotsTest, RefreshStoresExactlyTheLiveFeatures) {
  auto snapshots = Snapshots(/*retention_days=*/3660);  // keep all three
  // Full windows; a short last window without a previous one (NULL trend);
  // no school day at all (NULL attendance). Income and routes are missing
  // for some students on every day.
  for (absl::CivilDay day :
       {kDay, absl::CivilDay(2026, 3, 20), absl::CivilDay(2026, 2, 1)}) {
    const std::string text = absl::FormatCivilTime(day);
    SCOPED_TRACE(text);
    std::vector<std::pair<int64_t, int64_t>> progress;
    auto refresh = snapshots->Refresh(day, "test", absl::ZeroDuration(),
                                      [&](int64_t written, int64_t total) {
                                        progress.emplace_back(written, total);
                                      });
    ASSERT_THAT(refresh, IsOk());
    EXPECT_FALSE(refresh->reused);
    EXPECT_EQ(refresh->day.as_of, day);
    EXPECT_EQ(refresh->day.students, 6);
    EXPECT_EQ(refresh->day.computed_by, "test");
    EXPECT_EQ(Count(absl::StrCat("SELECT count(*) FROM baoxue.feature_snapshots"
                                 " WHERE as_of = '",
                                 text, "'")),
              6);
    EXPECT_EQ(Differences(text), 0);
    // Ids 1..6, two per range: (0,2], (2,4], (4,∞).
    EXPECT_THAT(progress, ElementsAre(Pair(2, 6), Pair(4, 6), Pair(6, 6)));
  }
  // The comparison did see NULLs: missing income, route, trend, attendance.
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.snapshot_features('2026-05-29')"
                  " WHERE income_poverty_ratio IS NULL"),
            2);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.snapshot_features('2026-05-29')"
                  " WHERE distance_km IS NULL AND travel_minutes IS NULL AND "
                  "mountain_route IS NULL"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.snapshot_features('2026-03-20')"
                  " WHERE absence_trend_30d IS NULL AND absence_rate_30d IS "
                  "NOT NULL"),
            6);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.snapshot_features('2026-02-01')"
                  " WHERE absence_rate_30d IS NULL"),
            6);
  auto found = snapshots->Find(kDay);
  ASSERT_THAT(found, IsOk());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->students, 6);
  auto missing = snapshots->Find(absl::CivilDay(2026, 5, 28));
  ASSERT_THAT(missing, IsOk());
  EXPECT_FALSE(missing->has_value());
}

TEST_F(FeatureSnapshotsTest, RefreshReplacesTheDaysRows) {
  auto snapshots = Snapshots();
  ASSERT_THAT(snapshots->Refresh(kDay, "first", absl::ZeroDuration(), nullptr),
              IsOk());
  // Student 3 misses the last two school days; student 6 leaves the county.
  Exec(
      "INSERT INTO baoxue.absences VALUES (3, '2026-05-28', 'unexcused'), "
      "(3, '2026-05-29', 'unexcused');"
      "DELETE FROM baoxue.enrolment_events WHERE student_id = 6;"
      "DELETE FROM baoxue.student_routes WHERE student_id = 6;"
      "DELETE FROM baoxue.students WHERE student_id = 6;");
  EXPECT_NE(Differences("2026-05-29"), 0);
  auto again =
      snapshots->Refresh(kDay, "second", absl::ZeroDuration(), nullptr);
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(again->day.students, 5);
  EXPECT_EQ(again->day.computed_by, "second");
  EXPECT_EQ(Differences("2026-05-29"), 0);
  EXPECT_EQ(Count("SELECT longest_absence_run_30d::bigint FROM "
                  "baoxue.feature_snapshots WHERE as_of = '2026-05-29' AND "
                  "student_id = 3"),
            2);
  EXPECT_THAT(SnapshotDays(), ElementsAre("2026-05-29"));
}

TEST_F(FeatureSnapshotsTest, AFreshSnapshotIsReusedWithinTheGivenAge) {
  auto snapshots = Snapshots();
  auto first = snapshots->Refresh(kDay, "first", absl::ZeroDuration(), nullptr);
  ASSERT_THAT(first, IsOk());
  Exec("INSERT INTO baoxue.absences VALUES (3, '2026-05-29', 'unexcused')");
  auto reused = snapshots->Refresh(kDay, "second", absl::Hours(1), nullptr);
  ASSERT_THAT(reused, IsOk());
  EXPECT_TRUE(reused->reused);
  EXPECT_EQ(reused->day.computed_by, "first");
  EXPECT_EQ(reused->day.computed_at, first->day.computed_at);
  EXPECT_NE(Differences("2026-05-29"), 0);  // still the first's rows
  // Older than the age given: recomputed.
  auto recomputed =
      snapshots->Refresh(kDay, "third", absl::Microseconds(1), nullptr);
  ASSERT_THAT(recomputed, IsOk());
  EXPECT_FALSE(recomputed->reused);
  EXPECT_EQ(recomputed->day.computed_by, "third");
  EXPECT_EQ(Differences("2026-05-29"), 0);
}

TEST_F(FeatureSnapshotsTest, RefreshPrunesDaysPastTheRetention) {
  auto snapshots = Snapshots(/*retention_days=*/3);
  for (int d : {20, 26, 27}) {
    auto refresh = snapshots->Refresh(absl::CivilDay(2026, 5, d), "test",
                                      absl::ZeroDuration(), nullptr);
    ASSERT_THAT(refresh, IsOk());
    EXPECT_EQ(refresh->days_pruned, d == 26 ? 1 : 0) << d;  // 05-20 at 05-26
  }
  EXPECT_THAT(SnapshotDays(), ElementsAre("2026-05-26", "2026-05-27"));
  // Keeps the three days up to the newest, 05-27 .. 05-29.
  auto newest = snapshots->Refresh(kDay, "test", absl::ZeroDuration(), nullptr);
  ASSERT_THAT(newest, IsOk());
  EXPECT_EQ(newest->days_pruned, 1);
  EXPECT_THAT(SnapshotDays(), ElementsAre("2026-05-27", "2026-05-29"));
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.feature_snapshots WHERE as_of "
                  "NOT IN ('2026-05-27', '2026-05-29')"),
            0);
  // An old day asked for explicitly is kept until the next pruning.
  ASSERT_THAT(snapshots->Refresh(absl::CivilDay(2026, 5, 4), "backfill",
                                 absl::ZeroDuration(), nullptr),
              IsOk());
  EXPECT_THAT(SnapshotDays(),
              ElementsAre("2026-05-04", "2026-05-27", "2026-05-29"));
  auto pruned = snapshots->Prune();
  ASSERT_THAT(pruned, IsOk());
  EXPECT_EQ(*pruned, 1);
  EXPECT_THAT(SnapshotDays(), ElementsAre("2026-05-27", "2026-05-29"));
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.feature_snapshots"), 12);
}

TEST_F(FeatureSnapshotsTest, AFailedRefreshLeavesTheOldSnapshotIntact) {
  auto snapshots = Snapshots();
  auto before = snapshots->Refresh(kDay, "good", absl::ZeroDuration(), nullptr);
  ASSERT_THAT(before, IsOk());
  // The data changes, and writing student 5's row fails (in the third
  // range, after two ranges were written).
  Exec("INSERT INTO baoxue.absences VALUES (3, '2026-05-29', 'unexcused')");
  Exec(R"sql(
    CREATE FUNCTION fail_injected() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'injected failure'; END $$;
    CREATE TRIGGER fail_student_5 BEFORE INSERT ON baoxue.feature_snapshots
      FOR EACH ROW WHEN (NEW.student_id = 5) EXECUTE FUNCTION fail_injected();
  )sql");
  int64_t progress_calls = 0;
  auto failed = snapshots->Refresh(kDay, "bad", absl::ZeroDuration(),
                                   [&](int64_t, int64_t) { ++progress_calls; });
  EXPECT_FALSE(failed.ok());
  EXPECT_EQ(progress_calls, 2);
  auto after = snapshots->Find(kDay);
  ASSERT_THAT(after, IsOk());
  ASSERT_TRUE(after->has_value());
  EXPECT_EQ((*after)->computed_by, "good");
  EXPECT_EQ((*after)->computed_at, before->day.computed_at);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.feature_snapshots"), 6);
  EXPECT_EQ(Count("SELECT unexcused_absences_30d::bigint FROM "
                  "baoxue.feature_snapshots WHERE student_id = 3"),
            0);  // the rows before the new absence
}

TEST_F(FeatureSnapshotsTest, ScoringReadsTheSameRowsFromTheSnapshot) {
  store::PgFeatureStore features(pool_.get());
  const std::vector<int64_t> ids = {1, 2, 3, 4, 5, 6};
  for (absl::CivilDay day :
       {kDay, absl::CivilDay(2026, 3, 20), absl::CivilDay(2026, 2, 1)}) {
    SCOPED_TRACE(absl::FormatCivilTime(day));
    auto live = features.FeaturesOfStudents(ids, day);
    ASSERT_THAT(live, IsOk());
    ASSERT_THAT(
        Snapshots(3660)->Refresh(day, "test", absl::ZeroDuration(), nullptr),
        IsOk());
    auto stored = features.FeaturesOfStudents(ids, day);
    ASSERT_THAT(stored, IsOk());
    EXPECT_EQ(stored->student_ids, live->student_ids);
    EXPECT_EQ(stored->village_codes, live->village_codes);
    EXPECT_EQ(stored->township_codes, live->township_codes);
    EXPECT_EQ(stored->school_ids, live->school_ids);
    ASSERT_EQ(stored->values.rows(), 6);
    ASSERT_EQ(stored->values.cols(), live->values.cols());
    for (Eigen::Index i = 0; i < 6; ++i) {
      for (Eigen::Index j = 0; j < live->values.cols(); ++j) {
        const double a = stored->values(i, j);
        const double e = live->values(i, j);
        if (std::isnan(e)) {
          EXPECT_TRUE(std::isnan(a)) << "student " << i + 1 << " column " << j;
        } else {
          EXPECT_EQ(a, e) << "student " << i + 1 << " column " << j;
        }
      }
    }
  }
}

TEST_F(FeatureSnapshotsTest, ScoringReadsTheSnapshotAndFallsBackToLive) {
  store::PgFeatureStore features(pool_.get());
  auto snapshots = Snapshots();
  ASSERT_THAT(snapshots->Refresh(kDay, "test", absl::ZeroDuration(), nullptr),
              IsOk());
  // After the snapshot, student 3 misses a day: the snapshot day does not
  // see it, a day without a snapshot (computed live) does.
  Exec("INSERT INTO baoxue.absences VALUES (3, '2026-05-28', 'unexcused')");
  const int unexcused = 1;  // catalogue column of unexcused_absences_30d
  const std::vector<int64_t> ids = {3, 1, 99};
  auto from_snapshot = features.FeaturesOfStudents(ids, kDay);
  ASSERT_THAT(from_snapshot, IsOk());
  EXPECT_THAT(from_snapshot->student_ids, ElementsAre(1, 3));
  EXPECT_EQ(from_snapshot->values(1, unexcused), 0);
  EXPECT_EQ(from_snapshot->township_codes[1], "360799202000");
  EXPECT_EQ(from_snapshot->village_codes[1], "360799202203");
  EXPECT_EQ(from_snapshot->school_ids[1], 20);
  EXPECT_TRUE(std::isnan(from_snapshot->values(1, 4)));  // income unknown

  // One id (its own statement), and an unknown one.
  auto one = features.FeaturesOfStudents(std::vector<int64_t>{3}, kDay);
  ASSERT_THAT(one, IsOk());
  EXPECT_THAT(one->student_ids, ElementsAre(3));
  EXPECT_EQ(one->values(0, unexcused), 0);
  EXPECT_EQ(one->township_codes[0], "360799202000");
  auto unknown = features.FeaturesOfStudents(std::vector<int64_t>{99}, kDay);
  ASSERT_THAT(unknown, IsOk());
  EXPECT_EQ(unknown->size(), 0);

  auto live = features.FeaturesOfStudents(ids, absl::CivilDay(2026, 5, 28));
  ASSERT_THAT(live, IsOk());
  EXPECT_THAT(live->student_ids, ElementsAre(1, 3));
  EXPECT_EQ(live->values(1, unexcused), 1);
  auto live_one = features.FeaturesOfStudents(std::vector<int64_t>{3},
                                              absl::CivilDay(2026, 5, 28));
  ASSERT_THAT(live_one, IsOk());
  EXPECT_EQ(live_one->values(0, unexcused), 1);

  store::Area township;
  township.area_id = 5;
  township.level = store::AreaLevel::kTownship;
  township.division_code = "360799202000";
  auto area = features.FeaturesInArea(township, kDay);
  ASSERT_THAT(area, IsOk());
  EXPECT_THAT(area->student_ids, ElementsAre(2, 3, 4, 5));
  EXPECT_EQ(area->values(1, unexcused), 0);  // the snapshot's
}

}  // namespace
}  // namespace baoxue
