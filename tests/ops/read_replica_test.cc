// Issue 16's read replica on real PostgreSQL: a private primary and a real
// streaming replica of it made by deploy/replica.sh (pg_basebackup -R),
// the server's parts (ServerParts) with read_replica.read_database_url, and
// reads through the desks as two callers. Asserts where each read went by
// the router's counts and the replica pool's leases, and by what it saw:
// with replay paused, a read the replica answers misses a write the primary
// has, while the writer reads it at once. The lag is measured by calling
// the watcher's Measure() (the workers are not started), so no read races
// a measurement.
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/core/caller.h"
#include "server/core/model_holder.h"
#include "server/server_config.h"
#include "server/server_parts.h"
#include "server/store/migrations.h"
#include "tests/server/fakes.h"
#include "tests/testing/private_cluster.h"
#include "tests/testing/status_matchers.h"

#ifndef BAOXUE_SOURCE_DIR
#error "BAOXUE_SOURCE_DIR must name the source tree (deploy/replica.sh)"
#endif

namespace baoxue {
namespace {

using ::baoxue::testing::IsOk;
using ::testing::IsEmpty;
using ::testing::SizeIs;

constexpr char kCounty[] = "130123000000";
constexpr char kTownship[] = "130123101000";

core::Caller CountyAdmin() {
  core::Caller caller;
  caller.token_id = 1;
  caller.role = store::CallerRole::kAdmin;
  caller.scope = {0, kCounty, domain::AreaLevel::kCounty, "county"};
  return caller;
}

core::Caller TownshipOfficial() {
  core::Caller caller;
  caller.account_id = 7;
  caller.role = store::CallerRole::kOfficial;
  caller.scope = {0, kTownship, domain::AreaLevel::kTownship, "township"};
  caller.display_name = "township official";
  return caller;
}

class ReadReplicaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto primary = testing::PrivateCluster::Start();
    ASSERT_THAT(primary.status(), IsOk());
    primary_ = *std::move(primary);
    // Migrated in place: the test needs no other cluster.
    ASSERT_THAT(store::ApplyMigrations(primary_->Url()).status(), IsOk());
    auto replica = testing::PrivateCluster::StartReplicaOf(
        *primary_, BAOXUE_SOURCE_DIR "/deploy/replica.sh");
    ASSERT_THAT(replica.status(), IsOk());
    replica_ = *std::move(replica);

    baoxue::v1::ServerConfig config;
    config.set_database_url(primary_->Url());
    config.set_database_pool_size(4);
    config.set_http_listen_address("off");
    config.mutable_metrics()->set_listen_address("off");
    baoxue::v1::ReadReplicaConfig& read = *config.mutable_read_replica();
    read.set_read_database_url(replica_->Url());
    read.set_max_lag_seconds(2);
    read.set_own_writes_seconds(60);
    ASSERT_THAT(ApplyDefaults(config), IsOk());
    auto parts = ServerParts::Build(config);
    ASSERT_THAT(parts.status(), IsOk());
    parts_ = *std::move(parts);
    ASSERT_NE(parts_->replica(), nullptr);
    ASSERT_TRUE(MeasureUntilServing());
  }

