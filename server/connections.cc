#include "server/connections.h"

#include "absl/strings/str_cat.h"
#include "grpc/grpc.h"

namespace baoxue {
namespace {

constexpr int kKeepaliveTimeoutMs = 20'000;
constexpr int kMinKeepaliveSeconds = 10;
// A week: well within the int milliseconds gRPC takes.
constexpr int kMaxSeconds = 7 * 24 * 3600;

absl::Status InRange(int value, const char* field) {
  if (value < 0 || value > kMaxSeconds) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, " must be between 0 and ", kMaxSeconds,
                     " seconds, got ", value));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ApplyConnectionDefaults(
    baoxue::v1::ConnectionConfig& connections) {
  for (const auto& [value, field] :
       {std::pair<int, const char*>{connections.keepalive_seconds(),
                                    "connections.keepalive_seconds"},
        {connections.max_connection_age_seconds(),
         "connections.max_connection_age_seconds"},
        {connections.max_connection_age_grace_seconds(),
         "connections.max_connection_age_grace_seconds"}}) {
    if (absl::Status status = InRange(value, field); !status.ok()) {
      return status;
    }
  }
  if (connections.keepalive_seconds() == 0) {
    connections.set_keepalive_seconds(60);
  }
  if (connections.keepalive_seconds() < kMinKeepaliveSeconds) {
    return absl::InvalidArgumentError(absl::StrCat(
        "connections.keepalive_seconds must be at least ", kMinKeepaliveSeconds,
        ", got ", connections.keepalive_seconds()));
  }
  if (connections.max_connection_age_grace_seconds() == 0) {
    connections.set_max_connection_age_grace_seconds(30);
  }
  return absl::OkStatus();
}

std::vector<std::pair<std::string, int>> ConnectionChannelArgs(
    const baoxue::v1::ConnectionConfig& connections) {
  std::vector<std::pair<std::string, int>> args = {
      {GRPC_ARG_KEEPALIVE_TIME_MS, connections.keepalive_seconds() * 1000},
      {GRPC_ARG_KEEPALIVE_TIMEOUT_MS, kKeepaliveTimeoutMs},
      // Clients may ping as often as the server does.
      {GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS,
       kMinKeepaliveSeconds * 1000},
  };
  if (connections.max_connection_age_seconds() > 0) {
    args.push_back({GRPC_ARG_MAX_CONNECTION_AGE_MS,
                    connections.max_connection_age_seconds() * 1000});
    args.push_back({GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS,
                    connections.max_connection_age_grace_seconds() * 1000});
  }
  return args;
}

absl::Status ApplyReadReplicaDefaults(baoxue::v1::ReadReplicaConfig& replica,
                                      int database_pool_size) {
  if (replica.read_database_url().empty()) return absl::OkStatus();
  for (const auto& [value, field] :
       {std::pair<int, const char*>{replica.max_lag_seconds(),
                                    "read_replica.max_lag_seconds"},
        {replica.own_writes_seconds(), "read_replica.own_writes_seconds"},
        {replica.pool_size(), "read_replica.pool_size"},
        {replica.lag_poll_seconds(), "read_replica.lag_poll_seconds"}}) {
    if (absl::Status status = InRange(value, field); !status.ok()) {
      return status;
    }
  }
  if (replica.max_lag_seconds() == 0) replica.set_max_lag_seconds(5);
  if (replica.own_writes_seconds() == 0) replica.set_own_writes_seconds(10);
  if (replica.pool_size() == 0) replica.set_pool_size(database_pool_size);
  if (replica.lag_poll_seconds() == 0) replica.set_lag_poll_seconds(1);
  if (replica.max_lag_seconds() < replica.lag_poll_seconds()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "read_replica.max_lag_seconds (", replica.max_lag_seconds(),
        ") must be at least read_replica.lag_poll_seconds (",
        replica.lag_poll_seconds(), ")"));
  }
  return absl::OkStatus();
}

}  // namespace baoxue
