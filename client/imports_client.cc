#include "client/imports_client.h"

#include <algorithm>

#include "client/grpc_call.h"
#include "grpcpp/client_context.h"

namespace baoxue::client {

ImportsClient::ImportsClient(std::shared_ptr<grpc::Channel> channel,
                             std::string token, absl::Duration timeout)
    : token_(std::move(token)),
      timeout_(timeout),
      stub_(baoxue::v1::Imports::NewStub(std::move(channel))) {}

std::unique_ptr<grpc::ClientContext> ImportsClient::NewContext(
    bool deadline) const {
  return CallContext(
      token_, deadline ? absl::Now() + timeout_ : absl::InfiniteFuture());
}

absl::StatusOr<baoxue::v1::ImportResult> ImportsClient::Import(
    const baoxue::v1::ImportHeader& header, absl::string_view file,
    const std::function<void(const baoxue::v1::ImportProgress&)>& on_progress)
    const {
  std::unique_ptr<grpc::ClientContext> context = NewContext(false);
  auto stream = stub_->Import(context.get());
  baoxue::v1::ImportChunk chunk;
  *chunk.mutable_header() = header;
  bool open = stream->Write(chunk);
  constexpr size_t kChunk = size_t{1} << 20;
  baoxue::v1::ImportProgress sent;
  sent.set_stage("sending");
  sent.set_total(static_cast<int64_t>(file.size()));
  for (size_t at = 0; open && at < file.size(); at += kChunk) {
    chunk.set_data(std::string(file.substr(at, kChunk)));
    open = stream->Write(chunk);
    sent.set_done(static_cast<int64_t>(std::min(file.size(), at + kChunk)));
    if (on_progress) on_progress(sent);
  }
  stream->WritesDone();
  baoxue::v1::ImportProgress progress;
  baoxue::v1::ImportResult result;
  while (stream->Read(&progress)) {
    if (progress.has_result()) result = progress.result();
    if (on_progress) on_progress(progress);
  }
  absl::Status status = FromGrpc(stream->Finish(), context.get());
  if (!status.ok()) return status;
  return result;
}

absl::StatusOr<baoxue::v1::ListImportsResponse> ImportsClient::ListImports(
    int limit) const {
  baoxue::v1::ListImportsRequest request;
  request.set_limit(limit);
  return Call(stub_.get(), &baoxue::v1::Imports::Stub::ListImports,
              NewContext(true), request);
}

}  // namespace baoxue::client
