#include "server/notify/channels.h"

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "server/core/case_message_composer.h"
#include "tests/notify/notify_fakes.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_path.h"

namespace baoxue::notify {
namespace {

using ::baoxue::notify::testing::FakeHttpPoster;
using ::baoxue::notify::testing::SamplePayload;
using ::baoxue::notify::testing::TestNow;
using ::baoxue::testing::IsOk;
using ::baoxue::testing::StatusIs;
using ::google::protobuf::Struct;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;
using ::testing::SizeIs;

Struct ParseJson(const std::string& json) {
  Struct s;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(json, &s).ok())
      << json;
  return s;
}

// `actual` is the same JSON value as `expected` (key order aside).
void ExpectSameJson(const std::string& actual, const std::string& expected) {
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(
      ParseJson(actual), ParseJson(expected)))
      << "actual:   " << actual << "\nexpected: " << expected;
}

store::OutboxMessage Message(std::string channel,
                             std::string payload = SamplePayload()) {
  store::OutboxMessage m;
  m.message_id = 41;
  m.idempotency_key = absl::StrCat("case-17/assigned/level-2/", channel);
  m.channel = std::move(channel);
  m.case_id = 17;
  m.payload_json = std::move(payload);
  m.attempt = 1;
  m.created_at = TestNow();
  return m;
}

// The minimal push of SamplePayload (no web_url: no link).
const char kMinimalTitle[] = "新的控辍保学预警（案件 17）";
const char kMinimalText[] =
    "**新的控辍保学预警（案件 17）**\n学生：张*明\n级别：第2级\n"
    "请于 2026-11-23 08:00 前处理";

// Words of SamplePayload that identify a child or say why it is at risk.
const char* const kForbidden[] = {
    "城关小学",  "河西村",  "城关镇",      "五年级",   "grade",
    "残疾",      "脱贫",    "留守",        "0.83",     "辍学风险",
    "reasons",   "school",  "village",     "township", "probability",
    "PRINCIPAL", "text_en", "360799101000"};

void ExpectNoDetail(const std::string& body) {
  for (const char* word : kForbidden) {
    EXPECT_THAT(body, ::testing::Not(HasSubstr(word))) << body;
  }
}

std::string Markdown(const std::string& body, const std::string& field) {
  return ParseJson(body)
      .fields()
      .at("markdown")
      .struct_value()
      .fields()
      .at(field)
      .string_value();
}

TEST(WebhookChannelTest, PostsKeyChannelAndTheMinimalPushByDefault) {
  FakeHttpPoster poster;
  poster.SetDefault(HttpResponse{204, ""});
  WebhookChannel channel(
      "county-webhook", "https://edu.example.cn/hook", &poster,
      PushWording{domain::Language::kZh, "https://baoxue.example.gov.cn/"});
  ASSERT_THAT(channel.Deliver(Message("county-webhook"), TestNow()), IsOk());
  ASSERT_THAT(poster.requests(), SizeIs(1));
  const FakeHttpPoster::Request request = poster.requests()[0];
  EXPECT_EQ(request.url, "https://edu.example.cn/hook");
  EXPECT_THAT(request.headers,
              ElementsAre(Pair("Idempotency-Key",
                               "case-17/assigned/level-2/county-webhook")));
  const std::string link = "https://baoxue.example.gov.cn/#/case/17";
  ExpectSameJson(
      request.body,
      absl::StrCat(
          R"({"idempotency_key":"case-17/assigned/level-2/county-webhook",)"
          R"("channel":"county-webhook","message":{)"
          R"("kind":"assigned","case_kind":"dropout_risk","case_id":17,)"
          R"("level":2,"deadline":"2026-11-23T08:00:00+08:00",)"
          R"("student":"张*明","link":")",
          link, R"(","title":")", kMinimalTitle, R"(","text":")",
          absl::StrReplaceAll(kMinimalText, {{"\n", "\\n"}}),
          R"(\n[查看案件]()", link, R"j()"}})j"));
  ExpectNoDetail(request.body);
}

