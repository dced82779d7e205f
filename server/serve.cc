#include "server/serve.h"

#include <csignal>
#include <memory>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "base/log.h"
#include "base/status_macros.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/security/tls_certificate_provider.h"
#include "grpcpp/security/tls_credentials_options.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "server/model_watch.h"
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
  int bound_port = 0;
  builder.AddListeningPort(config.listen_address(), GrpcCredentials(config),
                           &bound_port);
  for (grpc::Service* service : parts->services().All()) {
    builder.RegisterService(service);
  }
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || bound_port == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", config.listen_address()));
  }
  grpc::HealthCheckServiceInterface* health = server->GetHealthCheckService();
  health->SetServingStatus(false);
  LogInfo(absl::StrCat("baoxue-server listening on ", config.listen_address(),
                       " (port ", bound_port, ", ",
                       TlsEnabled(config) ? "TLS" : "plaintext", ")"));

  // Health follows the database and the active model; activations are
  // followed at once (docs/models.md).
  store::ModelStore& models = parts->stores().models;
  core::ModelHolder& holder = parts->core().holder;
  absl::Notification stop_watching;
  std::thread watcher([&] {
    WatchDatabaseAndModel(config, models, holder, *health, stop_watching);
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
  LogInfo(absl::StrCat("signal ", signal, ": draining in-flight calls (up to ",
                       config.shutdown_grace_seconds(), " s)"));
  stop_watching.Notify();
  watcher.join();
  parts->StopWorkers();
  follower.join();
  token_follower.join();
  health->SetServingStatus(false);
  server->Shutdown(std::chrono::system_clock::now() +
                   std::chrono::seconds(config.shutdown_grace_seconds()));
  server->Wait();
  LogInfo("stopped");
  return absl::OkStatus();
}

}  // namespace baoxue
