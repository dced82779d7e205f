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
#include "server/core/model_registry.h"
#include "server/core/model_trainer.h"
#include "server/core/risk_list.h"
#include "server/core/risk_runner.h"
#include "server/core/run_scheduler.h"
#include "server/core/scorer.h"
#include "server/core/training_job.h"
#include "server/core/web_auth.h"
#include "server/log.h"
#include "server/notify/channels.h"
#include "server/notify/curl_http_poster.h"
#include "server/notify/dispatcher.h"
#include "server/rpc/admin_service.h"
#include "server/rpc/cases_service.h"
#include "server/rpc/models_service.h"
#include "server/rpc/risk_lists_service.h"
#include "server/rpc/runs_service.h"
#include "server/rpc/scoring_service.h"
#include "server/store/migrations.h"
#include "server/store/pg_account_store.h"
#include "server/store/pg_case_store.h"
#include "server/store/pg_connection_pool.h"
#include "server/store/pg_directory_store.h"
#include "server/store/pg_feature_snapshot_store.h"
#include "server/store/pg_feature_store.h"
#include "server/store/pg_model_listener.h"
#include "server/store/pg_model_store.h"
#include "server/store/pg_outbox_store.h"
#include "server/store/pg_risk_list_store.h"
#include "server/store/pg_risk_run_store.h"
#include "server/store/pg_token_store.h"
#include "server/store/pg_training_data_store.h"
#include "server/web/web_server.h"

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

