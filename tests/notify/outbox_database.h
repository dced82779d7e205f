#ifndef BAOXUE_TESTS_NOTIFY_OUTBOX_DATABASE_H_
#define BAOXUE_TESTS_NOTIFY_OUTBOX_DATABASE_H_

// A fixture for the outbox tests on the real PostgreSQL: a fresh test
// database with a PgOutboxStore, libcurl initialised, and helpers that write
// messages the way the case engine does.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "pqxx/pqxx"
#include "server/notify/curl_http_poster.h"
#include "server/store/pg_connection_pool.h"
#include "server/store/pg_outbox_store.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_database.h"

namespace baoxue::notify::testing {

using ::baoxue::testing::IsOk;
using ::baoxue::testing::TestDatabase;
using ::google::protobuf::Struct;

inline Struct ParseJson(const std::string& json) {
  Struct s;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(json, &s).ok())
      << json;
  return s;
}

// A payload as the case engine writes it, distinct per case.
inline std::string Payload(int case_id) {
  return absl::StrCat(
      R"({"kind":"assigned","case_id":)", case_id,
      R"(,"level":1,"role":"TEACHER","student":"张*明","grade":5,)"
      R"("probability":0.83,"title_zh":"控辍保学：新案件",)"
      R"("text_zh":"新案件 )",
      case_id, R"(：学生 张*明 辍学风险 0.83","text_en":"New case )", case_id,
      R"("})");
}

class OutboxDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<TestDatabase>> db = TestDatabase::Create();
    ASSERT_THAT(db, IsOk());
    db_ = std::move(*db);
    absl::StatusOr<std::unique_ptr<store::PgConnectionPool>> pool =
        store::PgConnectionPool::Create(db_->url(), 2);
    ASSERT_THAT(pool, IsOk());
    pool_ = std::move(*pool);
    store_ = std::make_unique<store::PgOutboxStore>(pool_.get());
    absl::StatusOr<std::unique_ptr<CurlGlobal>> curl = CurlGlobal::Init();
    ASSERT_THAT(curl, IsOk());
    curl_ = std::move(*curl);
  }

  // What the case engine does: the message row in its own transaction
  // (with the case change, which these tests leave out), committed unless
  // `commit` is false.
  void Insert(const std::string& key, const std::string& channel,
              const std::string& payload, bool commit = true) {
    pqxx::connection conn(db_->url());
    pqxx::work tx(conn);
    tx.exec_params(
        "INSERT INTO baoxue.notification_outbox "
        "(idempotency_key, channel, payload) VALUES ($1, $2, $3::jsonb)",
        key, channel, payload);
    if (commit) tx.commit();
  }

  // Inserts `n` messages per channel; returns key -> payload.
  std::map<std::string, std::string> InsertMany(
      int n, const std::vector<std::string>& channels) {
    std::map<std::string, std::string> sent;
    for (int i = 1; i <= n; ++i) {
      for (const std::string& channel : channels) {
        const std::string key =
            absl::StrCat("case-", i, "/assigned/level-1/", channel);
        Insert(key, channel, Payload(i));
        sent[key] = Payload(i);
      }
    }
    return sent;
  }

  // Inserts `n` messages for `channel` in one transaction (one created_at);
  // returns their keys.
  std::vector<std::string> InsertBatch(int n, const std::string& channel) {
    pqxx::connection conn(db_->url());
    pqxx::work tx(conn);
    std::vector<std::string> keys;
    for (int i = 1; i <= n; ++i) {
      keys.push_back(absl::StrCat("case-", i, "/assigned/level-1/", channel));
      tx.exec_params(
          "INSERT INTO baoxue.notification_outbox "
          "(idempotency_key, channel, payload) VALUES ($1, $2, $3::jsonb)",
          keys.back(), channel, Payload(i));
    }
    tx.commit();
    return keys;
  }

  store::OutboxCounts Counts() {
    absl::StatusOr<store::OutboxCounts> counts = store_->Counts();
    EXPECT_THAT(counts, IsOk());
    return counts.ok() ? *counts : store::OutboxCounts{};
  }

  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<store::PgConnectionPool> pool_;
  std::unique_ptr<store::PgOutboxStore> store_;
  std::unique_ptr<CurlGlobal> curl_;
};

}  // namespace baoxue::notify::testing

#endif  // BAOXUE_TESTS_NOTIFY_OUTBOX_DATABASE_H_