TEST(WebhookChannelTest, FullDetailSendsTheWholePayload) {
  FakeHttpPoster poster;
  WebhookChannel channel("inside", "https://edu.example.cn/hook", &poster,
                         PushWording{}, /*full_detail=*/true);
  ASSERT_THAT(channel.Deliver(Message("inside"), TestNow()), IsOk());
  ASSERT_THAT(poster.requests(), SizeIs(1));
  ExpectSameJson(poster.requests()[0].body,
                 absl::StrCat(R"({"idempotency_key":)"
                              R"("case-17/assigned/level-2/inside",)"
                              R"("channel":"inside","message":)",
                              SamplePayload(), "}"));
}

TEST(WebhookChannelTest, Non2xxIsAFailure) {
  FakeHttpPoster poster;
  WebhookChannel channel("w", "http://h/", &poster);
  poster.Script(HttpResponse{503, "busy"});
  poster.Script(HttpResponse{404, ""});
  poster.Script(absl::UnavailableError("HTTP request failed: refused"));
  EXPECT_THAT(channel.Deliver(Message("w"), TestNow()),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("HTTP 503")));
  EXPECT_THAT(
      channel.Deliver(Message("w"), TestNow()),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("HTTP 404")));
  EXPECT_THAT(channel.Deliver(Message("w"), TestNow()),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("refused")));
}

TEST(WebhookChannelTest, PayloadThatIsNotAnObjectIsInvalid) {
  FakeHttpPoster poster;
  WebhookChannel channel("w", "http://h/", &poster);
  EXPECT_THAT(
      channel.Deliver(Message("w", "[1,2]"), TestNow()),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("message 41")));
  WebhookChannel full("w", "http://h/", &poster, PushWording{}, true);
  EXPECT_THAT(full.Deliver(Message("w", "[1,2]"), TestNow()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("payload of message 41")));
  EXPECT_THAT(poster.requests(), SizeIs(0));
}

TEST(WeComChannelTest, PostsTheMinimalPushAsMarkdown) {
  FakeHttpPoster poster;
  RobotChannel channel(RobotChannel::Format::kWeCom, "county-wecom",
                       "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
                       &poster);
  ASSERT_THAT(channel.Deliver(Message("county-wecom"), TestNow()), IsOk());
  ASSERT_THAT(poster.requests(), SizeIs(1));
  EXPECT_THAT(poster.requests()[0].headers, SizeIs(0));
  EXPECT_EQ(Markdown(poster.requests()[0].body, "content"), kMinimalText);
  ExpectNoDetail(poster.requests()[0].body);
}

TEST(WeComChannelTest, NonzeroErrcodeIsAFailure) {
  FakeHttpPoster poster;
  RobotChannel channel(RobotChannel::Format::kWeCom, "c", "http://h/", &poster);
  poster.Script(HttpResponse{
      200, R"({"errcode":45009,"errmsg":"api freq out of limit"})"});
  poster.Script(HttpResponse{200, "<html>proxy page</html>"});
  poster.Script(HttpResponse{200, R"({"errmsg":"ok"})"});
  EXPECT_THAT(channel.Deliver(Message("c"), TestNow()),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("errcode 45009: api freq out of limit")));
  EXPECT_THAT(channel.Deliver(Message("c"), TestNow()),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("not a JSON object")));
  EXPECT_THAT(
      channel.Deliver(Message("c"), TestNow()),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("no errcode")));
  EXPECT_THAT(poster.requests(), SizeIs(3));
}

TEST(WeComChannelTest, AnUnmaskedNameInThePayloadIsMaskedAgain) {
  absl::StatusOr<std::string> body = WeComBody(
      Message("c", R"({"kind":"assigned","case_id":3,"student":"张三明"})"));
  ASSERT_THAT(body, IsOk());
  const std::string content = Markdown(*body, "content");
  EXPECT_THAT(content, HasSubstr("学生：张*明"));
  EXPECT_THAT(content, ::testing::Not(HasSubstr("张三明")));
}

TEST(WeComChannelTest, MissingCaseIdIsInvalidAndNamed) {
  EXPECT_THAT(WeComBody(Message("c", R"({"kind":"assigned"})")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("message 41: payload has no case_id")));
}

