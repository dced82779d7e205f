#ifndef BAOXUE_SERVER_SERVER_PARTS_H_
#define BAOXUE_SERVER_SERVER_PARTS_H_

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "baoxue/v1/config.pb.h"
#include "grpcpp/impl/service_type.h"
#include "server/core/audit_trail.h"
#include "server/core/authenticator.h"
#include "server/core/case_desk.h"
#include "server/core/case_escalator.h"
#include "server/core/case_message_composer.h"
#include "server/core/checks/check_desk.h"
#include "server/core/clock.h"
#include "server/core/drift_monitor.h"
#include "server/core/feature_set_registry.h"
#include "server/core/feature_wording.h"
#include "server/core/model_holder.h"
#include "server/core/model_registry.h"
#include "server/core/risk_list.h"
#include "server/core/risk_runner.h"
#include "server/core/run_resumer.h"
#include "server/core/run_scheduler.h"
#include "server/core/scorer.h"
#include "server/core/token_issuer.h"
#include "server/core/track_record.h"
#include "server/core/training_job.h"
#include "server/core/web_auth.h"
#include "server/metrics/metrics_endpoint.h"
#include "server/metrics/server_metrics.h"
#include "server/notify/curl_http_poster.h"
#include "server/notify/dispatcher.h"
#include "server/replica_stores.h"
#include "server/rpc/admin_service.h"
#include "server/rpc/audit_service.h"
#include "server/rpc/cases_service.h"
#include "server/rpc/checks_service.h"
#include "server/rpc/imports_service.h"
#include "server/rpc/models_service.h"
#include "server/rpc/risk_lists_service.h"
#include "server/rpc/runs_service.h"
#include "server/rpc/scoring_service.h"
#include "server/store/pg_account_store.h"
#include "server/store/pg_audit_store.h"
#include "server/store/pg_case_assignment_store.h"
#include "server/store/pg_case_store.h"
#include "server/store/pg_check_store.h"
#include "server/store/pg_connection_pool.h"
#include "server/store/pg_directory_store.h"
#include "server/store/pg_drift_store.h"
#include "server/store/pg_feature_set_store.h"
#include "server/store/pg_feature_snapshot_store.h"
#include "server/store/pg_feature_store.h"
#include "server/store/pg_import_store.h"
#include "server/store/pg_ledger_report_store.h"
#include "server/store/pg_model_store.h"
#include "server/store/pg_ops_figures_store.h"
#include "server/store/pg_outbox_store.h"
#include "server/store/pg_risk_list_store.h"
#include "server/store/pg_risk_run_store.h"
#include "server/store/pg_token_store.h"
#include "server/store/pg_track_record_store.h"
#include "server/store/pg_training_data_store.h"
#include "server/web/web_server.h"

namespace baoxue {

// The composition of baoxue-server, layer by layer. Members are built top
// to bottom and destroyed in reverse, so each part outlives its users.

// The database side: one connection pool and every store over it.
struct ServerStores {
  ServerStores(std::unique_ptr<store::PgConnectionPool> pool,
               const baoxue::v1::ServerConfig& config);

  std::unique_ptr<store::PgConnectionPool> pool;
  store::PgFeatureStore features;
  store::PgDirectoryStore directory;
  store::PgModelStore models;
  store::PgTokenStore tokens;
  store::PgTrainingDataStore training_data;
  store::PgFeatureSetStore feature_sets;
  core::CaseMessageComposer case_messages;  // writes messages with the cases
  store::PgCaseStore cases;
  store::PgRiskRunStore risk_runs;
  store::PgFeatureSnapshotStore feature_snapshots;
  store::PgOutboxStore outbox;
  store::PgAccountStore accounts;
  store::PgRiskListStore risk_lists;
  store::PgImportStore imports;
  store::PgCheckStore checks;
  store::PgOpsFiguresStore ops_figures;  // read by /metrics
  store::PgAuditStore audit;
  store::PgLedgerReportStore ledger_reports;
  store::PgCaseAssignmentStore case_assignments;  // naming who is in charge
  store::PgTrackRecordStore track_record;
  store::PgDriftStore drift;  // model drift figures and their pushes
};

// The business logic over the stores.
struct ServerCore {
  // `replica` (null without read_replica) takes the read-only reads.
  ServerCore(ServerStores& stores, const baoxue::v1::ServerConfig& config,
             core::TrainingDefaults training_defaults,
             std::unique_ptr<const core::imports::KeyedIdHash> id_hash,
             core::RunObserver* run_observer = nullptr,
             ReplicaStores* replica = nullptr);

