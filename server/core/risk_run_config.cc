#include "server/core/risk_run_config.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "domain/division_code.h"

namespace baoxue::core {

absl::StatusOr<int> ParseLocalTime(absl::string_view text) {
  auto digit = [&](int i) { return text[i] - '0'; };
  if (text.size() == 5 && text[2] == ':' && absl::ascii_isdigit(text[0]) &&
      absl::ascii_isdigit(text[1]) && absl::ascii_isdigit(text[3]) &&
      absl::ascii_isdigit(text[4])) {
    const int hours = digit(0) * 10 + digit(1);
    const int minutes = digit(3) * 10 + digit(4);
    if (hours < 24 && minutes < 60) return hours * 60 + minutes;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("'", text, "' is not a time HH:MM (00:00 to 23:59)"));
}

absl::Status ApplyRiskRunDefaults(baoxue::v1::RiskRunConfig& config) {
  if (config.chunk_size() == 0) config.set_chunk_size(20000);
  if (config.chunk_size() < 0 || config.chunk_size() > 1000000) {
    return absl::InvalidArgumentError(
        absl::StrCat("risk_runs.chunk_size must be between 1 and 1000000, got ",
                     config.chunk_size()));
  }
  for (int i = 0; i < config.scheduled_size(); ++i) {
    const baoxue::v1::ScheduledRun& run = config.scheduled(i);
    const std::string field = absl::StrCat("risk_runs.scheduled[", i, "]");
    const std::string& code = run.area_code();
    const absl::StatusOr<domain::DivisionCode> parsed =
        domain::DivisionCode::ParseFull(code);
    if (!parsed.ok() || parsed->level() == domain::AreaLevel::kVillage) {
      return absl::InvalidArgumentError(
          absl::StrCat(field,
                       ".area_code must be the 12-digit code of a county "
                       "or township, got '",
                       code, "'"));
    }
    absl::StatusOr<int> at = ParseLocalTime(run.at_local_time());
    if (!at.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".at_local_time: ", at.status().message()));
    }
  }
  return absl::OkStatus();
}

absl::Status ApplyFeatureSnapshotDefaults(
    baoxue::v1::FeatureSnapshotConfig& config) {
  if (config.retention_days() == 0) config.set_retention_days(35);
  if (!config.has_max_age_minutes()) config.set_max_age_minutes(60);
  if (config.retention_days() < 1 || config.retention_days() > 3660) {
    return absl::InvalidArgumentError(absl::StrCat(
        "feature_snapshots.retention_days must be between 1 and 3660, got ",
        config.retention_days()));
  }
  if (config.max_age_minutes() < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("feature_snapshots.max_age_minutes must be 0 or more, "
                     "got ",
                     config.max_age_minutes()));
  }
  return absl::OkStatus();
}

}  // namespace baoxue::core
