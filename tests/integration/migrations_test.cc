// The embedded migrations against a real PostgreSQL database: they apply
// from scratch, exactly once (also under concurrency), and the schema's
// constraints reject bad rows.
#include "server/store/migrations.h"

#include <memory>
#include <pqxx/pqxx>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_database.h"

namespace baoxue::store {
namespace {

using ::baoxue::testing::IsOk;
using ::baoxue::testing::StatusIs;
using ::baoxue::testing::TestDatabase;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;

// An empty database (no migrations) next to the TestDatabase's server.
class EmptyDatabase {
 public:
  explicit EmptyDatabase(const TestDatabase& server)
      : admin_url_(server.url()),
        name_(server.name() + "_empty"),
        url_(baoxue::testing::WithDatabase(server.url(), name_)) {
    pqxx::connection connection(admin_url_);
    pqxx::nontransaction tx(connection);
    tx.exec("CREATE DATABASE " + tx.quote_name(name_));
  }
  ~EmptyDatabase() {
    try {
      pqxx::connection connection(admin_url_);
      pqxx::nontransaction tx(connection);
      tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(name_) +
              " WITH (FORCE)");
    } catch (const std::exception&) {
    }
  }
  const std::string& url() const { return url_; }

 private:
  std::string admin_url_;
  std::string name_;
  std::string url_;
};

std::unique_ptr<TestDatabase> NewDatabase() {
  absl::StatusOr<std::unique_ptr<TestDatabase>> db = TestDatabase::Create();
  EXPECT_THAT(db, IsOk());
  return db.ok() ? std::move(*db) : nullptr;
}

std::vector<int> AppliedVersions(const std::string& url) {
  pqxx::connection connection(url);
  pqxx::read_transaction tx(connection);
  std::vector<int> versions;
  for (const auto& row : tx.exec(
           "SELECT version FROM baoxue.schema_migrations ORDER BY version")) {
    versions.push_back(row[0].as<int>());
  }
  return versions;
}

std::vector<int> EmbeddedVersions() {
  std::vector<int> versions;
  for (const Migration& m : EmbeddedMigrations()) versions.push_back(m.version);
  return versions;
}

// A fingerprint of the schema: every column, constraint and function.
std::string SchemaFingerprint(const std::string& url) {
  pqxx::connection connection(url);
  pqxx::read_transaction tx(connection);
  return tx
      .exec1(
          "SELECT md5(string_agg(x, '|' ORDER BY x)) FROM ("
          " SELECT table_name || '.' || column_name || ':' || data_type AS x"
          "   FROM information_schema.columns WHERE table_schema = 'baoxue'"
          " UNION ALL SELECT conname || ':' || pg_get_constraintdef(oid)"
          "   FROM pg_constraint"
          "  WHERE connamespace = 'baoxue'::regnamespace"
          " UNION ALL SELECT proname || ':' || md5(prosrc) FROM pg_proc"
          "  WHERE pronamespace = 'baoxue'::regnamespace) s")[0]
      .as<std::string>();
}

TEST(EmbeddedMigrationsTest, AreSortedUniqueAndNamed) {
  const std::vector<Migration>& migrations = EmbeddedMigrations();
  ASSERT_GE(migrations.size(), 2u);
  EXPECT_EQ(migrations[0].version, 1);
  EXPECT_EQ(migrations[0].name, "schema");
  EXPECT_EQ(migrations[1].name, "features");
  for (size_t i = 1; i < migrations.size(); ++i) {
    EXPECT_LT(migrations[i - 1].version, migrations[i].version);
  }
  for (const Migration& m : migrations) {
    EXPECT_THAT(m.sql, HasSubstr("baoxue.")) << m.name;
  }
}

TEST(ApplyMigrationsTest, AppliesEverythingToAnEmptyDatabaseThenNothing) {
  std::unique_ptr<TestDatabase> server = NewDatabase();
  ASSERT_NE(server, nullptr);
  EmptyDatabase empty(*server);

  absl::StatusOr<int> first = ApplyMigrations(empty.url());
  ASSERT_THAT(first, IsOk());
  EXPECT_EQ(*first, static_cast<int>(EmbeddedMigrations().size()));
  EXPECT_THAT(AppliedVersions(empty.url()),
              ElementsAreArray(EmbeddedVersions()));
  const std::string fingerprint = SchemaFingerprint(empty.url());

  absl::StatusOr<int> second = ApplyMigrations(empty.url());
  ASSERT_THAT(second, IsOk());
  EXPECT_EQ(*second, 0);
  EXPECT_EQ(SchemaFingerprint(empty.url()), fingerprint);
  EXPECT_THAT(AppliedVersions(empty.url()),
              ElementsAreArray(EmbeddedVersions()));
  // The same schema as the one TestDatabase built.
  EXPECT_EQ(SchemaFingerprint(server->url()), fingerprint);
}

TEST(ApplyMigrationsTest, ConcurrentCallersApplyEachMigrationOnce) {
  std::unique_ptr<TestDatabase> server = NewDatabase();
  ASSERT_NE(server, nullptr);
  EmptyDatabase empty(*server);

  constexpr int kThreads = 4;
  std::vector<absl::StatusOr<int>> results(kThreads, 0);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back(
        [&results, &empty, i] { results[i] = ApplyMigrations(empty.url()); });
  }
  for (std::thread& t : threads) t.join();

