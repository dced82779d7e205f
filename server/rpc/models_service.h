#ifndef BAOXUE_SERVER_RPC_MODELS_SERVICE_H_
#define BAOXUE_SERVER_RPC_MODELS_SERVICE_H_

#include "baoxue/v1/models.grpc.pb.h"
#include "server/core/authenticator.h"
#include "server/core/drift_monitor.h"
#include "server/core/feature_set_registry.h"
#include "server/core/model_registry.h"
#include "server/core/track_record.h"
#include "server/core/training_job.h"

namespace baoxue::rpc {

// gRPC front of the model registry and the training job (DATA_STAFF only;
// the rules live in core::ModelRegistry and core::TrainingJob).
// Thread-safe; does not own its collaborators.
class ModelsService final : public baoxue::v1::Models::Service {
 public:
  ModelsService(core::Authenticator* authenticator,
                const core::ModelRegistry* registry,
                const core::TrainingJob* training,
                const core::FeatureSetRegistry* feature_sets = nullptr,
                const core::TrackRecordReader* track_record = nullptr,
                const core::DriftMonitor* drift = nullptr)
      : authenticator_(authenticator),
        registry_(registry),
        training_(training),
        feature_sets_(feature_sets),
        track_record_(track_record),
        drift_(drift) {}

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
  grpc::Status CreateFeatureSet(
      grpc::ServerContext* context,
      const baoxue::v1::CreateFeatureSetRequest* request,
      baoxue::v1::FeatureSetDefinition* response) override;
  grpc::Status GetFeatureSet(
      grpc::ServerContext* context,
      const baoxue::v1::GetFeatureSetRequest* request,
      baoxue::v1::FeatureSetDefinition* response) override;
  grpc::Status ListFeatureSets(
      grpc::ServerContext* context,
      const baoxue::v1::ListFeatureSetsRequest* request,
      baoxue::v1::ListFeatureSetsResponse* response) override;
  grpc::Status GetDrift(grpc::ServerContext* context,
                        const baoxue::v1::GetDriftRequest* request,
                        baoxue::v1::GetDriftResponse* response) override;
  grpc::Status TestFeatureSet(
      grpc::ServerContext* context,
      const baoxue::v1::TestFeatureSetRequest* request,
      baoxue::v1::TestFeatureSetResponse* response) override;
  // UNIMPLEMENTED when built without a track record.
  grpc::Status GetTrackRecord(
      grpc::ServerContext* context,
      const baoxue::v1::GetTrackRecordRequest* request,
      baoxue::v1::GetTrackRecordResponse* response) override;

 private:
  // UNIMPLEMENTED when the server was built without the feature set registry.
  absl::Status RequireFeatureSets() const;

  core::Authenticator* authenticator_;
  const core::ModelRegistry* registry_;
  const core::TrainingJob* training_;
  const core::FeatureSetRegistry* feature_sets_;
  const core::TrackRecordReader* track_record_;
  const core::DriftMonitor* drift_;  // may be null: no drift
};

// Copies a registry entry into its wire form.
void ToProto(const store::ModelRecord& record, baoxue::v1::ModelSummary* out);

}  // namespace baoxue::rpc

#endif  // BAOXUE_SERVER_RPC_MODELS_SERVICE_H_
