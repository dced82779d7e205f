#ifndef BAOXUE_BASE_LOG_H_
#define BAOXUE_BASE_LOG_H_

#include <string>

#include "absl/strings/string_view.h"

namespace baoxue {

// One line to stderr with a UTC timestamp and severity; journald or the
// service manager collects it. Thread-safe. Never pass personal data,
// tokens or SQL text with parameters here.
void LogInfo(absl::string_view message);
void LogWarning(absl::string_view message);
void LogError(absl::string_view message);

// The same, for a line written while serving one call: it carries the
// call's request id (base/request_id.h), so an operator can find every line
// of the call a user reports.
void LogInfo(absl::string_view message, absl::string_view request_id);
void LogWarning(absl::string_view message, absl::string_view request_id);
void LogError(absl::string_view message, absl::string_view request_id);

enum class LogFormat {
  // 2026-12-03T12:00:00.000Z INFO message [request_id=...]
  kText,
  // {"time":"2026-12-03T12:00:00.000Z","level":"INFO","message":"...",
  //  "request_id":"..."} — one object per line, request_id only when known.
  kJson,
};

// Chooses the format of every later line; kText until called. Call once at
// startup before other threads log (the server does, from config `log`).
void SetLogFormat(LogFormat format);

// One line as written, without the trailing newline (for tests).
std::string FormatLogLine(LogFormat format, absl::string_view time,
                          absl::string_view level, absl::string_view message,
                          absl::string_view request_id);

}  // namespace baoxue

#endif  // BAOXUE_BASE_LOG_H_
