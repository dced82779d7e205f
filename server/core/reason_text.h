#ifndef BAOXUE_SERVER_CORE_REASON_TEXT_H_
#define BAOXUE_SERVER_CORE_REASON_TEXT_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "baoxue/v1/model.pb.h"

namespace baoxue::core {

// A risk factor in plain words, and the measures that fit it (DOMAIN.md).
struct ReasonText {
  std::string zh;
  std::string en;
  std::vector<std::string> measures;  // "中文 (English)"
};

// Words for catalogue feature `feature` with the student's raw `value`,
// e.g. absence_rate_30d 0.3 -> "absent 9 of the last 30 school days".
// Unknown names get a generic text. Thread-safe (pure).
ReasonText DescribeReason(absl::string_view feature, double value);

// Words from a feature set's definition: its zh/en with "{value}" replaced
// by the value (at most 4 significant digits) and its measures; a side it
// leaves empty falls back to DescribeReason's. Thread-safe (pure).
ReasonText DescribeReason(const baoxue::v1::FeatureDefinition& feature,
                          double value);

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_REASON_TEXT_H_
