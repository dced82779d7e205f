// The web API end to end over the real PostgreSQL and the real HTTP server:
// sign-in, sessions, CSRF, the stored risk list with trends, the case board,
// exports, and that an official of township A never gets township B's data.
#include <cstdlib>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "baoxue/v1/cases.pb.h"
#include "baoxue/v1/checks.pb.h"
#include "baoxue/v1/risk_lists.pb.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "pqxx/pqxx"
#include "server/core/case_desk.h"
#include "server/core/case_message_composer.h"
#include "server/core/case_rules.h"
#include "server/core/checks/check_desk.h"
#include "server/core/password.h"
#include "server/core/risk_list.h"
#include "server/core/web_auth.h"
#include "server/store/pg_account_store.h"
#include "server/store/pg_case_assignment_store.h"
#include "server/store/pg_case_store.h"
#include "server/store/pg_check_store.h"
#include "server/store/pg_connection_pool.h"
#include "server/store/pg_directory_store.h"
#include "server/store/pg_ledger_report_store.h"
#include "server/store/pg_risk_list_store.h"
#include "server/web/web_server.h"
#include "tests/server/fakes.h"
#include "tests/testing/demo_county.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_database.h"
// After Eigen (via server/core): httplib.h defines names Eigen also uses.
#include "httplib.h"

namespace baoxue {
namespace {

using ::baoxue::testing::IsOk;
using ::google::protobuf::Struct;
using ::google::protobuf::Value;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr char kTownshipA[] = "360799101000";
constexpr char kCounty[] = "360799000000";
constexpr char kPassword[] = "qingshan-2026";

Struct Parse(const std::string& body) {
  Struct out;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(body, &out).ok())
      << body;
  return out;
}

// The API's JSON is the gRPC services' messages: it parses back into them
// (unknown fields would fail).
template <typename Message>
Message ParseAs(const std::string& body) {
  Message out;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(body, &out).ok())
      << body;
  return out;
}

class WebIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<testing::TestDatabase>> db =
        testing::CreateDemoCounty(300, 5);
    ASSERT_THAT(db.status(), IsOk());
    db_ = std::move(*db);
    auto pool = store::PgConnectionPool::Create(db_->url(), 4);
    ASSERT_THAT(pool.status(), IsOk());
    pool_ = std::move(*pool);
    baoxue::v1::CasePolicyConfig policy;
    ASSERT_THAT(core::ApplyCaseDefaults(policy), IsOk());
    cases_ = std::make_unique<store::PgCaseStore>(
        pool_.get(), core::CaseRulesFromConfig(policy), &composer_,
        std::vector<store::OutboxChannel>{});
    accounts_ = std::make_unique<store::PgAccountStore>(pool_.get());
    lists_ = std::make_unique<store::PgRiskListStore>(pool_.get());
    directory_ = std::make_unique<store::PgDirectoryStore>(pool_.get());
    reports_ = std::make_unique<store::PgLedgerReportStore>(pool_.get());
    assignments_ = std::make_unique<store::PgCaseAssignmentStore>(pool_.get());
    desk_ = std::make_unique<core::CaseDesk>(cases_.get(), directory_.get(),
                                             &clock_, reports_.get(),
                                             assignments_.get());
    risk_desk_ = std::make_unique<core::RiskListDesk>(
        lists_.get(), directory_.get(), &clock_);
    auth_ = std::make_unique<core::WebAuth>(accounts_.get(), &clock_,
                                            core::SessionPolicy{});
    check_store_ = std::make_unique<store::PgCheckStore>(
        pool_.get(), &composer_, std::vector<store::OutboxChannel>{});
    check_desk_ = std::make_unique<core::checks::CheckDesk>(
        check_store_.get(), directory_.get(),
        core::checks::CheckRules::Create(baoxue::v1::CheckConfig()).value(),
        core::CaseChain(policy), &clock_);

    Exec(
        "INSERT INTO baoxue.models (version, params, state, created_by) "
        "VALUES ('v-test', '\\x', 'active', 'test')");
    AddRun("2026-11-13", 10, 0.1);
    const int64_t run = AddRun("2026-11-20", 7, 0.2);
    ASSERT_THAT(cases_->OpenCasesFromRun(run, clock_.Now()).status(), IsOk());

    township_b_ = Exec(
                      "SELECT division_code FROM baoxue.areas WHERE level = "
                      "'township' AND division_code <> '360799101000' "
                      "ORDER BY division_code LIMIT 1")[0][0]
                      .as<std::string>();
    // A school in township A with flagged students (so it has cases).
    school_ = Exec(
                  "SELECT c.school_id FROM baoxue.cases c "
                  "JOIN baoxue.schools s USING (school_id) "
                  "JOIN baoxue.areas a ON a.area_id = s.area_id "
                  "WHERE a.division_code LIKE '360799101%' "
                  "AND c.village_code LIKE '360799101%' "
                  "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")[0][0]
                  .as<int64_t>();
    AddAccount("a.official", store::AccountKind::kTownship, kTownshipA, {});
    AddAccount("b.official", store::AccountKind::kTownship, township_b_, {});
    AddAccount("a.principal", store::AccountKind::kPrincipal, kTownshipA,
               school_);
    AddAccount("county.official", store::AccountKind::kCounty, kCounty, {});

    web::WebServerOptions options;
    options.listen_address = "127.0.0.1:0";
    options.threads = 4;
    auto server = web::WebServer::Create(options, auth_.get(), risk_desk_.get(),
                                         desk_.get(), check_desk_.get());
    ASSERT_THAT(server.status(), IsOk());
    server_ = std::move(*server);
    server_->Start();
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
  }

  void TearDown() override {
    if (server_) server_->Stop();
  }

  pqxx::result Exec(const std::string& sql) {
    pqxx::connection conn(db_->url());
    pqxx::work tx(conn);
    pqxx::result result = tx.exec(sql);
    tx.commit();
    return result;
  }

  int64_t AddRun(const std::string& as_of, int high_every, double base) {
    const int64_t run_id = Exec(absl::StrCat(
        "INSERT INTO baoxue.risk_runs (scope_area_id, as_of, "
        "model_id, status, finished_at) SELECT a.area_id, '",
        as_of,
        "', m.model_id, 'succeeded', now() FROM baoxue.areas a, "
        "baoxue.models m WHERE a.level = 'county' RETURNING run_id"))[0][0]
                               .as<int64_t>();
    Exec(absl::StrCat(
        "INSERT INTO baoxue.risk_scores (run_id, student_id, probability, "
        "tier, reasons) SELECT ",
        run_id, ", student_id, CASE WHEN student_id % ", high_every,
        " = 0 THEN 0.8 ELSE ", base, " END, CASE WHEN student_id % ",
        high_every,
        " = 0 THEN 'high' ELSE 'medium' END::baoxue.risk_tier, "
        "'[{\"feature\": \"absence_rate_30d\", \"value\": 0.3, "
        "\"contribution\": 1.5}]' FROM baoxue.students"));
    return run_id;
  }

  void AddAccount(const std::string& login, store::AccountKind kind,
                  const std::string& area, std::optional<int64_t> school) {
    store::NewAccount account;
    account.login = login;
    account.display_name = login;
    account.kind = kind;
    account.area_code = area;
    account.school_id = school;
    account.password = *core::HashPassword(kPassword, 1000);
    ASSERT_THAT(accounts_->CreateAccount(account).status(), IsOk());
  }

  struct Session {
    std::string cookie;  // "baoxue_session=..."
    std::string csrf;
  };
  Session SignIn(const std::string& login) {
    auto res =
        client_->Post("/api/login",
                      absl::StrCat("{\"login\":\"", login, "\",\"password\":\"",
                                   kPassword, "\"}"),
                      "application/json");
    EXPECT_TRUE(res);
    if (!res) return {};
    EXPECT_EQ(res->status, 200) << res->body;
    const std::string set_cookie = res->get_header_value("Set-Cookie");
    EXPECT_THAT(set_cookie, HasSubstr("HttpOnly"));
    EXPECT_THAT(set_cookie, HasSubstr("SameSite=Strict"));
    Session session;
    session.cookie = set_cookie.substr(0, set_cookie.find(';'));
    session.csrf = Parse(res->body).fields().at("csrf_token").string_value();
    return session;
  }
  httplib::Result Get(const Session& s, const std::string& path) {
    return client_->Get(path.c_str(), httplib::Headers{{"Cookie", s.cookie}});
  }
  httplib::Result Post(const Session& s, const std::string& path,
                       const std::string& body, bool csrf = true) {
    httplib::Headers headers{{"Cookie", s.cookie}};
    if (csrf) headers.emplace("X-Baoxue-CSRF", s.csrf);
    return client_->Post(path.c_str(), headers, body, "application/json");
  }
  // Two school-age 户籍 children of a village of township A with no 学籍,
  // then the check over the county, as its data staff would run it.
  void RunCheckWithTwoRegisteredChildren() {
    const pqxx::result village = Exec(
        "SELECT area_id FROM baoxue.areas WHERE level = 'village' "
        "AND division_code LIKE '360799101%' ORDER BY area_id LIMIT 1");
    ASSERT_EQ(village.size(), 1u);
    Exec(absl::StrCat(
        "INSERT INTO baoxue.registered_children (id_hash, id_last4, name, "
        "gender, birth_date, village_area_id) VALUES "
        "(sha256('web-check-1'::bytea), '0001', '户籍甲童', 'F', "
        "'2016-01-01', ",
        village[0][0].as<int64_t>(),
        "), (sha256('web-check-2'::bytea), '0002', '户籍乙童', 'M', "
        "'2017-02-02', ",
        village[0][0].as<int64_t>(), ")"));
    const pqxx::result county =
        Exec("SELECT area_id, name FROM baoxue.areas WHERE level = 'county'");
    core::Caller staff;
    staff.token_id = 1;
    staff.role = store::CallerRole::kDataStaff;
    staff.scope = {county[0][0].as<int64_t>(), kCounty,
                   domain::AreaLevel::kCounty, county[0][1].as<std::string>()};
    ASSERT_THAT(check_desk_->Run(staff, "", std::nullopt).status(), IsOk());
  }

  int64_t CaseIn(const std::string& prefix, std::optional<int64_t> school,
                 bool same_school) {
    return Exec(absl::StrCat(
        "SELECT min(case_id) FROM baoxue.cases WHERE village_code "
        "LIKE '",
        prefix, "%'",
        school
            ? absl::StrCat(" AND school_id ", same_school ? "=" : "<>", *school)
            : ""))[0][0]
        .as<int64_t>();
  }

  std::unique_ptr<testing::TestDatabase> db_;
  std::unique_ptr<store::PgConnectionPool> pool_;
  core::CaseMessageComposer composer_;
  testing::FakeClock clock_{testing::TestNow()};
  std::unique_ptr<store::PgCaseStore> cases_;
  std::unique_ptr<store::PgAccountStore> accounts_;
  std::unique_ptr<store::PgRiskListStore> lists_;
  std::unique_ptr<store::PgDirectoryStore> directory_;
  std::unique_ptr<store::PgLedgerReportStore> reports_;
  std::unique_ptr<store::PgCaseAssignmentStore> assignments_;
  std::unique_ptr<core::CaseDesk> desk_;
  std::unique_ptr<core::RiskListDesk> risk_desk_;
  std::unique_ptr<core::WebAuth> auth_;
  std::unique_ptr<store::PgCheckStore> check_store_;
  std::unique_ptr<core::checks::CheckDesk> check_desk_;
  std::unique_ptr<web::WebServer> server_;
  std::unique_ptr<httplib::Client> client_;
  std::string township_b_;
  int64_t school_ = 0;
};

