#include "base/log.h"

#include "base/request_id.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace baoxue {
namespace {

using ::testing::MatchesRegex;

TEST(LogTest, TextLineCarriesTheRequestIdWhenThereIsOne) {
  EXPECT_EQ(FormatLogLine(LogFormat::kText, "2026-12-03T12:00:00.000Z", "INFO",
                          "started", ""),
            "2026-12-03T12:00:00.000Z INFO started");
  EXPECT_EQ(FormatLogLine(LogFormat::kText, "T", "WARN", "slow", "ab12"),
            "T WARN slow [request_id=ab12]");
}

TEST(LogTest, JsonLineIsOneObjectWithEscapedMessage) {
  EXPECT_EQ(FormatLogLine(LogFormat::kJson, "2026-12-03T12:00:00.000Z", "ERROR",
                          "say \"hi\"\\\n\x01 风险", "r-1"),
            "{\"time\":\"2026-12-03T12:00:00.000Z\",\"level\":\"ERROR\","
            "\"message\":\"say \\\"hi\\\"\\\\\\n\\u0001 风险\","
            "\"request_id\":\"r-1\"}");
  EXPECT_EQ(FormatLogLine(LogFormat::kJson, "T", "INFO", "m", ""),
            "{\"time\":\"T\",\"level\":\"INFO\",\"message\":\"m\"}");
}

TEST(RequestIdTest, NewIdsAreSixteenHexDigitsAndDiffer) {
  const std::string first = NewRequestId();
  EXPECT_THAT(first, MatchesRegex("[0-9a-f]{16}"));
  EXPECT_NE(first, NewRequestId());
}

TEST(RequestIdTest, KeepsASafeClientIdAndReplacesAnUnsafeOne) {
  EXPECT_EQ(RequestIdFrom("client-42_a.b:c"), "client-42_a.b:c");
  EXPECT_THAT(RequestIdFrom(""), MatchesRegex("[0-9a-f]{16}"));
  EXPECT_THAT(RequestIdFrom("x\ny"), MatchesRegex("[0-9a-f]{16}"));
  EXPECT_THAT(RequestIdFrom("has space"), MatchesRegex("[0-9a-f]{16}"));
  EXPECT_THAT(RequestIdFrom(std::string(65, 'a')),
              MatchesRegex("[0-9a-f]{16}"));
}

}  // namespace
}  // namespace baoxue