  int total = 0;
  for (const absl::StatusOr<int>& r : results) {
    ASSERT_THAT(r, IsOk());
    total += *r;
  }
  EXPECT_EQ(total, static_cast<int>(EmbeddedMigrations().size()));
  EXPECT_THAT(AppliedVersions(empty.url()),
              ElementsAreArray(EmbeddedVersions()));
}

TEST(ApplyMigrationsTest, UnreachableDatabaseIsUnavailable) {
  EXPECT_THAT(ApplyMigrations("postgresql://nobody@127.0.0.1:1/none"),
              StatusIs(absl::StatusCode::kUnavailable));
}

// Rows that break a constraint, each in its own subtransaction.
class SchemaConstraintsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = NewDatabase();
    ASSERT_NE(db_, nullptr);
    connection_ = std::make_unique<pqxx::connection>(db_->url());
    pqxx::work tx(*connection_);
    tx.exec(R"sql(
      INSERT INTO baoxue.areas VALUES
        (1, 'county', '360799000000', NULL, NULL, '保学示范县'),
        (2, 'township', '360799101000', NULL, 1, '城关镇'),
        (3, 'village', '360799101201', NULL, 2, '东山村'),
        (4, 'group', '360799101201', 1, 3, '一组');
      INSERT INTO baoxue.schools VALUES (1, '城关镇中心小学', 2, 'primary', false);
      INSERT INTO baoxue.households (household_id, group_area_id, members,
                                     per_capita_income, poverty_line)
        VALUES (1, 4, 4, 6000, 7200);
      INSERT INTO baoxue.students (student_id, student_number, name, gender,
                                   birth_date, grade, school_id, household_id)
        VALUES (1, 'G1', '张小明', 'M', '2017-03-01', 3, 1, 1);
      INSERT INTO baoxue.models (version, params, state, created_by)
        VALUES ('v1', '\x00', 'active', 'test');
      INSERT INTO baoxue.risk_runs (scope_area_id, as_of, model_id)
        VALUES (2, '2026-07-10', 1);
      INSERT INTO baoxue.cases (student_id, village_code, school_id, opened_reason)
        VALUES (1, '360799101201', 1, 'high_tier');
      INSERT INTO baoxue.case_events (case_id, actor, kind) VALUES (1, 'teacher', 'call');
    )sql");
    tx.commit();
  }

  // The SQL state `sql` fails with, or "" if it succeeds (rolled back).
  // libpqxx 6 leaves the state empty for some errors: then the message.
  std::string Rejects(const std::string& sql) {
    pqxx::work tx(*connection_);
    try {
      tx.exec(sql);
    } catch (const pqxx::sql_error& e) {
      return e.sqlstate().empty() ? e.what() : e.sqlstate();
    }
    return "";
  }

  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<pqxx::connection> connection_;
};

constexpr char kCheckViolation[] = "23514";
constexpr char kForeignKeyViolation[] = "23503";
constexpr char kUniqueViolation[] = "23505";
constexpr char kInvalidEnumValue[] = "22P02";

TEST_F(SchemaConstraintsTest, AcceptsTheValidFixture) {
  EXPECT_EQ(Rejects("SELECT 1"), "");
}

TEST_F(SchemaConstraintsTest, RejectsGradeTen) {
  EXPECT_EQ(Rejects("UPDATE baoxue.students SET grade = 10"), kCheckViolation);
}

TEST_F(SchemaConstraintsTest, RejectsProbabilityAboveOne) {
  EXPECT_EQ(
      Rejects("INSERT INTO baoxue.risk_scores VALUES (1, 1, 1.5, 'high')"),
      kCheckViolation);
  EXPECT_EQ(
      Rejects("INSERT INTO baoxue.risk_scores VALUES (1, 1, 0.5, 'high')"), "");
}

TEST_F(SchemaConstraintsTest, RejectsUnknownEnumValues) {
  EXPECT_EQ(
      Rejects("INSERT INTO baoxue.absences VALUES (1, '2026-03-02', 'sick')"),
      kInvalidEnumValue);
}

