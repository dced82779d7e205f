#ifndef BAOXUE_SERVER_RPC_RISK_LISTS_SERVICE_H_
#define BAOXUE_SERVER_RPC_RISK_LISTS_SERVICE_H_

#include "absl/status/statusor.h"
#include "baoxue/v1/risk_lists.grpc.pb.h"
#include "server/core/authenticator.h"
#include "server/core/risk_list.h"

namespace baoxue::rpc {

// gRPC front of core::RiskListDesk (the list the web page shows):
// authenticate, parse, call, convert. Thread-safe; does not own its
// collaborators.
class RiskListsService final : public baoxue::v1::RiskLists::Service {
 public:
  RiskListsService(core::Authenticator* authenticator,
                   const core::RiskListDesk* desk)
      : authenticator_(authenticator), desk_(desk) {}

  grpc::Status GetRiskList(grpc::ServerContext* context,
                           const baoxue::v1::GetRiskListRequest* request,
                           baoxue::v1::RiskList* response) override;

 private:
  core::Authenticator* authenticator_;
  const core::RiskListDesk* desk_;
};

// The core query a request asks for. INVALID_ARGUMENT naming `tiers`,
// `order` or `limit` when the request has values the core cannot take.
absl::StatusOr<core::RiskListQuery> ToRiskListQuery(
    const baoxue::v1::GetRiskListRequest& request);

}  // namespace baoxue::rpc

#endif  // BAOXUE_SERVER_RPC_RISK_LISTS_SERVICE_H_
