#include "server/serve.h"

#include <algorithm>
#include <csignal>
#include <memory>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "base/log.h"
#include "base/status_macros.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/impl/server_builder_option.h"
#include "grpcpp/impl/server_builder_plugin.h"
#include "grpcpp/resource_quota.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/security/tls_certificate_provider.h"
#include "grpcpp/security/tls_credentials_options.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "server/connections.h"
#include "server/database_watch.h"
#include "server/health_state.h"
#include "server/metrics/grpc_call_interceptor.h"
#include "server/metrics/observed_health.h"
#include "server/model_watch.h"
#include "server/rpc/audit_interceptor.h"
#include "server/server_parts.h"
#include "server/store/pg_model_listener.h"
#include "server/token_watch.h"
#include "server/transport.h"

namespace baoxue {
namespace {

// Blocks until SIGTERM or SIGINT arrives (the signals must be blocked in
// every thread, which Serve does before starting any).
int WaitForTerminationSignal(const sigset_t& signals) {
  int signal = 0;
  sigwait(&signals, &signal);
  return signal;
}

// TLS from the config's files, re-read every refresh_seconds by gRPC's file
// watcher so a renewed certificate is served without a restart; plaintext
// without `tls` (CheckTransport has made sure that is loopback or allowed).
std::shared_ptr<grpc::ServerCredentials> GrpcCredentials(
    const baoxue::v1::ServerConfig& config) {
  if (!TlsEnabled(config)) return grpc::InsecureServerCredentials();
  const baoxue::v1::TlsConfig& tls = config.tls();
  auto provider =
      std::make_shared<grpc::experimental::FileWatcherCertificateProvider>(
          tls.key_file(), tls.cert_file(), tls.client_ca_file(),
          static_cast<unsigned int>(tls.refresh_seconds()));
  grpc::experimental::TlsServerCredentialsOptions options(provider);
  options.watch_identity_key_cert_pairs();
  if (tls.client_ca_file().empty()) {
    options.set_cert_request_type(GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
  } else {
    options.watch_root_certs();
    options.set_cert_request_type(
        tls.client_certificates() == baoxue::v1::TlsConfig::REQUIRED
            ? GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY
            : GRPC_SSL_REQUEST_CLIENT_CERTIFICATE_AND_VERIFY);
  }
  return grpc::experimental::TlsServerCredentials(options);
}

// Removes gRPC's reflection plugin, which linking grpc++_reflection adds to
// every server builder (a static initializer registers it).
class WithoutReflection final : public grpc::ServerBuilderOption {
 public:
  void UpdateArguments(grpc::ChannelArguments*) override {}
  void UpdatePlugins(std::vector<std::unique_ptr<grpc::ServerBuilderPlugin>>*
                         plugins) override {
    plugins->erase(
        std::remove_if(plugins->begin(), plugins->end(),
                       [](const std::unique_ptr<grpc::ServerBuilderPlugin>& p) {
                         return p->name() == "proto_server_reflection";
                       }),
        plugins->end());
  }
};

}  // namespace

absl::Status Serve(const baoxue::v1::ServerConfig& config) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  BAOXUE_RETURN_IF_ERROR(CheckTransport(config));
  BAOXUE_ASSIGN_OR_RETURN(std::unique_ptr<ServerParts> parts,
                          ServerParts::Build(config));

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  // Reflection lists every service (admin ones too) to anyone: only when
  // the config asks (enable_reflection).
  if (!config.enable_reflection()) {
    builder.SetOption(std::make_unique<WithoutReflection>());
  }
  // A thread quota: calls beyond it fail RESOURCE_EXHAUSTED instead of
  // starting a thread each (2,000 stalled streams once made 2,025 threads).
  grpc::ResourceQuota quota("baoxue-server");
  quota.SetMaxThreads(config.limits().grpc_max_threads());
  builder.SetResourceQuota(quota);
  int bound_port = 0;
  builder.AddListeningPort(config.listen_address(), GrpcCredentials(config),
                           &bound_port);
  for (const auto& [name, value] :
       ConnectionChannelArgs(config.connections())) {
    builder.AddChannelArgument(name, value);
  }
  for (grpc::Service* service : parts->services().All()) {
    builder.RegisterService(service);
  }
  // Every call counted and timed, with a request id (docs/metrics.md).
  std::vector<
      std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
      interceptors;
  interceptors.push_back(std::make_unique<metrics::GrpcCallInterceptorFactory>(
      &parts->metrics().calls()));
  // Every baoxue.v1 call goes into the security audit.
  interceptors.push_back(std::make_unique<rpc::AuditInterceptorFactory>(
      &parts->core().audit_trail, &parts->core().authenticator));
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || bound_port == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", config.listen_address()));
  }
  // Health as gRPC serves it, copied into baoxue_health_serving.
  metrics::ObservedHealth observed_health(server->GetHealthCheckService(),
                                          &parts->metrics());
  grpc::HealthCheckServiceInterface* health = &observed_health;
  health->SetServingStatus(false);
  HealthState health_state(health);
  LogInfo(absl::StrCat("baoxue-server listening on ", config.listen_address(),
                       " (port ", bound_port, ", ",
                       TlsEnabled(config) ? "TLS" : "plaintext", ")"));