TEST_F(SchemaConstraintsTest, RejectsAbsenceOnANonSchoolDay) {
  EXPECT_EQ(
      Rejects(
          "INSERT INTO baoxue.absences VALUES (1, '2026-03-07', 'excused')"),
      kForeignKeyViolation);
}

TEST_F(SchemaConstraintsTest, RejectsBadAreaCodesAndParents) {
  EXPECT_EQ(Rejects("INSERT INTO baoxue.areas VALUES "
                    "(9, 'village', '36079910120X', NULL, 2, 'x')"),
            kCheckViolation);
  // A group without a group number, a village under the county.
  EXPECT_EQ(Rejects("INSERT INTO baoxue.areas VALUES "
                    "(9, 'group', '360799101201', NULL, 3, 'x')"),
            kCheckViolation);
  EXPECT_EQ(Rejects("INSERT INTO baoxue.areas VALUES "
                    "(9, 'village', '360799101202', NULL, 1, 'x')"),
            kCheckViolation);
  // Duplicate township code.
  EXPECT_EQ(Rejects("INSERT INTO baoxue.areas VALUES "
                    "(9, 'township', '360799101000', NULL, 1, 'x')"),
            kUniqueViolation);
}

TEST_F(SchemaConstraintsTest, HouseholdsMustLiveInAGroup) {
  EXPECT_EQ(
      Rejects("INSERT INTO baoxue.households (household_id, group_area_id,"
              " members, poverty_line) VALUES (2, 3, 3, 7200)"),
      kForeignKeyViolation);
  EXPECT_EQ(
      Rejects("INSERT INTO baoxue.households (household_id, group_area_id,"
              " members, poverty_line) VALUES (2, 4, 21, 7200)"),
      kCheckViolation);
}

TEST_F(SchemaConstraintsTest, ResponsiblePeopleNeedTheirRolesFields) {
  EXPECT_EQ(Rejects("INSERT INTO baoxue.responsible_people (role, name) "
                    "VALUES ('TEACHER', '王老师')"),
            kCheckViolation);
  EXPECT_EQ(
      Rejects("INSERT INTO baoxue.responsible_people (role, area_id, name)"
              " VALUES ('VILLAGE_HEAD', 2, '李村长')"),
      kForeignKeyViolation);  // area 2 is a township
  EXPECT_EQ(
      Rejects("INSERT INTO baoxue.responsible_people (role, area_id, name)"
              " VALUES ('VILLAGE_HEAD', 3, '李村长')"),
      "");
}

TEST_F(SchemaConstraintsTest, CaseEventsAreAppendOnly) {
  EXPECT_THAT(Rejects("UPDATE baoxue.case_events SET note = 'edited'"),
              HasSubstr("append-only"));
  EXPECT_THAT(Rejects("DELETE FROM baoxue.case_events"),
              HasSubstr("append-only"));
  EXPECT_EQ(Rejects("INSERT INTO baoxue.case_events (case_id, actor, kind) "
                    "VALUES (1, 'principal', 'home_visit')"),
            "");
}

TEST_F(SchemaConstraintsTest, AtMostOneOpenCasePerStudent) {
  const std::string open_case =
      "INSERT INTO baoxue.cases (student_id, village_code, school_id, "
      "opened_reason) VALUES (1, '360799101201', 1, 'high_tier')";
  EXPECT_EQ(Rejects(open_case), kUniqueViolation);
  EXPECT_EQ(Rejects("INSERT INTO baoxue.cases (student_id, village_code, "
                    "school_id, opened_reason, status, outcome, closed_at) "
                    "VALUES (1, '360799101201', 1, 'high_tier', 'closed', "
                    "'returned', now())"),
            "");
}

TEST_F(SchemaConstraintsTest, AtMostOneActiveModel) {
  EXPECT_EQ(Rejects("INSERT INTO baoxue.models (version, params, state, "
                    "created_by) VALUES ('v2', '\\x00', 'active', 'test')"),
            kUniqueViolation);
  EXPECT_EQ(Rejects("INSERT INTO baoxue.models (version, params, state, "
                    "created_by) VALUES ('v2', '\\x00', 'candidate', 'test')"),
            "");
}

TEST_F(SchemaConstraintsTest, TokensAreSha256Digests) {
  EXPECT_EQ(Rejects("INSERT INTO baoxue.api_tokens (token_sha256, role, "
                    "area_id, description, created_by) "
                    "VALUES ('\\x00', 'admin', 1, 'x', 'test')"),
            kCheckViolation);
  EXPECT_EQ(Rejects("INSERT INTO baoxue.api_tokens (token_sha256, role, "
                    "area_id, description, created_by) "
                    "VALUES (sha256('t'), 'admin', 1, 'x', 'test')"),
            "");
}

}  // namespace
}  // namespace baoxue::store
