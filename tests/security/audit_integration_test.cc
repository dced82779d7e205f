// The security audit over the real PostgreSQL: rows chain and verify, an
// edited or deleted row is found, the table refuses UPDATE and DELETE,
// pruning keeps the chain verifiable, concurrent writers chain in order
// (docs/security.md, "Security audit").
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pqxx/pqxx"
#include "server/core/audit_chain.h"
#include "server/core/audit_trail.h"
#include "server/store/pg_audit_store.h"
#include "server/store/pg_connection_pool.h"
#include "tests/testing/fake_clock.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_database.h"

namespace baoxue {
namespace {

using ::baoxue::testing::IsOk;
using ::baoxue::testing::StatusIs;
using ::testing::HasSubstr;

store::AuditEvent Event(int n) {
  store::AuditEvent event;
  event.caller = absl::StrCat("token ", n % 3);
  event.role = "official";
  event.caller_area = "360799101000";
  event.action = "/baoxue.v1.Cases/GetCase";
  event.student_ids = {1000 + n, 2000 + n};
  event.target = absl::StrCat("case_id=", n);
  event.count = 1;
  event.peer = "ipv4:127.0.0.1:40000";
  event.result = "OK";
  return event;
}

TEST(AuditChainTest, AnyChangedFieldChangesTheHash) {
  const std::string zero(32, '\0');
  const std::string base = core::AuditRowHash(1, zero, Event(1));
  EXPECT_EQ(base.size(), 32u);
  store::AuditEvent changed = Event(1);
  changed.student_ids.push_back(7);
  EXPECT_NE(core::AuditRowHash(1, zero, changed), base);
  changed = Event(1);
  changed.result = "PERMISSION_DENIED";
  EXPECT_NE(core::AuditRowHash(1, zero, changed), base);
  EXPECT_NE(core::AuditRowHash(2, zero, Event(1)), base);
  EXPECT_NE(core::AuditRowHash(1, std::string(32, '\1'), Event(1)), base);
  // Field boundaries are part of the text: "ab"+"c" is not "a"+"bc".
  store::AuditEvent a = Event(1), b = Event(1);
  a.caller = "ab";
  a.role = "c";
  b.caller = "a";
  b.role = "bc";
  EXPECT_NE(core::CanonicalAuditRow(1, a), core::CanonicalAuditRow(1, b));
}

class AuditIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = testing::TestDatabase::Create();
    ASSERT_THAT(db.status(), IsOk());
    db_ = std::move(*db);
    auto pool = store::PgConnectionPool::Create(db_->url(), 4);
    ASSERT_THAT(pool.status(), IsOk());
    pool_ = std::move(*pool);
    store_ = std::make_unique<store::PgAuditStore>(pool_.get());
    trail_ = std::make_unique<core::AuditTrail>(store_.get(), &clock_);
  }

  void Record(int n, std::optional<absl::Time> at = std::nullopt) {
    store::AuditEvent event = Event(n);
    if (at.has_value()) event.at_us = absl::ToUnixMicros(*at);
    trail_->Record(std::move(event));
  }

  // As the table's owner, with the append-only trigger switched off: what
  // someone with the owner's password could do by hand.
  void Tamper(const std::string& sql) {
    trail_->Flush();
    pqxx::connection conn(db_->url());
    pqxx::work tx(conn);
    tx.exec0(
        "ALTER TABLE baoxue.audit_log DISABLE TRIGGER audit_log_append_only");
    tx.exec0(sql);
    tx.exec0(
        "ALTER TABLE baoxue.audit_log ENABLE TRIGGER audit_log_append_only");
    tx.commit();
  }

  core::AuditVerification Verify() {
    absl::StatusOr<core::AuditVerification> result = trail_->Verify(Admin());
    EXPECT_THAT(result.status(), IsOk());
    return result.ok() ? *result : core::AuditVerification{};
  }

  static core::Caller Admin() {
    return core::Caller{1, store::CallerRole::kAuditAdmin, {}};
  }

  std::unique_ptr<testing::TestDatabase> db_;
  std::unique_ptr<store::PgConnectionPool> pool_;
  std::unique_ptr<store::PgAuditStore> store_;
  testing::FakeClock clock_{testing::TestNow()};
  std::unique_ptr<core::AuditTrail> trail_;
};

TEST_F(AuditIntegrationTest, WrittenRowsVerify) {
  for (int n = 1; n <= 5; ++n) Record(n);
  const core::AuditVerification result = Verify();
  EXPECT_TRUE(result.intact) << result.problem;
  EXPECT_EQ(result.rows_checked, 5);
}

TEST_F(AuditIntegrationTest, AnEditedRowIsReported) {
  for (int n = 1; n <= 5; ++n) Record(n);
  Tamper("UPDATE baoxue.audit_log SET caller = 'token 99' WHERE audit_id = 3");
  const core::AuditVerification result = Verify();
  EXPECT_FALSE(result.intact);
  EXPECT_EQ(result.first_bad_audit_id, 3);
  EXPECT_THAT(result.problem, HasSubstr("edited"));
}

