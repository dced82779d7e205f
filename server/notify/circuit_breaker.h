#ifndef BAOXUE_SERVER_NOTIFY_CIRCUIT_BREAKER_H_
#define BAOXUE_SERVER_NOTIFY_CIRCUIT_BREAKER_H_

#include <optional>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "domain/vocabulary.h"

namespace baoxue::notify {

struct CircuitBreakerOptions {
  // Consecutive channel failures that open the circuit.
  int failure_threshold = 3;
  // How long the circuit first stays open; doubled after each failed probe,
  // never above max_open.
  absl::Duration first_open = absl::Seconds(5);
  absl::Duration max_open = absl::Seconds(60);
};

// InvalidArgument naming the option if failure_threshold < 1, a duration is
// not positive, or max_open < first_open.
absl::Status ValidateCircuitBreakerOptions(
    const CircuitBreakerOptions& options);

// Whether a failure says something about the whole channel (the receiver is
// down, hangs, refuses or rate-limits; the local file cannot be written) or
// only about one message (its payload lacks a field: INVALID_ARGUMENT).
// Only channel failures move the breaker.
bool IsChannelFailure(const absl::Status& error);

// The circuit breaker of one push channel: a pure state machine over the
// times it is given (no clock, no threads).
//
//   closed --failure_threshold consecutive failures--> open
//   open --open period over (AllowRequest)--> half-open (one probe)
//   half-open --probe succeeds--> closed (Recovered)
//   half-open --probe fails--> open again for twice as long (<= max_open)
//
// So a receiver that keeps failing gets one request per open period (at
// most one per max_open once the period has grown), not one per message.
// Not thread-safe: its owner serialises calls.
class CircuitBreaker {
 public:
  // What a recorded outcome changed.
  enum class Transition {
    kNone,
    kOpened,     // closed -> open: start resting
    kReopened,   // half-open -> open: the probe failed
    kRecovered,  // half-open -> closed: the probe succeeded
  };

  // `options` must have passed ValidateCircuitBreakerOptions.
  explicit CircuitBreaker(CircuitBreakerOptions options) : options_(options) {}

  // Whether the channel may send now. In the open state this turns the
  // circuit half-open once the open period has ended and then allows
  // exactly one request (the probe) until its outcome is recorded.
  bool AllowRequest(absl::Time now);

  // Gives back a probe that decided nothing (no message to send, the claim
  // failed, or the message itself was at fault): still half-open, and the
  // next AllowRequest may probe again.
  void CancelProbe() { probe_in_flight_ = false; }

  Transition RecordSuccess();
  Transition RecordFailure(absl::Time now);

  domain::CircuitState state() const { return state_; }
  // Failures since the last success (0 while all goes well).
  int consecutive_failures() const { return consecutive_failures_; }
  // When an open circuit allows its next probe; nullopt unless open.
  std::optional<absl::Time> open_until() const;
  // The length of the current (or, when closed, the next) open period.
  absl::Duration open_period() const { return open_period_; }

 private:
  void Open(absl::Time now);

  const CircuitBreakerOptions options_;
  domain::CircuitState state_ = domain::CircuitState::kClosed;
  int consecutive_failures_ = 0;
  absl::Duration open_period_ = options_.first_open;
  absl::Time open_until_ = absl::InfinitePast();
  bool probe_in_flight_ = false;
};

}  // namespace baoxue::notify

#endif  // BAOXUE_SERVER_NOTIFY_CIRCUIT_BREAKER_H_
