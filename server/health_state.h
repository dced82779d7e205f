#ifndef BAOXUE_SERVER_HEALTH_STATE_H_
#define BAOXUE_SERVER_HEALTH_STATE_H_

#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "grpcpp/health_check_service_interface.h"

namespace baoxue {

// The one place the gRPC health status is decided: SERVING while a model is
// loaded, the database is reachable and writable, and the server is not
// draining; NOT_SERVING otherwise. Each watcher sets its own part; every
// change is logged once with its reason. Thread-safe; does not own
// `health`.
class HealthState {
 public:
  explicit HealthState(grpc::HealthCheckServiceInterface* health)
      : health_(health) {}

  void SetModelReady(bool ready);
  // `problem` is empty when the database is fine, else why it is not.
  void SetDatabaseProblem(const std::string& problem);
  // From SIGTERM on: NOT_SERVING for good.
  void SetDraining();

  bool serving() const;

 private:
  void ApplyLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  grpc::HealthCheckServiceInterface* const health_;
  mutable absl::Mutex mu_;
  bool model_ready_ ABSL_GUARDED_BY(mu_) = false;
  std::string database_problem_ ABSL_GUARDED_BY(mu_) = "not checked yet";
  bool draining_ ABSL_GUARDED_BY(mu_) = false;
  bool serving_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace baoxue

#endif  // BAOXUE_SERVER_HEALTH_STATE_H_
