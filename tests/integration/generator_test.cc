// deploy/demo/generate.sh against fresh databases: the synthetic county's
// invariants, determinism per seed and the --replace protocol.
#include <sys/wait.h>

#include <cstdio>
#include <memory>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/demo_county.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_database.h"

namespace baoxue {
namespace {

using ::baoxue::testing::CreateDemoCounty;
using ::baoxue::testing::IsOk;
using ::baoxue::testing::TestDatabase;
using ::testing::AllOf;
using ::testing::Ge;
using ::testing::HasSubstr;
using ::testing::Le;
using ::testing::Not;

struct RunResult {
  int exit_code;
  std::string output;
};

// Runs generate.sh with `args` against `url`; stdout and stderr together.
RunResult Generate(const std::string& url, const std::string& args) {
  const std::string command =
      absl::StrCat(BAOXUE_SOURCE_DIR, "/deploy/demo/generate.sh ", args,
                   " --database-url '", url, "' 2>&1");
  RunResult result{-1, ""};
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) {
    result.output.append(buffer, n);
  }
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::unique_ptr<TestDatabase> NewDatabase() {
  absl::StatusOr<std::unique_ptr<TestDatabase>> db = TestDatabase::Create();
  EXPECT_THAT(db, IsOk());
  return db.ok() ? std::move(*db) : nullptr;
}

// md5 of every county table's rows, in a stable order.
std::string ContentHash(const std::string& url) {
  static const char* const kTables[] = {
      "areas",    "schools",          "households",
      "students", "student_routes",   "school_days",
      "absences", "enrolment_events", "responsible_people"};
  pqxx::connection connection(url);
  pqxx::read_transaction tx(connection);
  std::string all;
  for (const char* table : kTables) {
    all +=
        tx.exec1(absl::StrCat("SELECT coalesce(md5(string_agg(t::text, E'\\n' "
                              "ORDER BY t::text)), '') FROM baoxue.",
                              table, " t"))[0]
            .as<std::string>();
    all += ";";
  }
  return all;
}

int64_t Count(const std::string& url, const std::string& sql) {
  pqxx::connection connection(url);
  pqxx::read_transaction tx(connection);
  return tx.exec1(sql)[0].as<int64_t>();
}

std::unique_ptr<TestDatabase> DemoCounty(int students, int seed) {
  absl::StatusOr<std::unique_ptr<TestDatabase>> db =
      CreateDemoCounty(students, seed);
  EXPECT_THAT(db, IsOk());
  return db.ok() ? std::move(*db) : nullptr;
}

// One generated county (2000 students, seed 7) shared by the invariant tests:
// a copy of the template the generator filled once (demo_county.h).
class GeneratedCountyTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { db_ = DemoCounty(2000, 7).release(); }
  static void TearDownTestSuite() {
    delete db_;
    db_ = nullptr;
  }
  void SetUp() override { ASSERT_NE(db_, nullptr); }
  int64_t Count(const std::string& sql) {
    return baoxue::Count(db_->url(), sql);
  }

  static TestDatabase* db_;
};

TestDatabase* GeneratedCountyTest::db_ = nullptr;

TEST(GeneratorTest, PrintsProgressPerStage) {
  std::unique_ptr<TestDatabase> db = NewDatabase();
  ASSERT_NE(db, nullptr);
  RunResult run = Generate(db->url(), "--students 100 --seed 7");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  for (const char* stage : {"areas:", "schools:", "households:", "students:",
                            "attendance:", "labels:", "people:", "committed"}) {
    EXPECT_THAT(run.output, HasSubstr(stage));
  }
}

TEST_F(GeneratedCountyTest, CountsAreNearWhatWasAsked) {
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.students"), 2000);
  EXPECT_THAT(Count("SELECT count(*) FROM baoxue.households"),
              AllOf(Ge(1100), Le(1450)));  // ~1.6 students each
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.areas WHERE level = 'county'"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.areas WHERE level = 'township'"),
            15);
  EXPECT_THAT(Count("SELECT count(*) FROM baoxue.schools"),
              AllOf(Ge(30), Le(55)));
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.areas WHERE division_code = "
                  "'360799000000' AND name = '保学示范县'"),
            1);
}