TEST_F(WebIntegrationTest, SignInWrongPasswordAndNoCookieAre401) {
  auto wrong = client_->Post(
      "/api/login", R"({"login":"a.official","password":"not-it-at-all"})",
      "application/json");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 401);
  EXPECT_THAT(wrong->body, HasSubstr("UNAUTHENTICATED"));
  EXPECT_TRUE(wrong->get_header_value("Set-Cookie").empty());
  auto anonymous = client_->Get("/api/risk-list");
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);

  const Session s = SignIn("a.official");
  auto me = Get(s, "/api/me");
  ASSERT_TRUE(me);
  EXPECT_EQ(me->status, 200);
  EXPECT_THAT(me->body, HasSubstr(kTownshipA));
  EXPECT_THAT(me->body, Not(HasSubstr(kPassword)));
}

// The page's words for codes come from the one vocabulary, without a session.
TEST_F(WebIntegrationTest, VocabularyServesTheDomainsWordsInBothLanguages) {
  auto res = client_->Get("/api/vocabulary");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_THAT(res->body, HasSubstr("\"role_TEACHER\":\"师长\""));
  EXPECT_THAT(res->body,
              HasSubstr("\"outcome_returned\":\"returned to school\""));
  EXPECT_THAT(res->body, HasSubstr("\"tier_high\":\"高\""));
}

TEST_F(WebIntegrationTest, SessionExpiresAfterIdleTimeAndLogoutEndsIt) {
  const Session s = SignIn("a.official");
  clock_.Advance(absl::Hours(9));
  auto expired = Get(s, "/api/me");
  ASSERT_TRUE(expired);
  EXPECT_EQ(expired->status, 401);

  const Session t = SignIn("a.official");
  auto no_csrf = Post(t, "/api/logout", "{}", false);
  ASSERT_TRUE(no_csrf);
  EXPECT_EQ(no_csrf->status, 403);
  auto out = Post(t, "/api/logout", "{}");
  ASSERT_TRUE(out);
  EXPECT_EQ(out->status, 200);
  auto after = Get(t, "/api/me");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 401);
}

TEST_F(WebIntegrationTest, RiskListComesFromTheLatestRunWithTrendsInTheArea) {
  const Session s = SignIn("a.official");
  auto res = Get(s, "/api/risk-list?limit=2000");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const auto list = ParseAs<baoxue::v1::RiskList>(res->body);
  EXPECT_NE(list.run_id(), 0);
  EXPECT_EQ(list.as_of_date(), "2026-11-20");
  EXPECT_EQ(list.area_code(), kTownshipA);
  EXPECT_THAT(list.run_finished_at(), EndsWith("+08:00"));
  const auto& students = list.students();
  ASSERT_FALSE(students.empty());
  const int64_t in_a =
      Exec(
          "SELECT count(*) FROM baoxue.students st JOIN baoxue.households h "
          "USING (household_id) JOIN baoxue.areas g ON g.area_id = "
          "h.group_area_id WHERE g.division_code LIKE '360799101%'")[0][0]
          .as<int64_t>();
  EXPECT_EQ(static_cast<int64_t>(students.size()), in_a);
  // "× the average" against the mean of every score the run wrote.
  const double mean =
      Exec(absl::StrCat("SELECT avg(probability) FROM baoxue.risk_scores "
                        "WHERE run_id = ",
                        list.run_id()))[0][0]
          .as<double>();
  EXPECT_NEAR(list.run_mean_probability(), mean, 1e-9);
  EXPECT_NEAR(students[0].times_average(), students[0].probability() / mean,
              1e-9);
  EXPECT_EQ(students[0].school_code(),
            Exec(absl::StrCat("SELECT school_code FROM baoxue.schools WHERE "
                              "school_id = ",
                              students[0].school_id()))[0][0]
                .as<std::string>());
  EXPECT_FALSE(students[0].township().empty());
  double last = 2;
  for (const baoxue::v1::ListedStudent& student : students) {
    EXPECT_THAT(student.village_code(), StartsWith("360799101"));
    EXPECT_THAT(student.masked_name(), HasSubstr("*"));
    EXPECT_LE(student.probability(), last);  // sorted
    last = student.probability();
    EXPECT_NE(student.trend(), "new");  // two runs
    ASSERT_GT(student.reasons_size(), 0);
    EXPECT_THAT(student.reasons(0).text_zh(), HasSubstr("9"));
    EXPECT_GT(student.reasons(0).measures_size(), 0);
  }
  auto high = Get(s, "/api/risk-list?tier=high&sort=trend");
  ASSERT_TRUE(high);
  ASSERT_EQ(high->status, 200);
  const auto high_list = ParseAs<baoxue::v1::RiskList>(high->body);
  ASSERT_FALSE(high_list.students().empty());
  for (const baoxue::v1::ListedStudent& student : high_list.students()) {
    EXPECT_EQ(student.tier(), baoxue::v1::RISK_TIER_HIGH);
  }
  auto bad = Get(s, "/api/risk-list?tier=extreme");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_THAT(bad->body, HasSubstr("tier"));
}

