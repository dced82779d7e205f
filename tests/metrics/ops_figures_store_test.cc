// PgOpsFiguresStore on the real PostgreSQL: the outbox by channel, runs
// nobody executes (by their advisory lock), failed runs, snapshot age.
#include <memory>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pqxx/pqxx"
#include "server/store/pg_ops_figures_store.h"
#include "server/store/pg_risk_run_store.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_database.h"

namespace baoxue::store {
namespace {

using ::baoxue::testing::IsOk;
using ::testing::DoubleNear;
using ::testing::Optional;

class OpsFiguresStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = testing::TestDatabase::Create();
    ASSERT_TRUE(db.ok()) << db.status();
    database_ = std::move(*db);
    auto pool = PgConnectionPool::Create(database_->url(), 2);
    ASSERT_TRUE(pool.ok());
    pool_ = std::move(*pool);
    store_ = std::make_unique<PgOpsFiguresStore>(pool_.get());
    Exec(
        "INSERT INTO baoxue.areas (area_id, level, division_code, group_no, "
        "parent_id, name) VALUES (1, 'county', '360799000000', NULL, NULL, "
        "'测试县')");
    Exec(
        "INSERT INTO baoxue.models (version, params, state, created_by) "
        "VALUES ('v-test', '\\x', 'active', 'test')");
  }

  pqxx::result Exec(const std::string& sql) {
    pqxx::connection conn(database_->url());
    pqxx::work tx(conn);
    pqxx::result result = tx.exec(sql);
    tx.commit();
    return result;
  }

  // A run of the county as of `as_of` in `status` ('running' unfinished).
  int64_t AddRun(const std::string& as_of, const std::string& status) {
    return Exec(
               "INSERT INTO baoxue.risk_runs (scope_area_id, as_of, model_id, "
               "status, finished_at) SELECT 1, '" +
               as_of + "', model_id, '" + status + "', " +
               (status == "running" ? "NULL" : "now()") +
               " FROM baoxue.models RETURNING run_id")[0][0]
        .as<int64_t>();
  }

  std::unique_ptr<testing::TestDatabase> database_;
  std::unique_ptr<PgConnectionPool> pool_;
  std::unique_ptr<PgOpsFiguresStore> store_;
};

TEST_F(OpsFiguresStoreTest, AnEmptyDatabaseHasNothingWaitingAndNoSnapshot) {
  absl::StatusOr<OpsFigures> figures = store_->ReadOpsFigures();
  ASSERT_THAT(figures.status(), IsOk());
  EXPECT_TRUE(figures->outbox.empty());
  EXPECT_EQ(figures->interrupted_runs, 0);
  EXPECT_EQ(figures->failed_runs_last_day, 0);
  EXPECT_EQ(figures->feature_snapshot_age_seconds, std::nullopt);
}

TEST_F(OpsFiguresStoreTest, OutboxIsCountedByChannelWithItsOldestAge) {
  Exec(
      "INSERT INTO baoxue.notification_outbox (idempotency_key, channel, "
      "payload, created_at, last_error, delivered_at) VALUES "
      "('a', 'wecom', '{}', now() - interval '10 minutes', NULL, NULL),"
      "('b', 'wecom', '{}', now() - interval '2 minutes', 'HTTP 503', NULL),"
      "('c', 'file', '{}', now() - interval '1 minute', NULL, NULL),"
      "('d', 'file', '{}', now() - interval '1 hour', NULL, now())");
  absl::StatusOr<OpsFigures> figures = store_->ReadOpsFigures();
  ASSERT_THAT(figures.status(), IsOk());
  ASSERT_EQ(figures->outbox.size(), 2u);
  EXPECT_EQ(figures->outbox[0].channel, "file");
  EXPECT_EQ(figures->outbox[0].pending, 1);  // the delivered one is not
  EXPECT_THAT(figures->outbox[0].oldest_pending_age_seconds,
              DoubleNear(60, 30));
  EXPECT_EQ(figures->outbox[1].channel, "wecom");
  EXPECT_EQ(figures->outbox[1].pending, 2);
  EXPECT_EQ(figures->outbox[1].failing, 1);
  EXPECT_THAT(figures->outbox[1].oldest_pending_age_seconds,
              DoubleNear(600, 30));
}

TEST_F(OpsFiguresStoreTest, ARunningRunIsInterruptedOnlyWhileNobodyHoldsIt) {
  const int64_t run = AddRun("2026-11-20", "running");
  AddRun("2026-11-19", "succeeded");
  AddRun("2026-11-18", "failed");
  absl::StatusOr<OpsFigures> unheld = store_->ReadOpsFigures();
  ASSERT_THAT(unheld.status(), IsOk());
  EXPECT_EQ(unheld->interrupted_runs, 1);

  // An executor holds the run's session advisory lock (PgRiskRunStore).
  pqxx::connection holder(database_->url());
  pqxx::nontransaction lock(holder);
  lock.exec_params("SELECT pg_advisory_lock($1::int, $2::int)",
                   PgRiskRunStore::kRunLockClass, run);
  absl::StatusOr<OpsFigures> held = store_->ReadOpsFigures();
  ASSERT_THAT(held.status(), IsOk());
  EXPECT_EQ(held->interrupted_runs, 0);
  EXPECT_EQ(held->failed_runs_last_day, 1);
}

TEST_F(OpsFiguresStoreTest, SnapshotAgeIsThatOfTheNewestSnapshot) {
  Exec(
      "INSERT INTO baoxue.feature_snapshot_days (as_of, computed_at, "
      "students, computed_by, seconds) VALUES "
      "('2026-11-19', now() - interval '2 days', 0, 'test', 1),"
      "('2026-11-20', now() - interval '3 hours', 0, 'test', 1)");
  absl::StatusOr<OpsFigures> figures = store_->ReadOpsFigures();
  ASSERT_THAT(figures.status(), IsOk());
  EXPECT_THAT(figures->feature_snapshot_age_seconds,
              Optional(DoubleNear(3 * 3600, 60)));
}

}  // namespace
}  // namespace baoxue::store
