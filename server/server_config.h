#ifndef BAOXUE_SERVER_SERVER_CONFIG_H_
#define BAOXUE_SERVER_SERVER_CONFIG_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "baoxue/v1/config.pb.h"

namespace baoxue {

// The private cluster started by deploy/pg.sh.
// The web bundle deploy/build-web.sh makes in the build tree.
#ifdef BAOXUE_DEFAULT_WEB_ROOT
inline constexpr char kDefaultWebRoot[] = BAOXUE_DEFAULT_WEB_ROOT;
#else
inline constexpr char kDefaultWebRoot[] = "build/web";
#endif
inline constexpr char kDefaultDatabaseUrl[] =
    "postgresql://baoxue@127.0.0.1:54329/baoxue";

// Reads a text-format ServerConfig from `path` (empty path: an empty config).
// NOT_FOUND if the file is missing; INVALID_ARGUMENT if it does not parse
// (the message has the line and column).
absl::StatusOr<baoxue::v1::ServerConfig> LoadServerConfig(
    const std::string& path);

// Parses text-format config `text`; `source` names it in errors.
absl::StatusOr<baoxue::v1::ServerConfig> ParseServerConfig(
    absl::string_view text, absl::string_view source);

// Fills every unset field with its documented default (see config.proto);
// the database URL falls back to $BAOXUE_DATABASE_URL, then the private
// cluster. INVALID_ARGUMENT naming the field for a value out of range.
absl::Status ApplyDefaults(baoxue::v1::ServerConfig& config);

// The parts of ApplyDefaults for `limits` and `audit`.
absl::Status ApplyLimitsDefaults(baoxue::v1::LimitsConfig& limits);
absl::Status ApplyAuditDefaults(baoxue::v1::AuditConfig& audit);

}  // namespace baoxue

#endif  // BAOXUE_SERVER_SERVER_CONFIG_H_
