#ifndef BAOXUE_SERVER_CORE_SIGN_IN_THROTTLE_H_
#define BAOXUE_SERVER_CORE_SIGN_IN_THROTTLE_H_

#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/core/clock.h"

namespace baoxue::core {

struct ThrottlePolicy {
  // Wrong passwords for one login from one address before each further try
  // from there must wait; the wait doubles from 1 s up to max_backoff.
  int free_failures = 3;
  absl::Duration max_backoff = absl::Seconds(900);
  // Wrong passwords one address may send per hour over all logins; past it
  // the address must wait for the hour to end, except for a login that has
  // signed in from that address before (a known-good pair).
  int address_failures_per_hour = 30;
};

// The web page's sign-in throttle (docs/security.md, "Authentication"). It
// replaces the old account lock (5 wrong passwords locked an account for 15
// minutes from anywhere, so anyone could lock anyone out):
//
//  - per (login, address): exponential backoff after `free_failures`; an
//    attacker elsewhere never slows the real user's own address down;
//  - per address: a budget of failures per hour over all logins (password
//    spraying), which a known-good (login, address) pair bypasses.
//
// It keys on the login as typed (lower-cased), whether or not an account
// has it, and answers the same words either way: it never tells which logins
// exist. State is in memory, per server (a restart forgets it; with several
// servers an attacker gets each one's budget). Thread-safe; does not own the
// clock. Memory is bounded: entries idle for an hour (or max_backoff) go.
class SignInThrottle {
 public:
  SignInThrottle(const Clock* clock, ThrottlePolicy policy)
      : clock_(clock), policy_(policy) {}

  // OK, or RESOURCE_EXHAUSTED "too many failed sign-ins from this address;
  // try again in N seconds".
  absl::Status Check(absl::string_view login, absl::string_view address);
  void RecordFailure(absl::string_view login, absl::string_view address);
  // Clears the pair's failures and remembers it as known-good.
  void RecordSuccess(absl::string_view login, absl::string_view address);
  // The security administrator's unlock: forgets every failure of `login`.
  void Clear(absl::string_view login);

 private:
  using Pair = std::pair<std::string, std::string>;  // (login, address)
  struct PairState {
    int failures = 0;
    absl::Time wait_until;
    absl::Time last_failure;
  };
  struct AddressState {
    absl::Time window_start;
    int failures = 0;
  };

  static Pair Key(absl::string_view login, absl::string_view address);
  absl::Status Wait(absl::Duration wait) const;
  void ForgetIdle(absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const Clock* clock_;
  const ThrottlePolicy policy_;
  absl::Mutex mu_;
  absl::flat_hash_map<Pair, PairState> pairs_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, AddressState> addresses_
      ABSL_GUARDED_BY(mu_);
  absl::flat_hash_set<Pair> known_good_ ABSL_GUARDED_BY(mu_);
};

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_SIGN_IN_THROTTLE_H_
