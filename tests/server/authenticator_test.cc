#include "server/core/authenticator.h"

#include "base/lifetime.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/core/token_issuer.h"
#include "server/core/token_secret.h"
#include "tests/server/fakes.h"
#include "tests/testing/status_matchers.h"

namespace baoxue::core {
namespace {

using ::baoxue::testing::IsOk;
using ::baoxue::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::StartsWith;

class AuthenticatorTest : public ::testing::Test {
 protected:
  AuthenticatorTest()
      : clock_(testing::TestNow()),
        authenticator_(&tokens_, &clock_, absl::Seconds(30)) {}

  std::string Issue(store::CallerRole role, const std::string& area) {
    absl::StatusOr<IssuedToken> issued =
        IssueToken(tokens_, role, area, "unit test");
    EXPECT_THAT(issued, IsOk());
    return issued.ok() ? issued->token : "";
  }

  testing::FakeTokenStore tokens_;
  testing::FakeClock clock_;
  Authenticator authenticator_;
};

TEST_F(AuthenticatorTest, IssuedTokenAuthenticatesWithItsRoleAndArea) {
  const std::string token =
      Issue(store::CallerRole::kOfficial, testing::kTownshipA);
  EXPECT_THAT(token, StartsWith("bx_"));
  auto caller = authenticator_.Authenticate("Bearer " + token);
  ASSERT_THAT(caller, IsOk());
  EXPECT_EQ(caller->role, store::CallerRole::kOfficial);
  EXPECT_EQ(caller->scope.division_code, testing::kTownshipA);
  EXPECT_TRUE(caller->CanSeeVillage(testing::kVillageA));
  EXPECT_FALSE(caller->CanSeeVillage(testing::kVillageB));
}

TEST_F(AuthenticatorTest, MissingOrMalformedHeaderIsUnauthenticated) {
  EXPECT_THAT(authenticator_.Authenticate(""),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       HasSubstr("authorization: Bearer")));
  EXPECT_THAT(authenticator_.Authenticate("Basic abc"),
              StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_THAT(authenticator_.Authenticate("Bearer "),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST_F(AuthenticatorTest, UnknownTokenIsUnauthenticated) {
  EXPECT_THAT(
      authenticator_.Authenticate("Bearer bx_nope"),
      StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("unknown token")));
}

TEST_F(AuthenticatorTest, KnownTokenIsCachedUntilTheTtlRunsOut) {
  const std::string token =
      Issue(store::CallerRole::kSystem, testing::kCountyCode);
  ASSERT_THAT(authenticator_.Authenticate("Bearer " + token), IsOk());
  ASSERT_THAT(authenticator_.Authenticate("Bearer " + token), IsOk());
  EXPECT_EQ(tokens_.lookups(), 1);
  clock_.Advance(absl::Seconds(31));
  ASSERT_THAT(authenticator_.Authenticate("Bearer " + token), IsOk());
  EXPECT_EQ(tokens_.lookups(), 2);
}

TEST_F(AuthenticatorTest, RevokedTokenStopsWorkingAfterTheCacheTtl) {
  const std::string token =
      Issue(store::CallerRole::kSystem, testing::kCountyCode);
  ASSERT_THAT(authenticator_.Authenticate("Bearer " + token), IsOk());
  tokens_.Revoke(TokenSha256(token));
  clock_.Advance(absl::Seconds(31));
  EXPECT_THAT(
      authenticator_.Authenticate("Bearer " + token),
      StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("revoked")));
}

TEST_F(AuthenticatorTest, ForgetAllMakesARevocationCountAtOnce) {
  const std::string token =
      Issue(store::CallerRole::kSystem, testing::kCountyCode);
  ASSERT_THAT(authenticator_.Authenticate("Bearer " + token), IsOk());
  tokens_.Revoke(TokenSha256(token));
  // Still cached: the TTL alone would let it work for 30 s ...
  ASSERT_THAT(authenticator_.Authenticate("Bearer " + token), IsOk());
  // ... but the server forgets its cache when PostgreSQL announces a change.
  authenticator_.ForgetAll();
  EXPECT_THAT(
      authenticator_.Authenticate("Bearer " + token),
      StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("revoked")));
}

class TokenIssuerTest : public ::testing::Test {
 protected:
  TokenIssuerTest() : clock_(testing::TestNow()) {}