TEST_F(WebIntegrationTest, TownshipAOfficialIsRefusedTownshipBData) {
  const Session s = SignIn("a.official");
  const int64_t b_case = CaseIn(township_b_.substr(0, 9), {}, false);
  for (const std::string& path :
       {absl::StrCat("/api/risk-list?area=", township_b_),
        absl::StrCat("/api/cases?area=", township_b_),
        absl::StrCat("/api/ledger?area=", township_b_),
        absl::StrCat("/api/export/risk-list.xlsx?area=", township_b_),
        absl::StrCat("/api/export/ledger.xlsx?area=", township_b_),
        absl::StrCat("/print/risk-list?area=", township_b_)}) {
    auto res = Get(s, path);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 403) << path << " " << res->body;
    EXPECT_THAT(res->body, Not(HasSubstr("masked_name"))) << path;
    EXPECT_THAT(res->body, Not(HasSubstr("PK"))) << path;
  }
  // An area that does not exist is refused in the same words as B: no
  // probing which codes exist.
  for (const std::string& code : {std::string("360799999000"), township_b_}) {
    auto res = Get(s, absl::StrCat("/api/ledger?area=", code));
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 403) << code;
    EXPECT_THAT(res->body,
                HasSubstr(absl::StrCat("area ", code,
                                       " is outside the caller's area")));
  }
  // B's case is answered like a case that does not exist (404, same words).
  auto b_file = Get(s, absl::StrCat("/api/cases/", b_case));
  ASSERT_TRUE(b_file);
  EXPECT_EQ(b_file->status, 404);
  EXPECT_THAT(b_file->body, HasSubstr(absl::StrCat("no case ", b_case,
                                                   " in the caller's area")));
  EXPECT_THAT(b_file->body, Not(HasSubstr("masked_name")));
  auto act = Post(s, absl::StrCat("/api/cases/", b_case, "/actions"),
                  R"({"kind":"call","note":"x"})");
  ASSERT_TRUE(act);
  EXPECT_EQ(act->status, 404);
  // The case board of A holds only A's cases.
  auto board = Get(s, "/api/cases?status=all&limit=500");
  ASSERT_TRUE(board);
  ASSERT_EQ(board->status, 200);
  const Struct board_json = Parse(board->body);
  const auto& cases = board_json.fields().at("cases").list_value().values();
  ASSERT_FALSE(cases.empty());
  for (const Value& v : cases) {
    EXPECT_THAT(v.struct_value().fields().at("village_code").string_value(),
                StartsWith("360799101"));
  }
}

TEST_F(WebIntegrationTest, PrincipalSeesOnlyTheirSchool) {
  const Session s = SignIn("a.principal");
  auto list = Get(s, "/api/risk-list?limit=2000");
  ASSERT_TRUE(list);
  ASSERT_EQ(list->status, 200);
  const auto list_json = ParseAs<baoxue::v1::RiskList>(list->body);
  ASSERT_FALSE(list_json.students().empty());
  for (const baoxue::v1::ListedStudent& student : list_json.students()) {
    EXPECT_EQ(student.school_id(), school_);
  }
  auto board = Get(s, "/api/cases?status=all&limit=500");
  ASSERT_TRUE(board);
  ASSERT_EQ(board->status, 200);
  const auto board_json = ParseAs<baoxue::v1::ListCasesResponse>(board->body);
  for (const baoxue::v1::CaseSummary& c : board_json.cases()) {
    EXPECT_EQ(c.school_id(), school_);
  }
  const int64_t other = CaseIn("360799101", school_, false);
  if (other > 0) {
    auto res = Get(s, absl::StrCat("/api/cases/", other));
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 404);  // like a case that does not exist
  }
  const int64_t own = CaseIn("360799101", school_, true);
  auto res = Get(s, absl::StrCat("/api/cases/", own));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  auto other_school =
      Get(s, absl::StrCat("/api/risk-list?school_id=", school_ + 1));
  ASSERT_TRUE(other_school);
  EXPECT_EQ(other_school->status, 404);  // like a school that does not exist

  // The ledger: the school's row and its own daily history, no townships.
  auto ledger = Get(s, "/api/ledger");
  ASSERT_TRUE(ledger);
  ASSERT_EQ(ledger->status, 200) << ledger->body;
  const auto ledger_json = ParseAs<baoxue::v1::Ledger>(ledger->body);
  EXPECT_TRUE(ledger_json.townships().empty());
  ASSERT_EQ(ledger_json.schools_size(), 1);
  ASSERT_FALSE(ledger_json.history().empty());
  EXPECT_EQ(ledger_json.history(ledger_json.history_size() - 1).open(),
            ledger_json.schools(0).open());
  EXPECT_EQ(ledger_json.area_code(), kTownshipA);
}

