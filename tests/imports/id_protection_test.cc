// KeyedIdHash, LastFour and MaskIdText.

#include "server/core/imports/id_protection.h"

#include <string>
#include <utility>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/core/imports/resident_id.h"
#include "tests/testing/status_matchers.h"

namespace baoxue::core::imports {
namespace {

using ::baoxue::testing::IsOk;
using ::baoxue::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;

const std::string kSecretA(32, 'a');
const std::string kSecretB(32, 'b');

ResidentId Id(const std::string& first17) {
  std::string number = first17 + ResidentIdCheckChar(first17);
  absl::StatusOr<ResidentId> id = ParseResidentId(number);
  EXPECT_THAT(id, IsOk());
  return *id;
}

TEST(IdProtectionTest, HashIsHmacSha256Hex) {
  absl::StatusOr<KeyedIdHash> hash = KeyedIdHash::Create(kSecretA);
  ASSERT_THAT(hash, IsOk());
  ResidentId id;
  id.number = "The quick brown fox jumps over the lazy dog";
  // Reference from the openssl command line:
  //   printf %s "The quick..." | openssl dgst -sha256 -hmac aaaa...(32 a)
  EXPECT_EQ(hash->Hash(id),
            "57987ebff316de9d979072a86960f06331983ca010db41ad01d047b4c2582ce4");
}

TEST(IdProtectionTest, EqualIdsHashAlikeUnderOneSecretOnly) {
  absl::StatusOr<KeyedIdHash> a = KeyedIdHash::Create(kSecretA);
  absl::StatusOr<KeyedIdHash> b = KeyedIdHash::Create(kSecretB);
  ASSERT_THAT(a, IsOk());
  ASSERT_THAT(b, IsOk());
  const ResidentId id = Id("36072120130901123");
  EXPECT_THAT(a->Hash(id), MatchesRegex("[0-9a-f]{64}"));
  EXPECT_EQ(a->Hash(id), a->Hash(Id("36072120130901123")));
  EXPECT_NE(a->Hash(id), a->Hash(Id("36072120130901124")));
  EXPECT_NE(a->Hash(id), b->Hash(id));
  // Moved, the hash keeps its secret.
  KeyedIdHash moved = *std::move(a);
  EXPECT_EQ(moved.Hash(id), KeyedIdHash::Create(kSecretA)->Hash(id));
}

TEST(IdProtectionTest, LowerAndUpperCaseXHashAlike) {
  absl::StatusOr<KeyedIdHash> hash = KeyedIdHash::Create(kSecretA);
  ASSERT_THAT(hash, IsOk());
  for (int s = 100; s < 1000; ++s) {
    const std::string first17 = "36072120130901" + std::to_string(s);
    if (ResidentIdCheckChar(first17) != 'X') continue;
    absl::StatusOr<ResidentId> upper = ParseResidentId(first17 + "X");
    absl::StatusOr<ResidentId> lower = ParseResidentId(first17 + "x");
    ASSERT_THAT(upper, IsOk());
    ASSERT_THAT(lower, IsOk());
    EXPECT_EQ(hash->Hash(*upper), hash->Hash(*lower));
    return;
  }
  FAIL() << "no sequence with check character X";
}

TEST(IdProtectionTest, ShortSecretIsRefusedByName) {
  EXPECT_THAT(
      KeyedIdHash::Create("short"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("county_secret")));
}

TEST(IdProtectionTest, LastFourKeepsTheWidth) {
  const ResidentId id = Id("36072120130901123");
  const std::string shown = LastFour(id);
  EXPECT_EQ(shown.size(), 18u);
  EXPECT_EQ(shown, std::string(14, '*') + id.number.substr(14));
}

TEST(IdProtectionTest, MaskIdTextKeepsLengthAndLastFourCharacters) {
  EXPECT_EQ(MaskIdText("3607211234"), "******1234");
  EXPECT_EQ(MaskIdText("3.60799E+17"), "*******E+17");
  EXPECT_EQ(MaskIdText("1234"), "****");
  EXPECT_EQ(MaskIdText("12"), "**");
  EXPECT_EQ(MaskIdText(""), "");
  EXPECT_EQ(MaskIdText("无身份证号码"), "**份证号码");  // counts characters
}

}  // namespace
}  // namespace baoxue::core::imports
