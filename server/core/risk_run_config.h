#ifndef BAOXUE_SERVER_CORE_RISK_RUN_CONFIG_H_
#define BAOXUE_SERVER_CORE_RISK_RUN_CONFIG_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "baoxue/v1/config.pb.h"

namespace baoxue::core {

// Fills the defaults of `config` (chunk_size 20000) and validates it.
// INVALID_ARGUMENT naming the field, e.g. `risk_runs.chunk_size` (1 to
// 1000000), `risk_runs.scheduled[0].area_code` (12-digit county or township
// code), `risk_runs.scheduled[0].at_local_time` ("HH:MM", 00:00 to 23:59).
absl::Status ApplyRiskRunDefaults(baoxue::v1::RiskRunConfig& config);

// Fills the defaults of `config` (retention_days 35, max_age_minutes 60)
// and validates it: INVALID_ARGUMENT naming
// `feature_snapshots.retention_days` (1 to 3660) or
// `feature_snapshots.max_age_minutes` (0 or more).
absl::Status ApplyFeatureSnapshotDefaults(
    baoxue::v1::FeatureSnapshotConfig& config);

// Minutes after local midnight of "HH:MM". INVALID_ARGUMENT otherwise.
absl::StatusOr<int> ParseLocalTime(absl::string_view text);

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_RISK_RUN_CONFIG_H_
