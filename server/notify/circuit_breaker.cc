#include "server/notify/circuit_breaker.h"

#include <algorithm>

namespace baoxue::notify {

using domain::CircuitState;

absl::Status ValidateCircuitBreakerOptions(
    const CircuitBreakerOptions& options) {
  if (options.failure_threshold < 1) {
    return absl::InvalidArgumentError("failure_threshold must be >= 1");
  }
  if (options.first_open <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("first_open must be > 0");
  }
  if (options.max_open < options.first_open) {
    return absl::InvalidArgumentError("max_open must be >= first_open");
  }
  return absl::OkStatus();
}

bool IsChannelFailure(const absl::Status& error) {
  return !error.ok() && error.code() != absl::StatusCode::kInvalidArgument;
}

bool CircuitBreaker::AllowRequest(absl::Time now) {
  switch (state_) {
    case CircuitState::kClosed:
      return true;
    case CircuitState::kOpen:
      if (now < open_until_) return false;
      state_ = CircuitState::kHalfOpen;
      probe_in_flight_ = true;
      return true;
    case CircuitState::kHalfOpen:
      if (probe_in_flight_) return false;
      probe_in_flight_ = true;
      return true;
  }
  return false;
}

CircuitBreaker::Transition CircuitBreaker::RecordSuccess() {
  consecutive_failures_ = 0;
  probe_in_flight_ = false;
  if (state_ == CircuitState::kClosed) return Transition::kNone;
  // A success while open can only be a delivery that started before the
  // circuit opened (another thread); it proves the receiver answers too.
  state_ = CircuitState::kClosed;
  open_period_ = options_.first_open;
  return Transition::kRecovered;
}

CircuitBreaker::Transition CircuitBreaker::RecordFailure(absl::Time now) {
  ++consecutive_failures_;
  probe_in_flight_ = false;
  switch (state_) {
    case CircuitState::kClosed:
      if (consecutive_failures_ < options_.failure_threshold) {
        return Transition::kNone;
      }
      open_period_ = options_.first_open;
      Open(now);
      return Transition::kOpened;
    case CircuitState::kHalfOpen:
      open_period_ = std::min(open_period_ * 2, options_.max_open);
      Open(now);
      return Transition::kReopened;
    case CircuitState::kOpen:
      return Transition::kNone;  // a late outcome; the period stands
  }
  return Transition::kNone;
}

void CircuitBreaker::Open(absl::Time now) {
  state_ = CircuitState::kOpen;
  open_until_ = now + open_period_;
}

std::optional<absl::Time> CircuitBreaker::open_until() const {
  if (state_ != CircuitState::kOpen) return std::nullopt;
  return open_until_;
}

}  // namespace baoxue::notify