TEST(DingTalkChannelTest, PostsTheMinimalPushAsMarkdownTitleAndText) {
  FakeHttpPoster poster;
  RobotChannel channel(RobotChannel::Format::kDingTalk, "county-dingtalk",
                       "https://oapi.dingtalk.com/robot/send?access_token=t",
                       &poster);
  ASSERT_THAT(channel.Deliver(Message("county-dingtalk"), TestNow()), IsOk());
  ASSERT_THAT(poster.requests(), SizeIs(1));
  EXPECT_EQ(poster.requests()[0].url,
            "https://oapi.dingtalk.com/robot/send?access_token=t");
  EXPECT_EQ(Markdown(poster.requests()[0].body, "title"), kMinimalTitle);
  EXPECT_EQ(Markdown(poster.requests()[0].body, "text"), kMinimalText);
  ExpectNoDetail(poster.requests()[0].body);
}

TEST(DingTalkChannelTest, NonzeroErrcodeIsAFailure) {
  FakeHttpPoster poster;
  RobotChannel channel(RobotChannel::Format::kDingTalk, "d", "http://h/",
                       &poster);
  poster.Script(
      HttpResponse{200, R"({"errcode":310000,"errmsg":"sign not match"})"});
  EXPECT_THAT(channel.Deliver(Message("d"), TestNow()),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("errcode 310000")));
}

TEST(DingTalkChannelTest, MissingKindIsInvalidAndNamed) {
  EXPECT_THAT(DingTalkBody(Message("d", R"({"case_id":4})")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("payload has no kind")));
}

TEST(RobotChannelTest, EnglishPushIsAllEnglish) {
  FakeHttpPoster poster;
  RobotChannel channel(
      RobotChannel::Format::kDingTalk, "d", "http://h/", &poster,
      PushWording{domain::Language::kEn, "https://b.example/"});
  ASSERT_THAT(channel.Deliver(Message("d"), TestNow()), IsOk());
  EXPECT_EQ(Markdown(poster.requests()[0].body, "text"),
            "**new dropout-risk case (case 17)**\nStudent: 张*明\nLevel: 2\n"
            "Act before 2026-11-23 08:00 (UTC+8)\n"
            "[Open the case](https://b.example/#/case/17)");
}

// A case message as the case engine composes it, about a child whose
// school, village, grade and reasons would identify her.
std::string ComposedPayload(const std::string& case_kind) {
  store::CaseMessage message;
  message.kind = domain::CaseMessageKind::kAssigned;
  message.case_id = 17;
  message.level = 2;
  message.case_level = 2;
  message.role = domain::ChainRole::kPrincipal;
  message.student_name = "张三明";
  message.grade = 5;
  message.school = "城关小学";
  message.village = "河西村";
  message.township = "城关镇";
  message.township_code = "360799101000";
  message.probability = 0.83;
  message.reasons = {
      {"disability", 1}, {"left_behind", 1}, {"registered_poor", 1}};
  message.deadline = TestNow() + absl::Hours(20);
  message.case_kind = *domain::Parse<domain::CaseKind>(case_kind);
  message.opened_reason = case_kind == "verification" ? "not_on_roll" : "";
  return core::CaseMessageComposer().PayloadJson(message);
}

