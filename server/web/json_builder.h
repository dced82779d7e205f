#ifndef BAOXUE_SERVER_WEB_JSON_BUILDER_H_
#define BAOXUE_SERVER_WEB_JSON_BUILDER_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace google::protobuf {
class Value;
}  // namespace google::protobuf

namespace baoxue::web {

// Builds one JSON response as a google::protobuf::Value tree and prints it
// with protobuf's JSON printer, so escaping (quotes, control characters,
// '<' and '>' as \u003c/\u003e) and number formatting are protobuf's. The
// caller keeps Begin/End balanced and gives every object member a Key().
// Not thread-safe (one per response).
class JsonBuilder {
 public:
  JsonBuilder();
  ~JsonBuilder();
  JsonBuilder(const JsonBuilder&) = delete;
  JsonBuilder& operator=(const JsonBuilder&) = delete;

  JsonBuilder& BeginObject();
  JsonBuilder& EndObject();
  JsonBuilder& BeginArray();
  JsonBuilder& EndArray();
  // Names the next value of the open object. A repeated key replaces.
  JsonBuilder& Key(absl::string_view key);
  // Invalid UTF-8 bytes are dropped (protobuf's printer does it).
  JsonBuilder& String(absl::string_view value);
  // Shortest text that reads back as the same double; non-finite -> null.
  JsonBuilder& Number(double value);
  // A JSON number: exact and without a fraction for |value| < 10^15 (ids and
  // counts); beyond that protobuf may print an exponent ("1e+15").
  JsonBuilder& Int(int64_t value);
  JsonBuilder& Bool(bool value);
  JsonBuilder& Null();
  // RFC 3339 in county time ("2026-11-20T09:30:00+08:00"), or null.
  JsonBuilder& Time(std::optional<absl::Time> value);
  JsonBuilder& Day(std::optional<absl::CivilDay> value);  // "YYYY-MM-DD"

  // The document as compact JSON. Object keys come out sorted (a Struct is a
  // map, printed in key order), so the same data always prints the same.
  std::string str() const;
  // The same, indented for people to read and diff (e.g. docs/openapi.json).
  std::string indented() const;

 private:
  // Where the next value goes: the root, a new array element or the member
  // named by the pending Key().
  google::protobuf::Value& NextValue();

  std::unique_ptr<google::protobuf::Value> root_;
  // The containers being filled, innermost last. Protobuf keeps map and
  // repeated-field elements at stable addresses while they grow.
  std::vector<google::protobuf::Value*> open_;
  std::string key_;
};

}  // namespace baoxue::web

#endif  // BAOXUE_SERVER_WEB_JSON_BUILDER_H_
