// Database least privilege on a cluster of the test's own, made by
// deploy/pg.sh in a temporary directory on a free port (never the shared
// cluster): passwords (scram-sha-256) instead of trust, the application role
// without DDL and without edits to the audit, and data staff's feature
// expressions under the feature-reader role, which cannot read the tokens
// (docs/security.md, "Database roles").
#include <cstdlib>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pqxx/pqxx"
#include "server/core/audit_chain.h"
#include "server/store/migrations.h"
#include "server/store/pg_audit_store.h"
#include "server/store/pg_connection_pool.h"
#include "server/store/pg_feature_set_store.h"
#include "server/store/pg_feature_snapshot_store.h"
#include "server/store/pg_feature_store.h"
#include "server/store/pg_training_data_store.h"
#include "tests/testing/processes.h"
#include "tests/testing/status_matchers.h"

namespace baoxue {
namespace {

using ::baoxue::testing::IsOk;
using ::baoxue::testing::RunShell;
using ::baoxue::testing::StatusIs;
using ::testing::HasSubstr;

// deploy/pg.sh with this test's own directory and port: both are always set,
// so the script can never reach the shared cluster.
class OwnCluster {
 public:
  OwnCluster() {
    port_ = testing::FreePort();
    dir_ = absl::StrCat("/tmp/baoxue-roles-test-", getpid(), "-", port_);
    RunShell(absl::StrCat("mkdir -p ", dir_, " && chmod 755 ", dir_));
  }
  ~OwnCluster() {
    PgSh("stop");
    RunShell(absl::StrCat("rm -rf ", dir_));
  }
  testing::CommandResult PgSh(const std::string& args) const {
    return RunShell(absl::StrCat("BAOXUE_PG_DIR=", dir_,
                                 "/pg BAOXUE_PG_PORT=", port_, " ",
                                 BAOXUE_SOURCE_DIR, "/deploy/pg.sh ", args));
  }
  std::string Url(const std::string& which) const {
    return std::string(absl::StripTrailingAsciiWhitespace(PgSh(which).output));
  }
  int port() const { return port_; }

 private:
  int port_ = 0;
  std::string dir_;
};

class DatabaseRolesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    cluster_ = new OwnCluster();
    const testing::CommandResult started = cluster_->PgSh("start");
    if (started.exit_code != 0) {
      error_ = new std::string(started.output);
      return;
    }
    absl::StatusOr<int> migrated = store::ApplyMigrations(cluster_->Url("url"));
    if (!migrated.ok()) error_ = new std::string(migrated.status().ToString());
  }
  static void TearDownTestSuite() {
    delete cluster_;
    cluster_ = nullptr;
    delete error_;
    error_ = nullptr;
  }
  void SetUp() override {
    ASSERT_NE(cluster_->port(), 0);
    ASSERT_EQ(error_, nullptr) << *error_;
  }

  // Runs `sql` as the application role: "denied" when PostgreSQL refuses
  // it for lack of privilege, "" when it succeeds, else the error.
  // (libpqxx 6.4 leaves sqlstate() empty for plain exec(): the message
  // says it.)
  static std::string RunAsApp(const std::string& sql) {
    try {
      pqxx::connection conn(cluster_->Url("app-url"));
      pqxx::work tx(conn);
      tx.exec(sql);
      tx.commit();
      return "";
    } catch (const pqxx::sql_error& e) {
      const std::string what = e.what();
      if (e.sqlstate() == "42501" ||
          what.find("permission denied") != std::string::npos ||
          what.find("must be owner") != std::string::npos) {
        return "denied";
      }
      return what;
    }
  }

  static OwnCluster* cluster_;
  static std::string* error_;
};

OwnCluster* DatabaseRolesTest::cluster_ = nullptr;
std::string* DatabaseRolesTest::error_ = nullptr;

TEST_F(DatabaseRolesTest, TcpConnectionsNeedThePassword) {
  const std::string without = absl::StrCat(
      "postgresql://baoxue@127.0.0.1:", cluster_->port(), "/baoxue");
  EXPECT_THROW(pqxx::connection conn(without), pqxx::broken_connection);
  EXPECT_NO_THROW(pqxx::connection conn(cluster_->Url("url")));
}

TEST_F(DatabaseRolesTest, TheApplicationRoleHasNoDdl) {
  EXPECT_EQ(RunAsApp("CREATE TABLE baoxue.intruder (x int)"), "denied");
  EXPECT_EQ(RunAsApp("DROP TABLE baoxue.students"), "denied");
  EXPECT_EQ(RunAsApp("ALTER TABLE baoxue.audit_log DISABLE TRIGGER ALL"),
            "denied");
  // Its own work still goes through.
  EXPECT_EQ(RunAsApp("SELECT count(*) FROM baoxue.students"), "");
}

