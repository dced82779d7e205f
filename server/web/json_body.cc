#include "server/web/json_body.h"

#include "absl/strings/ascii.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"

namespace baoxue::web {
namespace {

// A number as protobuf's JSON printer writes it ("3", "0.5", "1e+300").
std::string NumberText(const google::protobuf::Value& number) {
  std::string text;
  // Cannot fail: the parser refuses numbers beyond double, so all are finite.
  (void)google::protobuf::util::MessageToJsonString(number, &text);
  return text;
}

}  // namespace

absl::StatusOr<std::map<std::string, std::string>> ParseJsonObject(
    absl::string_view body) {
  std::map<std::string, std::string> fields;
  if (absl::StripAsciiWhitespace(body).empty()) return fields;
  google::protobuf::Struct parsed;
  if (!google::protobuf::util::JsonStringToMessage(
           google::protobuf::StringPiece(body.data(), body.size()), &parsed)
           .ok()) {
    return absl::InvalidArgumentError("body: not a JSON object");
  }
  for (const auto& [key, value] : parsed.fields()) {
    switch (value.kind_case()) {
      case google::protobuf::Value::kStringValue:
        fields[key] = value.string_value();
        break;
      case google::protobuf::Value::kNumberValue:
        fields[key] = NumberText(value);
        break;
      case google::protobuf::Value::kBoolValue:
        fields[key] = value.bool_value() ? "true" : "false";
        break;
      default:
        break;  // null, objects and arrays: no member the API reads
    }
  }
  return fields;
}

}  // namespace baoxue::web
