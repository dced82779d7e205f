#include "base/request_id.h"

#include <cstdint>
#include <random>

#include "absl/strings/ascii.h"
#include "absl/strings/str_format.h"

namespace baoxue {

std::string NewRequestId() {
  // random_device reads the kernel's generator: no shared state to guard.
  std::random_device random;
  const uint64_t value = (static_cast<uint64_t>(random()) << 32) | random();
  return absl::StrFormat("%016x", value);
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
