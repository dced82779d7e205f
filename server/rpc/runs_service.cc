#include "server/rpc/runs_service.h"

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "domain/county_time.h"
#include "server/rpc/call_context.h"
#include "server/rpc/grpc_status.h"

namespace baoxue::rpc {
namespace {

baoxue::v1::RunStatus ToProto(store::RunStatus status) {
  switch (status) {
    case store::RunStatus::kRunning:
      return baoxue::v1::RUN_STATUS_RUNNING;
    case store::RunStatus::kSucceeded:
      return baoxue::v1::RUN_STATUS_SUCCEEDED;
    case store::RunStatus::kFailed:
      return baoxue::v1::RUN_STATUS_FAILED;
    case store::RunStatus::kInterrupted:
      return baoxue::v1::RUN_STATUS_INTERRUPTED;
  }
  return baoxue::v1::RUN_STATUS_UNSPECIFIED;
}

baoxue::v1::RunPhase ToProto(core::RunProgress::Phase phase) {
  switch (phase) {
    case core::RunProgress::Phase::kRefreshingFeatures:
      return baoxue::v1::RUN_PHASE_REFRESHING_FEATURES;
    case core::RunProgress::Phase::kScoring:
      return baoxue::v1::RUN_PHASE_SCORING;
    case core::RunProgress::Phase::kOpeningCases:
      return baoxue::v1::RUN_PHASE_OPENING_CASES;
    case core::RunProgress::Phase::kDone:
      return baoxue::v1::RUN_PHASE_DONE;
  }
  return baoxue::v1::RUN_PHASE_UNSPECIFIED;
}

std::string Rfc3339(absl::Time time) { return domain::FormatCountyTime(time); }

}  // namespace

void ToProto(const store::RunRecord& run, baoxue::v1::RiskRun* out) {
  out->set_run_id(run.run_id);
  out->set_area_code(run.area_code);
  out->set_school_id(run.school_id);
  out->set_as_of_date(absl::FormatCivilTime(run.as_of));
  out->set_model_version(run.model_version);
  out->set_status(ToProto(run.status));
  out->set_students_total(run.students_total);
  out->set_students_scored(run.students_scored);
  out->set_students_medium(run.students_medium);
  out->set_students_high(run.students_high);
  out->set_cases_opened(run.cases_opened);
  out->set_error(run.error);
  out->set_started_at(Rfc3339(run.started_at));
  if (run.finished_at.has_value()) {
    out->set_finished_at(Rfc3339(*run.finished_at));
  }
  out->set_requested_by(run.requested_by);
}

grpc::Status RunsService::StartRun(
    grpc::ServerContext* context, const baoxue::v1::StartRunRequest* request,
    grpc::ServerWriter<baoxue::v1::RunProgress>* writer) {
  absl::StatusOr<DatedCall> call =
      StartDatedCall(*context, *authenticator_, request->as_of_date());
  if (!call.ok()) return ToGrpcStatus(call.status());
  core::RunRequest run_request;
  run_request.area_code = request->area_code();
  run_request.school_id = request->school_id();
  run_request.as_of = call->as_of;
  absl::StatusOr<store::RunRecord> run = runner_->Run(
      call->caller, run_request,
      [&](const core::RunProgress& progress) {
        baoxue::v1::RunProgress message;
        message.set_phase(ToProto(progress.phase));
        ToProto(progress.run, message.mutable_run());
        message.set_resumed(progress.resumed);
        message.set_already_done(progress.already_done);
        message.set_features_computed(progress.features_computed);
        message.set_features_total(progress.features_total);
        // A failed write means the client went away; IsCancelled() below
        // then stops the run at the chunk boundary.
        writer->Write(message);
      },
      [context] { return context->IsCancelled(); });
  return ToGrpcStatus(run.status());
}

grpc::Status RunsService::GetRun(grpc::ServerContext* context,
                                 const baoxue::v1::GetRunRequest* request,
                                 baoxue::v1::RiskRun* response) {
  absl::StatusOr<core::Caller> caller =
      AuthenticateCall(*context, *authenticator_);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  absl::StatusOr<store::RunRecord> run =
      runner_->GetRun(*caller, request->run_id());
  if (!run.ok()) return ToGrpcStatus(run.status());
  ToProto(*run, response);
  return grpc::Status::OK;
}

grpc::Status RunsService::ListRuns(grpc::ServerContext* context,
                                   const baoxue::v1::ListRunsRequest* request,
                                   baoxue::v1::ListRunsResponse* response) {
  absl::StatusOr<core::Caller> caller =
      AuthenticateCall(*context, *authenticator_);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  absl::StatusOr<std::vector<store::RunRecord>> runs =
      runner_->ListRuns(*caller, request->limit());
  if (!runs.ok()) return ToGrpcStatus(runs.status());
  for (const store::RunRecord& run : *runs) ToProto(run, response->add_runs());
  return grpc::Status::OK;
}

}  // namespace baoxue::rpc
