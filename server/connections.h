#ifndef BAOXUE_SERVER_CONNECTIONS_H_
#define BAOXUE_SERVER_CONNECTIONS_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "baoxue/v1/config.pb.h"

namespace baoxue {

// Fills the unset fields of `connections` with their defaults (config.proto).
// INVALID_ARGUMENT naming the field for a value below 0 or above a week, or
// a keepalive
// shorter than 10 s (clients refuse pings more often than that).
absl::Status ApplyConnectionDefaults(baoxue::v1::ConnectionConfig& connections);

// The gRPC channel arguments (name, value) that carry `connections` (after
// ApplyConnectionDefaults), for grpc::ServerBuilder::AddChannelArgument.
std::vector<std::pair<std::string, int>> ConnectionChannelArgs(
    const baoxue::v1::ConnectionConfig& connections);

// Fills the unset fields of `replica` (config.proto ReadReplicaConfig);
// pool_size defaults to `database_pool_size`. INVALID_ARGUMENT naming the
// field for a value below 0 or above a week, or a max_lag_seconds below
// lag_poll_seconds (the lag is known only that often). Nothing to check
// without read_database_url.
absl::Status ApplyReadReplicaDefaults(baoxue::v1::ReadReplicaConfig& replica,
                                      int database_pool_size);

}  // namespace baoxue

#endif  // BAOXUE_SERVER_CONNECTIONS_H_
