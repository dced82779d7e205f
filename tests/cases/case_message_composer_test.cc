// The pushed message's payload: masked names, words for reasons, who must act
// and by when.
#include "server/core/case_message_composer.h"

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"

namespace baoxue::core {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

store::CaseMessage Message(const std::string& kind) {
  store::CaseMessage message;
  message.kind = *domain::Parse<domain::CaseMessageKind>(kind);
  message.case_id = 17;
  message.level = 1;
  message.case_level = 2;
  message.role = domain::ChainRole::kTeacher;
  message.student_name = "张三明";
  message.grade = 5;
  message.school = "城关镇中心小学";
  message.village = "龙塘村";
  message.township = "城关镇";
  message.township_code = "360799101000";
  message.probability = 0.83;
  message.reasons = {{"absence_rate_30d", 0.3}};
  message.deadline = absl::FromCivil(absl::CivilSecond(2026, 11, 23, 0, 0, 0),
                                     absl::UTCTimeZone());
  if (kind == "resolved") message.outcome = domain::CaseOutcome::kReturned;
  return message;
}

google::protobuf::Struct Parse(const std::string& json) {
  google::protobuf::Struct payload;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(json, &payload).ok())
      << json;
  return payload;
}

std::string Field(const google::protobuf::Struct& payload,
                  const std::string& name) {
  auto it = payload.fields().find(name);
  return it == payload.fields().end() ? "" : it->second.string_value();
}

TEST(CaseMessageComposerTest,
     AssignmentNamesTheMaskedStudentReasonsAndDeadline) {
  const std::string json =
      CaseMessageComposer().PayloadJson(Message("assigned"));
  EXPECT_THAT(json, Not(HasSubstr("张三明")));
  const google::protobuf::Struct payload = Parse(json);
  EXPECT_EQ(Field(payload, "student"), "张*明");
  EXPECT_EQ(Field(payload, "deadline"), "2026-11-23T08:00:00+08:00");
  EXPECT_THAT(Field(payload, "text_zh"), HasSubstr("近30个上学日缺勤9天"));
  EXPECT_THAT(Field(payload, "text_zh"), HasSubstr("师长（第1级）"));
  EXPECT_THAT(Field(payload, "text_zh"), HasSubstr("2026-11-23T08:00"));
  EXPECT_THAT(Field(payload, "text_en"), HasSubstr("absent 9 of the last 30"));
  EXPECT_THAT(Field(payload, "title_zh"), HasSubstr("城关镇龙塘村 张*明"));
}

TEST(CaseMessageComposerTest, InformedLevelsHearWhoHasTheCaseAndGetNoDeadline) {
  const google::protobuf::Struct payload =
      Parse(CaseMessageComposer().PayloadJson(Message("informed")));
  EXPECT_THAT(Field(payload, "text_zh"), HasSubstr("已升级至校长（第2级）"));
  EXPECT_THAT(Field(payload, "text_zh"), Not(HasSubstr("请于")));
  EXPECT_EQ(payload.fields().count("deadline"), 0u);
}

TEST(CaseMessageComposerTest, ResolvedMessagesGiveTheOutcome) {
  const google::protobuf::Struct payload =
      Parse(CaseMessageComposer().PayloadJson(Message("resolved")));
  EXPECT_THAT(Field(payload, "text_zh"), HasSubstr("结果：已复学"));
  EXPECT_EQ(Field(payload, "outcome"), "returned");
  EXPECT_EQ(payload.fields().count("deadline"), 0u);
}

// A verification task about a 户籍 child (no student row): worded as a task
// to verify, with the reason the check found and who must act; no school,
// grade or risk score, the name masked.
TEST(CaseMessageComposerTest, RegisteredChildTaskIsWordedAsAVerificationTask) {
  store::CaseMessage message = Message("assigned");
  message.case_kind = domain::CaseKind::kVerification;
  message.opened_reason = "not_on_roll";
  message.student_name = "李小红";
  message.grade = 0;
  message.school = "";
  message.probability = 0;
  message.reasons.clear();
  message.level = 5;
  message.case_level = 5;
  message.role = domain::ChainRole::kVillageHead;
  const std::string json = CaseMessageComposer().PayloadJson(message);
  EXPECT_THAT(json, Not(HasSubstr("李小红")));
  const google::protobuf::Struct payload = Parse(json);
  EXPECT_EQ(Field(payload, "student"), "李*红");
  EXPECT_EQ(Field(payload, "case_kind"), "verification");
  EXPECT_EQ(Field(payload, "check_reason"), "not_on_roll");
  EXPECT_EQ(Field(payload, "title_zh"), "核查任务：城关镇龙塘村 李*红");
  const std::string text_zh = Field(payload, "text_zh");
  EXPECT_THAT(text_zh, HasSubstr("有户籍无学籍"));
  EXPECT_THAT(text_zh, HasSubstr("请核实其在学情况并登记核查结果"));
  EXPECT_THAT(text_zh, HasSubstr("村长（第5级）"));
  EXPECT_THAT(text_zh, HasSubstr("请于 2026-11-23T08:00 前处理"));
  EXPECT_THAT(text_zh, Not(HasSubstr("辍学风险")));
  EXPECT_THAT(text_zh, Not(HasSubstr("年级")));
  const std::string text_en = Field(payload, "text_en");
  EXPECT_THAT(text_en, HasSubstr("Verification task: 李*红"));
  EXPECT_THAT(text_en, HasSubstr("registered, no student registration"));
  EXPECT_THAT(text_en, Not(HasSubstr("Risk")));
  EXPECT_THAT(text_en, Not(HasSubstr("grade")));
}

// 名在人不在: the task is about a student, so their school and grade show.
TEST(CaseMessageComposerTest, StudentTaskGivesSchoolAndGradeButNoRisk) {
  store::CaseMessage message = Message("overdue_reminder");
  message.case_kind = domain::CaseKind::kVerification;
  message.opened_reason = "absent_streak";
  const google::protobuf::Struct payload =
      Parse(CaseMessageComposer().PayloadJson(message));
  const std::string text_zh = Field(payload, "text_zh");
  EXPECT_THAT(text_zh, HasSubstr("城关镇中心小学 5年级 张*明，连续缺勤"));
  EXPECT_THAT(text_zh, Not(HasSubstr("辍学风险")));
  EXPECT_THAT(Field(payload, "title_zh"), HasSubstr("核查任务"));
  EXPECT_THAT(Field(payload, "text_en"), HasSubstr("grade 5"));
}

// A dropout-risk case keeps its wording when the kind is given.
TEST(CaseMessageComposerTest, DropoutRiskCaseKeepsItsRiskWording) {
  store::CaseMessage message = Message("assigned");
  message.case_kind = domain::CaseKind::kDropoutRisk;
  message.opened_reason = "high_tier";
  const google::protobuf::Struct payload =
      Parse(CaseMessageComposer().PayloadJson(message));
  EXPECT_THAT(Field(payload, "text_zh"), HasSubstr("辍学风险 83%"));
  EXPECT_EQ(Field(payload, "check_reason"), "");
}

}  // namespace
}  // namespace baoxue::core