TEST_F(GeneratedCountyTest, EveryStudentHasSchoolHouseholdAndRoute) {
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.students s "
                  "LEFT JOIN baoxue.student_routes r USING (student_id) "
                  "LEFT JOIN baoxue.schools sc USING (school_id) "
                  "LEFT JOIN baoxue.households h USING (household_id) "
                  "WHERE r.student_id IS NULL OR sc.school_id IS NULL "
                  "OR h.household_id IS NULL"),
            0);
  // Students go to a school in their own township.
  EXPECT_EQ(
      Count("SELECT count(*) FROM baoxue.student_features('2026-07-10') f "
            "JOIN baoxue.schools sc USING (school_id) "
            "JOIN baoxue.areas a ON a.area_id = sc.area_id "
            "WHERE left(a.division_code, 9) <> left(f.township_code, 9)"),
      0);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.households h "
                  "WHERE NOT EXISTS (SELECT 1 FROM baoxue.students s "
                  "WHERE s.household_id = h.household_id)"),
            0);
}

TEST_F(GeneratedCountyTest, EverySchoolAreaAndHouseholdHasItsHeads) {
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.schools sc WHERE NOT EXISTS ("
                  "SELECT 1 FROM baoxue.responsible_people p "
                  "WHERE p.role = 'PRINCIPAL' AND p.school_id = sc.school_id)"),
            0);
  EXPECT_EQ(Count("SELECT count(*) FROM (SELECT DISTINCT school_id, grade "
                  "FROM baoxue.students) t WHERE NOT EXISTS ("
                  "SELECT 1 FROM baoxue.responsible_people p "
                  "WHERE p.role = 'TEACHER' AND p.school_id = t.school_id "
                  "AND p.grade = t.grade)"),
            0);
  EXPECT_EQ(
      Count("SELECT count(*) FROM baoxue.households h WHERE NOT EXISTS ("
            "SELECT 1 FROM baoxue.responsible_people p "
            "WHERE p.role = 'PARENT' AND p.household_id = h.household_id)"),
      0);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.areas a WHERE a.level <> "
                  "'county' AND NOT EXISTS (SELECT 1 FROM "
                  "baoxue.responsible_people p WHERE p.area_id = a.area_id AND "
                  "p.role = CASE a.level WHEN 'group' THEN 'GROUP_HEAD' "
                  "WHEN 'village' THEN 'VILLAGE_HEAD' ELSE 'TOWNSHIP_HEAD' "
                  "END::baoxue.six_head_role)"),
            0);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.responsible_people "
                  "WHERE phone !~ '^13[0-9]{9}$'"),
            0);
}

TEST_F(GeneratedCountyTest, DropoutShareIsRealistic) {
  const int64_t dropouts = Count(
      "SELECT count(DISTINCT student_id) FROM baoxue.enrolment_events "
      "WHERE kind = 'dropout' AND event_date > '2026-07-10'");
  EXPECT_THAT(dropouts, AllOf(Ge(20), Le(120)));  // 1-6% of 2000
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.enrolment_events "
                  "WHERE kind = 'dropout' AND event_date > '2026-10-31'"),
            0);
  // The training set as of the label date finds them.
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.training_examples('2026-07-10', "
                  "120) WHERE label"),
            dropouts);
}

TEST_F(GeneratedCountyTest, AbsencesOnlyOnSchoolDays) {
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.absences a WHERE NOT EXISTS ("
                  "SELECT 1 FROM baoxue.school_days d WHERE d.day = a.day)"),
            0);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.school_days "
                  "WHERE extract(isodow FROM day) > 5 OR day IN ('2026-04-06',"
                  " '2026-05-01', '2026-06-19', '2026-10-01', '2026-08-03')"),
            0);
}

