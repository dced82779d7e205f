#include "server/core/authenticator.h"

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

TEST(TokenIssuerTest, OnlyAdminsIssueTokensAndOnlyInsideTheirArea) {
  testing::FakeTokenStore tokens;
  Caller official{1, store::CallerRole::kOfficial, testing::TownshipA()};
  EXPECT_THAT(IssueTokenFor(official, tokens, store::CallerRole::kSystem,
                            testing::kTownshipA, "x"),
              StatusIs(absl::StatusCode::kPermissionDenied));
  Caller township_admin{2, store::CallerRole::kAdmin, testing::TownshipA()};
  EXPECT_THAT(IssueTokenFor(township_admin, tokens, store::CallerRole::kSystem,
                            testing::kTownshipB, "x"),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(IssueTokenFor(township_admin, tokens, store::CallerRole::kSystem,
                            testing::kTownshipA, "x"),
              IsOk());
}

TEST(TokenIssuerTest, RejectsMalformedAreaAndEmptyDescription) {
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
