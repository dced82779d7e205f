#ifndef BAOXUE_SERVER_RPC_RUNS_SERVICE_H_
#define BAOXUE_SERVER_RPC_RUNS_SERVICE_H_

#include "baoxue/v1/runs.grpc.pb.h"
#include "server/core/authenticator.h"
#include "server/core/risk_runner.h"

namespace baoxue::rpc {

// gRPC front of core::RiskRunner: parse, authenticate, call, convert.
// StartRun streams one RunProgress per stored chunk; if the client goes
// away (or the server shuts down) the run stops at the next chunk boundary
// and stays resumable. Thread-safe; does not own its collaborators.
class RunsService final : public baoxue::v1::RiskRuns::Service {
 public:
  RunsService(core::Authenticator* authenticator,
              const core::RiskRunner* runner)
      : authenticator_(authenticator), runner_(runner) {}

  grpc::Status StartRun(
      grpc::ServerContext* context, const baoxue::v1::StartRunRequest* request,
      grpc::ServerWriter<baoxue::v1::RunProgress>* writer) override;
  grpc::Status GetRun(grpc::ServerContext* context,
                      const baoxue::v1::GetRunRequest* request,
                      baoxue::v1::RiskRun* response) override;
  grpc::Status ListRuns(grpc::ServerContext* context,
                        const baoxue::v1::ListRunsRequest* request,
                        baoxue::v1::ListRunsResponse* response) override;

 private:
  core::Authenticator* authenticator_;
  const core::RiskRunner* runner_;
};

// Copies a stored run into its wire form.
void ToProto(const store::RunRecord& run, baoxue::v1::RiskRun* out);

}  // namespace baoxue::rpc

#endif  // BAOXUE_SERVER_RPC_RUNS_SERVICE_H_
