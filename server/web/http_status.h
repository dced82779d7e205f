#ifndef BAOXUE_SERVER_WEB_HTTP_STATUS_H_
#define BAOXUE_SERVER_WEB_HTTP_STATUS_H_

#include <string>

#include "absl/status/status.h"

namespace baoxue::web {

// The only place an absl::Status becomes an HTTP status:
// INVALID_ARGUMENT/OUT_OF_RANGE 400, UNAUTHENTICATED 401, PERMISSION_DENIED
// 403, NOT_FOUND 404, FAILED_PRECONDITION/ABORTED/ALREADY_EXISTS 409,
// RESOURCE_EXHAUSTED 429, UNAVAILABLE 503, DEADLINE_EXCEEDED 504, else 500.
int HttpStatusOf(absl::StatusCode code);

// {"error":{"code":"PERMISSION_DENIED","message":"..."}}; INTERNAL and
// UNKNOWN errors carry a generic message (details stay in the log).
std::string ErrorJson(const absl::Status& status);

}  // namespace baoxue::web

#endif  // BAOXUE_SERVER_WEB_HTTP_STATUS_H_
