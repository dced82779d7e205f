#ifndef BAOXUE_SERVER_RPC_AUDIT_INTERCEPTOR_H_
#define BAOXUE_SERVER_RPC_AUDIT_INTERCEPTOR_H_

#include "grpcpp/support/server_interceptor.h"
#include "server/core/audit_trail.h"
#include "server/core/authenticator.h"

namespace baoxue::rpc {

// Records every baoxue.v1 gRPC call in the audit trail, services unchanged:
// the caller (from the call's token, through the authenticator's cache),
// the method, the student ids and area/case the request names, the records
// and student ids the replies carry, the peer address and the status code.
// Health and reflection calls are not recorded. Thread-safe; does not own
// the trail or the authenticator, which must outlive the server.
class AuditInterceptorFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  AuditInterceptorFactory(core::AuditTrail* trail,
                          core::Authenticator* authenticator)
      : trail_(trail), authenticator_(authenticator) {}

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  core::AuditTrail* trail_;
  core::Authenticator* authenticator_;
};

}  // namespace baoxue::rpc

#endif  // BAOXUE_SERVER_RPC_AUDIT_INTERCEPTOR_H_
