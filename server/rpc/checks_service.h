#ifndef BAOXUE_SERVER_RPC_CHECKS_SERVICE_H_
#define BAOXUE_SERVER_RPC_CHECKS_SERVICE_H_

#include "baoxue/v1/checks.grpc.pb.h"
#include "server/core/authenticator.h"
#include "server/core/checks/check_desk.h"

namespace baoxue::rpc {

// gRPC front of core::checks::CheckDesk (the 四查三比对 check).
// Thread-safe; does not own its collaborators.
class ChecksService final : public baoxue::v1::Checks::Service {
 public:
  ChecksService(core::Authenticator* authenticator,
                const core::checks::CheckDesk* desk)
      : authenticator_(authenticator), desk_(desk) {}

  grpc::Status RunCheck(grpc::ServerContext* context,
                        const baoxue::v1::RunCheckRequest* request,
                        baoxue::v1::CheckResult* response) override;
  grpc::Status GetCheckReport(grpc::ServerContext* context,
                              const baoxue::v1::GetCheckReportRequest* request,
                              baoxue::v1::CheckReport* response) override;

 private:
  core::Authenticator* authenticator_;
  const core::checks::CheckDesk* desk_;
};

}  // namespace baoxue::rpc

#endif  // BAOXUE_SERVER_RPC_CHECKS_SERVICE_H_
