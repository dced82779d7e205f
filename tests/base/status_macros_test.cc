#include "base/status_macros.h"

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace baoxue::model {
namespace {

using ::baoxue::testing::IsOk;
using ::baoxue::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;

absl::Status FailIf(bool fail) {
  return fail ? absl::NotFoundError("no such student") : absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<int>> MakeInt(bool fail, int value) {
  if (fail) return absl::InvalidArgumentError("bad int");
  return std::make_unique<int>(value);
}

absl::Status Chain(bool fail, int* calls) {
  ++*calls;
  BAOXUE_RETURN_IF_ERROR(FailIf(fail));
  ++*calls;
  return absl::OkStatus();
}

absl::StatusOr<int> SumTwo(bool fail_first, bool fail_second) {
  // Two uses in one function need distinct temporaries; move-only values.
  BAOXUE_ASSIGN_OR_RETURN(auto first, MakeInt(fail_first, 1));
  BAOXUE_ASSIGN_OR_RETURN(std::unique_ptr<int> second, MakeInt(fail_second, 2));
  return *first + *second;
}

absl::StatusOr<std::string> AssignToExisting(bool fail) {
  std::string text = "unchanged";
  std::unique_ptr<int> value;
  BAOXUE_ASSIGN_OR_RETURN(value, MakeInt(fail, 7));
  text = std::to_string(*value);
  return text;
}

TEST(StatusMacrosTest, ReturnIfErrorReturnsTheErrorAndStops) {
  int calls = 0;
  EXPECT_THAT(Chain(true, &calls),
              StatusIs(absl::StatusCode::kNotFound, "no such student"));
  EXPECT_EQ(calls, 1);
}

TEST(StatusMacrosTest, ReturnIfErrorContinuesOnOk) {
  int calls = 0;
  EXPECT_THAT(Chain(false, &calls), IsOk());
  EXPECT_EQ(calls, 2);
}

TEST(StatusMacrosTest, AssignOrReturnDeclaresAndMovesValues) {
  absl::StatusOr<int> sum = SumTwo(false, false);
  ASSERT_THAT(sum, IsOk());
  EXPECT_EQ(*sum, 3);
}

TEST(StatusMacrosTest, AssignOrReturnPropagatesEitherError) {
  EXPECT_THAT(SumTwo(true, false),
              StatusIs(absl::StatusCode::kInvalidArgument, "bad int"));
  EXPECT_THAT(SumTwo(false, true),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(StatusMacrosTest, AssignOrReturnAssignsToAnExistingVariable) {
  EXPECT_THAT(AssignToExisting(false), IsOk());
  EXPECT_EQ(*AssignToExisting(false), "7");
  EXPECT_THAT(AssignToExisting(true),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(StatusMatchersTest, MatchStatusAndStatusOr) {
  EXPECT_THAT(absl::OkStatus(), IsOk());
  EXPECT_THAT(absl::StatusOr<int>(3), IsOk());
  EXPECT_THAT(absl::InternalError("x"), Not(IsOk()));
  EXPECT_THAT(absl::StatusOr<int>(absl::InternalError("boom here")),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("boom")));
  EXPECT_THAT(absl::InternalError("boom"),
              Not(StatusIs(absl::StatusCode::kInternal, HasSubstr("bang"))));
  EXPECT_THAT(absl::InternalError("boom"),
              Not(StatusIs(absl::StatusCode::kUnavailable)));
}

}  // namespace
}  // namespace baoxue::model
