#include "server/server_parts.h"

#include <fstream>
#include <sstream>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "base/log.h"
#include "base/status_macros.h"
#include "server/core/auth_config.h"
#include "server/core/case_rules.h"
#include "server/core/risk_run_config.h"
#include "server/notify/channels.h"

namespace baoxue {
namespace {

constexpr int kDefaultTrainingStatementTimeoutSeconds = 600;
// metrics.listen_address when unset.
constexpr char kDefaultMetricsAddress[] = "127.0.0.1:50190";

// limits.data_start_date, which ApplyDefaults has filled and checked.
absl::CivilDay DataStartFloor(const baoxue::v1::ServerConfig& config) {
  absl::CivilDay day = core::kDefaultDataStartFloor;
  if (!absl::ParseCivilTime(config.limits().data_start_date(), &day)) {
    return core::kDefaultDataStartFloor;
  }
  return day;
}

core::ScorerLimits ScorerLimitsFrom(const baoxue::v1::ServerConfig& config) {
  core::ScorerLimits limits;
  limits.data_start_floor = DataStartFloor(config);
  limits.max_batch_size = config.max_batch_size();
  limits.max_area_students = config.max_area_students();
  limits.default_max_reasons = config.default_max_reasons();
  return limits;
}

store::FeatureSnapshotOptions SnapshotOptionsFrom(
    const baoxue::v1::ServerConfig& config) {
  store::FeatureSnapshotOptions options;
  options.retention_days = config.feature_snapshots().retention_days();
  options.feature_reader_role = config.database_roles().feature_reader_role();
  return options;
}

core::RiskRunnerOptions RunOptionsFrom(const baoxue::v1::ServerConfig& config) {
  core::RiskRunnerOptions options;
  options.chunk_size = config.risk_runs().chunk_size();
  options.max_reasons = config.default_max_reasons();
  options.snapshot_max_age =
      absl::Minutes(config.feature_snapshots().max_age_minutes());
  options.data_start_floor = DataStartFloor(config);
  return options;
}

core::SessionPolicy SessionPolicyFrom(const baoxue::v1::ServerConfig& config) {
  core::SessionPolicy policy;
  policy.idle = absl::Minutes(config.session_idle_minutes());
  policy.absolute = absl::Hours(config.session_absolute_hours());
  const baoxue::v1::AuthConfig& auth = config.auth();
  policy.throttle.free_failures = auth.sign_in_free_failures();
  policy.throttle.max_backoff =
      absl::Seconds(auth.sign_in_max_backoff_seconds());
  policy.throttle.address_failures_per_hour =
      auth.sign_in_address_failures_per_hour();
  policy.totp_issuer = auth.totp_issuer();
  return policy;
}

}  // namespace

absl::StatusOr<std::unique_ptr<const core::imports::KeyedIdHash>> LoadIdHash(
    const baoxue::v1::ImportConfig& config) {
  if (config.id_secret_file().empty()) return nullptr;
  std::ifstream file(config.id_secret_file(), std::ios::binary);
  std::stringstream secret;
  secret << file.rdbuf();
  if (!file) {
    return absl::FailedPreconditionError(
        "imports.id_secret_file: cannot read the file");
  }
  std::string text(absl::StripTrailingAsciiWhitespace(secret.str()));
  BAOXUE_ASSIGN_OR_RETURN(core::imports::KeyedIdHash hash,
                          core::imports::KeyedIdHash::Create(std::move(text)));
  return std::make_unique<const core::imports::KeyedIdHash>(std::move(hash));
}

ServerStores::ServerStores(std::unique_ptr<store::PgConnectionPool> pool_in,
                           const baoxue::v1::ServerConfig& config)
    : pool(std::move(pool_in)),
      features(pool.get(), kDefaultTrainingStatementTimeoutSeconds,
               config.database_roles().feature_reader_role()),
      directory(pool.get()),
      models(pool.get()),
      tokens(pool.get()),
      training_data(pool.get(),
                    config.training().statement_timeout_seconds() > 0
                        ? config.training().statement_timeout_seconds()
                        : kDefaultTrainingStatementTimeoutSeconds,
                    config.database_roles().feature_reader_role(),
                    config.training().label_relation(),
                    core::FairnessColumnsFromConfig(config.training())
                        .value_or(std::vector<store::FairnessColumn>())),
      feature_sets(pool.get(),
                   config.training().statement_timeout_seconds() > 0
                       ? config.training().statement_timeout_seconds()
                       : kDefaultTrainingStatementTimeoutSeconds,
                   config.database_roles().feature_reader_role()),
      cases(pool.get(), core::CaseRulesFromConfig(config.cases()),
            &case_messages, core::OutboxChannelsFromConfig(config.notify())),
      risk_runs(pool.get()),
      feature_snapshots(pool.get(), SnapshotOptionsFrom(config)),
      outbox(pool.get()),
      accounts(pool.get()),
      risk_lists(pool.get()),
      imports(pool.get()),
      checks(pool.get(), &case_messages,
             core::OutboxChannelsFromConfig(config.notify())),
      ops_figures(pool.get()),
      audit(pool.get()),
      ledger_reports(pool.get()),
      case_assignments(pool.get()),
      track_record(pool.get()),
      drift(pool.get()) {}

ServerCore::ServerCore(ServerStores& stores,
                       const baoxue::v1::ServerConfig& config,
                       core::TrainingDefaults training_defaults,
                       std::unique_ptr<const core::imports::KeyedIdHash> id,
                       core::RunObserver* run_observer, ReplicaStores* replica)
    : reads(replica != nullptr ? &replica->watch : nullptr, &clock,
            ReadRouterOptionsFrom(config.read_replica())),
      track_record(&stores.track_record, &clock),
      authenticator(&stores.tokens, &clock,
                    absl::Seconds(config.token_cache_seconds())),
      token_issuer(&stores.tokens, &clock,
                   core::TokenPolicyFrom(config.auth())),
      scorer(&stores.features, &stores.directory, &holder, &clock,
             ScorerLimitsFrom(config),
             {&reads, replica != nullptr ? &replica->features : nullptr}),
      training_job(&stores.training_data, &stores.models,
                   std::move(training_defaults), &stores.feature_sets,
                   &track_record),
      registry(&stores.models, &holder),
      feature_set_registry(&stores.feature_sets, &stores.training_data),
      feature_wording(&stores.models, &holder),
      case_desk(
          &stores.cases, &stores.directory, &clock, &stores.ledger_reports,
          &stores.case_assignments,
          {&reads, replica != nullptr ? &replica->cases : nullptr},
          {&reads, replica != nullptr ? &replica->ledger_reports : nullptr}),
      escalator(&stores.cases, &clock,
                absl::Seconds(config.cases().escalation_poll_seconds())),
      // Build() checked config.drift().
      drift(
          &stores.drift,
          core::DriftSettingsFromConfig(config).value_or(core::DriftSettings()),
          &holder, &clock),
      runner(
          &stores.risk_runs, &stores.directory, &holder, &clock,
          RunOptionsFrom(config),
          // A finished run's flagged students become cases.
          [&stores, this](int64_t run_id) -> absl::StatusOr<int64_t> {
            BAOXUE_ASSIGN_OR_RETURN(
                store::CaseOpening opening,
                stores.cases.OpenCasesFromRun(run_id, clock.Now()));
            return opening.opened + opening.reopened;
          },
          &stores.feature_snapshots, run_observer, &drift),
      web_auth(&stores.accounts, &clock, SessionPolicyFrom(config)),
      risk_list_desk(
          &stores.risk_lists, &stores.directory, &clock, &feature_wording,
          {&reads, replica != nullptr ? &replica->risk_lists : nullptr}),
      id_hash(std::move(id)),
      import_desk(&stores.imports, id_hash.get(), &clock,
                  config.imports().allow_xls()),
      // ApplyServerDefaults validated config.checks() and config.cases().
      check_desk(&stores.checks, &stores.directory,
                 core::checks::CheckRules::Create(config.checks()).value(),
                 core::CaseChain(config.cases()), &clock),
      audit_trail(&stores.audit, &clock,
                  absl::Hours(24) * config.audit().retention_days()) {}

ServerServices::ServerServices(ServerStores& /*stores*/, ServerCore& core,
                               int watch_streams_per_caller)
    : scoring(&core.authenticator, &core.scorer),
      admin(&core.authenticator, &core.token_issuer),
      cases(&core.authenticator, &core.case_desk, absl::Seconds(1),
            watch_streams_per_caller),
      runs(&core.authenticator, &core.runner),
      risk_lists(&core.authenticator, &core.risk_list_desk),
      models(&core.authenticator, &core.registry, &core.training_job,
             &core.feature_set_registry, &core.track_record, &core.drift),
      imports(&core.authenticator, &core.import_desk),
      checks(&core.authenticator, &core.check_desk),
      audit(&core.authenticator, &core.audit_trail) {}

std::vector<grpc::Service*> ServerServices::All() {
  return {&scoring, &admin,   &cases,  &runs, &risk_lists,
          &models,  &imports, &checks, &audit};
}

absl::StatusOr<std::unique_ptr<ServerParts>> ServerParts::Build(
    const baoxue::v1::ServerConfig& config) {
  std::unique_ptr<ServerParts> parts(new ServerParts());
  // Checked here; ServerStores reads the same entries.
  BAOXUE_RETURN_IF_ERROR(
      core::FairnessColumnsFromConfig(config.training()).status());
  BAOXUE_RETURN_IF_ERROR(core::DriftSettingsFromConfig(config).status());
  parts->metrics_ = std::make_unique<metrics::ServerMetrics>();
  BAOXUE_ASSIGN_OR_RETURN(
      std::unique_ptr<store::PgConnectionPool> pool,
      store::PgConnectionPool::Create(
          config.database_url(), config.database_pool_size(),
          store::PgPoolOptions{
              absl::Seconds(config.limits().database_wait_seconds()),
              absl::Seconds(config.limits().statement_timeout_seconds())}));
  parts->stores_ = std::make_unique<ServerStores>(std::move(pool), config);
  // Read-only traffic to a streaming replica (docs/replica.md).
  if (!config.read_replica().read_database_url().empty()) {
    BAOXUE_ASSIGN_OR_RETURN(
        parts->replica_,
        ReplicaStores::Create(config, parts->stores_->pool.get(),
                              kDefaultTrainingStatementTimeoutSeconds));
  }
  BAOXUE_ASSIGN_OR_RETURN(core::TrainingDefaults training_defaults,
                          core::TrainingDefaultsFromConfig(config.training()));
  training_defaults.data_start_floor = DataStartFloor(config);
  BAOXUE_ASSIGN_OR_RETURN(
      std::unique_ptr<const core::imports::KeyedIdHash> id_hash,
      LoadIdHash(config.imports()));
  parts->core_ = std::make_unique<ServerCore>(
      *parts->stores_, config, std::move(training_defaults), std::move(id_hash),
      &parts->metrics_->runs(), parts->replica_.get());
  parts->services_ = std::make_unique<ServerServices>(
      *parts->stores_, *parts->core_,
      config.limits().watch_streams_per_caller());
  ServerStores& stores = *parts->stores_;
  ServerCore& core = *parts->core_;

  BAOXUE_ASSIGN_OR_RETURN(
      parts->scheduler_,
      core::RunScheduler::Create(&core.runner, &stores.directory, &core.clock,
                                 config.risk_runs()));

  // Interrupted runs resume on their own (docs/operations.md).
  if (config.operation().resume_interrupted_runs()) {
    parts->resumer_ = std::make_unique<core::RunResumer>(
        &core.runner, &stores.risk_runs,
        absl::Seconds(config.operation().resume_poll_seconds()));
  }

  // Case messages: the outbox dispatcher (docs/notifications.md).
  BAOXUE_ASSIGN_OR_RETURN(parts->curl_, notify::CurlGlobal::Init());
  parts->poster_ = std::make_unique<notify::CurlHttpPoster>(
      absl::Seconds(config.notify().timeout_seconds()));
  BAOXUE_ASSIGN_OR_RETURN(
      std::vector<std::unique_ptr<notify::Channel>> channels,
      notify::MakeChannels(config.notify(), parts->poster_.get()));
  BAOXUE_ASSIGN_OR_RETURN(
      parts->dispatcher_,
      notify::Dispatcher::Create(
          &stores.outbox, std::move(channels), &core.clock,
          notify::DispatcherOptionsFromConfig(config.notify())));

  // The web page and its JSON API (docs/web.md) on its own port.
  if (config.http_listen_address() != "off") {
    web::WebServerOptions web_options;
    web_options.listen_address = config.http_listen_address();
    web_options.web_root = config.web_root();
    // HTTPS with the gRPC server's files; the cookie is Secure over HTTPS
    // and, with http_secure_cookie, behind a TLS-terminating proxy.
    web_options.cert_file = config.tls().cert_file();
    web_options.key_file = config.tls().key_file();
    web_options.tls_refresh = absl::Seconds(config.tls().refresh_seconds());
    web_options.secure_cookie =
        !web_options.cert_file.empty() || config.http_secure_cookie();
    web_options.threads = config.http_threads();
    web_options.drift = &core.drift;
    metrics::CallMetrics* calls = &parts->metrics_->calls();
    web_options.record_request = [calls](const std::string& route, int status,
                                         absl::Duration elapsed) {
      calls->RecordHttpRequest(route, status, elapsed);
    };
    // The HTTP/JSON gateway to scoring (docs/integration.md), on by default.
    if (!config.gateway().has_enabled() || config.gateway().enabled()) {
      parts->gateway_ = std::make_unique<web::ScoringGateway>(
          &core.authenticator, &core.scorer);
    }
    web_options.read_timeout =
        absl::Seconds(config.limits().http_read_timeout_seconds());
    web_options.keep_alive_timeout =
        absl::Seconds(config.limits().http_keep_alive_seconds());
    web_options.keep_alive_requests =
        config.limits().http_keep_alive_requests();
    // Every web API call goes into the security audit.
    web_options.audit = &core.audit_trail;
    web_options.track_record = &core.track_record;
    BAOXUE_ASSIGN_OR_RETURN(
        parts->web_server_,
        web::WebServer::Create(web_options, &core.web_auth,
                               &core.risk_list_desk, &core.case_desk,
                               &core.check_desk, parts->gateway_.get()));
  }
  BAOXUE_RETURN_IF_ERROR(parts->StartMetrics(config));
  return parts;
}

absl::Status ServerParts::StartMetrics(const baoxue::v1::ServerConfig& config) {
  const std::string& address = config.metrics().listen_address();
  if (address == "off") return absl::OkStatus();
  absl::StatusOr<std::unique_ptr<metrics::MetricsEndpoint>> endpoint =
      metrics::MetricsEndpoint::Start(
          address.empty() ? kDefaultMetricsAddress : address, *metrics_);
  if (!endpoint.ok()) {
    // An address set on purpose must work; the default is best effort (a
    // second server or a test on this machine may hold it), and the
    // operator's "target down" alert tells.
    if (!address.empty()) return endpoint.status();
    LogWarning(
        absl::StrCat("serving without metrics: ", endpoint.status().message()));
    return absl::OkStatus();
  }
  metrics_endpoint_ = std::move(*endpoint);
  metrics::ScrapeInputs inputs;
  store::PgConnectionPool* pool = stores_->pool.get();
  inputs.pool = [pool] {
    const store::PgConnectionPool::Usage usage = pool->usage();
    metrics::PoolFigures figures;
    figures.size = usage.size;
    figures.in_use = usage.in_use;
    figures.open_idle = usage.open_idle;
    figures.waiting = usage.waiting;
    figures.acquired_total = usage.acquired_total;
    figures.waited_total = usage.waited_total;
    figures.waited_seconds_total =
        absl::ToDoubleSeconds(usage.waited_time_total);
    return figures;
  };
  const core::ModelHolder* holder = &core_->holder;
  inputs.active_model_version = [holder] {
    std::shared_ptr<const core::ActiveModel> model = holder->Get();
    return model == nullptr ? std::string() : model->version;
  };
  inputs.ops = &stores_->ops_figures;
  for (const baoxue::v1::NotifyChannel& channel : config.notify().channels()) {
    inputs.configured_channels.push_back(channel.name());
  }
  const notify::Dispatcher* dispatcher = dispatcher_.get();
  inputs.channel_circuits = [dispatcher] {
    std::vector<metrics::ChannelCircuit> circuits;
    for (const notify::ChannelSnapshot& channel :
         dispatcher->ChannelSnapshots()) {
      circuits.push_back(
          {channel.channel, std::string(domain::Code(channel.circuit))});
    }
    return circuits;
  };
  if (replica_ != nullptr) {
    const core::ReadRouter* reads = &core_->reads;
    const store::PgConnectionPool* replica_pool = replica_->pool.get();
    inputs.replica = [reads, replica_pool] {
      const core::ReadRouter::Figures routed = reads->figures();
      const store::PgConnectionPool::Usage usage = replica_pool->usage();
      metrics::ReplicaFigures figures;
      figures.reachable = routed.reachable;
      if (routed.lag.has_value()) {
        figures.lag_seconds = absl::ToDoubleSeconds(*routed.lag);
      }
      figures.serving_reads = routed.serving_reads;
      figures.replica_reads = routed.replica_reads;
      figures.own_writes_reads = routed.own_writes_reads;
      figures.lagging_reads = routed.lagging_reads;
      figures.unreachable_reads = routed.unreachable_reads;
      figures.replica_failed_reads = routed.replica_failed_reads;
      figures.pool_in_use = usage.in_use;
      figures.pool_acquired_total = usage.acquired_total;
      return figures;
    };
  }
  // The active model's newest stored drift figures (docs/models.md).
  const core::DriftMonitor* drift = &core_->drift;
  inputs.drift = [holder, drift] {
    std::vector<metrics::DriftFigure> figures;
    std::shared_ptr<const core::ActiveModel> model = holder->Get();
    if (model == nullptr) return figures;
    for (const store::DriftRow& row : drift->Latest(model->version)) {
      figures.push_back(
          {row.feature.empty() ? "score" : row.feature, row.figures.psi});
    }
    return figures;
  };
  metrics_->SetScrapeInputs(std::move(inputs));
  LogInfo(absl::StrCat("metrics on port ", metrics_endpoint_->port(),
                       " (/metrics)"));
  return absl::OkStatus();
}

void ServerParts::StartWorkers() {
  if (web_server_ != nullptr) {
    web_server_->Start();
    LogInfo(absl::StrCat("web page and API on port ", web_server_->port()));
  }
  if (replica_ != nullptr) replica_->watch.Start();
  core_->escalator.Start();
  scheduler_->Start();
  if (resumer_ != nullptr) resumer_->Start();
  dispatcher_->Start();
}

void ServerParts::StopWorkers() {
  scheduler_->Stop();
  if (resumer_ != nullptr) resumer_->Stop();
  core_->escalator.Stop();
  dispatcher_->Stop();
  services_->cases.StopWatches();
  if (replica_ != nullptr) replica_->watch.Stop();
}

void ServerParts::StopWeb() {
  if (web_server_ != nullptr) web_server_->Stop();
}

}  // namespace baoxue
