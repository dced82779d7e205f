#include "server/notify/curl_http_poster.h"

#include <memory>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/notify/test_receiver.h"
#include "tests/testing/status_matchers.h"

namespace baoxue::notify {
namespace {

using ::baoxue::notify::testing::TestReceiver;
using ::baoxue::testing::IsOk;
using ::baoxue::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::SizeIs;

class CurlHttpPosterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<CurlGlobal>> curl = CurlGlobal::Init();
    ASSERT_THAT(curl, IsOk());
    curl_ = std::move(*curl);
    ASSERT_TRUE(receiver_.Up());
  }
  void TearDown() override { receiver_.Down(); }

  std::unique_ptr<CurlGlobal> curl_;
  TestReceiver receiver_;
  CurlHttpPoster poster_{absl::Seconds(2)};
};

TEST_F(CurlHttpPosterTest, PostsTheBodyWithHeadersAndReturnsTheAnswer) {
  const std::string body = R"({"student":"张*明"})";
  absl::StatusOr<HttpResponse> response = poster_.PostJson(
      receiver_.Url("/hook"), {{"Idempotency-Key", "case-1/assigned/x"}}, body);
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "{}");
  ASSERT_THAT(receiver_.accepted(), SizeIs(1));
  EXPECT_EQ(receiver_.accepted()[0].idempotency_key, "case-1/assigned/x");
  EXPECT_EQ(receiver_.accepted()[0].body, body);
}

TEST_F(CurlHttpPosterTest, AnyHttpStatusIsAResponse) {
  receiver_.SetBusy(true);
  absl::StatusOr<HttpResponse> response =
      poster_.PostJson(receiver_.Url("/hook"), {}, "{}");
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->status, 503);
}

TEST_F(CurlHttpPosterTest, RefusedConnectionIsUnavailableWithoutTheUrl) {
  const std::string url = receiver_.Url("/hook?key=secret");
  receiver_.Down();
  absl::StatusOr<HttpResponse> response = poster_.PostJson(url, {}, "{}");
  EXPECT_THAT(response, StatusIs(absl::StatusCode::kUnavailable,
                                 Not(HasSubstr("secret"))));
  EXPECT_THAT(response.status().message(),
              Not(HasSubstr(std::to_string(receiver_.port()))));
}

TEST_F(CurlHttpPosterTest, SlowReceiverIsDeadlineExceeded) {
  receiver_.SetDelay(absl::Milliseconds(600));
  CurlHttpPoster impatient(absl::Milliseconds(100));
  EXPECT_THAT(impatient.PostJson(receiver_.Url("/hook"), {}, "{}"),
              StatusIs(absl::StatusCode::kDeadlineExceeded));
}

TEST_F(CurlHttpPosterTest, HeaderWithLineBreakIsRejectedBeforeSending) {
  EXPECT_THAT(poster_.PostJson(receiver_.Url("/hook"),
                               {{"Idempotency-Key", "a\r\nX-Evil: 1"}}, "{}"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("Idempotency-Key")));
  EXPECT_THAT(receiver_.accepted(), SizeIs(0));
}

}  // namespace
}  // namespace baoxue::notify
