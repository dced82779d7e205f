#ifndef BAOXUE_TESTS_TESTING_IN_PROCESS_GRPC_H_
#define BAOXUE_TESTS_TESTING_IN_PROCESS_GRPC_H_

#include <initializer_list>
#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "grpcpp/channel.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"

namespace baoxue::testing {

// A gRPC server in the test's own process, on a free loopback port, and a
// channel to it: the RPC layer tested without the network or a database.
struct InProcessGrpc {
  std::unique_ptr<grpc::Server> server;  // null if it could not start
  std::shared_ptr<grpc::Channel> channel;
};

inline InProcessGrpc StartInProcessGrpc(
    const std::vector<grpc::Service*>& services) {
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                           &port);
  for (grpc::Service* service : services) builder.RegisterService(service);
  InProcessGrpc grpc;
  grpc.server = builder.BuildAndStart();
  if (grpc.server != nullptr) {
    grpc.channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", port),
                                       grpc::InsecureChannelCredentials());
  }
  return grpc;
}

inline InProcessGrpc StartInProcessGrpc(
    std::initializer_list<grpc::Service*> services) {
  return StartInProcessGrpc(std::vector<grpc::Service*>(services));
}

}  // namespace baoxue::testing

#endif  // BAOXUE_TESTS_TESTING_IN_PROCESS_GRPC_H_