TEST_F(WebIntegrationTest, ASignInRemovesTheAccountsEndedSessions) {
  const int64_t account =
      Exec(
          "SELECT account_id FROM baoxue.web_accounts WHERE login = "
          "'b.official'")[0][0]
          .as<int64_t>();
  const absl::Time t0 = absl::FromUnixSeconds(1'800'000'000);
  const std::string old_hash(32, 'o');
  const std::string revoked_hash(32, 'r');
  const std::string live_hash(32, 'l');
  auto live =
      accounts_->CreateSession(live_hash, account, t0, t0 + absl::Hours(24));
  ASSERT_THAT(live.status(), IsOk());
  auto old_session =
      accounts_->CreateSession(old_hash, account, t0, t0 + absl::Hours(1));
  ASSERT_THAT(old_session.status(), IsOk());
  auto revoked =
      accounts_->CreateSession(revoked_hash, account, t0, t0 + absl::Hours(24));
  ASSERT_THAT(revoked.status(), IsOk());
  ASSERT_THAT(accounts_->RevokeSession(*revoked, t0 + absl::Minutes(5)),
              IsOk());
  const auto sessions = [&] {
    return Exec(
               absl::StrCat("SELECT count(*) FROM baoxue.web_sessions WHERE "
                            "account_id = ",
                            account, " AND session_id IN (", *old_session, ", ",
                            *revoked, ", ", *live, ")"))[0][0]
        .as<int64_t>();
  };
  EXPECT_EQ(sessions(), 3);
  ASSERT_THAT(accounts_
                  ->CreateSession(std::string(32, 'n'), account,
                                  t0 + absl::Hours(2), t0 + absl::Hours(26))
                  .status(),
              IsOk());
  EXPECT_EQ(sessions(), 1);  // the live one stays
  EXPECT_THAT(accounts_->FindSession(live_hash).status(), IsOk());
}

TEST_F(WebIntegrationTest, RecordingAnActionNeedsTheCsrfHeader) {
  const Session s = SignIn("a.official");
  const int64_t id = CaseIn("360799101", {}, false);
  const std::string path = absl::StrCat("/api/cases/", id, "/actions");
  auto refused =
      Post(s, path, R"({"kind":"home_visit","note":"visited"})", false);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403);
  EXPECT_THAT(refused->body, HasSubstr("csrf"));
  auto done = Post(s, path, R"({"kind":"home_visit","note":"visited"})");
  ASSERT_TRUE(done);
  ASSERT_EQ(done->status, 200) << done->body;
  EXPECT_THAT(done->body, HasSubstr("home_visit"));
  EXPECT_EQ(Exec(absl::StrCat("SELECT count(*) FROM baoxue.case_events WHERE "
                              "case_id = ",
                              id,
                              " AND kind = 'home_visit' AND actor LIKE 'web "
                              "account %'"))[0][0]
                .as<int64_t>(),
            1);
  auto bad = Post(s, path, R"({"kind":"dance"})");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  // Returned needs the day back in class; an empty call record says nothing.
  auto undated = Post(s, absl::StrCat("/api/cases/", id, "/resolve"),
                      R"({"outcome":"returned","note":"back"})");
  ASSERT_TRUE(undated);
  EXPECT_EQ(undated->status, 400);
  EXPECT_THAT(undated->body, HasSubstr("returned_on"));
  auto empty_call = Post(s, path, R"({"kind":"call","note":""})");
  ASSERT_TRUE(empty_call);
  EXPECT_EQ(empty_call->status, 400);
  EXPECT_THAT(empty_call->body, HasSubstr("note: required"));
  auto resolved = Post(
      s, absl::StrCat("/api/cases/", id, "/resolve"),
      R"({"outcome":"returned","note":"back","returned_on":"2026-11-21"})");
  ASSERT_TRUE(resolved);
  EXPECT_EQ(resolved->status, 200) << resolved->body;
  EXPECT_THAT(resolved->body, HasSubstr(R"(\"returned_on\": \"2026-11-21\")"));
  auto again = Post(
      s, absl::StrCat("/api/cases/", id, "/resolve"),
      R"({"outcome":"returned","note":"back","returned_on":"2026-11-21"})");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 409);
}

