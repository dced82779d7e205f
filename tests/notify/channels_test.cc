#include "server/notify/channels.h"

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
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

const char kText[] =
    "### 新案件 17\\n学生 张*明（五年级）辍学风险 0.83，请于 11月23日 08:00 "
    "前确认。";

TEST(WebhookChannelTest, PostsKeyChannelAndMessageWithIdempotencyHeader) {
  FakeHttpPoster poster;
  poster.SetDefault(HttpResponse{204, ""});
  WebhookChannel channel("county-webhook", "https://edu.example.cn/hook",
                         &poster);
  ASSERT_THAT(channel.Deliver(Message("county-webhook"), TestNow()), IsOk());
  ASSERT_THAT(poster.requests(), SizeIs(1));
  const FakeHttpPoster::Request request = poster.requests()[0];
  EXPECT_EQ(request.url, "https://edu.example.cn/hook");
  EXPECT_THAT(request.headers,
              ElementsAre(Pair("Idempotency-Key",
                               "case-17/assigned/level-2/county-webhook")));
  ExpectSameJson(request.body,
                 absl::StrCat(R"({"idempotency_key":)"
                              R"("case-17/assigned/level-2/county-webhook",)"
                              R"("channel":"county-webhook","message":)",
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
  EXPECT_THAT(channel.Deliver(Message("w", "[1,2]"), TestNow()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("payload of message 41")));
  EXPECT_THAT(poster.requests(), SizeIs(0));
}

TEST(WeComChannelTest, PostsMarkdownContentFromTextZh) {
  FakeHttpPoster poster;
  RobotChannel channel(RobotChannel::Format::kWeCom, "county-wecom",
                       "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
                       &poster);
  ASSERT_THAT(channel.Deliver(Message("county-wecom"), TestNow()), IsOk());
  ASSERT_THAT(poster.requests(), SizeIs(1));
  EXPECT_THAT(poster.requests()[0].headers, SizeIs(0));
  ExpectSameJson(
      poster.requests()[0].body,
      absl::StrCat(R"({"msgtype":"markdown","markdown":{"content":")", kText,
                   R"("}})"));
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

TEST(WeComChannelTest, LongTextIsCutAtACharacterWithin4096Bytes) {
  std::string long_text;
  for (int i = 0; i < 2000; ++i) long_text += "张";  // 6000 bytes
  absl::StatusOr<std::string> body = WeComBody(
      Message("c", absl::StrCat(R"({"text_zh":")", long_text, R"("})")));
  ASSERT_THAT(body, IsOk());
  const Struct parsed = ParseJson(*body);
  const std::string content = parsed.fields()
                                  .at("markdown")
                                  .struct_value()
                                  .fields()
                                  .at("content")
                                  .string_value();
  EXPECT_EQ(content.size(), 4095u);  // 1365 whole characters
  EXPECT_EQ(content, long_text.substr(0, 4095));
}

TEST(WeComChannelTest, MissingTextZhIsInvalidAndNamed) {
  EXPECT_THAT(
      WeComBody(Message("c", R"({"kind":"assigned"})")),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("\"text_zh\"")));
}

TEST(DingTalkChannelTest, PostsMarkdownTitleAndText) {
  FakeHttpPoster poster;
  RobotChannel channel(RobotChannel::Format::kDingTalk, "county-dingtalk",
                       "https://oapi.dingtalk.com/robot/send?access_token=t",
                       &poster);
  ASSERT_THAT(channel.Deliver(Message("county-dingtalk"), TestNow()), IsOk());
  ASSERT_THAT(poster.requests(), SizeIs(1));
  EXPECT_EQ(poster.requests()[0].url,
            "https://oapi.dingtalk.com/robot/send?access_token=t");
  ExpectSameJson(poster.requests()[0].body,
                 absl::StrCat(R"({"msgtype":"markdown","markdown":{)"
                              R"("title":"控辍保学：新案件","text":")",
                              kText, R"("}})"));
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

TEST(DingTalkChannelTest, MissingTitleIsInvalidAndNamed) {
  EXPECT_THAT(
      DingTalkBody(Message("d", R"({"text_zh":"x"})")),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("\"title_zh\"")));
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
