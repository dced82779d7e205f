#ifndef BAOXUE_SERVER_CONVERT_TRACK_RECORD_CONVERT_H_
#define BAOXUE_SERVER_CONVERT_TRACK_RECORD_CONVERT_H_

#include "baoxue/v1/models.pb.h"
#include "server/core/track_record.h"

namespace baoxue::convert {

// The track record in its wire form (gRPC Models.GetTrackRecord and the web
// page's /api/track-record). Pure.
void ToProto(const core::TrackRecord& record,
             baoxue::v1::GetTrackRecordResponse* out);

}  // namespace baoxue::convert

#endif  // BAOXUE_SERVER_CONVERT_TRACK_RECORD_CONVERT_H_
