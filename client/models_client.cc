#include "client/models_client.h"

#include "client/grpc_call.h"
#include "grpcpp/client_context.h"

namespace baoxue::client {
namespace {

constexpr absl::Duration kUnaryTimeout = absl::Seconds(120);

}  // namespace

ModelsClient::ModelsClient(std::shared_ptr<grpc::Channel> channel,
                           std::string token, absl::Duration timeout)
    : channel_(std::move(channel)),
      token_(std::move(token)),
      timeout_(timeout),
      stub_(baoxue::v1::Models::NewStub(channel_)) {}

std::unique_ptr<grpc::ClientContext> ModelsClient::NewContext(
    absl::Duration timeout) const {
  return CallContext(token_, absl::Now() + timeout);
}

absl::StatusOr<baoxue::v1::TrainProgress> ModelsClient::Train(
    const baoxue::v1::TrainRequest& request,
    const std::function<void(const baoxue::v1::TrainProgress&)>& on_progress)
    const {
  std::unique_ptr<grpc::ClientContext> context = NewContext(timeout_);
  std::unique_ptr<grpc::ClientReader<baoxue::v1::TrainProgress>> reader =
      stub_->Train(context.get(), request);
  baoxue::v1::TrainProgress message, last;
  while (reader->Read(&message)) {
    if (on_progress) on_progress(message);
    last = message;
  }
  grpc::Status status = reader->Finish();
  if (!status.ok()) return FromGrpc(status, context.get());
  if (!last.has_model()) {
    return absl::InternalError("training ended without a model");
  }
  return last;
}

#define BAOXUE_MODELS_UNARY(Method, Request, Response, request_expr)          \
  do {                                                                        \
    Response response;                                                        \
    std::unique_ptr<grpc::ClientContext> context = NewContext(kUnaryTimeout); \
    grpc::Status status =                                                     \
        stub_->Method(context.get(), request_expr, &response);                \
    if (!status.ok()) return FromGrpc(status, context.get());                 \
    return response;                                                          \
  } while (false)

absl::StatusOr<baoxue::v1::ListModelsResponse> ModelsClient::List() const {
  BAOXUE_MODELS_UNARY(List, baoxue::v1::ListModelsRequest,
                      baoxue::v1::ListModelsResponse,
                      baoxue::v1::ListModelsRequest());
}

absl::StatusOr<baoxue::v1::GetModelResponse> ModelsClient::Get(
    const baoxue::v1::GetModelRequest& request) const {
  BAOXUE_MODELS_UNARY(Get, baoxue::v1::GetModelRequest,
                      baoxue::v1::GetModelResponse, request);
}

absl::StatusOr<baoxue::v1::CompareModelsResponse> ModelsClient::Compare(
    const baoxue::v1::CompareModelsRequest& request) const {
  BAOXUE_MODELS_UNARY(Compare, baoxue::v1::CompareModelsRequest,
                      baoxue::v1::CompareModelsResponse, request);
}

absl::StatusOr<baoxue::v1::GetDriftResponse> ModelsClient::GetDrift(
    const baoxue::v1::GetDriftRequest& request) const {
  BAOXUE_MODELS_UNARY(GetDrift, baoxue::v1::GetDriftRequest,
                      baoxue::v1::GetDriftResponse, request);
}

absl::StatusOr<baoxue::v1::ActivateModelResponse> ModelsClient::Activate(
    const baoxue::v1::ActivateModelRequest& request) const {
  BAOXUE_MODELS_UNARY(Activate, baoxue::v1::ActivateModelRequest,
                      baoxue::v1::ActivateModelResponse, request);
}

absl::StatusOr<baoxue::v1::ActivateModelResponse> ModelsClient::Rollback()
    const {
  BAOXUE_MODELS_UNARY(Rollback, baoxue::v1::RollbackModelRequest,
                      baoxue::v1::ActivateModelResponse,
                      baoxue::v1::RollbackModelRequest());
}

absl::StatusOr<baoxue::v1::FeatureSetDefinition> ModelsClient::CreateFeatureSet(
    const baoxue::v1::CreateFeatureSetRequest& request) const {
  BAOXUE_MODELS_UNARY(CreateFeatureSet, baoxue::v1::CreateFeatureSetRequest,
                      baoxue::v1::FeatureSetDefinition, request);
}

absl::StatusOr<baoxue::v1::FeatureSetDefinition> ModelsClient::GetFeatureSet(
    const baoxue::v1::GetFeatureSetRequest& request) const {
  BAOXUE_MODELS_UNARY(GetFeatureSet, baoxue::v1::GetFeatureSetRequest,
                      baoxue::v1::FeatureSetDefinition, request);
}

absl::StatusOr<baoxue::v1::ListFeatureSetsResponse>
ModelsClient::ListFeatureSets() const {
  BAOXUE_MODELS_UNARY(ListFeatureSets, baoxue::v1::ListFeatureSetsRequest,
                      baoxue::v1::ListFeatureSetsResponse,
                      baoxue::v1::ListFeatureSetsRequest());
}

absl::StatusOr<baoxue::v1::TestFeatureSetResponse> ModelsClient::TestFeatureSet(
    const baoxue::v1::TestFeatureSetRequest& request) const {
  BAOXUE_MODELS_UNARY(TestFeatureSet, baoxue::v1::TestFeatureSetRequest,
                      baoxue::v1::TestFeatureSetResponse, request);
}

absl::StatusOr<baoxue::v1::GetTrackRecordResponse> ModelsClient::GetTrackRecord(
    const baoxue::v1::GetTrackRecordRequest& request) const {
  BAOXUE_MODELS_UNARY(GetTrackRecord, baoxue::v1::GetTrackRecordRequest,
                      baoxue::v1::GetTrackRecordResponse, request);
}

#undef BAOXUE_MODELS_UNARY

}  // namespace baoxue::client
