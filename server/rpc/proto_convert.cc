#include "server/rpc/proto_convert.h"

namespace baoxue::rpc {
namespace {

baoxue::v1::RiskTier ToProto(model::RiskModel::Tier tier) {
  switch (tier) {
    case model::RiskModel::Tier::kHigh:
      return baoxue::v1::RISK_TIER_HIGH;
    case model::RiskModel::Tier::kMedium:
      return baoxue::v1::RISK_TIER_MEDIUM;
    case model::RiskModel::Tier::kLow:
      return baoxue::v1::RISK_TIER_LOW;
  }
  return baoxue::v1::RISK_TIER_UNSPECIFIED;
}

}  // namespace

void ToProto(const core::RiskScore& score, baoxue::v1::RiskScore* out) {
  out->set_probability(score.probability);
  out->set_tier(ToProto(score.tier));
  out->set_model_version(score.model_version);
  out->set_as_of_date(absl::FormatCivilTime(score.as_of));
  for (const core::Reason& reason : score.reasons) {
    baoxue::v1::Reason* r = out->add_reasons();
    r->set_feature(reason.feature);
    r->set_value(reason.value);
    r->set_contribution(reason.contribution);
    r->set_text_zh(reason.text.zh);
    r->set_text_en(reason.text.en);
    for (const std::string& m : reason.text.measures) r->add_measures(m);
  }
  for (const std::string& name : score.missing_features) {
    out->add_missing_features(name);
  }
}

}  // namespace baoxue::rpc
