#include "server/rpc/risk_lists_service.h"

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "server/rpc/call_context.h"
#include "server/rpc/grpc_status.h"
#include "server/rpc/proto_convert.h"

namespace baoxue::rpc {
namespace {

constexpr int kDefaultLimit = 500;

absl::StatusOr<std::string> TierName(int tier) {
  switch (tier) {
    case baoxue::v1::RISK_TIER_HIGH:
      return "high";
    case baoxue::v1::RISK_TIER_MEDIUM:
      return "medium";
    case baoxue::v1::RISK_TIER_LOW:
      return "low";
    default:
      return absl::InvalidArgumentError(
          absl::StrCat("tiers: unknown tier ", tier));
  }
}

baoxue::v1::RiskTier TierFromName(const std::string& name) {
  if (name == "high") return baoxue::v1::RISK_TIER_HIGH;
  if (name == "medium") return baoxue::v1::RISK_TIER_MEDIUM;
  if (name == "low") return baoxue::v1::RISK_TIER_LOW;
  return baoxue::v1::RISK_TIER_UNSPECIFIED;
}

void ToProto(const core::ListedStudent& s, baoxue::v1::ListedStudent* out) {
  out->set_student_id(s.student_id);
  out->set_masked_name(s.masked_name);
  out->set_grade(s.grade);
  out->set_school_id(s.school_id);
  out->set_school(s.school);
  out->set_village_code(s.village_code);
  out->set_village(s.village);
  out->set_probability(s.probability);
  out->set_tier(TierFromName(s.tier));
  if (s.previous_probability.has_value()) {
    out->set_has_previous(true);
    out->set_previous_probability(*s.previous_probability);
    out->set_change(s.change.value_or(0));
  }
  out->set_trend(s.trend);
  for (const core::Reason& reason : s.reasons) {
    rpc::ToProto(reason, out->add_reasons());
  }
  if (s.case_id.has_value()) {
    out->set_case_id(*s.case_id);
    out->set_case_status(s.case_status);
    out->set_case_level(s.case_level);
    out->set_case_overdue(s.case_overdue);
  }
}

}  // namespace

absl::StatusOr<core::RiskListQuery> ToRiskListQuery(
    const baoxue::v1::GetRiskListRequest& request) {
  core::RiskListQuery query;
  query.area_code = request.area_code();
  if (request.school_id() < 0) {
    return absl::InvalidArgumentError("school_id: must be positive");
  }
  if (request.school_id() > 0) query.school_id = request.school_id();
  query.village_code = request.village_code();
  for (int tier : request.tiers()) {
    absl::StatusOr<std::string> name = TierName(tier);
    if (!name.ok()) return name.status();
    query.tiers.push_back(*std::move(name));
  }
  if (!request.sort().empty()) query.sort = request.sort();
  switch (request.order()) {
    case baoxue::v1::SORT_ORDER_DEFAULT:
      break;
    case baoxue::v1::SORT_ORDER_ASCENDING:
      query.ascending = true;
      break;
    case baoxue::v1::SORT_ORDER_DESCENDING:
      query.ascending = false;
      break;
    default:
      return absl::InvalidArgumentError(
          absl::StrCat("order: unknown sort order ", request.order()));
  }
  query.limit = request.limit() == 0 ? kDefaultLimit : request.limit();
  return query;
}

void ToProto(const core::RiskListView& view, baoxue::v1::RiskList* out) {
  out->set_area_code(view.area.division_code);
  out->set_area_name(view.area.name);
  if (view.run.has_value()) {
    out->set_run_id(view.run->run_id);
    out->set_as_of_date(absl::FormatCivilTime(view.run->as_of));
    out->set_model_version(view.run->model_version);
    out->set_run_finished_at(absl::FormatTime(
        absl::RFC3339_sec, view.run->finished_at, absl::UTCTimeZone()));
  }
  out->set_hint(view.hint);
  if (view.previous_as_of.has_value()) {
    out->set_previous_as_of_date(absl::FormatCivilTime(*view.previous_as_of));
  }
  out->set_total(view.total);
  for (const core::ListedStudent& student : view.students) {
    ToProto(student, out->add_students());
  }
  for (const auto& [id, name] : view.schools) {
    baoxue::v1::SchoolFacet* school = out->add_schools();
    school->set_school_id(id);
    school->set_name(name);
  }
  for (const auto& [code, name] : view.villages) {
    baoxue::v1::VillageFacet* village = out->add_villages();
    village->set_village_code(code);
    village->set_name(name);
  }
}

grpc::Status RiskListsService::GetRiskList(
    grpc::ServerContext* context, const baoxue::v1::GetRiskListRequest* request,
    baoxue::v1::RiskList* response) {
  absl::StatusOr<core::Caller> caller =
      AuthenticateCall(*context, *authenticator_);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  absl::StatusOr<core::RiskListQuery> query = ToRiskListQuery(*request);
  if (!query.ok()) return ToGrpcStatus(query.status());
  absl::StatusOr<core::RiskListView> view = desk_->List(*caller, *query);
  if (!view.ok()) return ToGrpcStatus(view.status());
  ToProto(*view, response);
  return grpc::Status::OK;
}

}  // namespace baoxue::rpc
