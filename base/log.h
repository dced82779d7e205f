#ifndef BAOXUE_BASE_LOG_H_
#define BAOXUE_BASE_LOG_H_

#include "absl/strings/string_view.h"

namespace baoxue {

// One line to stderr with a UTC timestamp and severity; journald or the
// service manager collects it. Thread-safe. Never pass personal data,
// tokens or SQL text with parameters here.
void LogInfo(absl::string_view message);
void LogWarning(absl::string_view message);
void LogError(absl::string_view message);

}  // namespace baoxue

#endif  // BAOXUE_BASE_LOG_H_
