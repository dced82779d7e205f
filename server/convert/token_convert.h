#ifndef BAOXUE_SERVER_CONVERT_TOKEN_CONVERT_H_
#define BAOXUE_SERVER_CONVERT_TOKEN_CONVERT_H_

#include "absl/status/statusor.h"
#include "baoxue/v1/admin.pb.h"
#include "server/store/token_store.h"

namespace baoxue::convert {

// The wire role as stored; INVALID_ARGUMENT naming `role` if unspecified.
absl::StatusOr<store::CallerRole> RoleFromProto(baoxue::v1::CallerRole role);
baoxue::v1::CallerRole ToProto(store::CallerRole role);

// A token as `token list` shows it (never the secret, which is not stored).
void ToProto(const store::TokenRecord& token, baoxue::v1::TokenInfo* out);

}  // namespace baoxue::convert

#endif  // BAOXUE_SERVER_CONVERT_TOKEN_CONVERT_H_
