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
  message.kind = kind;
  message.case_id = 17;
  message.level = 1;
  message.case_level = 2;
  message.role = "TEACHER";
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
  message.outcome = kind == "resolved" ? "returned" : "";
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

}  // namespace
}  // namespace baoxue::core
