#include "base/log.h"

#include <atomic>
#include <cstdio>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace baoxue {
namespace {

// The one process-wide log setting: chosen once at startup from the config,
// read by every line (atomic, so a late change is still safe).
std::atomic<LogFormat>& CurrentFormat() {
  static std::atomic<LogFormat> format{LogFormat::kText};
  return format;
}

// `text` as a JSON string body: quotes, backslashes and control characters
// escaped; other bytes (UTF-8 Chinese text) pass as they are.
void AppendJsonEscaped(absl::string_view text, std::string& out) {
  for (const char c : text) {
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
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          absl::StrAppendFormat(&out, "\\u%04x", static_cast<int>(c));
        } else {
          out += c;
        }
    }
  }
}

void Write(absl::string_view level, absl::string_view message,
           absl::string_view request_id) {
  // Formatted first and written with one call so lines from threads don't mix.
  std::string line =
      FormatLogLine(CurrentFormat().load(std::memory_order_relaxed),
                    absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(),
                                     absl::UTCTimeZone()),
                    level, message, request_id);
  line += '\n';
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace

std::string FormatLogLine(LogFormat format, absl::string_view time,
                          absl::string_view level, absl::string_view message,
                          absl::string_view request_id) {
  if (format == LogFormat::kText) {
    std::string line = absl::StrCat(time, " ", level, " ", message);
    if (!request_id.empty())
      absl::StrAppend(&line, " [request_id=", request_id, "]");
    return line;
  }
  std::string line = absl::StrCat("{\"time\":\"", time, "\",\"level\":\"",
                                  level, "\",\"message\":\"");
  AppendJsonEscaped(message, line);
  line += '"';
  if (!request_id.empty()) {
    line += ",\"request_id\":\"";
    AppendJsonEscaped(request_id, line);
    line += '"';
  }
  line += '}';
  return line;
}

void SetLogFormat(LogFormat format) {
  CurrentFormat().store(format, std::memory_order_relaxed);
}

void LogInfo(absl::string_view message) { Write("INFO", message, ""); }
void LogWarning(absl::string_view message) { Write("WARN", message, ""); }
void LogError(absl::string_view message) { Write("ERROR", message, ""); }
void LogInfo(absl::string_view message, absl::string_view request_id) {
  Write("INFO", message, request_id);
}
void LogWarning(absl::string_view message, absl::string_view request_id) {
  Write("WARN", message, request_id);
}
void LogError(absl::string_view message, absl::string_view request_id) {
  Write("ERROR", message, request_id);
}

}  // namespace baoxue
