#include "server/core/auth_config.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace baoxue::core {

absl::Status ApplyAuthDefaults(baoxue::v1::AuthConfig& config) {
  for (const auto& [value, name] :
       {std::pair{config.token_default_days(), "auth.token_default_days"},
        std::pair{config.token_max_days(), "auth.token_max_days"},
        std::pair{config.sign_in_free_failures(), "auth.sign_in_free_failures"},
        std::pair{config.sign_in_max_backoff_seconds(),
                  "auth.sign_in_max_backoff_seconds"},
        std::pair{config.sign_in_address_failures_per_hour(),
                  "auth.sign_in_address_failures_per_hour"}}) {
    if (value < 0) {
      return absl::InvalidArgumentError(absl::StrCat(name, " must be > 0"));
    }
  }
  if (config.token_default_days() == 0) config.set_token_default_days(90);
  if (config.token_max_days() == 0) config.set_token_max_days(366);
  if (config.token_default_days() > config.token_max_days()) {
    return absl::InvalidArgumentError(
        "auth.token_default_days must not exceed auth.token_max_days");
  }
  if (config.sign_in_free_failures() == 0) config.set_sign_in_free_failures(3);
  if (config.sign_in_max_backoff_seconds() == 0) {
    config.set_sign_in_max_backoff_seconds(900);
  }
  if (config.sign_in_address_failures_per_hour() == 0) {
    config.set_sign_in_address_failures_per_hour(30);
  }
  if (config.totp_issuer().empty()) config.set_totp_issuer("Baoxue");
  return absl::OkStatus();
}

TokenPolicy TokenPolicyFrom(const baoxue::v1::AuthConfig& config) {
  TokenPolicy policy;
  policy.default_lifetime = absl::Hours(24) * config.token_default_days();
  policy.max_lifetime = absl::Hours(24) * config.token_max_days();
  return policy;
}

}  // namespace baoxue::core
