#include "server/notify/notify_config.h"

#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace baoxue::notify {
namespace {

using ::baoxue::testing::IsOk;
using ::baoxue::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;

baoxue::v1::NotifyConfig Parse(const std::string& text) {
  baoxue::v1::NotifyConfig config;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &config))
      << text;
  return config;
}

constexpr char kGood[] = R"pb(
  channels {
    name: "county-webhook"
    kind: WEBHOOK
    url: "https://edu.example.cn/hook"
  }
  channels {
    name: "county-wecom"
    kind: WECOM
    url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"
    area_code: "360799000000"
  }
  channels {
    name: "town.dingtalk_1"
    kind: DINGTALK
    url: "http://127.0.0.1:8080/robot"
  }
  channels { name: "demo-file" kind: FILE path: "/var/tmp/baoxue-push.jsonl" }
)pb";

TEST(ApplyNotifyDefaultsTest, FillsDefaultsAndAcceptsEveryKind) {
  baoxue::v1::NotifyConfig config = Parse(kGood);
  ASSERT_THAT(ApplyNotifyDefaults(config), IsOk());
  EXPECT_EQ(config.poll_seconds(), 2);
  EXPECT_EQ(config.initial_backoff_seconds(), 5);
  EXPECT_EQ(config.max_backoff_seconds(), 3600);
  EXPECT_EQ(config.timeout_seconds(), 10);
  EXPECT_EQ(config.circuit_failure_threshold(), 3);
  EXPECT_EQ(config.circuit_max_open_seconds(), 60);
  EXPECT_EQ(config.keep_delivered_days(), 30);
  EXPECT_EQ(config.language(), "zh");
  EXPECT_EQ(config.web_url(), "");
  EXPECT_EQ(config.channels_size(), 4);
  EXPECT_FALSE(config.channels(0).full_detail());
}

TEST(ApplyNotifyDefaultsTest, ZeroKeepsDeliveredMessagesForever) {
  baoxue::v1::NotifyConfig config = Parse(
      "keep_delivered_days: 0 circuit_failure_threshold: 5 "
      "circuit_max_open_seconds: 300 language: \"en\" "
      "web_url: \"https://baoxue.example.gov.cn/\" "
      R"(channels { name: "inside" kind: WEBHOOK full_detail: true )"
      R"(url: "https://10.1.2.3/hook" })");
  ASSERT_THAT(ApplyNotifyDefaults(config), IsOk());
  EXPECT_EQ(config.keep_delivered_days(), 0);
  EXPECT_EQ(config.circuit_failure_threshold(), 5);
  EXPECT_EQ(config.circuit_max_open_seconds(), 300);
  EXPECT_EQ(config.language(), "en");
  EXPECT_TRUE(config.channels(0).full_detail());
}

TEST(ApplyNotifyDefaultsTest, TheCircuitRestsAtLeastTheFirstBackoff) {
  baoxue::v1::NotifyConfig config = Parse("initial_backoff_seconds: 120");
  ASSERT_THAT(ApplyNotifyDefaults(config), IsOk());
  EXPECT_EQ(config.circuit_max_open_seconds(), 120);
}

TEST(ApplyNotifyDefaultsTest, KeepsValuesThatAreSet) {
  baoxue::v1::NotifyConfig config = Parse(
      "poll_seconds: 7 initial_backoff_seconds: 1 max_backoff_seconds: 60 "
      "timeout_seconds: 3");
  ASSERT_THAT(ApplyNotifyDefaults(config), IsOk());
  EXPECT_EQ(config.poll_seconds(), 7);
  EXPECT_EQ(config.initial_backoff_seconds(), 1);
  EXPECT_EQ(config.max_backoff_seconds(), 60);
  EXPECT_EQ(config.timeout_seconds(), 3);
}

TEST(ApplyNotifyDefaultsTest, EmptyConfigHasNoChannels) {
  baoxue::v1::NotifyConfig config;
  EXPECT_THAT(ApplyNotifyDefaults(config), IsOk());
}

struct BadCase {
  std::string edit;   // appended to kGood
  std::string field;  // expected in the error
};

class ApplyNotifyDefaultsRejectsTest
    : public ::testing::TestWithParam<BadCase> {};

TEST_P(ApplyNotifyDefaultsRejectsTest, NamesTheField) {
  baoxue::v1::NotifyConfig config = Parse(std::string(kGood) + GetParam().edit);
  EXPECT_THAT(ApplyNotifyDefaults(config),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr(GetParam().field)));
}

