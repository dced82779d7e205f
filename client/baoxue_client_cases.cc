// BaoxueClient's case-chain calls.
#include "client/baoxue_client.h"
#include "client/grpc_call.h"

namespace baoxue::client {

using baoxue::v1::Cases;

absl::StatusOr<baoxue::v1::ListCasesResponse> BaoxueClient::ListCases(
    const baoxue::v1::ListCasesRequest& request) const {
  return Call(cases_.get(), &Cases::Stub::ListCases, NewContext(), request);
}

absl::StatusOr<baoxue::v1::Case> BaoxueClient::GetCase(
    const baoxue::v1::GetCaseRequest& request) const {
  return Call(cases_.get(), &Cases::Stub::GetCase, NewContext(), request);
}

absl::StatusOr<baoxue::v1::Case> BaoxueClient::Acknowledge(
    const baoxue::v1::AcknowledgeRequest& request) const {
  return Call(cases_.get(), &Cases::Stub::Acknowledge, NewContext(), request);
}

absl::StatusOr<baoxue::v1::Case> BaoxueClient::Assign(
    const baoxue::v1::AssignRequest& request) const {
  return Call(cases_.get(), &Cases::Stub::Assign, NewContext(), request);
}

absl::StatusOr<baoxue::v1::ListAssigneesResponse> BaoxueClient::ListAssignees(
    const baoxue::v1::ListAssigneesRequest& request) const {
  return Call(cases_.get(), &Cases::Stub::ListAssignees, NewContext(), request);
}

absl::StatusOr<baoxue::v1::Case> BaoxueClient::RecordAction(
    const baoxue::v1::RecordActionRequest& request) const {
  return Call(cases_.get(), &Cases::Stub::RecordAction, NewContext(), request);
}

absl::StatusOr<baoxue::v1::Case> BaoxueClient::Resolve(
    const baoxue::v1::ResolveRequest& request) const {
  return Call(cases_.get(), &Cases::Stub::Resolve, NewContext(), request);
}

absl::StatusOr<baoxue::v1::Case> BaoxueClient::Reopen(
    const baoxue::v1::ReopenRequest& request) const {
  return Call(cases_.get(), &Cases::Stub::Reopen, NewContext(), request);
}

absl::StatusOr<baoxue::v1::Ledger> BaoxueClient::GetLedger(
    const baoxue::v1::GetLedgerRequest& request) const {
  return Call(cases_.get(), &Cases::Stub::GetLedger, NewContext(), request);
}

absl::Status BaoxueClient::WatchCases(
    const baoxue::v1::WatchCasesRequest& request,
    const std::function<bool(const baoxue::v1::CaseEvent&)>& on_event) const {
  std::unique_ptr<grpc::ClientContext> context = NewContext();
  context->set_deadline(std::chrono::system_clock::time_point::max());
  std::unique_ptr<grpc::ClientReader<baoxue::v1::CaseEvent>> reader =
      cases_->WatchCases(context.get(), request);
  baoxue::v1::CaseEvent event;
  while (reader->Read(&event)) {
    if (!on_event(event)) {
      context->TryCancel();
      break;
    }
  }
  const grpc::Status status = reader->Finish();
  if (status.error_code() == grpc::StatusCode::CANCELLED) {
    return absl::OkStatus();
  }
  return FromGrpc(status, context.get());
}

}  // namespace baoxue::client