// Hot reload: follows every activation announced by the registry
// (LISTEN/NOTIFY) at once, until `stop` is notified. The polling in
// WatchDatabaseAndModel stays as the fallback if notifications are lost.
// Calls in flight keep the model snapshot they started with (ModelHolder).
void FollowModelActivations(store::ModelListener& listener,
                            store::ModelStore& models,
                            core::ModelHolder& holder,
                            absl::Notification& stop) {
  bool listening = true;
  while (!stop.HasBeenNotified()) {
    absl::StatusOr<bool> changed = listener.Wait(absl::Milliseconds(500));
    if (!changed.ok()) {
      if (listening) {
        LogWarning(absl::StrCat("not listening for model activations: ",
                                changed.status().ToString()));
      }
      listening = false;
      stop.WaitForNotificationWithTimeout(absl::Seconds(1));
      continue;
    }
    listening = true;
    if (!*changed) continue;
    const std::shared_ptr<const core::ActiveModel> before = holder.Get();
    const absl::Status refreshed = core::RefreshActiveModel(models, holder);
    const std::shared_ptr<const core::ActiveModel> after = holder.Get();
    if (!refreshed.ok() && !absl::IsNotFound(refreshed)) {
      LogWarning(absl::StrCat("cannot load the newly active model: ",
                              refreshed.ToString()));
    } else if (after != nullptr && after != before) {
      LogInfo(absl::StrCat("switched to model ", after->version));
    }
  }
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
  store::PgTrainingDataStore training_data(
      pool.get(), config.training().statement_timeout_seconds() > 0
                      ? config.training().statement_timeout_seconds()
                      : 600);
  BAOXUE_ASSIGN_OR_RETURN(core::TrainingDefaults training_defaults,
                          core::TrainingDefaultsFromConfig(config.training()));
  core::TrainingJob training_job(&training_data, &models,
                                 std::move(training_defaults));
  core::ModelRegistry registry(&models, &holder);
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

  // Risk runs: bulk scoring, then the run's flagged students become cases.
  store::PgRiskRunStore risk_runs(pool.get());
  store::FeatureSnapshotOptions snapshot_options;
  snapshot_options.retention_days = config.feature_snapshots().retention_days();
  store::PgFeatureSnapshotStore feature_snapshots(pool.get(), snapshot_options);
  core::RiskRunnerOptions run_options;
  run_options.chunk_size = config.risk_runs().chunk_size();
  run_options.max_reasons = config.default_max_reasons();
  run_options.snapshot_max_age =
      absl::Minutes(config.feature_snapshots().max_age_minutes());
  core::RiskRunner runner(
      &risk_runs, &directory, &holder, &clock, run_options,
      [&cases, &clock](int64_t run_id) -> absl::StatusOr<int64_t> {
        BAOXUE_ASSIGN_OR_RETURN(store::CaseOpening opening,
                                cases.OpenCasesFromRun(run_id, clock.Now()));
        return opening.opened + opening.reopened;
      },
      &feature_snapshots);
  rpc::RunsService runs_service(&authenticator, &runner);
  BAOXUE_ASSIGN_OR_RETURN(std::unique_ptr<core::RunScheduler> scheduler,
                          core::RunScheduler::Create(
                              &runner, &directory, &clock, config.risk_runs()));

  // Case messages: the outbox dispatcher (docs/notifications.md).
  BAOXUE_ASSIGN_OR_RETURN(std::unique_ptr<notify::CurlGlobal> curl,
                          notify::CurlGlobal::Init());
  store::PgOutboxStore outbox(pool.get());
  notify::CurlHttpPoster poster(
      absl::Seconds(config.notify().timeout_seconds()));
  BAOXUE_ASSIGN_OR_RETURN(
      std::vector<std::unique_ptr<notify::Channel>> channels,
      notify::MakeChannels(config.notify(), &poster));
  BAOXUE_ASSIGN_OR_RETURN(
      std::unique_ptr<notify::Dispatcher> dispatcher,
      notify::Dispatcher::Create(
          &outbox, std::move(channels), &clock,
          notify::DispatcherOptionsFromConfig(config.notify())));
  rpc::ModelsService models_service(&authenticator, &registry, &training_job);

  // The web page and its JSON API (docs/web.md) on its own port.
  store::PgAccountStore accounts(pool.get());
  store::PgRiskListStore risk_lists(pool.get());
  core::SessionPolicy session_policy;
  session_policy.idle = absl::Minutes(config.session_idle_minutes());
  session_policy.absolute = absl::Hours(config.session_absolute_hours());
  core::WebAuth web_auth(&accounts, &clock, session_policy);
  core::RiskListDesk risk_list_desk(&risk_lists, &directory, &clock);
  rpc::RiskListsService risk_lists_service(&authenticator, &risk_list_desk);
  std::unique_ptr<web::WebServer> web_server;
  if (config.http_listen_address() != "off") {
    web::WebServerOptions web_options;
    web_options.listen_address = config.http_listen_address();
    web_options.web_root = config.web_root();
    web_options.secure_cookie = config.http_secure_cookie();
    web_options.threads = config.http_threads();
    BAOXUE_ASSIGN_OR_RETURN(
        web_server,
        web::WebServer::Create(web_options, &web_auth, &risk_list_desk,
                               &case_desk, &directory));
  }

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  int bound_port = 0;
  builder.AddListeningPort(config.listen_address(),
                           grpc::InsecureServerCredentials(), &bound_port);
  builder.RegisterService(&scoring_service);
  builder.RegisterService(&admin_service);
  builder.RegisterService(&cases_service);
  builder.RegisterService(&runs_service);
  builder.RegisterService(&risk_lists_service);
  builder.RegisterService(&models_service);
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
  store::PgModelListener listener(config.database_url());
  std::thread follower(
      [&] { FollowModelActivations(listener, models, holder, stop_watching); });

  if (web_server != nullptr) {
    web_server->Start();
    LogInfo(absl::StrCat("web page and API on ", config.http_listen_address(),
                         " (port ", web_server->port(), ")"));
  }
  escalator.Start();
  scheduler->Start();
  dispatcher->Start();

  const int signal = WaitForTerminationSignal(signals);
  LogInfo(absl::StrCat("signal ", signal, ": draining in-flight calls (up to ",
                       config.shutdown_grace_seconds(), " s)"));
  stop_watching.Notify();
  watcher.join();
  scheduler->Stop();
  escalator.Stop();
  dispatcher->Stop();
  cases_service.StopWatches();
  follower.join();
  health->SetServingStatus(false);
  if (web_server != nullptr) web_server->Stop();
  server->Shutdown(std::chrono::system_clock::now() +
                   std::chrono::seconds(config.shutdown_grace_seconds()));
  server->Wait();
  LogInfo("stopped");
  return absl::OkStatus();
}

}  // namespace baoxue
