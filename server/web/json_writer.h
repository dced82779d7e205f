#ifndef BAOXUE_SERVER_WEB_JSON_WRITER_H_
#define BAOXUE_SERVER_WEB_JSON_WRITER_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace baoxue::web {

// Streams compact JSON. Commas are placed automatically; the caller keeps
// Begin/End balanced. Not thread-safe (one per response).
class JsonWriter {
 public:
  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  JsonWriter& Key(absl::string_view key);
  JsonWriter& String(absl::string_view value);
  JsonWriter& Number(double value);  // non-finite -> null
  JsonWriter& Int(int64_t value);
  JsonWriter& Bool(bool value);
  JsonWriter& Null();
  // RFC 3339 UTC ("2026-11-20T01:30:00Z"), or null.
  JsonWriter& Time(std::optional<absl::Time> value);
  JsonWriter& Day(std::optional<absl::CivilDay> value);  // "YYYY-MM-DD"

  const std::string& str() const { return out_; }

 private:
  void BeforeValue();
  std::string out_;
  std::vector<bool> first_;  // per open container: nothing written yet
  bool after_key_ = false;
};

// Appends `value` as a JSON string literal (quotes, escapes) to `out`.
void AppendJsonString(std::string& out, absl::string_view value);

// The string and number members of a JSON object body (numbers as their
// text, booleans as "true"/"false"). INVALID_ARGUMENT "body: ..." unless the
// body is a JSON object.
absl::StatusOr<std::map<std::string, std::string>> ParseJsonObject(
    absl::string_view body);

}  // namespace baoxue::web

#endif  // BAOXUE_SERVER_WEB_JSON_WRITER_H_
