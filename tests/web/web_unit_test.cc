// Unit tests of the web page's backend over fakes: password hashing, sessions
// (expiry by an injected clock, lockout, CSRF), the HTTP status mapping, the
// JSON builder and body parser, and the xlsx writer.
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "server/core/password.h"
#include "server/core/totp.h"
#include "server/core/web_auth.h"
#include "server/web/http_status.h"
#include "server/web/json_body.h"
#include "server/web/json_builder.h"
#include "tests/server/fakes.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_path.h"
#include "xlsx/xlsx_writer.h"

namespace baoxue {
namespace {

using ::baoxue::testing::IsOk;
using ::baoxue::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;

// AccountStore in memory (a fake of the PostgreSQL store).
class FakeAccountStore : public store::AccountStore {
 public:
  absl::StatusOr<int64_t> CreateAccount(const store::NewAccount& a) override {
    absl::MutexLock lock(&mu_);
    store::AccountRecord r;
    r.account_id = static_cast<int64_t>(accounts_.size()) + 1;
    r.login = a.login;
    r.display_name = a.display_name;
    r.kind = a.kind;
    r.scope = testing::TownshipA();
    r.school_id = a.school_id;
    r.password = a.password;
    r.role = a.role;
    accounts_[r.account_id] = r;
    return r.account_id;
  }
  absl::StatusOr<store::AccountRecord> FindAccountByLogin(
      absl::string_view login) override {
    absl::MutexLock lock(&mu_);
    for (const auto& [id, a] : accounts_) {
      if (a.login == login) return a;
    }
    return absl::NotFoundError("no such account");
  }
  absl::StatusOr<store::AccountRecord> FindAccount(int64_t id) override {
    absl::MutexLock lock(&mu_);
    auto it = accounts_.find(id);
    if (it == accounts_.end()) return absl::NotFoundError("no such account");
    return it->second;
  }
  absl::Status SetDisabled(absl::string_view login, bool disabled) override {
    absl::MutexLock lock(&mu_);
    for (auto& [id, a] : accounts_) {
      if (a.login == login) a.disabled = disabled;
    }
    return absl::OkStatus();
  }
  absl::StatusOr<int64_t> CreateSession(absl::string_view sha256,
                                        int64_t account_id, absl::Time now,
                                        absl::Time expires) override {
    absl::MutexLock lock(&mu_);
    store::SessionRecord s{static_cast<int64_t>(sessions_.size()) + 1,
                           account_id,
                           now,
                           now,
                           expires,
                           false};
    sessions_[std::string(sha256)] = s;
    return s.session_id;
  }
  absl::StatusOr<store::SessionRecord> FindSession(
      absl::string_view sha256) override {
    absl::MutexLock lock(&mu_);
    auto it = sessions_.find(std::string(sha256));
    if (it == sessions_.end()) return absl::NotFoundError("no such session");
    return it->second;
  }
  absl::Status TouchSession(int64_t id, absl::Time now) override {
    absl::MutexLock lock(&mu_);
    for (auto& [hash, s] : sessions_) {
      if (s.session_id == id) s.last_seen_at = std::max(s.last_seen_at, now);
    }
    return absl::OkStatus();
  }
  absl::Status RevokeSession(int64_t id, absl::Time) override {
    absl::MutexLock lock(&mu_);
    for (auto& [hash, s] : sessions_) {
      if (s.session_id == id) s.revoked = true;
    }
    return absl::OkStatus();
  }
  absl::Status SetTotpSecret(int64_t id, absl::string_view secret) override {
    absl::MutexLock lock(&mu_);
    accounts_[id].totp_secret = std::string(secret);
    accounts_[id].totp_confirmed = false;
    accounts_[id].totp_last_step.reset();
    return absl::OkStatus();
  }
  absl::Status ConfirmTotp(int64_t id, int64_t step) override {
    absl::MutexLock lock(&mu_);
    accounts_[id].totp_confirmed = true;
    accounts_[id].totp_last_step = step;
    return absl::OkStatus();
  }
  absl::StatusOr<bool> AcceptTotpStep(int64_t id, int64_t step) override {
    absl::MutexLock lock(&mu_);
    std::optional<int64_t>& last = accounts_[id].totp_last_step;
    if (last.has_value() && *last >= step) return false;
    last = step;
    return true;
  }
  // The stored hashes, to show the secret itself is never stored.
  std::vector<std::string> SessionKeys() {
    absl::MutexLock lock(&mu_);
    std::vector<std::string> keys;
    for (const auto& [hash, s] : sessions_) keys.push_back(hash);
    return keys;
  }

