#include "server/rpc/cases_service.h"

#include <set>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "server/convert/case_convert.h"
#include "server/core/case_records.h"
#include "server/rpc/call_context.h"
#include "server/rpc/grpc_status.h"

namespace baoxue::rpc {
namespace {

// Case events may commit out of id order (concurrent transactions), so each
// poll looks this many ids back and skips the ones already sent.
constexpr int64_t kWatchLookback = 1000;
constexpr int kWatchBatch = 500;

grpc::Status ToCase(const core::Caller& caller,
                    const absl::StatusOr<store::CaseDetail>& detail,
                    baoxue::v1::Case* response) {
  if (!detail.ok()) return ToGrpcStatus(detail.status());
  convert::ToProto(*detail, caller, response);
  return grpc::Status::OK;
}

}  // namespace

template <typename Change>
grpc::Status CasesService::ChangeCase(grpc::ServerContext* context,
                                      int64_t case_id, Change change,
                                      baoxue::v1::Case* response) {
  absl::StatusOr<core::Caller> caller =
      AuthenticateCall(*context, *authenticator_);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  const absl::Status changed = change(*caller);
  if (!changed.ok()) return ToGrpcStatus(changed);
  return ToCase(*caller, desk_->Get(*caller, case_id), response);
}

grpc::Status CasesService::ListCases(
    grpc::ServerContext* context, const baoxue::v1::ListCasesRequest* request,
    baoxue::v1::ListCasesResponse* response) {
  absl::StatusOr<core::Caller> caller =
      AuthenticateCall(*context, *authenticator_);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  core::CaseQuery query;
  if (request->school_id() != 0) query.school_id = request->school_id();
  if (request->status() == baoxue::v1::ListCasesRequest::OPEN)
    query.open = true;
  if (request->status() == baoxue::v1::ListCasesRequest::CLOSED) {
    query.open = false;
  }
  if (request->level() != 0) query.level = request->level();
  query.overdue_only = request->overdue_only();
  query.page_size = request->page_size();
  if (!request->page_token().empty() &&
      !absl::SimpleAtoi(request->page_token(), &query.after_case_id)) {
    return ToGrpcStatus(absl::InvalidArgumentError(
        "page_token: not a token from a previous ListCases answer"));
  }
  absl::StatusOr<store::Area> area =
      desk_->AreaOf(*caller, request->area_code());
  if (!area.ok()) return ToGrpcStatus(area.status());
  query.area_code = area->division_code;
  absl::StatusOr<store::CasePage> page = desk_->List(*caller, query);
  if (!page.ok()) return ToGrpcStatus(page.status());
  convert::ToProto(*area, *page, response);
  return grpc::Status::OK;
}

grpc::Status CasesService::GetCase(grpc::ServerContext* context,
                                   const baoxue::v1::GetCaseRequest* request,
                                   baoxue::v1::Case* response) {
  absl::StatusOr<core::Caller> caller =
      AuthenticateCall(*context, *authenticator_);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  return ToCase(*caller, desk_->Get(*caller, request->case_id()), response);
}

grpc::Status CasesService::Acknowledge(
    grpc::ServerContext* context, const baoxue::v1::AcknowledgeRequest* request,
    baoxue::v1::Case* response) {
  return ChangeCase(
      context, request->case_id(),
      [&](const core::Caller& caller) {
        return desk_->Acknowledge(caller, request->case_id(), request->note());
      },
      response);
}

grpc::Status CasesService::RecordAction(
    grpc::ServerContext* context,
    const baoxue::v1::RecordActionRequest* request,
    baoxue::v1::Case* response) {
  return ChangeCase(
      context, request->case_id(),
      [&](const core::Caller& caller) -> absl::Status {
        store::CaseRecordFacts facts;
        BAOXUE_ASSIGN_OR_RETURN(
            facts.happened_on,
            core::ParseRecordDay(request->happened_on(), "happened_on"));
        return desk_->RecordAction(caller, request->case_id(),
                                   request->action(), request->note(), facts);
      },
      response);
}

grpc::Status CasesService::Resolve(grpc::ServerContext* context,
                                   const baoxue::v1::ResolveRequest* request,
                                   baoxue::v1::Case* response) {
  return ChangeCase(
      context, request->case_id(),
      [&](const core::Caller& caller) -> absl::Status {
        store::CaseRecordFacts facts;
        BAOXUE_ASSIGN_OR_RETURN(
            facts.returned_on,
            core::ParseRecordDay(request->returned_on(), "returned_on"));
        return desk_->Resolve(caller, request->case_id(), request->outcome(),
                              request->note(), facts);
      },
      response);
}

grpc::Status CasesService::Reopen(grpc::ServerContext* context,
                                  const baoxue::v1::ReopenRequest* request,
                                  baoxue::v1::Case* response) {
  return ChangeCase(
      context, request->case_id(),
      [&](const core::Caller& caller) {
        return desk_->Reopen(caller, request->case_id(), request->note());
      },
      response);
}

grpc::Status CasesService::Assign(grpc::ServerContext* context,
                                  const baoxue::v1::AssignRequest* request,
                                  baoxue::v1::Case* response) {
  return ChangeCase(
      context, request->case_id(),
      [&](const core::Caller& caller) {
        return desk_->Assign(caller, request->case_id(), request->person_id(),
                             request->note());
      },
      response);
}

grpc::Status CasesService::ListAssignees(
    grpc::ServerContext* context,
    const baoxue::v1::ListAssigneesRequest* request,
    baoxue::v1::ListAssigneesResponse* response) {
  absl::StatusOr<core::Caller> caller =
      AuthenticateCall(*context, *authenticator_);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  absl::StatusOr<core::CaseAssignees> assignees =
      desk_->Assignees(*caller, request->case_id());
  if (!assignees.ok()) return ToGrpcStatus(assignees.status());
  convert::ToProto(*assignees, *caller, response);
  return grpc::Status::OK;
}

grpc::Status CasesService::GetLedger(
    grpc::ServerContext* context, const baoxue::v1::GetLedgerRequest* request,
    baoxue::v1::Ledger* response) {
  absl::StatusOr<core::Caller> caller =
      AuthenticateCall(*context, *authenticator_);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  absl::StatusOr<std::optional<absl::CivilDay>> from =
      ParseDateField(request->from_date(), "from_date");
  if (!from.ok()) return ToGrpcStatus(from.status());
  absl::StatusOr<std::optional<absl::CivilDay>> to =
      ParseDateField(request->to_date(), "to_date");
  if (!to.ok()) return ToGrpcStatus(to.status());
  absl::StatusOr<store::Area> area =
      desk_->AreaOf(*caller, request->area_code());
  if (!area.ok()) return ToGrpcStatus(area.status());
  absl::StatusOr<store::Ledger> ledger =
      desk_->Ledger(*caller, area->division_code, *from, *to);
  if (!ledger.ok()) return ToGrpcStatus(ledger.status());
  convert::ToProto(*area, *ledger, response);
  return grpc::Status::OK;
}

grpc::Status CasesService::WatchCases(
    grpc::ServerContext* context, const baoxue::v1::WatchCasesRequest* request,
    grpc::ServerWriter<baoxue::v1::CaseEvent>* writer) {
  absl::StatusOr<core::Caller> caller =
      AuthenticateCall(*context, *authenticator_);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  // Each open stream holds a server thread: a few per caller, no more.
  absl::StatusOr<core::StreamQuota::Slot> slot =
      watch_quota_.Acquire(caller->Describe());
  if (!slot.ok()) return ToGrpcStatus(slot.status());
  absl::StatusOr<std::string> prefix =
      desk_->WatchPrefix(*caller, request->area_code());
  if (!prefix.ok()) return ToGrpcStatus(prefix.status());
  int64_t cursor = request->after_event_id();
  if (cursor == 0) {
    absl::StatusOr<int64_t> latest = desk_->LatestEventId();
    if (!latest.ok()) return ToGrpcStatus(latest.status());
    cursor = *latest;
  }
  // Events up to where the watch starts count as already seen.
  const int64_t floor = cursor;
  std::set<int64_t> sent;  // ids above cursor - kWatchLookback already sent
  while (!context->IsCancelled()) {
    int64_t from = std::max(floor, cursor - kWatchLookback);
    while (true) {
      absl::StatusOr<std::vector<store::CaseEvent>> events =
          desk_->EventsAfter(*prefix, from, kWatchBatch);
      if (!events.ok()) return ToGrpcStatus(events.status());
      for (const store::CaseEvent& event : *events) {
        from = event.event_id;
        if (!sent.insert(event.event_id).second) continue;
        baoxue::v1::CaseEvent out;
        convert::ToProto(event, &out);
        if (!writer->Write(out)) return grpc::Status::OK;  // client went away
        cursor = std::max(cursor, event.event_id);
      }
      if (static_cast<int>(events->size()) < kWatchBatch) break;
    }
    sent.erase(sent.begin(), sent.lower_bound(cursor - kWatchLookback));
    if (stop_watches_.WaitForNotificationWithTimeout(watch_poll_)) break;
    // A long-lived stream checks its token again at every poll: revoked or
    // expired, the stream ends UNAUTHENTICATED.
    absl::StatusOr<core::Caller> still =
        AuthenticateCall(*context, *authenticator_);
    if (!still.ok()) return ToGrpcStatus(still.status());
  }
  return grpc::Status::OK;
}

}  // namespace baoxue::rpc
