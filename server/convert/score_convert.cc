#include "server/convert/score_convert.h"

#include "domain/county_time.h"
#include "domain/vocabulary.h"

namespace baoxue::convert {

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

baoxue::v1::RiskTier TierToProto(domain::RiskTier tier) {
  switch (tier) {
    case domain::RiskTier::kHigh:
      return baoxue::v1::RISK_TIER_HIGH;
    case domain::RiskTier::kMedium:
      return baoxue::v1::RISK_TIER_MEDIUM;
    case domain::RiskTier::kLow:
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
  out->set_as_of_date(domain::FormatDay(score.as_of));
  for (const core::Reason& reason : score.reasons) {
    ToProto(reason, out->add_reasons());
  }
  for (const std::string& name : score.missing_features) {
    out->add_missing_features(name);
  }
}

void ToProto(const core::PackedRiskScores& scores,
             baoxue::v1::PackedScores* out) {
  out->set_model_version(scores.model_version);
  out->set_as_of_date(domain::FormatDay(scores.as_of));
  out->mutable_probabilities()->Add(
      scores.probabilities.data(),
      scores.probabilities.data() + scores.probabilities.size());
  out->mutable_tiers()->Reserve(static_cast<int>(scores.tiers.size()));
  for (model::RiskModel::Tier tier : scores.tiers) {
    out->add_tiers(ToProto(tier));
  }
  out->mutable_reason_offsets()->Add(scores.reason_offsets.begin(),
                                     scores.reason_offsets.end());
  out->mutable_reason_features()->Add(scores.reason_features.begin(),
                                      scores.reason_features.end());
  out->mutable_reason_contributions()->Add(scores.reason_contributions.begin(),
                                           scores.reason_contributions.end());
}

}  // namespace baoxue::convert
