#ifndef BAOXUE_SERVER_WEB_JSON_BODY_H_
#define BAOXUE_SERVER_WEB_JSON_BODY_H_

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace baoxue::web {

// The string, number and boolean members of a JSON object request body,
// read by protobuf's JSON parser into a google::protobuf::Struct. Strings
// as they are; numbers as protobuf prints them ("42", "0.5", no ".0" on
// integers, exact for ids); booleans as "true"/"false"; null, objects and
// arrays are left out. An empty or blank body is an empty object.
// INVALID_ARGUMENT "body: not a JSON object" for anything else (not JSON,
// not an object, invalid UTF-8, a repeated key, a number beyond double);
// the message never quotes the body, which may hold a password. Protobuf's
// parser also takes JavaScript-style single quotes, bare keys and trailing
// commas.
absl::StatusOr<std::map<std::string, std::string>> ParseJsonObject(
    absl::string_view body);

}  // namespace baoxue::web

#endif  // BAOXUE_SERVER_WEB_JSON_BODY_H_
