#ifndef BAOXUE_SERVER_RPC_MODELS_SERVICE_H_
#define BAOXUE_SERVER_RPC_MODELS_SERVICE_H_

#include "baoxue/v1/models.grpc.pb.h"
#include "server/core/authenticator.h"
#include "server/core/model_registry.h"
#include "server/core/training_job.h"

namespace baoxue::rpc {

// gRPC front of the model registry and the training job (DATA_STAFF only;
// the rules live in core::ModelRegistry and core::TrainingJob).
// Thread-safe; does not own its collaborators.
class ModelsService final : public baoxue::v1::Models::Service {
 public:
  ModelsService(core::Authenticator* authenticator,
                const core::ModelRegistry* registry,
                const core::TrainingJob* training)
      : authenticator_(authenticator),
        registry_(registry),
        training_(training) {}

  grpc::Status Train(
      grpc::ServerContext* context, const baoxue::v1::TrainRequest* request,
      grpc::ServerWriter<baoxue::v1::TrainProgress>* writer) override;
  grpc::Status List(grpc::ServerContext* context,
                    const baoxue::v1::ListModelsRequest* request,
                    baoxue::v1::ListModelsResponse* response) override;
  grpc::Status Get(grpc::ServerContext* context,
                   const baoxue::v1::GetModelRequest* request,
                   baoxue::v1::GetModelResponse* response) override;
  grpc::Status Compare(grpc::ServerContext* context,
                       const baoxue::v1::CompareModelsRequest* request,
                       baoxue::v1::CompareModelsResponse* response) override;
  grpc::Status Activate(grpc::ServerContext* context,
                        const baoxue::v1::ActivateModelRequest* request,
                        baoxue::v1::ActivateModelResponse* response) override;
  grpc::Status Rollback(grpc::ServerContext* context,
                        const baoxue::v1::RollbackModelRequest* request,
                        baoxue::v1::ActivateModelResponse* response) override;

 private:
  core::Authenticator* authenticator_;
  const core::ModelRegistry* registry_;
  const core::TrainingJob* training_;
};

// Copies a registry entry into its wire form.
void ToProto(const store::ModelRecord& record, baoxue::v1::ModelSummary* out);

}  // namespace baoxue::rpc

#endif  // BAOXUE_SERVER_RPC_MODELS_SERVICE_H_
