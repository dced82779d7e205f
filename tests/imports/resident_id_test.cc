// ParseResidentId: GB 11643-1999 IDs, generated here from the standard (no
// real person's number).

#include "server/core/imports/resident_id.h"

#include <cstdio>
#include <string>
#include <utility>

#include "absl/time/civil_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/core/imports/row_reason.h"
#include "tests/testing/status_matchers.h"

namespace baoxue::core::imports {
namespace {

using ::baoxue::testing::IsOk;
using ::baoxue::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

// The ISO 7064 MOD 11-2 check character, written out from the standard
// rather than calling the code under test.
char CheckChar(const std::string& first17) {
  const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (first17[i] - '0') * weights[i];
  return "10X98765432"[sum % 11];
}

// A valid ID for a region, birth date (YYYYMMDD) and 3-digit sequence.
std::string MakeId(const std::string& region, const std::string& birth,
                   const std::string& sequence) {
  const std::string first17 = region + birth + sequence;
  return first17 + CheckChar(first17);
}

// Finds a sequence whose check character is X.
std::string MakeIdEndingInX() {
  for (int s = 100; s < 1000; ++s) {
    std::string id = MakeId("360721", "20130901", std::to_string(s));
    if (id.back() == 'X') return id;
  }
  return "";
}

// An error message must not contain the ID or a long run of its digits.
void ExpectNoDigitsOf(const absl::Status& status, const std::string& id) {
  const std::string message(status.message());
  for (size_t i = 0; i + 6 <= id.size(); ++i) {
    EXPECT_THAT(message, Not(HasSubstr(id.substr(i, 6)))) << message;
  }
}

TEST(ResidentIdTest, GeneratedValidIdsParseIntoTheirParts) {
  const std::string id = MakeId("360721", "20130901", "123");
  absl::StatusOr<ResidentId> parsed = ParseResidentId(id);
  ASSERT_THAT(parsed, IsOk());
  EXPECT_EQ(parsed->number, id);
  EXPECT_EQ(parsed->region_code, "360721");
  EXPECT_EQ(parsed->birth_date, absl::CivilDay(2013, 9, 1));
  EXPECT_EQ(parsed->sex, Sex::kMale);  // 17th digit 3: odd
  absl::StatusOr<ResidentId> girl =
      ParseResidentId(MakeId("360721", "20120229", "124"));
  ASSERT_THAT(girl, IsOk());
  EXPECT_EQ(girl->sex, Sex::kFemale);  // 17th digit 4: even
  EXPECT_EQ(girl->birth_date, absl::CivilDay(2012, 2, 29));
}

TEST(ResidentIdTest, ManyGeneratedIdsAreAccepted) {
  for (int s = 0; s < 1000; s += 7) {
    char sequence[4];
    snprintf(sequence, sizeof(sequence), "%03d", s);
    const std::string id = MakeId("532501", "20120229", sequence);
    absl::StatusOr<ResidentId> parsed = ParseResidentId(id);
    ASSERT_THAT(parsed, IsOk()) << id;
    EXPECT_EQ(parsed->sex, s % 2 == 1 ? Sex::kMale : Sex::kFemale);
  }
}

TEST(ResidentIdTest, LowerCaseXIsAcceptedAndNormalised) {
  std::string id = MakeIdEndingInX();
  ASSERT_FALSE(id.empty());
  std::string lower = id;
  lower.back() = 'x';
  absl::StatusOr<ResidentId> parsed = ParseResidentId(" " + lower + " ");
  ASSERT_THAT(parsed, IsOk());
  EXPECT_EQ(parsed->number, id);
}

TEST(ResidentIdTest, WrongCheckCharacterIsRefusedWithoutEchoingTheNumber) {
  std::string id = MakeId("360721", "20130901", "123");
  id.back() = id.back() == '0' ? '1' : '0';
  absl::StatusOr<ResidentId> parsed = ParseResidentId(id);
  EXPECT_THAT(parsed, StatusIs(absl::StatusCode::kInvalidArgument,
                               HasSubstr("身份证件号: the check character")));
  EXPECT_EQ(ZhReasonOf(parsed.status()),
            "校验码不符（某位数字输错或两位颠倒）");
  ExpectNoDigitsOf(parsed.status(), id);
  // Two swapped digits are caught too.
  std::string swapped = MakeId("360721", "20130901", "123");
  std::swap(swapped[14], swapped[15]);
  EXPECT_THAT(ParseResidentId(swapped), Not(IsOk()));
}

TEST(ResidentIdTest, ImpossibleBirthDateIsRefused) {
  for (const char* birth : {"20130230", "20131301", "20130900", "18991231"}) {
    const std::string id = MakeId("360721", birth, "123");
    absl::StatusOr<ResidentId> parsed = ParseResidentId(id);
    EXPECT_THAT(parsed, StatusIs(absl::StatusCode::kInvalidArgument,
                                 HasSubstr("not a real date")))
        << birth;
    ExpectNoDigitsOf(parsed.status(), id);
  }
}

TEST(ResidentIdTest, BirthDateMustMatchTheRowsBirthDate) {
  const std::string id = MakeId("360721", "20130901", "123");
  EXPECT_THAT(ParseResidentId(id, absl::CivilDay(2013, 9, 1)), IsOk());
  absl::StatusOr<ResidentId> parsed =
      ParseResidentId(id, absl::CivilDay(2013, 9, 2), "监护人身份证件号");
  EXPECT_THAT(parsed,
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("监护人身份证件号: the birth date inside the "
                                 "number differs")));
  ExpectNoDigitsOf(parsed.status(), id);
}

TEST(ResidentIdTest, ScientificNotationSaysTheDigitsAreLostAndWhatToDo) {
  for (const char* text : {"3.60799E+17", "3.60721201309011E+17", "3.6e17"}) {
    absl::StatusOr<ResidentId> parsed = ParseResidentId(text);
    EXPECT_THAT(parsed,
                StatusIs(absl::StatusCode::kInvalidArgument,
                         AllOf(HasSubstr("scientific notation"),
                               HasSubstr("last digits are already lost"),
                               HasSubstr("as text"))))
        << text;
    EXPECT_THAT(std::string(parsed.status().message()),
                Not(HasSubstr("60799")));
    EXPECT_EQ(ZhReasonOf(parsed.status()),
              "身份证件号被存成了科学计数法，末几位已丢失：请在 Excel "
              "中把该列设为文本，重新录入后再导出");
  }
}

TEST(ResidentIdTest, WrongShapesAreRefused) {
  EXPECT_THAT(ParseResidentId(""), StatusIs(absl::StatusCode::kInvalidArgument,
                                            "身份证件号: empty"));
  EXPECT_THAT(ParseResidentId("360721130901123"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("15-digit first-generation")));
  const std::string id = MakeId("360721", "20130901", "123");
  EXPECT_THAT(ParseResidentId(id.substr(0, 17)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("got 17 characters")));
  EXPECT_THAT(ParseResidentId(id + "1"), Not(IsOk()));
  std::string letter = id;
  letter[5] = 'A';
  EXPECT_THAT(ParseResidentId(letter), Not(IsOk()));
  std::string y_end = id;
  y_end[17] = 'Y';
  EXPECT_THAT(ParseResidentId(y_end), Not(IsOk()));
}

TEST(ResidentIdTest, CheckCharMatchesTheStandard) {
  const std::string first17 = "36072120130901123";
  EXPECT_EQ(ResidentIdCheckChar(first17), CheckChar(first17));
  EXPECT_EQ(ResidentIdCheckChar(MakeIdEndingInX().substr(0, 17)), 'X');
}

}  // namespace
}  // namespace baoxue::core::imports