  TokenIssuer Issuer() { return TokenIssuer(&tokens_, &clock_, TokenPolicy()); }
  static TokenRequest Request(store::CallerRole role, const std::string& area) {
    TokenRequest request;
    request.role = role;
    request.area_code = area;
    request.description = "unit test";
    return request;
  }

  testing::FakeTokenStore tokens_;
  testing::FakeClock clock_;
};

TEST_F(TokenIssuerTest, TokensExpireAndStopAuthenticating) {
  TokenRequest request =
      Request(store::CallerRole::kSystem, testing::kTownshipA);
  request.lifetime = absl::Hours(2);
  absl::StatusOr<IssuedToken> issued = Issuer().Issue(request, "test");
  ASSERT_THAT(issued, IsOk());
  EXPECT_EQ(issued->expires_at, testing::TestNow() + absl::Hours(2));
  Authenticator authenticator(&tokens_, &clock_, absl::Hours(1));
  ASSERT_THAT(authenticator.Authenticate("Bearer " + issued->token), IsOk());
  // The cache never outlives the token's expiry.
  clock_.Advance(absl::Hours(2));
  EXPECT_THAT(
      authenticator.Authenticate("Bearer " + issued->token),
      StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("expired")));
}

TEST_F(TokenIssuerTest, DefaultLifetimeAndTheLongestAllowed) {
  absl::StatusOr<IssuedToken> issued = Issuer().Issue(
      Request(store::CallerRole::kSystem, testing::kCountyCode), "test");
  ASSERT_THAT(issued, IsOk());
  EXPECT_EQ(issued->expires_at, testing::TestNow() + absl::Hours(24 * 90));
  TokenRequest too_long =
      Request(store::CallerRole::kSystem, testing::kCountyCode);
  too_long.lifetime = absl::Hours(24 * 400);
  EXPECT_THAT(Issuer().Issue(too_long, "test"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("at most 366 days")));
}

