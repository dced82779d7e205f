// The shared checks on callers' values (server/core/input_checks.h) and the
// per-caller stream cap (server/core/stream_quota.h).
#include "server/core/input_checks.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/core/stream_quota.h"
#include "tests/testing/status_matchers.h"

namespace baoxue::core {
namespace {

using ::baoxue::testing::IsOk;
using ::baoxue::testing::StatusIs;
using ::testing::HasSubstr;

TEST(ForErrorTest, AMegabyteStringIsCutTo64BytesWithAnEllipsis) {
  const std::string huge(1 << 20, 'x');
  const std::string echoed = ForError(huge);
  EXPECT_EQ(echoed, std::string(64, 'x') + "…");
  EXPECT_EQ(ForError("360799101000"), "360799101000");
}

TEST(ForErrorTest, CutsOnACharacterBoundary) {
  std::string chinese;
  for (int i = 0; i < 30; ++i) chinese += "县";  // 3 bytes each
  const std::string echoed = ForError(chinese);
  // 21 whole characters (63 bytes), never half of the 22nd.
  EXPECT_EQ(echoed.size(), 63 + std::string("…").size());
  EXPECT_EQ(echoed.substr(0, 63), chinese.substr(0, 63));
}

TEST(CheckTextTest, NulIsRefusedNamingTheField) {
  const std::string note("visited\0family", 14);
  EXPECT_THAT(CheckText("note", note, 4000),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("note: contains a NUL character")));
}

TEST(CheckTextTest, InvalidUtf8AndOverlongTextAreRefused) {
  EXPECT_THAT(CheckText("note", "\xC3\x28", 4000),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("not valid UTF-8")));
  EXPECT_THAT(CheckText("note", "\xED\xA0\x80", 4000),  // a surrogate
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(CheckText("note", std::string(11, 'a'), 10),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("at most 10 bytes")));
  EXPECT_THAT(CheckText("note", "家访：学生已返校", 4000), IsOk());
}

TEST(NarrowToIntTest, ChecksTheRangeBeforeNarrowing) {
  // 2^32 + 1 would narrow to 1 and pass a later "between 1 and 500" check.
  EXPECT_THAT(NarrowToInt("limit", (int64_t{1} << 32) + 1, 1, 500),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("limit: must be between 1 and 500")));
  EXPECT_THAT(NarrowToInt("limit", -5, 1, 500).status(),
              StatusIs(absl::StatusCode::kInvalidArgument));
  absl::StatusOr<int> ok = NarrowToInt("limit", 200, 1, 500);
  ASSERT_THAT(ok.status(), IsOk());
  EXPECT_EQ(*ok, 200);
}

TEST(DataStartTest, DaysBeforeTheFloorAreRefused) {
  EXPECT_THAT(CheckNotBeforeDataStart("as_of_date", absl::CivilDay(1900, 1, 1),
                                      kDefaultDataStartFloor),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("as_of_date 1900-01-01 is before")));
  EXPECT_THAT(CheckNotBeforeDataStart("as_of_date", kDefaultDataStartFloor,
                                      kDefaultDataStartFloor),
              IsOk());
}

TEST(StreamQuotaTest, CapsStreamsPerCallerAndFreesOnClose) {
  StreamQuota quota(2);
  absl::StatusOr<StreamQuota::Slot> first = quota.Acquire("token 1");
  absl::StatusOr<StreamQuota::Slot> second = quota.Acquire("token 1");
  ASSERT_THAT(first.status(), IsOk());
  ASSERT_THAT(second.status(), IsOk());
  EXPECT_THAT(quota.Acquire("token 1").status(),
              StatusIs(absl::StatusCode::kResourceExhausted,
                       HasSubstr("limits.watch_streams_per_caller")));
  // Another caller is not held back by the first.
  EXPECT_THAT(quota.Acquire("token 2").status(), IsOk());
  { StreamQuota::Slot closed = *std::move(first); }
  EXPECT_EQ(quota.open("token 1"), 1);
  EXPECT_THAT(quota.Acquire("token 1").status(), IsOk());
  EXPECT_EQ(quota.open("token 2"), 0);
}

}  // namespace
}  // namespace baoxue::core
