#include "base/request_id.h"

#include <cstdint>
#include <random>

#include "absl/strings/ascii.h"
#include "absl/strings/str_format.h"

namespace baoxue {

std::string NewRequestId() {
  // One generator per thread, seeded once from random_device: a
  // random_device read costs ~90 us on a VM (RDRAND), too much per call,
  // and per-thread state needs no lock. Ids need to be unique, not secret.
  thread_local std::mt19937_64 generator = [] {
    std::random_device seed;
    std::seed_seq seq{seed(), seed(), seed(), seed()};
    return std::mt19937_64(seq);
  }();
  return absl::StrFormat("%016x", generator());
}

std::string RequestIdFrom(absl::string_view sent) {
  constexpr size_t kMaxLength = 64;
  if (sent.empty() || sent.size() > kMaxLength) return NewRequestId();
  for (const char c : sent) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-' &&
        c != '_' && c != '.' && c != ':') {
      return NewRequestId();
    }
  }
  return std::string(sent);
}

}  // namespace baoxue
