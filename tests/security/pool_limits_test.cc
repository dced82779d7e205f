// Resource control in the store: a call waits a bounded time for a pooled
// connection, then fails UNAVAILABLE with a clear message; a statement runs
// at most limits.statement_timeout_seconds unless a batch job lifts it
// (server/store/pg_connection_pool.cc, pg_transaction.cc).
#include <memory>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pqxx/pqxx"
#include "server/store/pg_connection_pool.h"
#include "server/store/pg_transaction.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_database.h"

namespace baoxue {
namespace {

using ::baoxue::testing::IsOk;
using ::baoxue::testing::StatusIs;
using ::testing::HasSubstr;

class PoolLimitsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = testing::TestDatabase::Create();
    ASSERT_THAT(db.status(), IsOk());
    db_ = std::move(*db);
  }
  std::unique_ptr<store::PgConnectionPool> Pool(int size,
                                                store::PgPoolOptions options) {
    auto pool = store::PgConnectionPool::Create(db_->url(), size, options);
    EXPECT_THAT(pool.status(), IsOk());
    return pool.ok() ? std::move(*pool) : nullptr;
  }
  std::unique_ptr<testing::TestDatabase> db_;
};

TEST_F(PoolLimitsTest, AFullPoolAnswersUnavailableAfterTheWait) {
  auto pool = Pool(1, {absl::Milliseconds(200), absl::Seconds(30)});
  ASSERT_NE(pool, nullptr);
  store::PgConnectionPool::Lease held = pool->Acquire();
  const absl::Status status = store::InTransaction(
      *pool, "read something", [](pqxx::work& tx) -> absl::Status {
        tx.exec("SELECT 1");
        return absl::OkStatus();
      });
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kUnavailable,
                               HasSubstr("the server is busy")));
}

TEST_F(PoolLimitsTest, AStatementPastTheTimeoutIsCancelled) {
  auto pool = Pool(1, {absl::Seconds(5), absl::Milliseconds(300)});
  ASSERT_NE(pool, nullptr);
  const auto sleep = [](pqxx::work& tx) -> absl::Status {
    tx.exec("SELECT pg_sleep(30)");
    return absl::OkStatus();
  };
  EXPECT_THAT(store::InTransaction(*pool, "a long read", sleep),
              StatusIs(absl::StatusCode::kDeadlineExceeded,
                       HasSubstr("limits.statement_timeout_seconds")));
  // A batch job lifts it for its own transaction only.
  EXPECT_THAT(store::InTransaction(*pool, "a batch",
                                   [](pqxx::work& tx) -> absl::Status {
                                     store::LiftStatementTimeout(tx);
                                     tx.exec("SELECT pg_sleep(0.6)");
                                     return absl::OkStatus();
                                   }),
              IsOk());
  EXPECT_THAT(store::InTransaction(*pool, "a long read", sleep),
              StatusIs(absl::StatusCode::kDeadlineExceeded));
}

}  // namespace
}  // namespace baoxue