INSTANTIATE_TEST_SUITE_P(
    Everything, ApplyNotifyDefaultsRejectsTest,
    ::testing::Values(
        BadCase{"poll_seconds: -1", "notify.poll_seconds"},
        BadCase{"timeout_seconds: -5", "notify.timeout_seconds"},
        BadCase{"initial_backoff_seconds: 100 max_backoff_seconds: 50",
                "notify.max_backoff_seconds"},
        BadCase{R"(channels { name: "x" kind: WEBHOOK url: "ftp://h/x" })",
                "notify.channels[4].url"},
        BadCase{R"(channels { name: "x" kind: WECOM })",
                "notify.channels[4].url"},
        BadCase{R"(channels { name: "x" kind: DINGTALK url: "https://" })",
                "notify.channels[4].url"},
        BadCase{R"(channels { name: "x" kind: WEBHOOK url: "http://h/a b" })",
                "notify.channels[4].url"},
        BadCase{
            R"(channels { name: "x" kind: WEBHOOK url: "http://10.0.0.5/" })",
            "notify.channels[4].url"},
        BadCase{R"(channels { name: "x" kind: FILE url: "http://h/" })",
                "notify.channels[4].path"},
        BadCase{R"(channels { name: "x" path: "/tmp/x" })",
                "notify.channels[4].kind"},
        BadCase{R"(channels { kind: FILE path: "/tmp/x" })",
                "notify.channels[4].name"},
        BadCase{R"(channels { name: "has space" kind: FILE path: "/tmp/x" })",
                "notify.channels[4].name"},
        BadCase{R"(channels { name: "demo-file" kind: FILE path: "/tmp/x" })",
                "notify.channels[4].name"},
        BadCase{"keep_delivered_days: -1", "notify.keep_delivered_days"},
        BadCase{"circuit_failure_threshold: -1",
                "notify.circuit_failure_threshold"},
        BadCase{"initial_backoff_seconds: 30 circuit_max_open_seconds: 10",
                "notify.circuit_max_open_seconds"},
        BadCase{R"(language: "fr")", "notify.language"},
        BadCase{R"(web_url: "baoxue.example.gov.cn")", "notify.web_url"},
        BadCase{R"(web_url: "https://a b/")", "notify.web_url"},
        BadCase{R"(channels { name: "x" kind: WECOM full_detail: true )"
                R"(url: "https://qyapi.weixin.qq.com/x" })",
                "notify.channels[4].full_detail"},
        BadCase{R"(channels { name: "x" kind: FILE path: "/x" )"
                R"(full_detail: true })",
                "notify.channels[4].full_detail"},
        BadCase{
            R"(channels { name: "x" kind: FILE path: "/x" area_code: "3607" })",
            "notify.channels[4].area_code"},
        BadCase{
            R"(channels { name: "x" kind: FILE path: "/x" area_code: "36079900000a" })",
            "notify.channels[4].area_code"}));

TEST(ApplyNotifyDefaultsTest, RepeatedNameErrorQuotesTheName) {
  baoxue::v1::NotifyConfig config =
      Parse(std::string(kGood) +
            R"(channels { name: "county-wecom" kind: FILE path: "/tmp/x" })");
  EXPECT_THAT(ApplyNotifyDefaults(config),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("repeats \"county-wecom\"")));
}

// The push URL rule: https anywhere, http only to this machine.
TEST(IsAllowedPushUrlTest, HttpsAnywhereHttpOnlyToLoopback) {
  EXPECT_TRUE(IsAllowedPushUrl("https://qyapi.weixin.qq.com/send?key=k"));
  EXPECT_TRUE(IsAllowedPushUrl("HTTPS://10.0.0.5:8443/hook"));
  EXPECT_TRUE(IsAllowedPushUrl("http://127.0.0.1:8080/robot"));
  EXPECT_TRUE(IsAllowedPushUrl("http://127.9.9.9/robot"));
  EXPECT_TRUE(IsAllowedPushUrl("http://localhost/robot"));
  EXPECT_TRUE(IsAllowedPushUrl("http://[::1]:8080/robot"));

  EXPECT_FALSE(IsAllowedPushUrl("http://10.0.0.5:8080/robot"));
  EXPECT_FALSE(IsAllowedPushUrl("http://oapi.dingtalk.com/robot/send"));
  EXPECT_FALSE(IsAllowedPushUrl("http://0.0.0.0/robot"));
  EXPECT_FALSE(IsAllowedPushUrl("http://localhost.evil.cn/robot"));
  // User info does not make a host: the host here is evil.cn.
  EXPECT_FALSE(IsAllowedPushUrl("http://127.0.0.1@evil.cn/robot"));
  EXPECT_FALSE(IsAllowedPushUrl("http://[::2]/robot"));
  EXPECT_FALSE(IsAllowedPushUrl("ftp://127.0.0.1/x"));
  EXPECT_FALSE(IsAllowedPushUrl("https://"));
  EXPECT_FALSE(IsAllowedPushUrl("https:///path"));
}

TEST(ApplyNotifyDefaultsTest, PlainHttpOffLoopbackNamesTheFieldNotTheUrl) {
  baoxue::v1::NotifyConfig config =
      Parse(R"pb(channels {
                   name: "w"
                   kind: WECOM
                   url: "http://10.1.1.1/s?key=sekrit"
                 })pb");
  const absl::Status status = ApplyNotifyDefaults(config);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("notify.channels[0].url"));
  EXPECT_THAT(status.message(), HasSubstr("https://"));
  EXPECT_THAT(status.message(), Not(HasSubstr("sekrit")));
}

}  // namespace
}  // namespace baoxue::notify
