#ifndef BAOXUE_SERVER_CONVERT_CHECK_CONVERT_H_
#define BAOXUE_SERVER_CONVERT_CHECK_CONVERT_H_

#include "baoxue/v1/checks.pb.h"
#include "server/core/checks/check_desk.h"
#include "server/store/area.h"
#include "server/store/check_store.h"

namespace baoxue::convert {

// The check's results -> the wire, for the gRPC service and the web alike.
// Counts only: no personal data. Pure functions.
void ToProto(const store::Area& area, const store::CheckReport& report,
             baoxue::v1::CheckReport* out);
void ToProto(const core::checks::CheckOutcome& outcome,
             baoxue::v1::CheckResult* out);

}  // namespace baoxue::convert

#endif  // BAOXUE_SERVER_CONVERT_CHECK_CONVERT_H_
