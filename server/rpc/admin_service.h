#ifndef BAOXUE_SERVER_RPC_ADMIN_SERVICE_H_
#define BAOXUE_SERVER_RPC_ADMIN_SERVICE_H_

#include "baoxue/v1/admin.grpc.pb.h"
#include "server/core/authenticator.h"
#include "server/store/token_store.h"

namespace baoxue::rpc {

// gRPC front of token issuing. Thread-safe; does not own its collaborators.
class AdminService final : public baoxue::v1::Admin::Service {
 public:
  AdminService(core::Authenticator* authenticator, store::TokenStore* tokens)
      : authenticator_(authenticator), tokens_(tokens) {}

  grpc::Status CreateToken(grpc::ServerContext* context,
                           const baoxue::v1::CreateTokenRequest* request,
                           baoxue::v1::CreateTokenResponse* response) override;

 private:
  core::Authenticator* authenticator_;
  store::TokenStore* tokens_;
};

// Maps the wire role to the stored one; INVALID_ARGUMENT if unspecified.
absl::StatusOr<store::CallerRole> RoleFromProto(baoxue::v1::CallerRole role);

}  // namespace baoxue::rpc

#endif  // BAOXUE_SERVER_RPC_ADMIN_SERVICE_H_
