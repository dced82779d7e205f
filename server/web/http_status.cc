#include "server/web/http_status.h"

#include "absl/strings/str_cat.h"
#include "server/web/json_builder.h"

namespace baoxue::web {

int HttpStatusOf(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk:
      return 200;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kOutOfRange:
      return 400;
    case absl::StatusCode::kUnauthenticated:
      return 401;
    case absl::StatusCode::kPermissionDenied:
      return 403;
    case absl::StatusCode::kNotFound:
      return 404;
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kAborted:
    case absl::StatusCode::kAlreadyExists:
      return 409;
    case absl::StatusCode::kResourceExhausted:
      return 429;
    case absl::StatusCode::kUnavailable:
      return 503;
    case absl::StatusCode::kDeadlineExceeded:
      return 504;
    default:
      return 500;
  }
}

std::string ErrorJson(const absl::Status& status) {
  const bool internal = HttpStatusOf(status.code()) == 500;
  JsonBuilder json;
  json.BeginObject()
      .Key("error")
      .BeginObject()
      .Key("code")
      .String(absl::StatusCodeToString(status.code()))
      .Key("message")
      .String(internal ? "internal error" : status.message())
      .EndObject()
      .EndObject();
  return json.str();
}

}  // namespace baoxue::web
