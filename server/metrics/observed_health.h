#ifndef BAOXUE_SERVER_METRICS_OBSERVED_HEALTH_H_
#define BAOXUE_SERVER_METRICS_OBSERVED_HEALTH_H_

#include <string>

#include "grpcpp/health_check_service_interface.h"
#include "server/metrics/server_metrics.h"

namespace baoxue::metrics {

// gRPC's health service as the server sees it, with the overall status
// (service "") copied into baoxue_health_serving. Pass it where the real
// one was passed. Thread-safe; owns neither.
class ObservedHealth : public grpc::HealthCheckServiceInterface {
 public:
  ObservedHealth(grpc::HealthCheckServiceInterface* health,
                 ServerMetrics* metrics)
      : health_(health), metrics_(metrics) {}

  void SetServingStatus(const std::string& service_name,
                        bool serving) override {
    health_->SetServingStatus(service_name, serving);
    if (service_name.empty()) metrics_->SetServing(serving);
  }
  void SetServingStatus(bool serving) override {
    health_->SetServingStatus(serving);
    metrics_->SetServing(serving);
  }
  void Shutdown() override {
    health_->Shutdown();
    metrics_->SetServing(false);
  }

 private:
  grpc::HealthCheckServiceInterface* health_;
  ServerMetrics* metrics_;
};

}  // namespace baoxue::metrics

#endif  // BAOXUE_SERVER_METRICS_OBSERVED_HEALTH_H_
