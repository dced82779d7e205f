#ifndef BAOXUE_CLIENT_IMPORTS_CLIENT_H_
#define BAOXUE_CLIENT_IMPORTS_CLIENT_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "baoxue/v1/imports.grpc.pb.h"
#include "grpcpp/channel.h"

namespace baoxue::client {

// Client of the Imports service: the caller's bearer token on every call,
// gRPC errors as absl::Status with the same code and message. Thread-safe.
class ImportsClient {
 public:
  ImportsClient(std::shared_ptr<grpc::Channel> channel, std::string token,
                absl::Duration timeout = absl::Seconds(60));

  // Streams `header` and then `file` in 1 MiB chunks, reporting the bytes
  // sent and the server's progress to `on_progress`; returns the result.
  // No deadline: a county's roster takes a while.
  absl::StatusOr<baoxue::v1::ImportResult> Import(
      const baoxue::v1::ImportHeader& header, absl::string_view file,
      const std::function<void(const baoxue::v1::ImportProgress&)>& on_progress)
      const;
  absl::StatusOr<baoxue::v1::ListImportsResponse> ListImports(int limit) const;

 private:
  std::unique_ptr<grpc::ClientContext> NewContext(bool deadline) const;

  std::string token_;
  absl::Duration timeout_;
  std::unique_ptr<baoxue::v1::Imports::Stub> stub_;
};

}  // namespace baoxue::client

#endif  // BAOXUE_CLIENT_IMPORTS_CLIENT_H_
