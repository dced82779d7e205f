// Real PostgreSQL errors through the store's single error boundary
// (InTransaction): the codes of docs/operations.md, naming the table or
// constraint and never a value. Each test has its own database on the
// shared test cluster; nothing here changes the cluster itself.
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pqxx/pqxx"
#include "server/store/pg_connection_pool.h"
#include "server/store/pg_transaction.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_database.h"

namespace baoxue::store {
namespace {

using ::baoxue::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

class PgErrorStatesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = baoxue::testing::TestDatabase::Create();
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = *std::move(db);
    pqxx::connection conn(db_->url());
    pqxx::work tx(conn);
    tx.exec(
        "CREATE TABLE ops_parent (id int PRIMARY KEY);"
        "CREATE TABLE ops_child ("
        "  id int CONSTRAINT ops_child_pkey PRIMARY KEY,"
        "  parent int CONSTRAINT ops_child_parent_fkey"
        "    REFERENCES ops_parent (id),"
        "  n int NOT NULL CONSTRAINT ops_child_n_positive CHECK (n > 0));"
        "INSERT INTO ops_parent VALUES (1);"
        "INSERT INTO ops_child VALUES (1, 1, 5);");
    tx.commit();
    auto pool = PgConnectionPool::Create(db_->url(), 2);
    ASSERT_TRUE(pool.ok());
    pool_ = *std::move(pool);
  }

  // One statement through the store's error boundary.
  absl::Status Exec(const std::string& sql) {
    return InTransaction(*pool_, "test write", [&](pqxx::work& tx) {
      tx.exec(sql);
      return absl::OkStatus();
    });
  }

  std::unique_ptr<baoxue::testing::TestDatabase> db_;
  std::unique_ptr<PgConnectionPool> pool_;
};

TEST_F(PgErrorStatesTest, CheckViolationNamesConstraintAndTableNotTheValue) {
  EXPECT_THAT(
      Exec("INSERT INTO ops_child VALUES (2, 1, -424242)"),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               AllOf(HasSubstr("constraint ops_child_n_positive"),
                     HasSubstr("table ops_child"), Not(HasSubstr("424242")))));
}

TEST_F(PgErrorStatesTest, UniqueViolationIsAlreadyExists) {
  EXPECT_THAT(Exec("INSERT INTO ops_child VALUES (1, 1, 7)"),
              StatusIs(absl::StatusCode::kAlreadyExists,
                       HasSubstr("constraint ops_child_pkey")));
}

TEST_F(PgErrorStatesTest, ForeignKeyViolationNamesTheConstraint) {
  EXPECT_THAT(Exec("INSERT INTO ops_child VALUES (3, 99, 7)"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("constraint ops_child_parent_fkey")));
}

TEST_F(PgErrorStatesTest, NotNullViolationNamesTheColumn) {
  EXPECT_THAT(
      Exec("INSERT INTO ops_child VALUES (4, 1, NULL)"),
      StatusIs(absl::StatusCode::kInvalidArgument,
               AllOf(HasSubstr("column n"), HasSubstr("table ops_child"))));
}

TEST_F(PgErrorStatesTest, ReadOnlyDatabaseIsUnavailableWithARetryHint) {
  {
    pqxx::connection conn(db_->url());
    pqxx::nontransaction tx(conn);
    tx.exec("ALTER DATABASE " + tx.quote_name(db_->name()) +
            " SET default_transaction_read_only = on");
  }
  // New sessions (the pool has none open yet) start read-only.
  EXPECT_THAT(Exec("INSERT INTO ops_parent VALUES (2)"),
              StatusIs(absl::StatusCode::kUnavailable,
                       AllOf(HasSubstr("read-only"), HasSubstr("25006"),
                             HasSubstr("retry"))));
  EXPECT_GT(pool_->unavailable_count(), 0u);
}

TEST_F(PgErrorStatesTest, RevokedPrivilegeIsPermissionDeniedNamingTheTable) {
  {
    pqxx::connection conn(db_->url());
    pqxx::work tx(conn);
    tx.exec("REVOKE INSERT ON ops_parent FROM CURRENT_USER");
    tx.commit();
  }
  EXPECT_THAT(Exec("INSERT INTO ops_parent VALUES (3)"),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("table ops_parent")));
}

TEST_F(PgErrorStatesTest, SessionEndedMidCallIsUnavailable) {
  // An administrator ends the session (57P01) while the call uses it.
  EXPECT_THAT(Exec("SELECT pg_terminate_backend(pg_backend_pid())"),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("retry")));
  EXPECT_GT(pool_->unavailable_count(), 0u);
  // The broken connection was dropped: the next call works.
  EXPECT_THAT(Exec("SELECT 1"), baoxue::testing::IsOk());
}

TEST_F(PgErrorStatesTest, SessionEndedWhileIdleIsReplacedUnseen) {
  ASSERT_THAT(Exec("SELECT 1"), baoxue::testing::IsOk());
  {
    pqxx::connection conn(db_->url());
    pqxx::nontransaction tx(conn);
    // Waits until the pool's idle session is gone.
    tx.exec_params(
        "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity "
        "WHERE datname = $1 AND pid <> pg_backend_pid()",
        db_->name());
  }
  EXPECT_THAT(Exec("SELECT 1"), baoxue::testing::IsOk());
  EXPECT_EQ(pool_->unavailable_count(), 0u);
}

}  // namespace
}  // namespace baoxue::store
