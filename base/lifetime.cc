#include "base/lifetime.h"

#include <cstdint>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace baoxue {

absl::StatusOr<absl::Duration> ParseLifetime(absl::string_view text,
                                             absl::string_view field) {
  absl::Duration lifetime;
  int64_t days = 0;
  absl::string_view number = text;
  if (absl::ConsumeSuffix(&number, "d") && absl::SimpleAtoi(number, &days)) {
    lifetime = absl::Hours(24) * days;
  } else if (!absl::ParseDuration(text, &lifetime)) {
    lifetime = absl::ZeroDuration();
  }
  if (lifetime <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, " must be a positive duration like 90d or 12h, got '",
        text.substr(0, 32), "'"));
  }
  return lifetime;
}

}  // namespace baoxue
