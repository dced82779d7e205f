#include "server/notify/circuit_breaker.h"

#include "gtest/gtest.h"
#include "server/notify/warning_gate.h"
#include "tests/testing/fake_clock.h"

namespace baoxue::notify {
namespace {

using ::baoxue::testing::FakeClock;
using ::baoxue::testing::TestNow;
using domain::CircuitState;
using Transition = CircuitBreaker::Transition;

CircuitBreakerOptions Options() {
  CircuitBreakerOptions options;
  options.failure_threshold = 3;
  options.first_open = absl::Seconds(5);
  options.max_open = absl::Seconds(60);
  return options;
}

TEST(CircuitBreakerTest, StaysClosedBelowTheThresholdAndASuccessResets) {
  FakeClock clock(TestNow());
  CircuitBreaker breaker(Options());
  EXPECT_TRUE(breaker.AllowRequest(clock.Now()));
  EXPECT_EQ(breaker.RecordFailure(clock.Now()), Transition::kNone);
  EXPECT_EQ(breaker.RecordFailure(clock.Now()), Transition::kNone);
  EXPECT_EQ(breaker.consecutive_failures(), 2);
  EXPECT_EQ(breaker.RecordSuccess(), Transition::kNone);
  EXPECT_EQ(breaker.consecutive_failures(), 0);
  EXPECT_EQ(breaker.RecordFailure(clock.Now()), Transition::kNone);
  EXPECT_EQ(breaker.RecordFailure(clock.Now()), Transition::kNone);
  EXPECT_EQ(breaker.state(), CircuitState::kClosed);
  EXPECT_TRUE(breaker.AllowRequest(clock.Now()));
  EXPECT_FALSE(breaker.open_until().has_value());
}

TEST(CircuitBreakerTest,
     OpensAfterThresholdFailuresAndRefusesUntilThePeriodEnds) {
  FakeClock clock(TestNow());
  CircuitBreaker breaker(Options());
  breaker.RecordFailure(clock.Now());
  breaker.RecordFailure(clock.Now());
  EXPECT_EQ(breaker.RecordFailure(clock.Now()), Transition::kOpened);
  EXPECT_EQ(breaker.state(), CircuitState::kOpen);
  EXPECT_EQ(breaker.open_until(), TestNow() + absl::Seconds(5));
  EXPECT_FALSE(breaker.AllowRequest(clock.Now()));
  clock.Advance(absl::Seconds(4));
  EXPECT_FALSE(breaker.AllowRequest(clock.Now()));
  clock.Advance(absl::Seconds(1));
  // Half-open: exactly one probe until its outcome is known.
  EXPECT_TRUE(breaker.AllowRequest(clock.Now()));
  EXPECT_EQ(breaker.state(), CircuitState::kHalfOpen);
  EXPECT_FALSE(breaker.AllowRequest(clock.Now()));
  EXPECT_FALSE(breaker.AllowRequest(clock.Now() + absl::Hours(1)));
}

TEST(CircuitBreakerTest, FailedProbesDoubleTheRestUpToTheCap) {
  FakeClock clock(TestNow());
  CircuitBreaker breaker(Options());
  for (int i = 0; i < 3; ++i) breaker.RecordFailure(clock.Now());
  const absl::Duration expected[] = {absl::Seconds(10), absl::Seconds(20),
                                     absl::Seconds(40), absl::Seconds(60),
                                     absl::Seconds(60)};
  absl::Duration rest = absl::Seconds(5);
  for (absl::Duration next : expected) {
    clock.Advance(rest);
    ASSERT_TRUE(breaker.AllowRequest(clock.Now()));
    EXPECT_EQ(breaker.RecordFailure(clock.Now()), Transition::kReopened);
    EXPECT_EQ(breaker.open_until(), clock.Now() + next);
    rest = next;
  }
  EXPECT_EQ(breaker.consecutive_failures(), 3 + 5);
}

TEST(CircuitBreakerTest, AFailingReceiverGetsAHandfulOfRequestsPerMinute) {
  // One pass per second for ten minutes against a receiver that always
  // fails: the breaker lets through at most one request per open period.
  FakeClock clock(TestNow());
  CircuitBreaker breaker(Options());
  int requests = 0;
  int last_minute = 0;
  for (int second = 0; second < 600; ++second) {
    if (breaker.AllowRequest(clock.Now())) {
      ++requests;
      if (second >= 540) ++last_minute;
      breaker.RecordFailure(clock.Now());
    }
    clock.Advance(absl::Seconds(1));
  }
  EXPECT_LE(requests, 3 + 5 + 10);  // threshold, growing rests, then 1/min
  EXPECT_LE(last_minute, 1);
}

TEST(CircuitBreakerTest, ASuccessfulProbeClosesAndResetsTheRest) {
  FakeClock clock(TestNow());
  CircuitBreaker breaker(Options());
  for (int i = 0; i < 3; ++i) breaker.RecordFailure(clock.Now());
  clock.Advance(absl::Seconds(5));
  ASSERT_TRUE(breaker.AllowRequest(clock.Now()));
  breaker.RecordFailure(clock.Now());  // rest 10 s
  clock.Advance(absl::Seconds(10));
  ASSERT_TRUE(breaker.AllowRequest(clock.Now()));
  EXPECT_EQ(breaker.RecordSuccess(), Transition::kRecovered);
  EXPECT_EQ(breaker.state(), CircuitState::kClosed);
  EXPECT_EQ(breaker.consecutive_failures(), 0);
  EXPECT_TRUE(breaker.AllowRequest(clock.Now()));
  // Opening again starts from the first period, not the grown one.
  for (int i = 0; i < 3; ++i) breaker.RecordFailure(clock.Now());
  EXPECT_EQ(breaker.open_until(), clock.Now() + absl::Seconds(5));
}

TEST(CircuitBreakerTest, ACancelledProbeMayBeRetried) {
  FakeClock clock(TestNow());
  CircuitBreaker breaker(Options());
  for (int i = 0; i < 3; ++i) breaker.RecordFailure(clock.Now());
  clock.Advance(absl::Seconds(5));
  ASSERT_TRUE(breaker.AllowRequest(clock.Now()));
  EXPECT_FALSE(breaker.AllowRequest(clock.Now()));
  breaker.CancelProbe();
  EXPECT_EQ(breaker.state(), CircuitState::kHalfOpen);
  EXPECT_TRUE(breaker.AllowRequest(clock.Now()));
}

TEST(CircuitBreakerTest, ALateSuccessWhileOpenClosesTheCircuit) {
  FakeClock clock(TestNow());
  CircuitBreaker breaker(Options());
  for (int i = 0; i < 3; ++i) breaker.RecordFailure(clock.Now());
  EXPECT_EQ(breaker.RecordFailure(clock.Now()), Transition::kNone);
  EXPECT_EQ(breaker.open_until(), TestNow() + absl::Seconds(5));
  EXPECT_EQ(breaker.RecordSuccess(), Transition::kRecovered);
  EXPECT_EQ(breaker.state(), CircuitState::kClosed);
}

TEST(CircuitBreakerTest, OnlyChannelFailuresCount) {
  EXPECT_TRUE(IsChannelFailure(absl::UnavailableError("HTTP 503")));
  EXPECT_TRUE(IsChannelFailure(absl::DeadlineExceededError("timed out")));
  EXPECT_TRUE(IsChannelFailure(absl::FailedPreconditionError("errcode")));
  EXPECT_TRUE(IsChannelFailure(absl::InternalError("fsync")));
  EXPECT_FALSE(IsChannelFailure(absl::InvalidArgumentError("no text_zh")));
  EXPECT_FALSE(IsChannelFailure(absl::OkStatus()));
}

TEST(CircuitBreakerTest, ValidatesOptionsByName) {
  CircuitBreakerOptions options = Options();
  EXPECT_TRUE(ValidateCircuitBreakerOptions(options).ok());
  options.failure_threshold = 0;
  EXPECT_EQ(ValidateCircuitBreakerOptions(options).message(),
            "failure_threshold must be >= 1");
  options = Options();
  options.max_open = absl::Seconds(1);
  EXPECT_EQ(ValidateCircuitBreakerOptions(options).message(),
            "max_open must be >= first_open");
}

TEST(WarningGateTest, LetsOneWarningThroughPerIntervalAndCountsTheRest) {
  FakeClock clock(TestNow());
  WarningGate gate(absl::Minutes(1));
  EXPECT_EQ(gate.Pass(clock.Now()), 0);
  for (int i = 0; i < 42; ++i) {
    clock.Advance(absl::Seconds(1));
    EXPECT_FALSE(gate.Pass(clock.Now()).has_value());
  }
  clock.Advance(absl::Seconds(18));
  EXPECT_EQ(gate.Pass(clock.Now()), 42);
  EXPECT_FALSE(gate.Pass(clock.Now()).has_value());
  gate.Reset();
  EXPECT_EQ(gate.Pass(clock.Now()), 1);
}

}  // namespace
}  // namespace baoxue::notify