TEST_F(WebIntegrationTest, AnOfficialNamesWhoIsInChargeFromTheEligiblePeople) {
  const Session a = SignIn("a.official");
  const int64_t id = CaseIn("360799101", {}, false);
  const std::string base = absl::StrCat("/api/cases/", id);
  auto listed = Get(a, base + "/assignees");
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->status, 200) << listed->body;
  const auto eligible =
      ParseAs<baoxue::v1::ListAssigneesResponse>(listed->body);
  EXPECT_EQ(eligible.case_id(), id);
  EXPECT_EQ(eligible.level(), 1);
  EXPECT_EQ(eligible.role(), "TEACHER");
  const baoxue::v1::Assignee* other = nullptr;
  for (const baoxue::v1::Assignee& p : eligible.assignees()) {
    EXPECT_EQ(p.role(), "TEACHER");
    EXPECT_FALSE(p.name().empty()) << "officials choose by name";
    if (!p.in_charge() && other == nullptr) other = &p;
  }
  ASSERT_NE(other, nullptr) << listed->body;
  const std::string body = absl::StrCat(R"({"person_id":")", other->person_id(),
                                        R"(","note":"班主任病假"})");
  auto no_csrf = Post(a, base + "/assign", body, false);
  ASSERT_TRUE(no_csrf);
  EXPECT_EQ(no_csrf->status, 403);
  auto assigned = Post(a, base + "/assign", body);
  ASSERT_TRUE(assigned);
  ASSERT_EQ(assigned->status, 200) << assigned->body;
  const auto after = ParseAs<baoxue::v1::Case>(assigned->body);
  EXPECT_EQ(after.summary().person_name(), other->name());
  ASSERT_GT(after.events_size(), 0);
  const baoxue::v1::CaseEvent& event = after.events(after.events_size() - 1);
  EXPECT_EQ(event.kind(), "assigned");
  EXPECT_EQ(event.note(), "班主任病假");
  EXPECT_THAT(event.details_json(), HasSubstr(other->name()));
  EXPECT_THAT(event.details_json(), HasSubstr("a.official"));
  // The same person again: refused (409), naming the field.
  auto again = Post(a, base + "/assign", body);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 409);
  EXPECT_THAT(again->body, HasSubstr("person_id"));
  auto malformed = Post(a, base + "/assign", R"({"person_id":"x"})");
  ASSERT_TRUE(malformed);
  EXPECT_EQ(malformed->status, 400);
  // Township B sees neither the case nor its people.
  const Session b = SignIn("b.official");
  auto foreign_list = Get(b, base + "/assignees");
  ASSERT_TRUE(foreign_list);
  EXPECT_EQ(foreign_list->status, 404);
  auto foreign_assign = Post(b, base + "/assign", body);
  ASSERT_TRUE(foreign_assign);
  EXPECT_EQ(foreign_assign->status, 404);
}

// A verification task about a 户籍 child without 学籍 follows the same
// rule at its level: the village head (level 5) of the child's village.
TEST_F(WebIntegrationTest, AVerificationTaskIsAssignedToAnotherVillageHead) {
  RunCheckWithTwoRegisteredChildren();
  const int64_t task =
      Exec(
          "SELECT min(case_id) FROM baoxue.cases WHERE kind = 'verification' "
          "AND registered_child_hash IS NOT NULL "
          "AND village_code LIKE '360799101%'")[0][0]
          .as<int64_t>();
  const int64_t deputy = Exec(absl::StrCat(
      "INSERT INTO baoxue.responsible_people (role, area_id, name) "
      "SELECT 'VILLAGE_HEAD', rc.village_area_id, '副村长乙' "
      "FROM baoxue.cases c JOIN baoxue.registered_children rc "
      "ON rc.id_hash = c.registered_child_hash WHERE c.case_id = ",
      task, " RETURNING person_id"))[0][0]
                             .as<int64_t>();
  const int64_t teacher =
      Exec(
          "SELECT min(p.person_id) FROM baoxue.responsible_people p "
          "JOIN baoxue.schools s USING (school_id) "
          "JOIN baoxue.areas a ON a.area_id = s.area_id "
          "WHERE p.role = 'TEACHER' AND a.division_code LIKE '360799101%'")
          [0][0]
              .as<int64_t>();
  const Session a = SignIn("a.official");
  const std::string base = absl::StrCat("/api/cases/", task);
  auto listed = Get(a, base + "/assignees");
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->status, 200) << listed->body;
  const auto eligible =
      ParseAs<baoxue::v1::ListAssigneesResponse>(listed->body);
  EXPECT_EQ(eligible.level(), 5);
  EXPECT_EQ(eligible.role(), "VILLAGE_HEAD");
  bool listed_deputy = false;
  for (const baoxue::v1::Assignee& p : eligible.assignees()) {
    listed_deputy |= p.person_id() == deputy;
  }
  EXPECT_TRUE(listed_deputy) << listed->body;
  auto wrong_role = Post(a, base + "/assign",
                         absl::StrCat(R"({"person_id":")", teacher, R"("})"));
  ASSERT_TRUE(wrong_role);
  EXPECT_EQ(wrong_role->status, 409) << wrong_role->body;
  EXPECT_THAT(wrong_role->body, HasSubstr("VILLAGE_HEAD"));
  auto assigned = Post(a, base + "/assign",
                       absl::StrCat(R"({"person_id":")", deputy, R"("})"));
  ASSERT_TRUE(assigned);
  ASSERT_EQ(assigned->status, 200) << assigned->body;
  EXPECT_EQ(ParseAs<baoxue::v1::Case>(assigned->body).summary().person_name(),
            "副村长乙");
}

