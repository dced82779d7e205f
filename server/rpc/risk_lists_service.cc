#include "server/rpc/risk_lists_service.h"

#include "absl/strings/str_cat.h"
#include "domain/vocabulary.h"
#include "server/convert/risk_list_convert.h"
#include "server/rpc/call_context.h"
#include "server/rpc/grpc_status.h"

namespace baoxue::rpc {
namespace {

constexpr int kDefaultLimit = 500;

absl::StatusOr<std::string> TierName(int tier) {
  switch (tier) {
    case baoxue::v1::RISK_TIER_HIGH:
      return std::string(domain::Code(domain::RiskTier::kHigh));
    case baoxue::v1::RISK_TIER_MEDIUM:
      return std::string(domain::Code(domain::RiskTier::kMedium));
    case baoxue::v1::RISK_TIER_LOW:
      return std::string(domain::Code(domain::RiskTier::kLow));
    default:
      return absl::InvalidArgumentError(
          absl::StrCat("tiers: unknown tier ", tier));
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
  convert::ToProto(*view, response);
  return grpc::Status::OK;
}

}  // namespace baoxue::rpc
