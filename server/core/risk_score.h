#ifndef BAOXUE_SERVER_CORE_RISK_SCORE_H_
#define BAOXUE_SERVER_CORE_RISK_SCORE_H_

#include <string>
#include <vector>

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

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_RISK_SCORE_H_
