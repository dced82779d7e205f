#ifndef BAOXUE_BASE_LIFETIME_H_
#define BAOXUE_BASE_LIFETIME_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace baoxue {

// Parses a lifetime as people write it: "90d" (days), or any absl duration
// ("12h", "30m", "1h30m"). INVALID_ARGUMENT naming `field` if malformed or
// not positive. The CLI and the server's token commands share it.
absl::StatusOr<absl::Duration> ParseLifetime(absl::string_view text,
                                             absl::string_view field);

}  // namespace baoxue

#endif  // BAOXUE_BASE_LIFETIME_H_
