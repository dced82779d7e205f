#ifndef BAOXUE_SERVER_CONVERT_RISK_LIST_CONVERT_H_
#define BAOXUE_SERVER_CONVERT_RISK_LIST_CONVERT_H_

#include "baoxue/v1/risk_lists.pb.h"
#include "server/core/risk_list.h"

namespace baoxue::convert {

// An official's risk list -> its wire form, for RiskLists.GetRiskList and
// the web page alike (names already masked by core; the run's finish in
// county time). Pure.
void ToProto(const core::RiskListView& view, baoxue::v1::RiskList* out);

}  // namespace baoxue::convert

#endif  // BAOXUE_SERVER_CONVERT_RISK_LIST_CONVERT_H_