TEST(MinimalPushTest, RobotsAndWebhooksGetNothingThatIdentifiesTheChild) {
  for (const std::string case_kind : {"dropout_risk", "verification"}) {
    SCOPED_TRACE(case_kind);
    const std::string payload = ComposedPayload(case_kind);
    // The full payload has the details (so this test can fail)...
    EXPECT_THAT(payload, HasSubstr("城关小学"));
    EXPECT_THAT(payload, HasSubstr("河西村"));
    EXPECT_THAT(payload, HasSubstr("残疾"));
    // ...the pushes do not.
    const store::OutboxMessage message = Message("robot", payload);
    const PushWording wording{domain::Language::kZh,
                              "https://baoxue.example.gov.cn"};
    for (const absl::StatusOr<std::string>& body :
         {WeComBody(message, wording), DingTalkBody(message, wording),
          WebhookBody(message, wording)}) {
      ASSERT_THAT(body, IsOk());
      ExpectNoDetail(*body);
      EXPECT_THAT(*body, ::testing::Not(HasSubstr("张三明")));
      EXPECT_THAT(*body, ::testing::Not(HasSubstr("not_on_roll")));
      EXPECT_THAT(*body, ::testing::Not(HasSubstr("有户籍无学籍")));
      EXPECT_THAT(*body, HasSubstr("张*明"));
      EXPECT_THAT(*body, HasSubstr("17"));
      EXPECT_THAT(*body, HasSubstr("第2级"));
      EXPECT_THAT(*body, HasSubstr("2026-11-23 08:00"));
      EXPECT_THAT(*body, HasSubstr("https://baoxue.example.gov.cn/#/case/17"));
    }
    const std::string text = Markdown(*WeComBody(message, wording), "content");
    EXPECT_THAT(text, HasSubstr(case_kind == "verification"
                                    ? "核查任务（案件 17）"
                                    : "新的控辍保学预警（案件 17）"));
    // One language: no Latin letters in a Chinese push but the link's.
    EXPECT_THAT(text.substr(0, text.find("\n[查看案件](")),
                ::testing::Not(::testing::ContainsRegex("[A-Za-z]")));
  }
}

std::vector<std::string> ReadLines(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return absl::StrSplit(text.str(), '\n', absl::SkipEmpty());
}

TEST(FileChannelTest, AppendsOneJsonLinePerMessage) {
  const std::string path =
      ::baoxue::testing::UniqueTempPath("file_channel_test.jsonl");
  std::remove(path.c_str());
  FileChannel channel("demo-file", path);
  store::OutboxMessage first = Message("demo-file");
  store::OutboxMessage second = Message("demo-file", R"({"kind":"resolved"})");
  second.idempotency_key = "case-17/resolved/demo-file";
  ASSERT_THAT(channel.Deliver(first, TestNow()), IsOk());
  ASSERT_THAT(channel.Deliver(second, TestNow() + absl::Milliseconds(1500)),
              IsOk());

  const std::vector<std::string> lines = ReadLines(path);
  ASSERT_THAT(lines, SizeIs(2));
  ExpectSameJson(
      lines[0],
      absl::StrCat(R"({"idempotency_key":)"
                   R"("case-17/assigned/level-2/demo-file",)"
                   R"("channel":"demo-file",)"
                   R"("delivered_at":"2026-11-22T12:00:00.000+08:00",)"
                   R"("message":)",
                   SamplePayload(), "}"));
  ExpectSameJson(lines[1], R"({"idempotency_key":"case-17/resolved/demo-file",)"
                           R"("channel":"demo-file",)"
                           R"("delivered_at":"2026-11-22T12:00:01.500+08:00",)"
                           R"("message":{"kind":"resolved"}})");
}

TEST(FileChannelTest, UnwritablePathIsAnInternalError) {
  FileChannel channel("f", "/nonexistent-dir/baoxue/push.jsonl");
  EXPECT_THAT(channel.Deliver(Message("f"), TestNow()),
              StatusIs(absl::StatusCode::kInternal,
                       HasSubstr("cannot open the file of channel f")));
}

TEST(MakeChannelsTest, OneChannelPerConfigEntryByName) {
  baoxue::v1::NotifyConfig config;
  auto* c = config.add_channels();
  c->set_name("a");
  c->set_kind(baoxue::v1::NotifyChannel::WEBHOOK);
  c->set_url("http://h/");
  c = config.add_channels();
  c->set_name("b");
  c->set_kind(baoxue::v1::NotifyChannel::FILE);
  c->set_path("/tmp/x");
  FakeHttpPoster poster;
  absl::StatusOr<std::vector<std::unique_ptr<Channel>>> channels =
      MakeChannels(config, &poster);
  ASSERT_THAT(channels, IsOk());
  ASSERT_THAT(*channels, SizeIs(2));
  EXPECT_EQ((*channels)[0]->name(), "a");
  EXPECT_EQ((*channels)[1]->name(), "b");

  config.add_channels()->set_name("c");
  EXPECT_THAT(MakeChannels(config, &poster),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("notify.channels[2].kind")));
}

}  // namespace
}  // namespace baoxue::notify
