#ifndef BAOXUE_SERVER_CORE_RISK_SCORE_H_
#define BAOXUE_SERVER_CORE_RISK_SCORE_H_

#include <string>
#include <vector>

#include "Eigen/Core"
#include "absl/time/civil_time.h"
#include "model/logistic_model.h"
#include "server/core/reason_text.h"

namespace baoxue::core {

// One factor raising a student's risk.
struct Reason {
  std::string feature;
  double value = 0;         // raw value
  double contribution = 0;  // log-odds relative to the average student
  ReasonText text;
};

// A scored student or feature row, explained.
struct RiskScore {
  double probability = 0;
  model::RiskModel::Tier tier = model::RiskModel::Tier::kLow;
  std::string model_version;
  absl::CivilDay as_of;
  std::vector<Reason> reasons;                // largest contribution first
  std::vector<std::string> missing_features;  // imputed as the average
};

// Scores of many feature rows in columnar form: no strings per row.
struct PackedRiskScores {
  std::string model_version;
  absl::CivilDay as_of;
  Eigen::VectorXd probabilities;
  std::vector<model::RiskModel::Tier> tiers;
  // Row r's reasons (top first) are entries reason_offsets[r] ..
  // reason_offsets[r + 1] - 1 of the two arrays below; rows + 1 offsets.
  std::vector<int> reason_offsets;
  std::vector<int> reason_features;  // catalogue index
  std::vector<double> reason_contributions;
};

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_RISK_SCORE_H_
