#ifndef BAOXUE_SERVER_RPC_AUDIT_SERVICE_H_
#define BAOXUE_SERVER_RPC_AUDIT_SERVICE_H_

#include "baoxue/v1/audit.grpc.pb.h"
#include "server/core/audit_trail.h"
#include "server/core/authenticator.h"

namespace baoxue::rpc {

// gRPC front of core::AuditTrail: verify, query and prune the security
// audit (`baoxue audit ...`). Thread-safe; does not own its collaborators.
class AuditService final : public baoxue::v1::Audit::Service {
 public:
  AuditService(core::Authenticator* authenticator, core::AuditTrail* trail)
      : authenticator_(authenticator), trail_(trail) {}

  grpc::Status Verify(grpc::ServerContext* context,
                      const baoxue::v1::VerifyAuditRequest* request,
                      baoxue::v1::AuditVerification* response) override;
  grpc::Status Query(grpc::ServerContext* context,
                     const baoxue::v1::QueryAuditRequest* request,
                     baoxue::v1::QueryAuditResponse* response) override;
  grpc::Status Prune(grpc::ServerContext* context,
                     const baoxue::v1::PruneAuditRequest* request,
                     baoxue::v1::PruneAuditResponse* response) override;

 private:
  core::Authenticator* authenticator_;
  core::AuditTrail* trail_;
};

}  // namespace baoxue::rpc

#endif  // BAOXUE_SERVER_RPC_AUDIT_SERVICE_H_
