#include "client/check_commands.h"

#include <iostream>
#include <memory>

#include "baoxue/v1/checks.grpc.pb.h"
#include "client/export_format.h"
#include "client/grpc_call.h"
#include "exports/check_report.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"

namespace baoxue::client {

absl::Status RunCheckCommand(const std::shared_ptr<grpc::Channel>& channel,
                             const std::string& token,
                             const CheckOptions& options, Words words) {
  if (absl::Status flags =
          CheckExportFlags(options.format, options.output, "check.xlsx");
      !flags.ok()) {
    return flags;
  }
  const domain::Language language = words.language();
  const std::unique_ptr<baoxue::v1::Checks::Stub> stub =
      baoxue::v1::Checks::NewStub(channel);
  auto context = std::make_unique<grpc::ClientContext>();
  if (!token.empty()) {
    context->AddMetadata("authorization", "Bearer " + token);
  }
  baoxue::v1::RunCheckRequest request;
  request.set_area_code(options.area);
  request.set_as_of_date(options.as_of);
  absl::StatusOr<baoxue::v1::CheckResult> result =
      Call(stub.get(), &baoxue::v1::Checks::Stub::RunCheck, std::move(context),
           request);
  if (!result.ok()) return result.status();
  return WriteExport(
      *result, options.format, options.json, options.output,
      {[&](std::ostream& out) {
         exports::PrintCheckResult(*result, language, out);
       },
       [&] { return exports::CheckReportCsv(result->report(), language); },
       [&] { return exports::CheckReportSheets(result->report(), language); }},
      words);
}

}  // namespace baoxue::client