TEST_F(WebIntegrationTest, APhotoJoinsTheVisitAndIsServedOnlyToTheCasesArea) {
  const Session s = SignIn("a.official");
  const int64_t id = CaseIn("360799101", {}, false);
  const std::string base = absl::StrCat("/api/cases/", id);
  const std::string jpeg("\xFF\xD8\xFF\xE0\0\x10JFIF\0photo", 16);
  auto uploaded =
      Post(s, base + "/attachments?name=%E5%AE%B6%E8%AE%BF.jpg", jpeg);
  ASSERT_TRUE(uploaded);
  ASSERT_EQ(uploaded->status, 200) << uploaded->body;
  const std::string attachment =
      Exec(absl::StrCat("SELECT max(attachment_id) FROM "
                        "baoxue.case_attachments WHERE case_id = ",
                        id))[0][0]
          .as<std::string>();
  EXPECT_THAT(uploaded->body, HasSubstr(attachment));
  // A page posing as a photo is refused by its bytes.
  auto html = Post(s, base + "/attachments?name=x.jpg",
                   "<html><script>alert(1)</script></html>");
  ASSERT_TRUE(html);
  EXPECT_EQ(html->status, 400);
  EXPECT_THAT(html->body, HasSubstr("file"));
  auto visit = Post(s, base + "/actions",
                    absl::StrCat(R"({"kind":"home_visit","note":"见到奶奶",)",
                                 R"("happened_on":"2026-11-19",)",
                                 R"("attachment_ids":")", attachment, R"("})"));
  ASSERT_TRUE(visit);
  ASSERT_EQ(visit->status, 200) << visit->body;
  EXPECT_THAT(visit->body, HasSubstr(R"(\"happened_on\": \"2026-11-19\")"));
  EXPECT_THAT(visit->body, HasSubstr(R"(\"by_role\": \"township\")"));
  EXPECT_THAT(visit->body, HasSubstr("家访.jpg"));
  auto file = Get(s, absl::StrCat(base, "/attachments/", attachment));
  ASSERT_TRUE(file);
  ASSERT_EQ(file->status, 200);
  EXPECT_EQ(file->body, jpeg);
  EXPECT_EQ(file->get_header_value("Content-Type"), "image/jpeg");
  EXPECT_EQ(file->get_header_value("X-Content-Type-Options"), "nosniff");
  // (httplib's client decodes the %XX of header values it reads.)
  EXPECT_THAT(file->get_header_value("Content-Disposition"),
              HasSubstr("attachment; filename=\"file.jpg\"; "
                        "filename*=UTF-8''家访.jpg"));
  const Session b = SignIn("b.official");
  auto other = Get(b, absl::StrCat(base, "/attachments/", attachment));
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 404);  // another township's case is hidden
  EXPECT_NE(other->body, jpeg);
  // Closed, then reopened on the web.
  auto closed = Post(s, base + "/resolve",
                     R"({"outcome":"transferred","note":"转入县二中"})");
  ASSERT_TRUE(closed);
  ASSERT_EQ(closed->status, 200) << closed->body;
  auto reopened = Post(s, base + "/reopen", R"({"note":"未到县二中报到"})");
  ASSERT_TRUE(reopened);
  EXPECT_EQ(reopened->status, 200) << reopened->body;
  EXPECT_THAT(reopened->body, HasSubstr(R"("status":"open")"));
}

TEST_F(WebIntegrationTest, CasesAreFoundByNameStudentNumberOrVillage) {
  const Session s = SignIn("a.official");
  const int64_t id = CaseIn("360799101", {}, false);
  const pqxx::result student = Exec(absl::StrCat(
      "SELECT s.name, s.student_number, v.name FROM baoxue.cases c JOIN "
      "baoxue.students s USING (student_id) JOIN baoxue.areas v ON "
      "v.division_code = c.village_code AND v.level = 'village' WHERE "
      "c.case_id = ",
      id));
  ASSERT_EQ(student.size(), 1u);
  const std::string name = student[0][0].as<std::string>();
  for (const std::string& q : {name, student[0][1].as<std::string>(),
                               student[0][2].as<std::string>()}) {
    std::string encoded;
    for (const unsigned char c : q) {
      absl::StrAppend(&encoded, "%", absl::Hex(c, absl::kZeroPad2));
    }
    auto found = Get(s, "/api/cases?status=all&q=" + encoded);
    ASSERT_TRUE(found);
    ASSERT_EQ(found->status, 200) << found->body;
    EXPECT_THAT(found->body, HasSubstr(absl::StrCat("\"case_id\":\"", id)));
    EXPECT_THAT(found->body, Not(HasSubstr(name)));  // masked, still
  }
  auto none = Get(s, "/api/cases?status=all&q=NO-SUCH-STUDENT");
  ASSERT_TRUE(none);
  EXPECT_THAT(none->body, HasSubstr("\"cases\":[]"));
}

TEST_F(WebIntegrationTest, ATownshipReportsItsLedgerAndTheCountySeesIt) {
  const Session a = SignIn("a.official");
  auto unsigned_report =
      Post(a, "/api/ledger/report", R"({"reviewer_name":""})");
  ASSERT_TRUE(unsigned_report);
  EXPECT_EQ(unsigned_report->status, 400);
  EXPECT_THAT(unsigned_report->body, HasSubstr("reviewer_name"));
  auto reported = Post(a, "/api/ledger/report",
                       R"({"reviewer_name":"李审核","note":"第一周"})");
  ASSERT_TRUE(reported);
  ASSERT_EQ(reported->status, 200) << reported->body;
  // Frozen as it stood: the ledger JSON, the reporter and reviewer.
  const pqxx::result kept = Exec(
      "SELECT area_code, ledger->>'area_code', reviewer_name, reporter "
      "FROM baoxue.ledger_reports");
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0][0].as<std::string>(), kTownshipA);
  EXPECT_EQ(kept[0][1].as<std::string>(), kTownshipA);
  EXPECT_EQ(kept[0][2].as<std::string>(), "李审核");
  EXPECT_THAT(kept[0][3].as<std::string>(), StartsWith("web account"));
  // Only a township reports upward.
  const Session county = SignIn("county.official");
  auto county_report =
      Post(county, "/api/ledger/report", R"({"reviewer_name":"王"})");
  ASSERT_TRUE(county_report);
  EXPECT_EQ(county_report->status, 403);
  auto seen = Get(county, "/api/ledger/reports");
  ASSERT_TRUE(seen);
  ASSERT_EQ(seen->status, 200) << seen->body;
  EXPECT_THAT(seen->body, HasSubstr(kTownshipA));
  EXPECT_THAT(seen->body, HasSubstr("李审核"));
  EXPECT_THAT(seen->body, Not(HasSubstr(township_b_)));
}

