#ifndef BAOXUE_SERVER_STORE_OPS_FIGURES_STORE_H_
#define BAOXUE_SERVER_STORE_OPS_FIGURES_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace baoxue::store {

// The waiting messages of one outbox channel.
struct OutboxChannelFigures {
  std::string channel;  // notify.channels[].name
  int64_t pending = 0;  // not delivered yet (includes failing)
  int64_t failing = 0;  // not delivered and the latest attempt failed
  // Age of the oldest message not delivered yet, by the database's clock.
  double oldest_pending_age_seconds = 0;
};

// What the operator watches in the database, read at each metrics scrape.
struct OpsFigures {
  // Only channels with a message not delivered yet, by channel name.
  std::vector<OutboxChannelFigures> outbox;
  // Runs recorded as running that no process executes any longer (nobody
  // holds their advisory lock), or marked interrupted.
  int64_t interrupted_runs = 0;
  // Runs that failed in the last 24 hours.
  int64_t failed_runs_last_day = 0;
  // Age of the newest feature snapshot; none when no snapshot exists.
  std::optional<double> feature_snapshot_age_seconds;
};

// Read-only figures for /metrics (docs/metrics.md). Thread-safe.
class OpsFiguresStore {
 public:
  virtual ~OpsFiguresStore() = default;
  // UNAVAILABLE if the database cannot be reached; INTERNAL otherwise.
  virtual absl::StatusOr<OpsFigures> ReadOpsFigures() = 0;
};

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_OPS_FIGURES_STORE_H_