  core::SystemClock clock;
  core::ReadRouter reads;  // replica or primary, per read (docs/replica.md)
  core::TrackRecordReader track_record;  // read by the training job too
  core::ModelHolder holder;
  core::Authenticator authenticator;
  core::TokenIssuer token_issuer;
  core::Scorer scorer;
  core::TrainingJob training_job;
  core::ModelRegistry registry;
  core::FeatureSetRegistry feature_set_registry;
  core::FeatureWording feature_wording;  // reasons of stored scores
  core::CaseDesk case_desk;
  core::CaseEscalator escalator;
  core::DriftMonitor drift;  // fed by the runner, read by Models.GetDrift
  core::RiskRunner runner;   // opens cases after each run
  core::WebAuth web_auth;
  core::RiskListDesk risk_list_desk;
  // Null without imports.id_secret_file (then rows with an ID are refused).
  std::unique_ptr<const core::imports::KeyedIdHash> id_hash;
  core::imports::ImportDesk import_desk;
  core::checks::CheckDesk check_desk;
  core::AuditTrail audit_trail;  // the web server and the interceptor record
};

// The gRPC services over the core.
struct ServerServices {
  ServerServices(ServerStores& stores, ServerCore& core,
                 int watch_streams_per_caller);
  std::vector<grpc::Service*> All();

  rpc::ScoringService scoring;
  rpc::AdminService admin;
  rpc::CasesService cases;
  rpc::RunsService runs;
  rpc::RiskListsService risk_lists;
  rpc::ModelsService models;
  rpc::ImportsService imports;
  rpc::ChecksService checks;
  rpc::AuditService audit;
};

// The keyed hash of resident ID numbers from imports.id_secret_file; null
// when none is configured. FAILED_PRECONDITION if the file cannot be read,
// INVALID_ARGUMENT if the secret is shorter than 32 bytes.
absl::StatusOr<std::unique_ptr<const core::imports::KeyedIdHash>> LoadIdHash(
    const baoxue::v1::ImportConfig& config);

// Every part, plus the workers that run on their own threads: the daily run
// scheduler, the outbox dispatcher (with libcurl) and the web server.
class ServerParts {
 public:
  // Errors: the pool or a config section is invalid (INVALID_ARGUMENT
  // naming the field), libcurl cannot start, the HTTP address is malformed.
  static absl::StatusOr<std::unique_ptr<ServerParts>> Build(
      const baoxue::v1::ServerConfig& config);

  ServerStores& stores() { return *stores_; }
  ServerCore& core() { return *core_; }
  ServerServices& services() { return *services_; }
  web::WebServer* web_server() { return web_server_.get(); }  // null if off
  metrics::ServerMetrics& metrics() { return *metrics_; }
  // Null when metrics.listen_address is "off" or the default port was taken.
  metrics::MetricsEndpoint* metrics_endpoint() {
    return metrics_endpoint_.get();
  }
  // The outbox dispatcher: ChannelSnapshots() for metrics (circuit state,
  // failures per channel; thread-safe).
  const notify::Dispatcher& dispatcher() const { return *dispatcher_; }
  // The read replica's side; null without read_replica.read_database_url.
  ReplicaStores* replica() { return replica_.get(); }

  // Starts the escalator, the scheduler, the dispatcher and the web server;
  // StopWorkers stops them but the web server, which StopWeb stops after
  // the gRPC drain (it answers 503 meanwhile, WebServer::BeginDrain).
  void StartWorkers();
  void StopWorkers();
  void StopWeb();

 private:
  ServerParts() = default;
  // Binds /metrics and gives it what it reads at each scrape.
  absl::Status StartMetrics(const baoxue::v1::ServerConfig& config);

  // Built first and destroyed last: every part may record into it.
  std::unique_ptr<metrics::ServerMetrics> metrics_;
  std::unique_ptr<ServerStores> stores_;
  std::unique_ptr<ReplicaStores> replica_;  // null without read_replica
  std::unique_ptr<ServerCore> core_;
  std::unique_ptr<ServerServices> services_;
  std::unique_ptr<core::RunScheduler> scheduler_;
  std::unique_ptr<core::RunResumer> resumer_;  // null if turned off
  std::unique_ptr<notify::CurlGlobal> curl_;
  std::unique_ptr<notify::CurlHttpPoster> poster_;
  std::unique_ptr<notify::Dispatcher> dispatcher_;
  std::unique_ptr<web::ScoringGateway> gateway_;  // null if off
  std::unique_ptr<web::WebServer> web_server_;
  // Destroyed first: no scrape reads a part being torn down.
  std::unique_ptr<metrics::MetricsEndpoint> metrics_endpoint_;
};

}  // namespace baoxue

#endif  // BAOXUE_SERVER_SERVER_PARTS_H_