 private:
  absl::Mutex mu_;
  std::map<int64_t, store::AccountRecord> accounts_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, store::SessionRecord> sessions_ ABSL_GUARDED_BY(mu_);
};

TEST(PasswordTest, VerifiesOnlyTheRightPasswordAndSaltsEachHash) {
  absl::StatusOr<store::PasswordRecord> a =
      core::HashPassword("correct horse", 1000);
  absl::StatusOr<store::PasswordRecord> b =
      core::HashPassword("correct horse", 1000);
  ASSERT_THAT(a.status(), IsOk());
  ASSERT_THAT(b.status(), IsOk());
  EXPECT_EQ(a->hash.size(), 32u);
  EXPECT_NE(a->salt, b->salt);
  EXPECT_NE(a->hash, b->hash);
  EXPECT_EQ(a->hash.find("correct horse"), std::string::npos);
  EXPECT_TRUE(core::VerifyPassword("correct horse", *a));
  EXPECT_FALSE(core::VerifyPassword("correct horsE", *a));
  EXPECT_FALSE(core::VerifyPassword("", *a));
  store::PasswordRecord fewer = *a;
  fewer.iterations = 1001;
  EXPECT_FALSE(core::VerifyPassword("correct horse", fewer));
  EXPECT_THAT(core::HashPassword("x", 10).status(),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(PasswordTest, PolicyWantsTenCharactersOfTwoClassesWithoutTheLogin) {
  EXPECT_THAT(core::CheckPasswordPolicy("Short-1", "zhang"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("at least 10 characters")));
  // All one class: letters only, digits only.
  EXPECT_THAT(
      core::CheckPasswordPolicy("qingshanxian", "zhang"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("two of")));
  EXPECT_THAT(core::CheckPasswordPolicy("1234567890", "zhang"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(core::CheckPasswordPolicy("aaaaaaaaaa", "zhang"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  // The login, in any case, inside the password.
  EXPECT_THAT(core::CheckPasswordPolicy("Zhang.Wei-2026", "zhang.wei"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("login")));
  // Ten characters counted, not bytes: 青山县 are three.
  EXPECT_THAT(core::CheckPasswordPolicy("青山县-2026", "zhang"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(core::CheckPasswordPolicy("青山县-2026-平安", "zhang"), IsOk());
  EXPECT_THAT(core::CheckPasswordPolicy("qingshan-2026", "zhang"), IsOk());
}

class WebAuthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::NewAccount account;
    account.login = "zhang";
    account.display_name = "张镇长";
    account.password = *core::HashPassword("right password", 1000);
    ASSERT_THAT(accounts_.CreateAccount(account).status(), IsOk());
    account.login = "li";
    account.kind = store::AccountKind::kPrincipal;
    account.school_id = 4012;
    ASSERT_THAT(accounts_.CreateAccount(account).status(), IsOk());
  }

  FakeAccountStore accounts_;
  testing::FakeClock clock_{testing::TestNow()};
  core::WebAuth auth_{&accounts_, &clock_, core::SessionPolicy{}};
};

TEST_F(WebAuthTest, SignInGivesASessionThatAuthenticatesAsTheAccount) {
  absl::StatusOr<core::SignedIn> in = auth_.Login("zhang", "right password");
  ASSERT_THAT(in.status(), IsOk());
  EXPECT_GE(in->secret.size(), 40u);
  for (const std::string& key : accounts_.SessionKeys()) {
    EXPECT_EQ(key.find(in->secret), std::string::npos);
    EXPECT_EQ(key.size(), 32u);
  }
  absl::StatusOr<core::WebSession> session = auth_.Authenticate(in->secret);
  ASSERT_THAT(session.status(), IsOk());
  EXPECT_EQ(session->caller.account_id, 1);
  EXPECT_EQ(session->caller.Describe(), "web account 1");
  EXPECT_FALSE(session->caller.school_id.has_value());
  EXPECT_TRUE(session->account.password.hash.empty());
  EXPECT_EQ(session->csrf_token, in->session.csrf_token);
}

TEST_F(WebAuthTest, PrincipalSessionIsBoundToTheSchool) {
  absl::StatusOr<core::SignedIn> in = auth_.Login("li", "right password");
  ASSERT_THAT(in.status(), IsOk());
  EXPECT_EQ(in->session.caller.school_id, 4012);
  EXPECT_TRUE(in->session.caller.CanSeeSchool(4012));
  EXPECT_FALSE(in->session.caller.CanSeeSchool(4013));
}

TEST_F(WebAuthTest, WrongPasswordAndUnknownLoginGetTheSameRefusal) {
  absl::StatusOr<core::SignedIn> wrong = auth_.Login("zhang", "wrong password");
  absl::StatusOr<core::SignedIn> unknown = auth_.Login("nobody", "whatever1");
  EXPECT_THAT(wrong.status(), StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_EQ(wrong.status(), unknown.status());
}

TEST_F(WebAuthTest, SessionExpiresAfterIdleTime) {
  absl::StatusOr<core::SignedIn> in = auth_.Login("zhang", "right password");
  ASSERT_THAT(in.status(), IsOk());
  clock_.Advance(absl::Hours(7) + absl::Minutes(59));
  EXPECT_THAT(auth_.Authenticate(in->secret).status(), IsOk());
  // The request above counts: another 7h59m is still inside 8 h idle.
  clock_.Advance(absl::Hours(7) + absl::Minutes(59));
  EXPECT_THAT(auth_.Authenticate(in->secret).status(), IsOk());
  clock_.Advance(absl::Hours(8));
  EXPECT_THAT(auth_.Authenticate(in->secret).status(),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST_F(WebAuthTest, SessionExpiresAfterAbsoluteTimeEvenWhenBusy) {
  absl::StatusOr<core::SignedIn> in = auth_.Login("zhang", "right password");
  ASSERT_THAT(in.status(), IsOk());
  for (int hour = 0; hour < 23; ++hour) {
    clock_.Advance(absl::Hours(1));
    ASSERT_THAT(auth_.Authenticate(in->secret).status(), IsOk()) << hour;
  }
  clock_.Advance(absl::Hours(1));
  EXPECT_THAT(auth_.Authenticate(in->secret).status(),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST_F(WebAuthTest, LogoutAndDisablingEndTheSession) {
  absl::StatusOr<core::SignedIn> a = auth_.Login("zhang", "right password");
  absl::StatusOr<core::SignedIn> b = auth_.Login("zhang", "right password");
  ASSERT_THAT(a.status(), IsOk());
  ASSERT_THAT(b.status(), IsOk());
  ASSERT_THAT(auth_.Logout(a->session), IsOk());
  EXPECT_THAT(auth_.Authenticate(a->secret).status(),
              StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_THAT(auth_.Authenticate(b->secret).status(), IsOk());
  ASSERT_THAT(accounts_.SetDisabled("zhang", true), IsOk());
  EXPECT_THAT(auth_.Authenticate(b->secret).status(),
              StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_THAT(auth_.Login("zhang", "right password").status(),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

constexpr char kHome[] = "10.1.1.7";  // the official's own office
constexpr char kAttacker[] = "203.0.113.9";

TEST_F(WebAuthTest, WrongPasswordsElsewhereNeverLockTheRealUserOut) {
  for (int i = 0; i < 50; ++i) {
    (void)auth_.Login("zhang", "wrong password", kAttacker);
  }
  // The attacker's own address must wait ...
  EXPECT_THAT(auth_.Login("zhang", "right password", kAttacker).status(),
              StatusIs(absl::StatusCode::kResourceExhausted,
                       HasSubstr("try again in")));
  // ... the official at the office signs in at once.
  EXPECT_THAT(auth_.Login("zhang", "right password", kHome).status(), IsOk());
}

TEST_F(WebAuthTest, BackoffDoublesPerLoginAndAddressAfterThreeFailures) {
  for (int i = 0; i < 3; ++i) {
    EXPECT_THAT(auth_.Login("zhang", "wrong password", kHome).status(),
                StatusIs(absl::StatusCode::kUnauthenticated));
  }
  EXPECT_THAT(
      auth_.Login("zhang", "right password", kHome).status(),
      StatusIs(absl::StatusCode::kResourceExhausted, HasSubstr("1 seconds")));
  clock_.Advance(absl::Seconds(1));
  EXPECT_THAT(auth_.Login("zhang", "wrong password", kHome).status(),
              StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_THAT(
      auth_.Login("zhang", "right password", kHome).status(),
      StatusIs(absl::StatusCode::kResourceExhausted, HasSubstr("2 seconds")));
  clock_.Advance(absl::Seconds(2));
  EXPECT_THAT(auth_.Login("zhang", "right password", kHome).status(), IsOk());
  // Success clears the pair.
  EXPECT_THAT(auth_.Login("zhang", "wrong password", kHome).status(),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST_F(WebAuthTest, ThrottleAnswersAlikeForLoginsThatDoNotExist) {
  for (int i = 0; i < 3; ++i) {
    (void)auth_.Login("zhang", "wrong password", kAttacker);
    (void)auth_.Login("nobody", "wrong password", kAttacker);
  }
  const absl::Status real = auth_.Login("zhang", "x1", kAttacker).status();
  const absl::Status ghost = auth_.Login("nobody", "x1", kAttacker).status();
  EXPECT_THAT(real, StatusIs(absl::StatusCode::kResourceExhausted));
  EXPECT_EQ(real, ghost);
}

TEST_F(WebAuthTest, AnAddressBudgetStopsSprayingButNotKnownGoodSignIns) {
  core::SessionPolicy policy;
  policy.throttle.address_failures_per_hour = 4;
  core::WebAuth auth(&accounts_, &clock_, policy);
  ASSERT_THAT(auth.Login("zhang", "right password", kHome).status(), IsOk());
  // One wrong password each for four logins from one address (no pair
  // reaches its own backoff) ...
  for (int i = 0; i < 4; ++i) {
    (void)auth.Login(absl::StrCat("user", i), "wrong password", kHome);
  }
  // ... exhaust the address: another login must wait for the hour ...
  EXPECT_THAT(auth.Login("li", "right password", kHome).status(),
              StatusIs(absl::StatusCode::kResourceExhausted));
  // ... but zhang, who signed in from here before, still gets in.
  EXPECT_THAT(auth.Login("zhang", "right password", kHome).status(), IsOk());
  clock_.Advance(absl::Hours(1));
  EXPECT_THAT(auth.Login("li", "right password", kHome).status(), IsOk());
}

class SecondFactorTest : public WebAuthTest {
 protected:
  // Enrols zhang (account 1) and returns the secret from the otpauth URI.
  std::string Enrol() {
    absl::StatusOr<core::TotpEnrolment> enrolment = auth_.EnrolTotp(1);
    EXPECT_THAT(enrolment.status(), IsOk());
    if (!enrolment.ok()) return "";
    EXPECT_THAT(enrolment->otpauth_uri,
                ::testing::StartsWith("otpauth://totp/Baoxue:zhang?secret="));
    return accounts_.FindAccount(1)->totp_secret;
  }
};

TEST_F(SecondFactorTest, EnrolledAccountsNeedACurrentUnusedCode) {
  const std::string secret = Enrol();
  // Not confirmed yet: the password alone still works.
  ASSERT_THAT(auth_.Login("zhang", "right password", kHome).status(), IsOk());
  EXPECT_THAT(auth_.ConfirmTotp(1, "000000"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("code")));
  ASSERT_THAT(auth_.ConfirmTotp(1, core::TotpCode(secret, clock_.Now())),
              IsOk());
  // A stolen session cannot replace a confirmed factor.
  EXPECT_THAT(auth_.EnrolTotp(1).status(),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(auth_.Login("zhang", "right password", kHome).status(),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("totp")));
  clock_.Advance(absl::Seconds(30));
  const std::string code = core::TotpCode(secret, clock_.Now());
  EXPECT_THAT(auth_.Login("zhang", "right password", kHome, code).status(),
              IsOk());
  // The same code again is a replay.
  EXPECT_THAT(auth_.Login("zhang", "right password", kHome, code).status(),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("used")));
  clock_.Advance(absl::Minutes(5));
  EXPECT_THAT(auth_.Login("zhang", "right password", kHome, code).status(),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("wrong")));
}

TEST_F(WebAuthTest, AdministratorAccountsSignInOnlyWithASecondFactor) {
  store::NewAccount admin;
  admin.login = "wang.admin";
  admin.display_name = "王管理员";
  admin.role = store::CallerRole::kAdmin;
  admin.password = *core::HashPassword("right password", 1000);
  absl::StatusOr<int64_t> id = accounts_.CreateAccount(admin);
  ASSERT_THAT(id.status(), IsOk());
  EXPECT_THAT(auth_.Login("wang.admin", "right password", kHome).status(),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("second factor")));
  ASSERT_THAT(auth_.EnrolTotp(*id).status(), IsOk());
  const std::string secret = accounts_.FindAccount(*id)->totp_secret;
  ASSERT_THAT(auth_.ConfirmTotp(*id, core::TotpCode(secret, clock_.Now())),
              IsOk());
  clock_.Advance(absl::Seconds(30));
  absl::StatusOr<core::SignedIn> in =
      auth_.Login("wang.admin", "right password", kHome,
                  core::TotpCode(secret, clock_.Now()));
  ASSERT_THAT(in.status(), IsOk());
  EXPECT_EQ(in->session.caller.role, store::CallerRole::kAdmin);
}

TEST(TotpTest, MatchesRfc6238TestVectorAndOneStepOfDrift) {
  // RFC 6238 appendix B, SHA-1, T = 59 s: 94287082 (8 digits) -> 287082.
  const std::string secret = "12345678901234567890";
  const absl::Time t = absl::FromUnixSeconds(59);
  EXPECT_EQ(core::TotpCode(secret, t), "287082");
  EXPECT_EQ(core::MatchTotp(secret, "287082", t), 1);
  EXPECT_EQ(core::MatchTotp(secret, "287082", t + absl::Seconds(30)), 1);
  EXPECT_EQ(core::MatchTotp(secret, "287082", t + absl::Seconds(90)),
            std::nullopt);
  EXPECT_EQ(core::MatchTotp(secret, "28708x", t), std::nullopt);
}

TEST_F(WebAuthTest, CsrfTokenMustMatchExactly) {
  absl::StatusOr<core::SignedIn> in = auth_.Login("zhang", "right password");
  ASSERT_THAT(in.status(), IsOk());
  EXPECT_TRUE(core::WebAuth::CsrfMatches(in->session, in->session.csrf_token));
  EXPECT_FALSE(core::WebAuth::CsrfMatches(in->session, ""));
  std::string other = in->session.csrf_token;
  other[0] = other[0] == 'a' ? 'b' : 'a';
  EXPECT_FALSE(core::WebAuth::CsrfMatches(in->session, other));
}

TEST(HttpStatusTest, MapsEachStatusCode) {
  EXPECT_EQ(web::HttpStatusOf(absl::StatusCode::kInvalidArgument), 400);
  EXPECT_EQ(web::HttpStatusOf(absl::StatusCode::kUnauthenticated), 401);
  EXPECT_EQ(web::HttpStatusOf(absl::StatusCode::kPermissionDenied), 403);
  EXPECT_EQ(web::HttpStatusOf(absl::StatusCode::kNotFound), 404);
  EXPECT_EQ(web::HttpStatusOf(absl::StatusCode::kFailedPrecondition), 409);
  EXPECT_EQ(web::HttpStatusOf(absl::StatusCode::kResourceExhausted), 429);
  EXPECT_EQ(web::HttpStatusOf(absl::StatusCode::kUnavailable), 503);
  EXPECT_EQ(web::HttpStatusOf(absl::StatusCode::kInternal), 500);
}

TEST(HttpStatusTest, ErrorBodyNamesCodeAndHidesInternalDetails) {
  EXPECT_EQ(
      web::ErrorJson(absl::InvalidArgumentError("tier: must be \"high\"")),
      "{\"error\":{\"code\":\"INVALID_ARGUMENT\",\"message\":\"tier: "
      "must be \\\"high\\\"\"}}");
  EXPECT_THAT(web::ErrorJson(absl::InternalError("SQL state 42P01 at x")),
              Not(HasSubstr("42P01")));
}

TEST(JsonBuilderTest, WritesNestedValuesWithSortedKeys) {
  web::JsonBuilder json;
  json.BeginObject().Key("b").BeginArray().Int(1).Number(0.5).Null();
  json.BeginObject().Key("y").Bool(true).Key("x").Bool(false).EndObject();
  json.BeginArray().EndArray().EndArray();
  json.Key("a").BeginObject().EndObject().Key("c").String("").EndObject();
  EXPECT_EQ(json.str(),
            R"({"a":{},"b":[1,0.5,null,{"x":false,"y":true},[]],"c":""})");
}

TEST(JsonBuilderTest, SameMembersInAnyOrderPrintTheSame) {
  web::JsonBuilder forward;
  web::JsonBuilder backward;
  forward.BeginObject();
  backward.BeginObject();
  for (int i = 0; i < 40; ++i) {
    forward.Key(absl::StrCat("k", i)).Int(i);
    backward.Key(absl::StrCat("k", 39 - i)).Int(39 - i);
  }
  forward.EndObject();
  backward.EndObject();
  EXPECT_EQ(forward.str(), backward.str());
  EXPECT_THAT(forward.str(), HasSubstr(R"({"k0":0,"k1":1,"k10":10,)"));
}

TEST(JsonBuilderTest, EscapesQuotesControlCharactersAndHtmlButNotChinese) {
  web::JsonBuilder json;
  json.BeginArray()
      .String("say \"hi\" \\ 张*明")
      .String("a\nb\tc\rd\x01\x1f")
      .String("</script><b>")
      .EndArray();
  EXPECT_EQ(json.str(), R"(["say \"hi\" \\ 张*明","a\nb\tc\rd\u0001\u001f",)"
                        R"("\u003c/script\u003e\u003cb\u003e"])");
}

TEST(JsonBuilderTest, IdsAndCountsPrintAsIntegersWithoutFraction) {
  web::JsonBuilder json;
  json.BeginArray().Int(0).Int(42).Int(-7).Int(360799101000);
  json.Int(999999999999999).Int(9007199254740991).Number(3.0);
  json.Number(-0.25).Number(0.41).EndArray();
  EXPECT_EQ(json.str(),
            "[0,42,-7,360799101000,999999999999999,9007199254740991,3,-0.25,"
            "0.41]");
}

TEST(JsonBuilderTest, NonFiniteNumbersAndMissingTimesAreNull) {
  web::JsonBuilder json;
  json.BeginObject()
      .Key("inf")
      .Number(std::numeric_limits<double>::infinity())
      .Key("nan")
      .Number(std::nan(""))
      .Key("t")
      .Time(std::nullopt)
      .Key("d")
      .Day(std::nullopt)
      .EndObject();
  EXPECT_EQ(json.str(), R"({"d":null,"inf":null,"nan":null,"t":null})");
}

TEST(JsonBuilderTest, TimesAreRfc3339InCountyTimeAndDaysAreDates) {
  web::JsonBuilder json;
  json.BeginArray()
      .Time(absl::FromCivil(absl::CivilSecond(2026, 11, 20, 9, 30, 0),
                            absl::FixedTimeZone(8 * 3600)))
      .Day(absl::CivilDay(2026, 11, 20))
      .EndArray();
  EXPECT_EQ(json.str(), R"(["2026-11-20T09:30:00+08:00","2026-11-20"])");
}

TEST(JsonBuilderTest, InvalidUtf8StillGivesValidJson) {
  web::JsonBuilder json;
  json.BeginObject()
      .Key("area")
      .String(
          "36\xff\xfe"
          "07")
      .EndObject();
  const std::string out = json.str();
  google::protobuf::Struct read_back;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(out, &read_back).ok())
      << out;
}

TEST(JsonBodyTest, ReadsStringsNumbersAndBooleansAsText) {
  absl::StatusOr<std::map<std::string, std::string>> body = web::ParseJsonObject(
      R"({"kind":"call","note":"家访 \"好\"\n\u00e9","case_id":123456789012,)"
      R"("n":3,"half":0.5,"neg":-2,"sure":true,"no":false,"gone":null,)"
      R"("nested":{"a":1},"list":[1]})");
  ASSERT_THAT(body.status(), IsOk());
  const std::map<std::string, std::string> expected = {
      {"kind", "call"},
      {"note", "家访 \"好\"\né"},
      {"case_id", "123456789012"},
      {"n", "3"},
      {"half", "0.5"},
      {"neg", "-2"},
      {"sure", "true"},
      {"no", "false"}};
  EXPECT_EQ(*body, expected);
}

TEST(JsonBodyTest, EmptyBodyIsAnEmptyObject) {
  for (const char* empty : {"", "  \r\n", "{}"}) {
    absl::StatusOr<std::map<std::string, std::string>> body =
        web::ParseJsonObject(empty);
    ASSERT_THAT(body.status(), IsOk()) << empty;
    EXPECT_TRUE(body->empty()) << empty;
  }
}

TEST(JsonBodyTest, RefusesBodiesThatAreNotOneJsonObject) {
  for (const char* bad :
       {"[1]", "null", "1", "\"login\"", "true", "{", R"({"a":})",
        R"({"a":1} {"b":2})", R"({"a":1,"a":2})", R"({"n":1e999})",
        R"({"n":0x10})", "{\"s\":\"\xff\"}", "login=zhang"}) {
    EXPECT_THAT(web::ParseJsonObject(bad).status(),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         HasSubstr("body: not a JSON object")))
        << bad;
  }
}

TEST(JsonBodyTest, RefusalNeverQuotesTheBody) {
  const absl::Status refused =
      web::ParseJsonObject(R"({"login":"zhang","password":"s3cret-pw")")
          .status();
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(refused.message(), Not(HasSubstr("s3cret")));
}

std::string Unzip(const std::string& bytes, const std::string& member) {
  const std::string path = ::baoxue::testing::UniqueTempPath("book.xlsx");
  std::ofstream(path, std::ios::binary) << bytes;
  const std::string command =
      absl::StrCat("unzip -p '", path, "' '", member, "' 2>/dev/null");
  std::string out;
  if (FILE* pipe = popen(command.c_str(), "r")) {
    char buffer[4096];
    size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0)
      out.append(buffer, n);
    pclose(pipe);
  }
  std::remove(path.c_str());
  return out;
}

TEST(XlsxWriterTest, WritesAZipWithTheSheetsAndTheirCells) {
  xlsx::Sheet sheet;
  sheet.name = "风险名单";
  sheet.title = "青山镇";
  sheet.columns = {{"学生", 10, ""}, {"风险", 9, "0.0%"}};
  sheet.rows = {{std::string("张*明"), 0.41}, {std::string("李*"), 0.3}};
  xlsx::Sheet second;
  second.name = "趋势";
  second.columns = {{"日期", 12, ""}};
  absl::StatusOr<std::string> bytes = xlsx::WriteWorkbook({sheet, second});
  ASSERT_THAT(bytes.status(), IsOk());
  ASSERT_GE(bytes->size(), 4u);
  EXPECT_EQ(bytes->substr(0, 2), "PK");
  const std::string workbook = Unzip(*bytes, "xl/workbook.xml");
  EXPECT_THAT(workbook, HasSubstr("风险名单"));
  EXPECT_THAT(workbook, HasSubstr("趋势"));
  EXPECT_THAT(Unzip(*bytes, "xl/sharedStrings.xml"), HasSubstr("张*明"));
  EXPECT_THAT(Unzip(*bytes, "xl/worksheets/sheet1.xml"),
              HasSubstr("<v>0.41</v>"));
}

TEST(XlsxWriterTest, RefusesBadSheetNamesAndTooWideRows) {
  xlsx::Sheet sheet;
  sheet.name = "a/b";
  EXPECT_THAT(xlsx::WriteWorkbook({sheet}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("name")));
  sheet.name = "ok";
  sheet.columns = {{"x", 10, ""}};
  sheet.rows = {{1.0, 2.0}};
  EXPECT_THAT(xlsx::WriteWorkbook({sheet}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("rows")));
}

}  // namespace
}  // namespace baoxue
