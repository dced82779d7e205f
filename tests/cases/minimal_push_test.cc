// The minimal push (issue 14 point 6): what a push to a receiver outside the
// government network may say, picked out of the full message payload.

#include "server/core/minimal_push.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace baoxue::core {
namespace {

using ::baoxue::testing::IsOk;
using ::baoxue::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kFull[] =
    R"({"kind":"escalated","case_id":42,"level":3,"role":"TOWNSHIP_HEAD",)"
    R"("student":"欧阳小明","grade":7,"school":"第二中学","village":"河东村",)"
    R"("township":"城关镇","probability":0.91,"reasons_zh":["残疾"],)"
    R"("deadline":"2026-11-25T17:30:00+08:00","text_zh":"…"})";

TEST(MinimalPushTest, KeepsOnlyCaseLevelDeadlineMaskedNameAndLink) {
  absl::StatusOr<MinimalPush> push =
      MinimalPushFromPayload(kFull, "https://b.example.gov.cn");
  ASSERT_THAT(push, IsOk());
  EXPECT_EQ(push->kind, "escalated");
  EXPECT_EQ(push->case_id, 42);
  EXPECT_EQ(push->level, 3);
  EXPECT_EQ(push->deadline, "2026-11-25T17:30:00+08:00");
  EXPECT_EQ(push->student, "欧**明");  // masked again
  EXPECT_EQ(push->link, "https://b.example.gov.cn/#/case/42");
  const std::string json = MinimalPushJson(*push, domain::Language::kZh);
  for (const char* word : {"第二中学", "河东村", "城关镇", "残疾", "0.91",
                           "grade", "TOWNSHIP_HEAD", "欧阳小明"}) {
    EXPECT_THAT(json, Not(HasSubstr(word)));
  }
  EXPECT_EQ(MinimalPushText(*push, domain::Language::kZh),
            "**预警升级（案件 42）**\n学生：欧**明\n级别：第3级\n"
            "请于 2026-11-25 17:30 前处理\n"
            "[查看案件](https://b.example.gov.cn/#/case/42)");
}

TEST(MinimalPushTest, NoDeadlineNoNameNoLinkLeavesThemOut) {
  absl::StatusOr<MinimalPush> push = MinimalPushFromPayload(
      R"({"kind":"resolved","case_id":7,"case_kind":"verification"})", "");
  ASSERT_THAT(push, IsOk());
  EXPECT_EQ(MinimalPushText(*push, domain::Language::kZh),
            "**核查任务（案件 7）**");
  EXPECT_EQ(MinimalPushTitle(*push, domain::Language::kEn),
            "verification task (case 7)");
}

TEST(MinimalPushTest, RefusesPayloadsWithoutCaseOrKind) {
  EXPECT_THAT(MinimalPushFromPayload("not json", ""),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("not a JSON object")));
  EXPECT_THAT(
      MinimalPushFromPayload(R"({"kind":"assigned"})", ""),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("case_id")));
  EXPECT_THAT(MinimalPushFromPayload(R"({"case_id":3})", ""),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("kind")));
}

}  // namespace
}  // namespace baoxue::core
