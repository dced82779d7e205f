#include "server/core/sign_in_throttle.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace baoxue::core {
namespace {

constexpr absl::Duration kAddressWindow = absl::Hours(1);
// Past this many tracked pairs or addresses, idle ones are dropped.
constexpr size_t kPruneAbove = 10000;
constexpr size_t kMaxKnownGood = 100000;

}  // namespace

SignInThrottle::Pair SignInThrottle::Key(absl::string_view login,
                                         absl::string_view address) {
  return {absl::AsciiStrToLower(login), std::string(address)};
}

absl::Status SignInThrottle::Wait(absl::Duration wait) const {
  return absl::ResourceExhaustedError(absl::StrCat(
      "too many failed sign-ins from this address; try again in ",
      std::max<int64_t>(
          1, absl::ToInt64Seconds(absl::Ceil(wait, absl::Seconds(1)))),
      " seconds"));
}

absl::Status SignInThrottle::Check(absl::string_view login,
                                   absl::string_view address) {
  const absl::Time now = clock_->Now();
  const Pair key = Key(login, address);
  absl::MutexLock lock(&mu_);
  auto pair = pairs_.find(key);
  if (pair != pairs_.end() && pair->second.wait_until > now) {
    return Wait(pair->second.wait_until - now);
  }
  auto from = addresses_.find(key.second);
  if (from != addresses_.end() && !known_good_.contains(key) &&
      now - from->second.window_start < kAddressWindow &&
      from->second.failures >= policy_.address_failures_per_hour) {
    return Wait(from->second.window_start + kAddressWindow - now);
  }
  return absl::OkStatus();
}

void SignInThrottle::RecordFailure(absl::string_view login,
                                   absl::string_view address) {
  const absl::Time now = clock_->Now();
  const Pair key = Key(login, address);
  absl::MutexLock lock(&mu_);
  ForgetIdle(now);
  PairState& pair = pairs_[key];
  ++pair.failures;
  pair.last_failure = now;
  const int over = pair.failures - policy_.free_failures;
  if (over >= 0) {
    const absl::Duration wait =
        over >= 20
            ? policy_.max_backoff
            : std::min(policy_.max_backoff, absl::Seconds(1) * (1 << over));
    pair.wait_until = now + wait;
  }
  AddressState& from = addresses_[key.second];
  if (now - from.window_start >= kAddressWindow) {
    from.window_start = now;
    from.failures = 0;
  }
  ++from.failures;
}

void SignInThrottle::RecordSuccess(absl::string_view login,
                                   absl::string_view address) {
  const Pair key = Key(login, address);
  absl::MutexLock lock(&mu_);
  pairs_.erase(key);
  if (known_good_.size() >= kMaxKnownGood) known_good_.clear();
  known_good_.insert(key);
}

void SignInThrottle::Clear(absl::string_view login) {
  const std::string lowered = absl::AsciiStrToLower(login);
  absl::MutexLock lock(&mu_);
  absl::erase_if(
      pairs_, [&](const auto& entry) { return entry.first.first == lowered; });
}

void SignInThrottle::ForgetIdle(absl::Time now) {
  if (pairs_.size() > kPruneAbove) {
    const absl::Duration idle = std::max(kAddressWindow, policy_.max_backoff);
    absl::erase_if(pairs_, [&](const auto& entry) {
      return now - entry.second.last_failure > idle &&
             entry.second.wait_until <= now;
    });
  }
  if (addresses_.size() > kPruneAbove) {
    absl::erase_if(addresses_, [&](const auto& entry) {
      return now - entry.second.window_start >= kAddressWindow;
    });
  }
}

}  // namespace baoxue::core
