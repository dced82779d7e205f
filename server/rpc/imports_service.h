#ifndef BAOXUE_SERVER_RPC_IMPORTS_SERVICE_H_
#define BAOXUE_SERVER_RPC_IMPORTS_SERVICE_H_

#include "baoxue/v1/imports.grpc.pb.h"
#include "server/core/authenticator.h"
#include "server/core/imports/import_desk.h"

namespace baoxue::rpc {

// gRPC front of core::imports::ImportDesk: receives the streamed file,
// relays the desk's progress, answers with the result and the rejected rows
// as a workbook. Thread-safe; does not own its collaborators.
class ImportsService final : public baoxue::v1::Imports::Service {
 public:
  ImportsService(core::Authenticator* authenticator,
                 const core::imports::ImportDesk* desk)
      : authenticator_(authenticator), desk_(desk) {}

  grpc::Status Import(
      grpc::ServerContext* context,
      grpc::ServerReaderWriter<baoxue::v1::ImportProgress,
                               baoxue::v1::ImportChunk>* stream) override;
  grpc::Status ListImports(grpc::ServerContext* context,
                           const baoxue::v1::ListImportsRequest* request,
                           baoxue::v1::ListImportsResponse* response) override;

 private:
  core::Authenticator* authenticator_;
  const core::imports::ImportDesk* desk_;
};

}  // namespace baoxue::rpc

#endif  // BAOXUE_SERVER_RPC_IMPORTS_SERVICE_H_
