#include "client/runs_client.h"

#include "client/grpc_call.h"
#include "grpcpp/client_context.h"

namespace baoxue::client {
RunsClient::RunsClient(std::shared_ptr<grpc::Channel> channel,
                       std::string token, absl::Duration timeout)
    : token_(std::move(token)),
      timeout_(timeout),
      stub_(baoxue::v1::RiskRuns::NewStub(std::move(channel))) {}

std::unique_ptr<grpc::ClientContext> RunsClient::NewContext(
    bool deadline) const {
  return CallContext(
      token_, deadline ? absl::Now() + timeout_ : absl::InfiniteFuture());
}

absl::StatusOr<baoxue::v1::RunProgress> RunsClient::StartRun(
    const baoxue::v1::StartRunRequest& request,
    const std::function<void(const baoxue::v1::RunProgress&)>& on_progress)
    const {
  std::unique_ptr<grpc::ClientContext> context = NewContext(false);
  auto reader = stub_->StartRun(context.get(), request);
  baoxue::v1::RunProgress progress;
  baoxue::v1::RunProgress last;
  while (reader->Read(&progress)) {
    if (on_progress) on_progress(progress);
    last = progress;
  }
  absl::Status status = FromGrpc(reader->Finish(), context.get());
  if (!status.ok()) return status;
  return last;
}

absl::StatusOr<baoxue::v1::RiskRun> RunsClient::GetRun(int64_t run_id) const {
  baoxue::v1::GetRunRequest request;
  request.set_run_id(run_id);
  baoxue::v1::RiskRun run;
  std::unique_ptr<grpc::ClientContext> context = NewContext(true);
  absl::Status status =
      FromGrpc(stub_->GetRun(context.get(), request, &run), context.get());
  if (!status.ok()) return status;
  return run;
}

absl::StatusOr<baoxue::v1::ListRunsResponse> RunsClient::ListRuns(
    int limit) const {
  baoxue::v1::ListRunsRequest request;
  request.set_limit(limit);
  baoxue::v1::ListRunsResponse response;
  std::unique_ptr<grpc::ClientContext> context = NewContext(true);
  absl::Status status = FromGrpc(
      stub_->ListRuns(context.get(), request, &response), context.get());
  if (!status.ok()) return status;
  return response;
}

}  // namespace baoxue::client
