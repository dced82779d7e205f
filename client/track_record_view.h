#ifndef BAOXUE_CLIENT_TRACK_RECORD_VIEW_H_
#define BAOXUE_CLIENT_TRACK_RECORD_VIEW_H_

#include <ostream>

#include "baoxue/v1/models.pb.h"
#include "client/words.h"

namespace baoxue::client {

// `model track-record` in the one language of `words`: per run, its
// realised precision and recall overall, by tier and by township, and its
// cases by measure; a run not yet due is one line with its due date.
// Pure.
void PrintTrackRecord(const baoxue::v1::GetTrackRecordResponse& response,
                      Words words, std::ostream& out);

}  // namespace baoxue::client

#endif  // BAOXUE_CLIENT_TRACK_RECORD_VIEW_H_
