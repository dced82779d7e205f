#ifndef BAOXUE_CLIENT_RUNS_CLIENT_H_
#define BAOXUE_CLIENT_RUNS_CLIENT_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "baoxue/v1/runs.grpc.pb.h"
#include "grpcpp/channel.h"

namespace baoxue::client {

// Client of the RiskRuns service: the caller's bearer token on every call,
// gRPC errors as absl::Status with the same code and message. Thread-safe.
class RunsClient {
 public:
  // `channel` comes from MakeChannel (client/channel.h). Unary calls time out
  // after `timeout`; StartRun has no deadline (a county run takes minutes).
  RunsClient(std::shared_ptr<grpc::Channel> channel, std::string token,
             absl::Duration timeout = absl::Seconds(60));

  // Streams the run's progress to `on_progress`; returns the last message.
  absl::StatusOr<baoxue::v1::RunProgress> StartRun(
      const baoxue::v1::StartRunRequest& request,
      const std::function<void(const baoxue::v1::RunProgress&)>& on_progress)
      const;
  absl::StatusOr<baoxue::v1::RiskRun> GetRun(int64_t run_id) const;
  absl::StatusOr<baoxue::v1::ListRunsResponse> ListRuns(int limit) const;

 private:
  std::unique_ptr<grpc::ClientContext> NewContext(bool deadline) const;

  std::string token_;
  absl::Duration timeout_;
  std::unique_ptr<baoxue::v1::RiskRuns::Stub> stub_;
};

}  // namespace baoxue::client

#endif  // BAOXUE_CLIENT_RUNS_CLIENT_H_
