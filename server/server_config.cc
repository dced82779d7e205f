#include "server/server_config.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"
#include "server/connections.h"
#include "server/core/auth_config.h"
#include "server/core/case_rules.h"
#include "server/core/checks/check_rules.h"
#include "server/core/input_checks.h"
#include "server/core/risk_run_config.h"
#include "server/notify/notify_config.h"
#include "server/transport.h"

namespace baoxue {
namespace {

// Collects the first text-format parse error with its position.
class ParseErrors : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, int column, const std::string& message) override {
    if (first_.empty()) {
      first_ = absl::StrCat("line ", line + 1, ", column ", column + 1, ": ",
                            message);
    }
  }
  const std::string& first() const { return first_; }

 private:
  std::string first_;
};

}  // namespace

absl::StatusOr<baoxue::v1::ServerConfig> LoadServerConfig(
    const std::string& path) {
  if (path.empty()) return baoxue::v1::ServerConfig();
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream text;
  text << in.rdbuf();
  return ParseServerConfig(text.str(), path);
}

absl::StatusOr<baoxue::v1::ServerConfig> ParseServerConfig(
    absl::string_view text, absl::string_view source) {
  baoxue::v1::ServerConfig config;
  google::protobuf::TextFormat::Parser parser;
  ParseErrors errors;
  parser.RecordErrorsTo(&errors);
  if (!parser.ParseFromString(std::string(text), &config)) {
    return absl::InvalidArgumentError(
        absl::StrCat("config ", source, ": ", errors.first()));
  }
  return config;
}