TEST_F(DatabaseRolesTest, TheApplicationRoleAppendsToTheAuditButNeverEditsIt) {
  auto pool = store::PgConnectionPool::Create(cluster_->Url("app-url"), 2);
  ASSERT_THAT(pool.status(), IsOk());
  store::PgAuditStore audit(pool->get());
  store::AuditEvent event;
  event.caller = "token 1";
  event.action = "/baoxue.v1.Cases/GetCase";
  event.result = "OK";
  ASSERT_THAT(audit.Append({event, event}, core::AuditRowHash), IsOk());
  EXPECT_EQ(RunAsApp("UPDATE baoxue.audit_log SET caller = 'x'"), "denied");
  EXPECT_EQ(RunAsApp("DELETE FROM baoxue.audit_log"), "denied");
  EXPECT_EQ(RunAsApp("UPDATE baoxue.audit_anchor SET pruned_id = 9"), "denied");
  absl::StatusOr<core::AuditVerification> verified =
      core::VerifyAuditChain(audit);
  ASSERT_THAT(verified.status(), IsOk());
  EXPECT_TRUE(verified->intact) << verified->problem;
}

TEST_F(DatabaseRolesTest, AFeatureExpressionReadingTokensIsPermissionDenied) {
  auto pool = store::PgConnectionPool::Create(cluster_->Url("app-url"), 2);
  ASSERT_THAT(pool.status(), IsOk());
  store::PgTrainingDataStore data(pool->get(), 60, "baoxue_feature_reader");
  store::FeatureSet features;
  features.relation = "(SELECT student_id FROM baoxue.students)";
  baoxue::v1::FeatureDefinition feature;
  feature.set_name("stolen");
  feature.set_expression("(SELECT count(*) FROM baoxue.api_tokens)");
  features.features.push_back(feature);
  EXPECT_THAT(
      data.LoadSnapshot(features, absl::CivilDay(2026, 9, 1), 120).status(),
      StatusIs(absl::StatusCode::kPermissionDenied,
               HasSubstr("feature reader role")));
  for (const char* table : {"web_accounts", "web_sessions", "audit_log"}) {
    SCOPED_TRACE(table);
    features.features[0].set_expression(
        absl::StrCat("(SELECT count(*) FROM baoxue.", table, ")"));
    EXPECT_THAT(
        data.LoadSnapshot(features, absl::CivilDay(2026, 9, 1), 120).status(),
        StatusIs(absl::StatusCode::kPermissionDenied));
  }
  // The registers stay readable: an ordinary feature loads.
  features.features[0].set_expression(
      "(SELECT count(*) FROM baoxue.absences a "
      "WHERE a.student_id = f.student_id)");
  EXPECT_THAT(
      data.LoadSnapshot(features, absl::CivilDay(2026, 9, 1), 120).status(),
      IsOk());
}

// A registry feature set's expressions run as the reader too: when tested
// (the expression's own error), materialised for a day and scored live.
TEST_F(DatabaseRolesTest, AFeatureSetReadingTokensIsRefusedEverywhere) {
  auto pool = store::PgConnectionPool::Create(cluster_->Url("app-url"), 2);
  ASSERT_THAT(pool.status(), IsOk());
  const std::string reader = "baoxue_feature_reader";
  store::FeatureSetSource source;
  source.key = "fs1";
  source.set.relation =
      "(SELECT student_id FROM baoxue.students WHERE $1::date IS NOT NULL)";
  baoxue::v1::FeatureDefinition feature;
  feature.set_name("stolen");
  feature.set_expression("(SELECT count(*) FROM baoxue.api_tokens)");
  source.set.features.push_back(feature);
  const absl::CivilDay day(2026, 9, 1);

  store::PgFeatureSetStore sets(pool->get(), 60, reader);
  absl::StatusOr<store::FeatureSetTest> test =
      sets.TestFeatureSet(source.set, day);
  ASSERT_THAT(test.status(), IsOk());
  ASSERT_EQ(test->features.size(), 1u);
  EXPECT_THAT(test->features[0].error, HasSubstr("permission denied"));

  store::FeatureSnapshotOptions options;
  options.feature_reader_role = reader;
  store::PgFeatureSnapshotStore snapshots(pool->get(), options);
  EXPECT_THAT(
      snapshots.RefreshFeatureSet(source, day, "test", absl::ZeroDuration())
          .status(),
      StatusIs(absl::StatusCode::kPermissionDenied,
               HasSubstr("feature reader role")));

  store::PgFeatureStore features(pool->get(), 60, reader);
  EXPECT_THAT(features.SetFeaturesOfStudents(source, {1, 2}, day).status(),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("feature reader role")));

  // An ordinary expression over the registers passes all three.
  source.set.features[0].set_expression(
      "(SELECT count(*) FROM baoxue.absences a "
      "WHERE a.student_id = f.student_id)");
  test = sets.TestFeatureSet(source.set, day);
  ASSERT_THAT(test.status(), IsOk());
  EXPECT_EQ(test->features[0].error, "");
  EXPECT_THAT(
      snapshots.RefreshFeatureSet(source, day, "test", absl::ZeroDuration())
          .status(),
      IsOk());
  EXPECT_THAT(features.SetFeaturesOfStudents(source, {1, 2}, day).status(),
              IsOk());
}

}  // namespace
}  // namespace baoxue