TEST_F(TokenIssuerTest, SystemAdminsIssueBusinessRolesOnlyInsideTheirArea) {
  const Caller official{1, store::CallerRole::kOfficial, testing::TownshipA()};
  EXPECT_THAT(Issuer().IssueFor(official, Request(store::CallerRole::kSystem,
                                                  testing::kTownshipA)),
              StatusIs(absl::StatusCode::kPermissionDenied));
  const Caller admin{2, store::CallerRole::kAdmin, testing::TownshipA()};
  EXPECT_THAT(Issuer().IssueFor(admin, Request(store::CallerRole::kSystem,
                                               testing::kTownshipB)),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(Issuer().IssueFor(admin, Request(store::CallerRole::kDataStaff,
                                               testing::kTownshipA)),
              IsOk());
  // Granting an administrator role is the security administrator's duty.
  for (store::CallerRole role :
       {store::CallerRole::kAdmin, store::CallerRole::kSecurityAdmin,
        store::CallerRole::kAuditAdmin}) {
    EXPECT_THAT(Issuer().IssueFor(admin, Request(role, testing::kTownshipA)),
                StatusIs(absl::StatusCode::kPermissionDenied));
  }
}

TEST_F(TokenIssuerTest, SecurityAdminsGrantOnlyAdministratorRoles) {
  const Caller security{3, store::CallerRole::kSecurityAdmin,
                        testing::County()};
  EXPECT_THAT(Issuer().IssueFor(security, Request(store::CallerRole::kAdmin,
                                                  testing::kCountyCode)),
              IsOk());
  EXPECT_THAT(Issuer().IssueFor(security, Request(store::CallerRole::kOfficial,
                                                  testing::kCountyCode)),
              StatusIs(absl::StatusCode::kPermissionDenied));
  const Caller audit{4, store::CallerRole::kAuditAdmin, testing::County()};
  EXPECT_THAT(Issuer().IssueFor(audit, Request(store::CallerRole::kAuditAdmin,
                                               testing::kCountyCode)),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(Issuer().List(audit),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST_F(TokenIssuerTest, ListShowsTheRolesTheCallerManagesWithTheirCreator) {
  const Caller admin{2, store::CallerRole::kAdmin, testing::County()};
  ASSERT_THAT(Issuer().IssueFor(admin, Request(store::CallerRole::kSystem,
                                               testing::kTownshipA)),
              IsOk());
  ASSERT_THAT(Issuer().Issue(Request(store::CallerRole::kSecurityAdmin,
                                     testing::kCountyCode),
                             "bootstrap"),
              IsOk());
  absl::StatusOr<std::vector<store::TokenRecord>> listed = Issuer().List(admin);
  ASSERT_THAT(listed, IsOk());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].role, store::CallerRole::kSystem);
  EXPECT_EQ((*listed)[0].created_by, "token 2");
}

TEST_F(TokenIssuerTest, RevokeOutsideTheAreaIsAnsweredLikeAnUnknownToken) {
  const Caller county{2, store::CallerRole::kAdmin, testing::County()};
  absl::StatusOr<IssuedToken> in_b = Issuer().IssueFor(
      county, Request(store::CallerRole::kSystem, testing::kTownshipB));
  ASSERT_THAT(in_b, IsOk());
  const Caller township_a{5, store::CallerRole::kAdmin, testing::TownshipA()};
  const absl::Status foreign = Issuer().Revoke(township_a, in_b->token_id);
  const absl::Status unknown = Issuer().Revoke(township_a, 4242);
  EXPECT_THAT(foreign, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(foreign.message(),
            absl::StrCat("no token ", in_b->token_id, " in the caller's area"));
  EXPECT_EQ(unknown.message(), "no token 4242 in the caller's area");
  ASSERT_THAT(Issuer().Revoke(county, in_b->token_id), IsOk());
  Authenticator authenticator(&tokens_, &clock_, absl::Seconds(30));
  EXPECT_THAT(authenticator.Authenticate("Bearer " + in_b->token),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST(TokenIssuerBootstrapTest, RejectsMalformedAreaAndEmptyDescription) {
  testing::FakeTokenStore tokens;
  EXPECT_THAT(
      IssueToken(tokens, store::CallerRole::kSystem, "3607", "x"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("area_code")));
  EXPECT_THAT(
      IssueToken(tokens, store::CallerRole::kSystem, testing::kCountyCode,
                 "  "),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("description")));
  EXPECT_THAT(
      IssueToken(tokens, store::CallerRole::kSystem, "360799999000", "x"),
      StatusIs(absl::StatusCode::kNotFound));
}

TEST(ParseLifetimeTest, DaysHoursAndRefusals) {
  EXPECT_EQ(baoxue::ParseLifetime("90d", "--expires").value(),
            absl::Hours(24 * 90));
  EXPECT_EQ(baoxue::ParseLifetime("12h", "--expires").value(), absl::Hours(12));
  EXPECT_THAT(
      baoxue::ParseLifetime("0d", "--expires"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--expires")));
  EXPECT_THAT(baoxue::ParseLifetime("soon", "--expires"),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(TokenSecretTest, TokensAreRandomAndStoredAsSha256) {
  auto a = NewTokenSecret();
  auto b = NewTokenSecret();
  ASSERT_THAT(a, IsOk());
  ASSERT_THAT(b, IsOk());
  EXPECT_NE(*a, *b);
  EXPECT_EQ(a->size(), 3u + 43u);
  EXPECT_EQ(TokenSha256("abc").size(), 32u);
  // SHA-256("abc") starts ba7816bf.
  EXPECT_EQ(static_cast<unsigned char>(TokenSha256("abc")[0]), 0xba);
}

}  // namespace
}  // namespace baoxue::core