  // Health follows the database and the active model; activations are
  // followed at once (docs/models.md).
  store::ModelStore& models = parts->stores().models;
  core::ModelHolder& holder = parts->core().holder;
  absl::Notification stop_watching;
  std::thread watcher([&] {
    WatchDatabaseAndModel(config, models, holder, health_state, stop_watching);
  });
  // ... and the database's reachability and writability (docs/operations.md).
  std::thread database_watcher([&] {
    WatchDatabase(*parts->stores().pool,
                  absl::Seconds(config.operation().health_check_seconds()),
                  health_state, stop_watching);
  });
  store::PgModelListener listener(config.database_url());
  std::thread follower(
      [&] { FollowModelActivations(listener, models, holder, stop_watching); });
  // Revoked tokens stop working on every server within a second.
  store::PgNotificationListener token_listener(config.database_url(),
                                               kTokenChangedChannel);
  std::thread token_follower([&] {
    FollowTokenChanges(token_listener, parts->core().authenticator,
                       stop_watching);
  });
  parts->StartWorkers();

  const int signal = WaitForTerminationSignal(signals);
  // Drain in order: NOT_SERVING first while gRPC still serves, so balancers
  // steer away; then stop accepting and finish the calls in flight.
  // SIGINT is an operator at a terminal (or a test): no balancer to steer.
  const absl::Duration delay =
      signal == SIGINT
          ? absl::ZeroDuration()
          : absl::Seconds(config.operation().drain_delay_seconds());
  const absl::Duration grace = absl::Seconds(config.shutdown_grace_seconds());
  health_state.SetDraining();
  // The page has no health protocol: 503 with Retry-After is how its
  // balancer and browsers learn to go elsewhere, from now to the end.
  if (parts->web_server() != nullptr) {
    parts->web_server()->BeginDrain(delay + grace);
  }
  LogInfo(absl::StrCat("signal ", signal, ": NOT_SERVING, still serving for ",
                       absl::FormatDuration(delay), ", then draining (up to ",
                       absl::FormatDuration(grace), ")"));
  absl::SleepFor(delay);
  stop_watching.Notify();
  watcher.join();
  database_watcher.join();
  parts->StopWorkers();
  follower.join();
  token_follower.join();
  server->Shutdown(std::chrono::system_clock::now() +
                   std::chrono::seconds(config.shutdown_grace_seconds()));
  server->Wait();
  parts->StopWeb();
  LogInfo("stopped");
  return absl::OkStatus();
}

}  // namespace baoxue
