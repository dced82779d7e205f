#ifndef BAOXUE_SERVER_CORE_AUTH_CONFIG_H_
#define BAOXUE_SERVER_CORE_AUTH_CONFIG_H_

#include "absl/status/status.h"
#include "baoxue/v1/config.pb.h"
#include "server/core/token_issuer.h"

namespace baoxue::core {

// Fills AuthConfig's defaults (docs/security.md): tokens live 90 days (at
// most 366), three free wrong passwords per account and address, waits up to
// 900 s, 30 wrong passwords per address and hour, issuer "Baoxue".
// INVALID_ARGUMENT naming the field for a negative value or a default
// lifetime above the maximum.
absl::Status ApplyAuthDefaults(baoxue::v1::AuthConfig& config);

// The token lifetimes of a config ApplyAuthDefaults has filled.
TokenPolicy TokenPolicyFrom(const baoxue::v1::AuthConfig& config);

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_AUTH_CONFIG_H_
