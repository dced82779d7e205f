#ifndef BAOXUE_SERVER_RPC_ADMIN_SERVICE_H_
#define BAOXUE_SERVER_RPC_ADMIN_SERVICE_H_

#include "baoxue/v1/admin.grpc.pb.h"
#include "server/core/authenticator.h"
#include "server/core/token_issuer.h"

namespace baoxue::rpc {

// gRPC front of core::TokenIssuer. Thread-safe; does not own its
// collaborators.
class AdminService final : public baoxue::v1::Admin::Service {
 public:
  AdminService(core::Authenticator* authenticator,
               const core::TokenIssuer* issuer)
      : authenticator_(authenticator), issuer_(issuer) {}

  grpc::Status CreateToken(grpc::ServerContext* context,
                           const baoxue::v1::CreateTokenRequest* request,
                           baoxue::v1::CreateTokenResponse* response) override;
  grpc::Status ListTokens(grpc::ServerContext* context,
                          const baoxue::v1::ListTokensRequest* request,
                          baoxue::v1::ListTokensResponse* response) override;
  grpc::Status RevokeToken(grpc::ServerContext* context,
                           const baoxue::v1::RevokeTokenRequest* request,
                           baoxue::v1::RevokeTokenResponse* response) override;

 private:
  core::Authenticator* authenticator_;
  const core::TokenIssuer* issuer_;
};

}  // namespace baoxue::rpc

#endif  // BAOXUE_SERVER_RPC_ADMIN_SERVICE_H_