TEST_F(GeneratedCountyTest, DropoutsWithoutReturnAreAbsentEverySchoolDayAfter) {
  EXPECT_GT(Count("SELECT count(*) FROM baoxue.enrolment_events "
                  "WHERE kind = 'dropout'"),
            0);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.enrolment_events e "
                  "JOIN baoxue.school_days d ON d.day > e.event_date "
                  "WHERE e.kind = 'dropout' AND NOT EXISTS ("
                  "  SELECT 1 FROM baoxue.enrolment_events r "
                  "  WHERE r.student_id = e.student_id AND r.kind = 'return' "
                  "  AND r.event_date > e.event_date) "
                  "AND NOT EXISTS (SELECT 1 FROM baoxue.absences a "
                  "  WHERE a.student_id = e.student_id AND a.day = d.day "
                  "  AND a.kind = 'unexcused')"),
            0);
}

TEST_F(GeneratedCountyTest, SomeRecordsHaveMissingIncome) {
  const int64_t missing = Count(
      "SELECT count(*) FROM baoxue.households "
      "WHERE per_capita_income IS NULL");
  EXPECT_THAT(missing, AllOf(Ge(5), Le(80)));
}

TEST(GeneratorTest, SameSeedSameDataOtherSeedOtherData) {
  // `a` and `c` were generated once into templates (maybe by another test
  // process), `b` is generated here: the seed alone decides the data.
  std::unique_ptr<TestDatabase> a = DemoCounty(2000, 7);
  std::unique_ptr<TestDatabase> b = NewDatabase();
  std::unique_ptr<TestDatabase> c = DemoCounty(2000, 8);
  ASSERT_TRUE(a && b && c);
  RunResult run = Generate(b->url(), "--students 2000 --seed 7");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const std::string hash_a = ContentHash(a->url());
  EXPECT_EQ(hash_a, ContentHash(b->url()));
  EXPECT_NE(hash_a, ContentHash(c->url()));
}

TEST(GeneratorTest, RefusesExistingDataUnlessReplace) {
  std::unique_ptr<TestDatabase> db = DemoCounty(1000, 1);
  std::unique_ptr<TestDatabase> fresh = DemoCounty(1000, 2);
  ASSERT_TRUE(db && fresh);
  const std::string before = ContentHash(db->url());

  RunResult refused = Generate(db->url(), "--students 1000 --seed 2");
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_THAT(refused.output, HasSubstr("--replace"));
  EXPECT_EQ(ContentHash(db->url()), before);

  // Replace wipes tokens too, and gives what a fresh database gets.
  {
    pqxx::connection connection(db->url());
    pqxx::work tx(connection);
    tx.exec(
        "INSERT INTO baoxue.api_tokens (token_sha256, role, area_id, "
        "description, created_by) VALUES (sha256('t'), 'admin', 1, 'test', "
        "'test')");
    tx.commit();
  }
  RunResult replaced =
      Generate(db->url(), "--students 1000 --seed 2 --replace");
  ASSERT_EQ(replaced.exit_code, 0) << replaced.output;
  EXPECT_EQ(ContentHash(db->url()), ContentHash(fresh->url()));
  EXPECT_NE(ContentHash(db->url()), before);
  EXPECT_EQ(Count(db->url(), "SELECT count(*) FROM baoxue.api_tokens"), 0);
}

TEST(GeneratorTest, ExplainsThatMigrationsAreMissing) {
  std::unique_ptr<TestDatabase> db = NewDatabase();
  ASSERT_NE(db, nullptr);
  {
    pqxx::connection connection(db->url());
    pqxx::work tx(connection);
    tx.exec("DROP SCHEMA baoxue CASCADE");
    tx.commit();
  }
  RunResult run = Generate(db->url(), "--students 100");
  EXPECT_NE(run.exit_code, 0);
  EXPECT_THAT(run.output, HasSubstr("migrations"));
}

}  // namespace
}  // namespace baoxue
