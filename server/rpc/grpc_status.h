#ifndef BAOXUE_SERVER_RPC_GRPC_STATUS_H_
#define BAOXUE_SERVER_RPC_GRPC_STATUS_H_

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace baoxue::rpc {

// The only place a grpc::Status is made from a core or store status: same
// code, same message.
grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace baoxue::rpc

#endif  // BAOXUE_SERVER_RPC_GRPC_STATUS_H_
