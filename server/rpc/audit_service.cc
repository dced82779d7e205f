#include "server/rpc/audit_service.h"

#include <string>

#include "domain/county_time.h"
#include "server/core/input_checks.h"
#include "server/rpc/call_context.h"
#include "server/rpc/grpc_status.h"

namespace baoxue::rpc {
namespace {

// An RFC 3339 bound as microseconds since 1970; nullopt when empty.
absl::StatusOr<std::optional<int64_t>> TimeBound(const std::string& text,
                                                 const char* field) {
  if (text.empty()) return std::nullopt;
  absl::Time time;
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, text, &time, &error)) {
    return absl::InvalidArgumentError(
        absl::StrCat(field,
                     ": an RFC 3339 time such as "
                     "2026-12-01T08:00:00+08:00, got '",
                     core::ForError(text), "'"));
  }
  return absl::ToUnixMicros(time);
}

}  // namespace

grpc::Status AuditService::Verify(grpc::ServerContext* context,
                                  const baoxue::v1::VerifyAuditRequest*,
                                  baoxue::v1::AuditVerification* response) {
  absl::StatusOr<core::Caller> caller =
      AuthenticateCall(*context, *authenticator_);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  absl::StatusOr<core::AuditVerification> result = trail_->Verify(*caller);
  if (!result.ok()) return ToGrpcStatus(result.status());
  response->set_intact(result->intact);
  response->set_rows_checked(result->rows_checked);
  response->set_first_bad_audit_id(result->first_bad_audit_id);
  response->set_problem(result->problem);
  response->set_anchor_audit_id(result->anchor_audit_id);
  return grpc::Status::OK;
}

grpc::Status AuditService::Query(grpc::ServerContext* context,
                                 const baoxue::v1::QueryAuditRequest* request,
                                 baoxue::v1::QueryAuditResponse* response) {
  absl::StatusOr<core::Caller> caller =
      AuthenticateCall(*context, *authenticator_);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  store::AuditQuery query;
  if (request->student_id() != 0) query.student_id = request->student_id();
  query.caller = request->caller();
  query.limit = request->limit();
  absl::StatusOr<std::optional<int64_t>> from =
      TimeBound(request->from_time(), "from_time");
  if (!from.ok()) return ToGrpcStatus(from.status());
  absl::StatusOr<std::optional<int64_t>> to =
      TimeBound(request->to_time(), "to_time");
  if (!to.ok()) return ToGrpcStatus(to.status());
  query.from_us = *from;
  query.to_us = *to;
  absl::StatusOr<std::vector<store::AuditRow>> rows =
      trail_->Query(*caller, query);
  if (!rows.ok()) return ToGrpcStatus(rows.status());
  for (const store::AuditRow& row : *rows) {
    baoxue::v1::AuditRow* out = response->add_rows();
    out->set_audit_id(row.audit_id);
    out->set_at(
        domain::FormatCountyTime(absl::FromUnixMicros(row.event.at_us)));
    out->set_caller(row.event.caller);
    out->set_role(row.event.role);
    out->set_caller_area(row.event.caller_area);
    out->set_action(row.event.action);
    for (int64_t id : row.event.student_ids) out->add_student_ids(id);
    out->set_target(row.event.target);
    out->set_count(row.event.count);
    out->set_peer(row.event.peer);
    out->set_result(row.event.result);
  }
  return grpc::Status::OK;
}

grpc::Status AuditService::Prune(grpc::ServerContext* context,
                                 const baoxue::v1::PruneAuditRequest*,
                                 baoxue::v1::PruneAuditResponse* response) {
  absl::StatusOr<core::Caller> caller =
      AuthenticateCall(*context, *authenticator_);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  absl::StatusOr<int64_t> pruned = trail_->Prune(*caller);
  if (!pruned.ok()) return ToGrpcStatus(pruned.status());
  response->set_pruned(*pruned);
  return grpc::Status::OK;
}

}  // namespace baoxue::rpc
