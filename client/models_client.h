#ifndef BAOXUE_CLIENT_MODELS_CLIENT_H_
#define BAOXUE_CLIENT_MODELS_CLIENT_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "baoxue/v1/models.grpc.pb.h"
#include "grpcpp/channel.h"

namespace baoxue::client {

// Client of the Models service (model registry and training): the caller's
// bearer token on every call, gRPC errors as absl::Status with the same code
// and message. Thread-safe.
class ModelsClient {
 public:
  ModelsClient(std::shared_ptr<grpc::Channel> channel, std::string token,
               absl::Duration timeout = absl::Minutes(30));

  // Streams progress to `on_progress` and returns the final message (with
  // the candidate's summary).
  absl::StatusOr<baoxue::v1::TrainProgress> Train(
      const baoxue::v1::TrainRequest& request,
      const std::function<void(const baoxue::v1::TrainProgress&)>& on_progress)
      const;
  absl::StatusOr<baoxue::v1::ListModelsResponse> List() const;
  absl::StatusOr<baoxue::v1::GetModelResponse> Get(
      const baoxue::v1::GetModelRequest& request) const;
  absl::StatusOr<baoxue::v1::CompareModelsResponse> Compare(
      const baoxue::v1::CompareModelsRequest& request) const;
  absl::StatusOr<baoxue::v1::ActivateModelResponse> Activate(
      const baoxue::v1::ActivateModelRequest& request) const;
  absl::StatusOr<baoxue::v1::ActivateModelResponse> Rollback() const;
  absl::StatusOr<baoxue::v1::GetDriftResponse> GetDrift(
      const baoxue::v1::GetDriftRequest& request) const;
  absl::StatusOr<baoxue::v1::FeatureSetDefinition> CreateFeatureSet(
      const baoxue::v1::CreateFeatureSetRequest& request) const;
  absl::StatusOr<baoxue::v1::FeatureSetDefinition> GetFeatureSet(
      const baoxue::v1::GetFeatureSetRequest& request) const;
  absl::StatusOr<baoxue::v1::ListFeatureSetsResponse> ListFeatureSets() const;
  absl::StatusOr<baoxue::v1::TestFeatureSetResponse> TestFeatureSet(
      const baoxue::v1::TestFeatureSetRequest& request) const;
  absl::StatusOr<baoxue::v1::GetTrackRecordResponse> GetTrackRecord(
      const baoxue::v1::GetTrackRecordRequest& request) const;

 private:
  std::unique_ptr<grpc::ClientContext> NewContext(absl::Duration timeout) const;

  std::shared_ptr<grpc::Channel> channel_;
  std::string token_;
  absl::Duration timeout_;
  std::unique_ptr<baoxue::v1::Models::Stub> stub_;
};

}  // namespace baoxue::client

#endif  // BAOXUE_CLIENT_MODELS_CLIENT_H_
