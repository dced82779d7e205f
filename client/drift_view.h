#ifndef BAOXUE_CLIENT_DRIFT_VIEW_H_
#define BAOXUE_CLIENT_DRIFT_VIEW_H_

#include <ostream>

#include "baoxue/v1/models.pb.h"
#include "client/words.h"

namespace baoxue::client {

// `baoxue model drift`: what the PSI levels mean, the newest day's figures
// per feature and the score, then PSI by day (newest first, up to a week
// of columns). One language, from `words`.
void PrintDrift(const baoxue::v1::GetDriftResponse& response, Words words,
                std::ostream& out);

}  // namespace baoxue::client

#endif  // BAOXUE_CLIENT_DRIFT_VIEW_H_
