#include "server/rpc/proto_convert.h"

namespace baoxue::rpc {

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

void ToProto(const core::Reason& reason, baoxue::v1::Reason* out) {
  out->set_feature(reason.feature);
  out->set_value(reason.value);
  out->set_contribution(reason.contribution);
  out->set_text_zh(reason.text.zh);
  out->set_text_en(reason.text.en);
  for (const std::string& m : reason.text.measures) out->add_measures(m);
}

void ToProto(const core::RiskScore& score, baoxue::v1::RiskScore* out) {
  out->set_probability(score.probability);
  out->set_tier(ToProto(score.tier));
  out->set_model_version(score.model_version);
  out->set_as_of_date(absl::FormatCivilTime(score.as_of));
  for (const core::Reason& reason : score.reasons) {
    ToProto(reason, out->add_reasons());
  }
  for (const std::string& name : score.missing_features) {
    out->add_missing_features(name);
  }
}

}  // namespace baoxue::rpc
