#ifndef BAOXUE_SERVER_RPC_ADMIN_SERVICE_H_
#define BAOXUE_SERVER_RPC_ADMIN_SERVICE_H_

#include "baoxue/v1/admin.grpc.pb.h"
#include "server/core/authenticator.h"
#include "server/core/model_trainer.h"
#include "server/store/token_store.h"

namespace baoxue::rpc {

// gRPC front of token issuing and model training. Thread-safe; does not own
// its collaborators.
class AdminService final : public baoxue::v1::Admin::Service {
 public:
  AdminService(core::Authenticator* authenticator, store::TokenStore* tokens,
               const core::ModelTrainer* trainer)
      : authenticator_(authenticator), tokens_(tokens), trainer_(trainer) {}

  grpc::Status CreateToken(grpc::ServerContext* context,
                           const baoxue::v1::CreateTokenRequest* request,
                           baoxue::v1::CreateTokenResponse* response) override;
  grpc::Status TrainModel(grpc::ServerContext* context,
                          const baoxue::v1::TrainModelRequest* request,
                          baoxue::v1::TrainModelResponse* response) override;

 private:
  core::Authenticator* authenticator_;
  store::TokenStore* tokens_;
  const core::ModelTrainer* trainer_;
};

// Maps the wire role to the stored one; INVALID_ARGUMENT if unspecified.
absl::StatusOr<store::CallerRole> RoleFromProto(baoxue::v1::CallerRole role);

}  // namespace baoxue::rpc

#endif  // BAOXUE_SERVER_RPC_ADMIN_SERVICE_H_
