#include "server/web/json_writer.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"

namespace baoxue::web {

void AppendJsonString(std::string& out, absl::string_view value) {
  out += '"';
  for (const char c : value) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '<':  // safe to embed in HTML <script>
        out += "\\u003c";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += absl::StrFormat("\\u%04x", static_cast<int>(c));
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

void JsonWriter::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_.empty()) {
    if (!first_.back()) out_ += ',';
    first_.back() = false;
  }
}

JsonWriter& JsonWriter::BeginObject() {
  BeforeValue();
  out_ += '{';
  first_.push_back(true);
  return *this;
}
JsonWriter& JsonWriter::EndObject() {
  out_ += '}';
  first_.pop_back();
  return *this;
}
JsonWriter& JsonWriter::BeginArray() {
  BeforeValue();
  out_ += '[';
  first_.push_back(true);
  return *this;
}
JsonWriter& JsonWriter::EndArray() {
  out_ += ']';
  first_.pop_back();
  return *this;
}
JsonWriter& JsonWriter::Key(absl::string_view key) {
  BeforeValue();
  AppendJsonString(out_, key);
  out_ += ':';
  after_key_ = true;
  return *this;
}
JsonWriter& JsonWriter::String(absl::string_view value) {
  BeforeValue();
  AppendJsonString(out_, value);
  return *this;
}
JsonWriter& JsonWriter::Number(double value) {
  if (!std::isfinite(value)) return Null();
  BeforeValue();
  out_ += absl::StrFormat("%.6g", value);
  return *this;
}
JsonWriter& JsonWriter::Int(int64_t value) {
  BeforeValue();
  absl::StrAppend(&out_, value);
  return *this;
}
JsonWriter& JsonWriter::Bool(bool value) {
  BeforeValue();
  out_ += value ? "true" : "false";
  return *this;
}
JsonWriter& JsonWriter::Null() {
  BeforeValue();
  out_ += "null";
  return *this;
}
JsonWriter& JsonWriter::Time(std::optional<absl::Time> value) {
  if (!value.has_value()) return Null();
  return String(
      absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", *value, absl::UTCTimeZone()));
}
JsonWriter& JsonWriter::Day(std::optional<absl::CivilDay> value) {
  if (!value.has_value()) return Null();
  return String(absl::FormatCivilTime(*value));
}

absl::StatusOr<std::map<std::string, std::string>> ParseJsonObject(
    absl::string_view body) {
  std::map<std::string, std::string> fields;
  if (body.find_first_not_of(" \t\r\n") == absl::string_view::npos) {
    return fields;  // an empty body is an empty object
  }
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
        fields[key] = absl::StrCat(value.number_value());
        break;
      case google::protobuf::Value::kBoolValue:
        fields[key] = value.bool_value() ? "true" : "false";
        break;
      default:
        break;
    }
  }
  return fields;
}

}  // namespace baoxue::web
