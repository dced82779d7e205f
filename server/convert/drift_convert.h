#ifndef BAOXUE_SERVER_CONVERT_DRIFT_CONVERT_H_
#define BAOXUE_SERVER_CONVERT_DRIFT_CONVERT_H_

#include "baoxue/v1/models.pb.h"
#include "server/core/drift_monitor.h"

namespace baoxue::convert {

// A drift report as Models.GetDrift answers it (also the web page's
// /api/model-drift and the drift part of Models.Get): the score's rows are
// named "score", each figure carries its level under `settings`.
void ToProto(const core::DriftReport& report,
             const core::DriftSettings& settings,
             baoxue::v1::GetDriftResponse* out);

}  // namespace baoxue::convert

#endif  // BAOXUE_SERVER_CONVERT_DRIFT_CONVERT_H_