namespace {

// Defaults of ServerConfig.operation; INVALID_ARGUMENT for a negative value.
absl::Status ApplyOperationDefaults(baoxue::v1::OperationConfig& operation) {
  if (!operation.has_resume_interrupted_runs()) {
    operation.set_resume_interrupted_runs(true);
  }
  if (operation.resume_poll_seconds() == 0) {
    operation.set_resume_poll_seconds(30);
  }
  if (operation.health_check_seconds() == 0) {
    operation.set_health_check_seconds(2);
  }
  if (operation.drain_delay_seconds() == 0) {
    operation.set_drain_delay_seconds(5);
  }
  for (const auto& [value, name] :
       {std::pair{operation.resume_poll_seconds(),
                  "operation.resume_poll_seconds"},
        std::pair{operation.health_check_seconds(),
                  "operation.health_check_seconds"},
        std::pair{operation.drain_delay_seconds(),
                  "operation.drain_delay_seconds"}}) {
    if (value < 0) {
      return absl::InvalidArgumentError(absl::StrCat(name, " must be > 0"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ApplyLimitsDefaults(baoxue::v1::LimitsConfig& limits) {
  if (limits.data_start_date().empty()) {
    limits.set_data_start_date(
        absl::FormatCivilTime(core::kDefaultDataStartFloor));
  }
  absl::CivilDay day;
  if (!absl::ParseCivilTime(limits.data_start_date(), &day)) {
    return absl::InvalidArgumentError(
        "limits.data_start_date: a date YYYY-MM-DD");
  }
  const auto default_to = [](int32_t value, int32_t fallback) {
    return value == 0 ? fallback : value;
  };
  limits.set_statement_timeout_seconds(
      default_to(limits.statement_timeout_seconds(), 30));
  limits.set_database_wait_seconds(
      default_to(limits.database_wait_seconds(), 5));
  limits.set_grpc_max_threads(default_to(limits.grpc_max_threads(), 64));
  limits.set_watch_streams_per_caller(
      default_to(limits.watch_streams_per_caller(), 4));
  limits.set_http_read_timeout_seconds(
      default_to(limits.http_read_timeout_seconds(), 5));
  limits.set_http_keep_alive_seconds(
      default_to(limits.http_keep_alive_seconds(), 2));
  limits.set_http_keep_alive_requests(
      default_to(limits.http_keep_alive_requests(), 20));
  for (const auto& [value, name] :
       {std::pair{limits.statement_timeout_seconds(),
                  "limits.statement_timeout_seconds"},
        std::pair{limits.database_wait_seconds(),
                  "limits.database_wait_seconds"},
        std::pair{limits.grpc_max_threads(), "limits.grpc_max_threads"},
        std::pair{limits.watch_streams_per_caller(),
                  "limits.watch_streams_per_caller"},
        std::pair{limits.http_read_timeout_seconds(),
                  "limits.http_read_timeout_seconds"},
        std::pair{limits.http_keep_alive_seconds(),
                  "limits.http_keep_alive_seconds"},
        std::pair{limits.http_keep_alive_requests(),
                  "limits.http_keep_alive_requests"}}) {
    if (value < 0) {
      return absl::InvalidArgumentError(absl::StrCat(name, " must be > 0"));
    }
  }
  return absl::OkStatus();
}

absl::Status ApplyAuditDefaults(baoxue::v1::AuditConfig& audit) {
  if (audit.retention_days() == 0) audit.set_retention_days(180);
  if (audit.retention_days() < 180) {
    return absl::InvalidArgumentError(
        "audit.retention_days: at least 180 (six months)");
  }
  return absl::OkStatus();
}

absl::Status ApplyDefaults(baoxue::v1::ServerConfig& config) {
  if (config.listen_address().empty()) {
    config.set_listen_address("127.0.0.1:50151");
  }
  if (config.database_url().empty()) {
    const char* env = std::getenv("BAOXUE_DATABASE_URL");
    config.set_database_url(
        env != nullptr && *env != '\0' ? env : kDefaultDatabaseUrl);
  }
  if (config.database_pool_size() == 0) config.set_database_pool_size(8);
  if (config.max_batch_size() == 0) config.set_max_batch_size(1000);
  if (config.max_area_students() == 0) config.set_max_area_students(200000);
  if (config.default_max_reasons() == 0) config.set_default_max_reasons(3);
  if (config.model_poll_seconds() == 0) config.set_model_poll_seconds(5);
  if (config.token_cache_seconds() == 0) config.set_token_cache_seconds(30);
  if (config.shutdown_grace_seconds() == 0) {
    config.set_shutdown_grace_seconds(20);
  }
  if (config.http_listen_address().empty()) {
    config.set_http_listen_address("127.0.0.1:50180");
  }
  if (config.web_root().empty()) config.set_web_root(kDefaultWebRoot);
  if (config.session_idle_minutes() == 0) config.set_session_idle_minutes(480);
  if (config.session_absolute_hours() == 0) {
    config.set_session_absolute_hours(24);
  }
  if (config.http_threads() == 0) config.set_http_threads(32);
  for (const auto& [value, name] :
       {std::pair{config.database_pool_size(), "database_pool_size"},
        std::pair{config.max_batch_size(), "max_batch_size"},
        std::pair{config.max_area_students(), "max_area_students"},
        std::pair{config.default_max_reasons(), "default_max_reasons"},
        std::pair{config.model_poll_seconds(), "model_poll_seconds"},
        std::pair{config.token_cache_seconds(), "token_cache_seconds"},
        std::pair{config.shutdown_grace_seconds(), "shutdown_grace_seconds"},
        std::pair{config.session_idle_minutes(), "session_idle_minutes"},
        std::pair{config.session_absolute_hours(), "session_absolute_hours"},
        std::pair{config.http_threads(), "http_threads"}}) {
    if (value < 0) {
      return absl::InvalidArgumentError(absl::StrCat(name, " must be > 0"));
    }
  }
  if (!config.has_migrate_on_start()) config.set_migrate_on_start(true);
  BAOXUE_RETURN_IF_ERROR(ApplyOperationDefaults(*config.mutable_operation()));
  BAOXUE_RETURN_IF_ERROR(ApplyLimitsDefaults(*config.mutable_limits()));
  BAOXUE_RETURN_IF_ERROR(ApplyAuditDefaults(*config.mutable_audit()));
  BAOXUE_RETURN_IF_ERROR(ApplyTlsDefaults(*config.mutable_tls()));
  BAOXUE_RETURN_IF_ERROR(
      ApplyConnectionDefaults(*config.mutable_connections()));
  BAOXUE_RETURN_IF_ERROR(ApplyReadReplicaDefaults(
      *config.mutable_read_replica(), config.database_pool_size()));
  BAOXUE_RETURN_IF_ERROR(core::ApplyAuthDefaults(*config.mutable_auth()));
  BAOXUE_RETURN_IF_ERROR(core::ApplyCaseDefaults(*config.mutable_cases()));
  BAOXUE_RETURN_IF_ERROR(
      core::checks::ApplyCheckDefaults(*config.mutable_checks()));
  BAOXUE_RETURN_IF_ERROR(
      core::ApplyRiskRunDefaults(*config.mutable_risk_runs()));
  BAOXUE_RETURN_IF_ERROR(
      core::ApplyFeatureSnapshotDefaults(*config.mutable_feature_snapshots()));
  return notify::ApplyNotifyDefaults(*config.mutable_notify());
}

}  // namespace baoxue