TEST_F(AuditIntegrationTest, ARowEditedWithARecomputedHashBreaksTheNext) {
  for (int n = 1; n <= 5; ++n) Record(n);
  // Rewriting row 2 with its own hash fixed still breaks row 3's link.
  Tamper(
      "UPDATE baoxue.audit_log SET row_hash = sha256(row_hash) "
      "WHERE audit_id = 2");
  const core::AuditVerification result = Verify();
  EXPECT_FALSE(result.intact);
  EXPECT_EQ(result.first_bad_audit_id, 2);
}

TEST_F(AuditIntegrationTest, ADeletedRowIsDetected) {
  for (int n = 1; n <= 5; ++n) Record(n);
  Tamper("DELETE FROM baoxue.audit_log WHERE audit_id = 2");
  core::AuditVerification result = Verify();
  EXPECT_FALSE(result.intact);
  EXPECT_EQ(result.first_bad_audit_id, 3);
  EXPECT_THAT(result.problem, HasSubstr("missing"));
}

TEST_F(AuditIntegrationTest, DeletingTheNewestRowsIsDetected) {
  for (int n = 1; n <= 5; ++n) Record(n);
  Tamper("DELETE FROM baoxue.audit_log WHERE audit_id >= 4");
  const core::AuditVerification result = Verify();
  EXPECT_FALSE(result.intact);
  EXPECT_THAT(result.problem, HasSubstr("removed"));
}

TEST_F(AuditIntegrationTest, TheTableRefusesUpdateDeleteAndTruncate) {
  Record(1);
  trail_->Flush();
  for (const char* sql :
       {"UPDATE baoxue.audit_log SET caller = 'x'",
        "DELETE FROM baoxue.audit_log", "TRUNCATE baoxue.audit_log"}) {
    SCOPED_TRACE(sql);
    pqxx::connection conn(db_->url());
    pqxx::work tx(conn);
    EXPECT_THROW(tx.exec0(sql), pqxx::sql_error);
  }
  EXPECT_TRUE(Verify().intact);
}

TEST_F(AuditIntegrationTest, PruningKeepsTheChainVerifiable) {
  const absl::Time old = clock_.Now() - absl::Hours(24 * 200);
  for (int n = 1; n <= 4; ++n) Record(n, old);
  for (int n = 5; n <= 7; ++n) Record(n);
  absl::StatusOr<int64_t> pruned = trail_->Prune(Admin());
  ASSERT_THAT(pruned.status(), IsOk());
  EXPECT_EQ(*pruned, 4);
  const core::AuditVerification result = Verify();
  EXPECT_TRUE(result.intact) << result.problem;
  EXPECT_EQ(result.anchor_audit_id, 4);
  EXPECT_EQ(result.rows_checked, 3);
  // Rows written after the prune chain on.
  Record(8);
  EXPECT_TRUE(Verify().intact);
}

TEST_F(AuditIntegrationTest, ConcurrentWritersChainInOrder) {
  std::vector<std::thread> writers;
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([this, w] {
      for (int n = 0; n < 25; ++n) Record(w * 100 + n);
    });
  }
  for (std::thread& writer : writers) writer.join();
  const core::AuditVerification result = Verify();
  EXPECT_TRUE(result.intact) << result.problem;
  EXPECT_EQ(result.rows_checked, 100);
}

TEST_F(AuditIntegrationTest, QueriesByStudentCallerAndTime) {
  Record(1, clock_.Now() - absl::Hours(2));
  Record(2, clock_.Now() - absl::Hours(1));
  Record(4);
  store::AuditQuery by_student;
  by_student.student_id = 1002;
  auto rows = trail_->Query(Admin(), by_student);
  ASSERT_THAT(rows.status(), IsOk());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].event.target, "case_id=2");
  store::AuditQuery by_caller;
  by_caller.caller = "token 1";  // events 1 and 4
  rows = trail_->Query(Admin(), by_caller);
  ASSERT_THAT(rows.status(), IsOk());
  EXPECT_EQ(rows->size(), 2u);
  store::AuditQuery by_time;
  by_time.from_us = absl::ToUnixMicros(clock_.Now() - absl::Minutes(90));
  by_time.to_us = absl::ToUnixMicros(clock_.Now() - absl::Minutes(30));
  rows = trail_->Query(Admin(), by_time);
  ASSERT_THAT(rows.status(), IsOk());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].event.target, "case_id=2");
}

TEST_F(AuditIntegrationTest, OnlyTheAuditReaderMayReadIt) {
  Record(1);
  const core::Caller official{2, store::CallerRole::kOfficial, {}};
  EXPECT_THAT(trail_->Query(official, {}).status(),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(trail_->Verify(official).status(),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(trail_->Prune(official).status(),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

}  // namespace
}  // namespace baoxue
