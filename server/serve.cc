#include "server/serve.h"

#include <csignal>
#include <memory>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "model/status_macros.h"
#include "server/core/authenticator.h"
#include "server/core/case_desk.h"
#include "server/core/case_escalator.h"
#include "server/core/case_message_composer.h"
#include "server/core/case_rules.h"
#include "server/core/clock.h"
#include "server/core/model_holder.h"
#include "server/core/model_trainer.h"
#include "server/core/scorer.h"
#include "server/log.h"
#include "server/rpc/admin_service.h"
#include "server/rpc/cases_service.h"
#include "server/rpc/scoring_service.h"
#include "server/store/migrations.h"
#include "server/store/pg_case_store.h"
#include "server/store/pg_connection_pool.h"
#include "server/store/pg_directory_store.h"
#include "server/store/pg_feature_store.h"
#include "server/store/pg_model_store.h"
#include "server/store/pg_token_store.h"

namespace baoxue {
namespace {

// Keeps the schema migrated, the active model loaded and health up to date,
// until `stop` is notified.
void WatchDatabaseAndModel(const baoxue::v1::ServerConfig& config,
                           store::ModelStore& models, core::ModelHolder& holder,
                           grpc::HealthCheckServiceInterface& health,
                           absl::Notification& stop) {
  bool migrated = !config.migrate_on_start();
  bool serving = false;
  std::string last_problem;
  do {
    absl::Status status = absl::OkStatus();
    if (!migrated) {
      absl::StatusOr<int> applied =
          store::ApplyMigrations(config.database_url());
      status = applied.status();
      if (applied.ok()) {
        migrated = true;
        if (*applied > 0)
          LogInfo(absl::StrCat("applied ", *applied, " migrations"));
      }
    }
    if (status.ok()) status = core::RefreshActiveModel(models, holder);
    const bool now_serving = status.ok() && holder.Get() != nullptr;
    if (now_serving != serving) {
      health.SetServingStatus(now_serving);
      LogInfo(now_serving
                  ? absl::StrCat("SERVING with model ", holder.Get()->version)
                  : "NOT_SERVING");
      serving = now_serving;
    }
    std::string problem = status.ok() ? "" : status.ToString();
    if (problem != last_problem && !problem.empty()) {
      LogWarning(absl::StrCat("not ready: ", problem));
    }
    last_problem = problem;
  } while (!stop.WaitForNotificationWithTimeout(
      absl::Seconds(config.model_poll_seconds())));
}

// Blocks until SIGTERM or SIGINT arrives (the signals must be blocked in
// every thread, which Serve does before starting any).
int WaitForTerminationSignal(const sigset_t& signals) {
  int signal = 0;
  sigwait(&signals, &signal);
  return signal;
}

}  // namespace

absl::Status Serve(const baoxue::v1::ServerConfig& config) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  BAOXUE_ASSIGN_OR_RETURN(
      std::unique_ptr<store::PgConnectionPool> pool,
      store::PgConnectionPool::Create(config.database_url(),
                                      config.database_pool_size()));
  store::PgFeatureStore features(pool.get());
  store::PgDirectoryStore directory(pool.get());
  store::PgModelStore models(pool.get());
  store::PgTokenStore tokens(pool.get());
  core::SystemClock clock;
  core::ModelHolder holder;
  core::Authenticator authenticator(
      &tokens, &clock, absl::Seconds(config.token_cache_seconds()));
  core::ScorerLimits limits;
  limits.max_batch_size = config.max_batch_size();
  limits.max_area_students = config.max_area_students();
  limits.default_max_reasons = config.default_max_reasons();
  core::Scorer scorer(&features, &directory, &holder, &clock, limits);
  core::ModelTrainer trainer(&features, &models, &holder);
  rpc::ScoringService scoring_service(&authenticator, &scorer);
  rpc::AdminService admin_service(&authenticator, &tokens, &trainer);
  core::CaseMessageComposer case_messages;
  store::PgCaseStore cases(
      pool.get(), core::CaseRulesFromConfig(config.cases()), &case_messages,
      core::OutboxChannelsFromConfig(config.notify()));
  core::CaseDesk case_desk(&cases, &directory, &clock);
  rpc::CasesService cases_service(&authenticator, &case_desk);
  core::CaseEscalator escalator(
      &cases, &clock, absl::Seconds(config.cases().escalation_poll_seconds()));

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  int bound_port = 0;
  builder.AddListeningPort(config.listen_address(),
                           grpc::InsecureServerCredentials(), &bound_port);
  builder.RegisterService(&scoring_service);
  builder.RegisterService(&admin_service);
  builder.RegisterService(&cases_service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || bound_port == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", config.listen_address()));
  }
  grpc::HealthCheckServiceInterface* health = server->GetHealthCheckService();
  health->SetServingStatus(false);
  LogInfo(absl::StrCat("baoxue-server listening on ", config.listen_address(),
                       " (port ", bound_port, ")"));

  absl::Notification stop_watching;
  std::thread watcher([&] {
    WatchDatabaseAndModel(config, models, holder, *health, stop_watching);
  });

  escalator.Start();

  const int signal = WaitForTerminationSignal(signals);
  LogInfo(absl::StrCat("signal ", signal, ": draining in-flight calls (up to ",
                       config.shutdown_grace_seconds(), " s)"));
  stop_watching.Notify();
  watcher.join();
  escalator.Stop();
  cases_service.StopWatches();
  health->SetServingStatus(false);
  server->Shutdown(std::chrono::system_clock::now() +
                   std::chrono::seconds(config.shutdown_grace_seconds()));
  server->Wait();
  LogInfo("stopped");
  return absl::OkStatus();
}

}  // namespace baoxue
