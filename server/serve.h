#ifndef BAOXUE_SERVER_SERVE_H_
#define BAOXUE_SERVER_SERVE_H_

#include "absl/status/status.h"
#include "baoxue/v1/config.pb.h"

namespace baoxue {

// Builds every component from `config`, serves gRPC until SIGTERM or SIGINT,
// then drains in-flight calls (up to shutdown_grace_seconds) and returns.
// Health is NOT_SERVING until the database answers and a model is loaded.
// Errors: the listen address cannot be bound, or the database pool is
// misconfigured.
absl::Status Serve(const baoxue::v1::ServerConfig& config);

}  // namespace baoxue

#endif  // BAOXUE_SERVER_SERVE_H_