TEST_F(WebIntegrationTest, ExportsAreXlsxAndPrintPagesAreHtml) {
  const Session s = SignIn("a.official");
  auto xlsx = Get(s, "/api/export/risk-list.xlsx?tier=high");
  ASSERT_TRUE(xlsx);
  ASSERT_EQ(xlsx->status, 200) << xlsx->body;
  EXPECT_EQ(xlsx->body.substr(0, 2), "PK");
  EXPECT_THAT(xlsx->get_header_value("Content-Disposition"),
              HasSubstr("risk-list-360799101000-2026-11-20.xlsx"));
  auto ledger = Get(s, "/api/export/ledger.xlsx");
  ASSERT_TRUE(ledger);
  ASSERT_EQ(ledger->status, 200);
  EXPECT_EQ(ledger->body.substr(0, 2), "PK");
  auto print = Get(s, "/print/risk-list?lang=en");
  ASSERT_TRUE(print);
  ASSERT_EQ(print->status, 200);
  EXPECT_THAT(print->body, HasSubstr("@media print"));
  EXPECT_THAT(print->body, HasSubstr("Dropout risk list"));
  auto print_zh = Get(s, "/print/ledger");
  ASSERT_TRUE(print_zh);
  ASSERT_EQ(print_zh->status, 200);
  EXPECT_THAT(print_zh->body, HasSubstr("台账"));
}

// The 四查三比对 report on the page: the gRPC service's message as JSON, the
// county reads every township's rows, a township only its own, and the same
// table exports as a workbook. Counts only: no names.
TEST_F(WebIntegrationTest, CheckReportIsReadByAreaAndExportsAsXlsx) {
  RunCheckWithTwoRegisteredChildren();
  const Session county = SignIn("county.official");
  auto res = Get(county, absl::StrCat("/api/checks?area=", kCounty));
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const auto report = ParseAs<baoxue::v1::CheckReport>(res->body);
  EXPECT_EQ(report.area_code(), kCounty);
  int64_t open_in_a = 0;
  for (const baoxue::v1::CheckReportRow& row : report.rows()) {
    if (row.township_code() == kTownshipA &&
        row.comparison() == "registration_vs_roll" && row.outcome().empty()) {
      open_in_a += row.count();
    }
  }
  EXPECT_EQ(open_in_a, 2) << res->body;
  EXPECT_THAT(res->body, Not(HasSubstr("户籍甲童")));
  EXPECT_THAT(res->body, HasSubstr("\"key_groups\""));

  // The caller's own area by default; a township reads its own township.
  const Session a = SignIn("a.official");
  auto own = Get(a, "/api/checks");
  ASSERT_TRUE(own);
  ASSERT_EQ(own->status, 200) << own->body;
  EXPECT_EQ(ParseAs<baoxue::v1::CheckReport>(own->body).area_code(),
            kTownshipA);
  for (const std::string& path :
       {absl::StrCat("/api/checks?area=", township_b_),
        absl::StrCat("/api/checks?area=", kCounty),
        absl::StrCat("/api/export/checks.xlsx?area=", township_b_)}) {
    auto refused = Get(a, path);
    ASSERT_TRUE(refused) << path;
    EXPECT_EQ(refused->status, 403) << path << " " << refused->body;
    EXPECT_THAT(refused->body, Not(HasSubstr("rows"))) << path;
    EXPECT_THAT(refused->body, Not(HasSubstr("PK"))) << path;
  }

  auto xlsx = Get(county, "/api/export/checks.xlsx?lang=en");
  ASSERT_TRUE(xlsx);
  ASSERT_EQ(xlsx->status, 200) << xlsx->body;
  EXPECT_EQ(xlsx->body.substr(0, 2), "PK");
  EXPECT_EQ(
      xlsx->get_header_value("Content-Type"),
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_THAT(xlsx->get_header_value("Content-Disposition"),
              HasSubstr("checks-360799000000.xlsx"));
  EXPECT_EQ(Get(county, "/api/checks")->status, 200);
}

TEST_F(WebIntegrationTest, VocabularyHasTheChecksWords) {
  auto res = client_->Get("/api/vocabulary");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  EXPECT_THAT(res->body, HasSubstr("\"comparison_registration_vs_roll\""));
  EXPECT_THAT(res->body, HasSubstr("\"check_row_being_verified\":\"核查中\""));
  EXPECT_THAT(res->body, HasSubstr("\"key_group_left_behind\":\"留守\""));
  EXPECT_THAT(res->body, HasSubstr("\"check_reason_absent_streak\""));
  EXPECT_THAT(res->body, HasSubstr("\"outcome_in_province_without_xueji\""));
}

}  // namespace
}  // namespace baoxue