  // Measures until reads go to the replica (it caught up); false after 15 s.
  bool MeasureUntilServing() {
    for (int i = 0; i < 150; ++i) {
      parts_->replica()->watch.Measure();
      if (Figures().serving_reads) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }

  core::ReadRouter::Figures Figures() { return parts_->core().reads.figures(); }
  int64_t ReplicaLeases() {
    return parts_->replica()->pool->usage().acquired_total;
  }

  // The county's latest ledger reports as `caller` reads them.
  std::vector<store::LedgerReport> Reports(const core::Caller& caller) {
    auto reports = parts_->core().case_desk.LedgerReports(caller, "");
    EXPECT_THAT(reports.status(), IsOk());
    return reports.ok() ? *reports : std::vector<store::LedgerReport>();
  }

  void PauseReplay() {
    ASSERT_THAT(replica_->Sql("SELECT pg_wal_replay_pause()").status(), IsOk());
    for (int i = 0; i < 100; ++i) {
      auto state = replica_->Sql("SELECT pg_get_wal_replay_pause_state()");
      ASSERT_THAT(state.status(), IsOk());
      if (state->find("paused") == 0) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    FAIL() << "replay never paused";
  }

  std::unique_ptr<testing::PrivateCluster> primary_;
  std::unique_ptr<testing::PrivateCluster> replica_;
  std::unique_ptr<ServerParts> parts_;
};

TEST_F(ReadReplicaTest, ReadsGoToTheReplicaButAWriterReadsItsOwnWrites) {
  const core::Caller county = CountyAdmin();
  const core::Caller township = TownshipOfficial();

  // Ledger reports, case lists, ledgers and risk lists of a caller who has
  // not written: the replica answers.
  const int64_t leases = ReplicaLeases();
  EXPECT_THAT(Reports(county), IsEmpty());
  EXPECT_THAT(parts_->core().case_desk.List(county, {}).status(), IsOk());
  EXPECT_THAT(parts_->core().case_desk.Ledger(county, "", {}, {}).status(),
              IsOk());
  EXPECT_THAT(parts_->core().risk_list_desk.List(county, {}).status(), IsOk());
  // Scoring by id reads the students' features from the replica (none of
  // these ids exist: each is answered not found, alike).
  ASSERT_THAT(core::InstallModel("v1", testing::SimpleModelParams(),
                                 parts_->core().holder),
              IsOk());
  const std::vector<int64_t> ids = {1, 2};
  auto scores = parts_->core().scorer.ScoreStudents(county, ids, {}, 0);
  ASSERT_THAT(scores.status(), IsOk());
  EXPECT_THAT(*scores, SizeIs(2));
  EXPECT_EQ(Figures().replica_reads, 5);
  // (a feature read may lease twice: the snapshot, then the live rows)
  EXPECT_GE(ReplicaLeases(), leases + 5);

  // The replica stops replaying; the township reports its ledger.
  PauseReplay();
  parts_->replica()->watch.Measure();
  ASSERT_TRUE(Figures().serving_reads);
  auto report = parts_->core().case_desk.ReportLedger(
      township, absl::CivilDay(2026, 11, 1), absl::CivilDay(2026, 11, 30),
      "{\"total\": 3}", "reviewer", "");
  ASSERT_THAT(report.status(), IsOk());

  // The writer reads its report at once (from the primary) ...
  EXPECT_THAT(Reports(township), SizeIs(1));
  EXPECT_EQ(Figures().own_writes_reads, 1);
  // ... while the county, within the lag bound, is answered by the stale
  // replica: the routing is real.
  EXPECT_THAT(Reports(county), IsEmpty());
  EXPECT_EQ(Figures().replica_reads, 6);

  // Past the bound (2 s) the county's reads fall back to the primary.
  std::this_thread::sleep_for(std::chrono::milliseconds(2200));
  parts_->replica()->watch.Measure();
  EXPECT_FALSE(Figures().serving_reads);
  ASSERT_TRUE(Figures().lag.has_value());
  EXPECT_GT(*Figures().lag, absl::Seconds(2));
  EXPECT_THAT(Reports(county), SizeIs(1));
  EXPECT_EQ(Figures().lagging_reads, 1);
  EXPECT_EQ(Figures().replica_reads, 6);

  // Replay resumes: the replica catches up and answers again, now with it.
  ASSERT_THAT(replica_->Sql("SELECT pg_wal_replay_resume()").status(), IsOk());
  ASSERT_TRUE(MeasureUntilServing());
  EXPECT_THAT(Reports(county), SizeIs(1));
  EXPECT_EQ(Figures().replica_reads, 7);
}

TEST_F(ReadReplicaTest, StoppedReplicaReadsAreAnsweredByThePrimary) {
  const core::Caller county = CountyAdmin();
  EXPECT_THAT(Reports(county), IsEmpty());
  EXPECT_EQ(Figures().replica_reads, 1);

  // Stopped between two measurements: the read the replica fails is asked
  // again of the primary, and the next goes to the primary straight away.
  ASSERT_THAT(replica_->Stop("fast"), IsOk());
  EXPECT_THAT(Reports(county), IsEmpty());
  EXPECT_EQ(Figures().replica_failed_reads, 1);
  EXPECT_EQ(Figures().replica_reads, 1);
  EXPECT_FALSE(Figures().reachable);
  EXPECT_THAT(parts_->core().case_desk.List(county, {}).status(), IsOk());
  EXPECT_THAT(parts_->core().risk_list_desk.List(county, {}).status(), IsOk());
  EXPECT_EQ(Figures().unreachable_reads, 2);
  parts_->replica()->watch.Measure();
  EXPECT_FALSE(Figures().reachable);
  EXPECT_FALSE(Figures().serving_reads);

  // Back: the watcher finds it and reads return to it.
  ASSERT_THAT(replica_->StartAgain(), IsOk());
  ASSERT_TRUE(MeasureUntilServing());
  EXPECT_THAT(Reports(county), IsEmpty());
  EXPECT_EQ(Figures().replica_reads, 2);
}

TEST(ReadReplicaOffTest, WithoutReplicaEveryReadGoesToThePrimary) {
  auto primary = testing::PrivateCluster::Start();
  ASSERT_THAT(primary.status(), IsOk());
  ASSERT_THAT(store::ApplyMigrations((*primary)->Url()).status(), IsOk());
  baoxue::v1::ServerConfig config;
  config.set_database_url((*primary)->Url());
  config.set_http_listen_address("off");
  config.mutable_metrics()->set_listen_address("off");
  ASSERT_THAT(ApplyDefaults(config), IsOk());
  auto parts = ServerParts::Build(config);
  ASSERT_THAT(parts.status(), IsOk());
  EXPECT_EQ((*parts)->replica(), nullptr);
  auto reports = (*parts)->core().case_desk.LedgerReports(CountyAdmin(), "");
  EXPECT_THAT(reports.status(), IsOk());
  const core::ReadRouter::Figures figures = (*parts)->core().reads.figures();
  EXPECT_FALSE(figures.configured);
  EXPECT_EQ(figures.replica_reads + figures.own_writes_reads +
                figures.lagging_reads + figures.unreachable_reads,
            0);
}

}  // namespace
}  // namespace baoxue
