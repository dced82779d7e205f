// baoxue-server: the composition root. Reads configuration and either serves
// gRPC or runs one of its maintenance commands against the database.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "base/lifetime.h"
#include "base/log.h"
#include "base/status_macros.h"
#include "domain/county_time.h"
#include "domain/division_code.h"
#include "server/core/auth_config.h"
#include "server/core/case_escalator.h"
#include "server/core/case_message_composer.h"
#include "server/core/case_rules.h"
#include "server/core/clock.h"
#include "server/core/drift_monitor.h"
#include "server/core/duties.h"
#include "server/core/imports/import_desk.h"
#include "server/core/model_holder.h"
#include "server/core/password.h"
#include "server/core/token_issuer.h"
#include "server/core/web_auth.h"
#include "server/serve.h"
#include "server/server_config.h"
#include "server/store/migrations.h"
#include "server/store/pg_account_store.h"
#include "server/store/pg_case_aging.h"
#include "server/store/pg_case_store.h"
#include "server/store/pg_connection_pool.h"
#include "server/store/pg_drift_store.h"
#include "server/store/pg_feature_snapshot_store.h"
#include "server/store/pg_import_store.h"
#include "server/store/pg_model_store.h"
#include "server/store/pg_outbox_store.h"
#include "server/store/pg_token_store.h"

ABSL_FLAG(std::string, config, "", "text-format ServerConfig file");
ABSL_FLAG(std::string, listen, "", "host:port to serve on (overrides config)");
ABSL_FLAG(std::string, database_url, "",
          "PostgreSQL URL (overrides config and $BAOXUE_DATABASE_URL)");
ABSL_FLAG(std::string, role, "",
          "token create: system|official|data_staff|admin|security_admin|"
          "audit_admin; account create: official (default), data_staff "
          "or an administrator role");
ABSL_FLAG(std::string, expires, "",
          "token create: lifetime, e.g. 90d or 12h (default: "
          "auth.token_default_days)");
ABSL_FLAG(std::string, area, "",
          "token create: 12-digit division code of the scope");
ABSL_FLAG(std::string, description, "", "token create: who holds the token");
ABSL_FLAG(std::string, http_listen, "",
          "host:port of the web page and its API (overrides config; port 0 = "
          "any free port; off = none)");
ABSL_FLAG(std::string, metrics_listen, "",
          "host:port of Prometheus /metrics (overrides config; port 0 = any "
          "free port; off = none)");
ABSL_FLAG(std::string, login, "", "account create/disable: login name");
ABSL_FLAG(std::string, kind, "", "account create: township|principal|county");
ABSL_FLAG(int64_t, school, 0, "account create: a principal's school id");
ABSL_FLAG(std::string, display_name, "", "account create: name shown");
ABSL_FLAG(std::string, password_file, "",
          "account create: read the password from this file (default: the "
          "first line of stdin)");
ABSL_FLAG(std::string, code, "",
          "account totp-confirm: the authenticator app's current code");
ABSL_FLAG(int, password_iterations, baoxue::core::kDefaultPasswordIterations,
          "account create: PBKDF2 iterations");
ABSL_FLAG(std::string, as_of, "",
          "features refresh: the day (YYYY-MM-DD); default today (China "
          "Standard Time)");
ABSL_FLAG(std::string, at, "",
          "escalate: act as if it were this time (RFC 3339, e.g. "
          "2026-11-25T09:00:00+08:00, never after now); default now");
ABSL_FLAG(int, hours, 0,
          "age-cases: move the area's open cases this many hours into the "
          "past");

namespace baoxue {
namespace {

constexpr char kUsage[] =
    "baoxue-server [serve]            serve gRPC (default)\n"
    "baoxue-server migrate            apply pending SQL migrations and exit\n"
    "baoxue-server import-areas FILE  import the county's areas (division\n"
    "                                 codes and names) into a new database\n"
    "baoxue-server token create --role ROLE --area CODE --description TEXT\n"
    "    [--expires 90d]              create an API token directly in the "
    "database (bootstrap)\n"
    "baoxue-server account create --login L --kind township|principal|county\n"
    "    --area CODE [--school ID] --display_name NAME [--password_file F]\n"
    "                                 web account; password from F or stdin\n"
    "    [--role official|data_staff|admin|security_admin|audit_admin]\n"
    "                                 (administrators sign in only with a\n"
    "                                 second factor)\n"
    "baoxue-server account disable --login L   (account enable: undo)\n"
    "baoxue-server escalate [--at TIME]  one escalation sweep (now, or an\n"
    "                                 earlier time) and exit\n"
    "baoxue-server age-cases --area CODE --hours N\n"
    "                                 simulated time for a demo: move the "
    "area's\n"
    "                                 open cases N hours into the past\n"
    "baoxue-server account totp-enrol --login L   print a new second factor's\n"
    "                                 otpauth:// URI (once); then\n"
    "baoxue-server account totp-confirm --login L --code 123456\n"
    "baoxue-server account totp-reset --login L   remove it (security "
    "administrator)\n"
    "baoxue-server features refresh [--as_of YYYY-MM-DD]\n"
    "                                 recompute the day's feature snapshot "
    "(cron)\n"
    "Common flags: --config FILE --listen HOST:PORT --database_url URL";

absl::StatusOr<baoxue::v1::ServerConfig> ReadConfig() {
  BAOXUE_ASSIGN_OR_RETURN(baoxue::v1::ServerConfig config,
                          LoadServerConfig(absl::GetFlag(FLAGS_config)));
  if (!absl::GetFlag(FLAGS_listen).empty()) {
    config.set_listen_address(absl::GetFlag(FLAGS_listen));
  }
  if (!absl::GetFlag(FLAGS_http_listen).empty()) {
    config.set_http_listen_address(absl::GetFlag(FLAGS_http_listen));
  }
  if (!absl::GetFlag(FLAGS_database_url).empty()) {
    config.set_database_url(absl::GetFlag(FLAGS_database_url));
  }
  if (!absl::GetFlag(FLAGS_metrics_listen).empty()) {
    config.mutable_metrics()->set_listen_address(
        absl::GetFlag(FLAGS_metrics_listen));
  }
  BAOXUE_RETURN_IF_ERROR(ApplyDefaults(config));
  SetLogFormat(config.log().format() == baoxue::v1::LogConfig::JSON
                   ? LogFormat::kJson
                   : LogFormat::kText);
  return config;
}

absl::Status Migrate(const baoxue::v1::ServerConfig& config) {
  BAOXUE_ASSIGN_OR_RETURN(int applied,
                          store::ApplyMigrations(config.database_url()));
  std::cerr << "migrations applied: " << applied << "\n";
  return absl::OkStatus();
}

absl::StatusOr<store::CallerRole> ParseRole(const std::string& name) {
  if (const auto role = domain::Parse<domain::CallerRole>(name)) return *role;
  return absl::InvalidArgumentError(
      "--role must be one of system, official, data_staff, admin, "
      "security_admin, audit_admin");
}

absl::Status CreateToken(const baoxue::v1::ServerConfig& config) {
  core::TokenRequest request;
  BAOXUE_ASSIGN_OR_RETURN(request.role, ParseRole(absl::GetFlag(FLAGS_role)));
  request.area_code = absl::GetFlag(FLAGS_area);
  request.description = absl::GetFlag(FLAGS_description);
  if (!absl::GetFlag(FLAGS_expires).empty()) {
    BAOXUE_ASSIGN_OR_RETURN(
        request.lifetime,
        ParseLifetime(absl::GetFlag(FLAGS_expires), "--expires"));
  }
  BAOXUE_ASSIGN_OR_RETURN(
      std::unique_ptr<store::PgConnectionPool> pool,
      store::PgConnectionPool::Create(config.database_url(), 1));
  store::PgTokenStore tokens(pool.get());
  core::SystemClock clock;
  const core::TokenIssuer issuer(&tokens, &clock,
                                 core::TokenPolicyFrom(config.auth()));
  BAOXUE_ASSIGN_OR_RETURN(core::IssuedToken issued,
                          issuer.Issue(request, "baoxue-server token create"));
  std::cerr << "token " << issued.token_id << " created, expires "
            << absl::FormatTime(absl::RFC3339_sec, issued.expires_at,
                                absl::UTCTimeZone())
            << "; it is shown once, store it safely:\n";
  std::cout << issued.token << "\n";
  return absl::OkStatus();
}

absl::StatusOr<std::string> ReadPassword(absl::string_view login) {
  const std::string path = absl::GetFlag(FLAGS_password_file);
  std::string password;
  if (path.empty()) {
    std::getline(std::cin, password);
  } else {
    std::ifstream in(path);
    if (!in) {
      return absl::InvalidArgumentError(
          absl::StrCat("--password_file: cannot read ", path));
    }
    std::getline(in, password);
  }
  while (!password.empty() &&
         (password.back() == '\r' || password.back() == '\n')) {
    password.pop_back();
  }
  BAOXUE_RETURN_IF_ERROR(core::CheckPasswordPolicy(password, login));
  return password;
}

absl::Status CreateAccount(const baoxue::v1::ServerConfig& config) {
  store::NewAccount account;
  account.login = absl::GetFlag(FLAGS_login);
  if (account.login.empty()) {
    return absl::InvalidArgumentError("--login is required");
  }
  const std::optional<store::AccountKind> kind =
      store::AccountKindFromName(absl::GetFlag(FLAGS_kind));
  if (!kind.has_value()) {
    return absl::InvalidArgumentError(
        "--kind must be township, principal or county");
  }
  account.kind = *kind;
  account.area_code = absl::GetFlag(FLAGS_area);
  if (account.area_code.empty()) {
    return absl::InvalidArgumentError("--area is required");
  }
  const int64_t school = absl::GetFlag(FLAGS_school);
  if ((*kind == store::AccountKind::kPrincipal) != (school != 0)) {
    return absl::InvalidArgumentError(
        "--school is required for a principal and only for a principal");
  }
  if (school != 0) account.school_id = school;
  account.display_name = absl::GetFlag(FLAGS_display_name);
  if (account.display_name.empty()) account.display_name = account.login;
  if (!absl::GetFlag(FLAGS_role).empty()) {
    BAOXUE_ASSIGN_OR_RETURN(account.role, ParseRole(absl::GetFlag(FLAGS_role)));
    // Data staff read the model's track record on the page (nothing else).
    if (account.role != store::CallerRole::kOfficial &&
        account.role != store::CallerRole::kDataStaff &&
        !core::IsAdministrator(account.role)) {
      return absl::InvalidArgumentError(
          "--role: a web account is an official, data staff or an "
          "administrator");
    }
  }
  BAOXUE_ASSIGN_OR_RETURN(const std::string password,
                          ReadPassword(account.login));
  BAOXUE_ASSIGN_OR_RETURN(
      account.password,
      core::HashPassword(password, absl::GetFlag(FLAGS_password_iterations)));
  BAOXUE_ASSIGN_OR_RETURN(
      std::unique_ptr<store::PgConnectionPool> pool,
      store::PgConnectionPool::Create(config.database_url(), 1));
  store::PgAccountStore accounts(pool.get());
  BAOXUE_ASSIGN_OR_RETURN(const int64_t id, accounts.CreateAccount(account));
  std::cerr << "web account " << id << " created\n";
  return absl::OkStatus();
}

absl::Status SetAccountDisabled(const baoxue::v1::ServerConfig& config,
                                bool disabled) {
  const std::string login = absl::GetFlag(FLAGS_login);
  if (login.empty()) return absl::InvalidArgumentError("--login is required");
  BAOXUE_ASSIGN_OR_RETURN(
      std::unique_ptr<store::PgConnectionPool> pool,
      store::PgConnectionPool::Create(config.database_url(), 1));
  store::PgAccountStore accounts(pool.get());
  BAOXUE_RETURN_IF_ERROR(accounts.SetDisabled(login, disabled));
  std::cerr << "web account " << (disabled ? "disabled" : "enabled")
            << " (its sessions end now)\n";
  return absl::OkStatus();
}

// account totp-enrol|totp-confirm|totp-reset (docs/security.md).
absl::Status SecondFactor(const baoxue::v1::ServerConfig& config,
                          absl::string_view action) {
  const std::string login = absl::GetFlag(FLAGS_login);
  if (login.empty()) return absl::InvalidArgumentError("--login is required");
  BAOXUE_ASSIGN_OR_RETURN(
      std::unique_ptr<store::PgConnectionPool> pool,
      store::PgConnectionPool::Create(config.database_url(), 1));
  store::PgAccountStore accounts(pool.get());
  BAOXUE_ASSIGN_OR_RETURN(const store::AccountRecord account,
                          accounts.FindAccountByLogin(login));
  core::SystemClock clock;
  core::SessionPolicy policy;
  policy.totp_issuer = config.auth().totp_issuer();
  core::WebAuth auth(&accounts, &clock, policy);
  if (action == "totp-enrol") {
    BAOXUE_ASSIGN_OR_RETURN(const core::TotpEnrolment enrolment,
                            auth.EnrolTotp(account.account_id));
    std::cerr << "add this to the authenticator app (shown once), then run "
                 "account totp-confirm --login "
              << login << " --code <its code>:\n";
    std::cout << enrolment.otpauth_uri << "\n";
    return absl::OkStatus();
  }
  if (action == "totp-confirm") {
    BAOXUE_RETURN_IF_ERROR(
        auth.ConfirmTotp(account.account_id, absl::GetFlag(FLAGS_code)));
    std::cerr << "second factor confirmed: sign-in now needs its code\n";
    return absl::OkStatus();
  }
  BAOXUE_RETURN_IF_ERROR(accounts.SetTotpSecret(account.account_id, ""));
  std::cerr << "second factor removed; enrol a new one\n";
  return absl::OkStatus();
}

absl::Status Escalate(const baoxue::v1::ServerConfig& config) {
  absl::Time at = absl::Now();
  const std::string at_flag = absl::GetFlag(FLAGS_at);
  std::string error;
  if (!at_flag.empty() &&
      !absl::ParseTime(absl::RFC3339_full, at_flag, &at, &error)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--at: not an RFC 3339 time (", error, ")"));
  }
  // Entries dated after now would sit above today's work in every timeline,
  // and an acknowledgement today would precede its assignment: simulated
  // time moves the cases into the past instead (age-cases).
  if (at > absl::Now()) {
    return absl::InvalidArgumentError(
        "--at: must not be after now (move the cases into the past with "
        "age-cases instead)");
  }
  BAOXUE_ASSIGN_OR_RETURN(
      std::unique_ptr<store::PgConnectionPool> pool,
      store::PgConnectionPool::Create(config.database_url(), 1));
  core::CaseMessageComposer composer;
  store::PgCaseStore cases(pool.get(),
                           core::CaseRulesFromConfig(config.cases()), &composer,
                           core::OutboxChannelsFromConfig(config.notify()));
  core::FixedClock clock(at);
  core::CaseEscalator escalator(&cases, &clock, absl::Seconds(1));
  BAOXUE_ASSIGN_OR_RETURN(store::EscalationSweep sweep, escalator.RunOnce());
  std::cerr << "escalated " << sweep.escalated << " cases, reminded "
            << sweep.reminded << ", messages queued " << sweep.messages << "\n";
  return absl::OkStatus();
}

// Simulated time: the area's open cases move --hours into the past, so the
// next escalation sweep (at now) finds their deadlines missed.
absl::Status AgeCases(const baoxue::v1::ServerConfig& config) {
  BAOXUE_ASSIGN_OR_RETURN(
      const domain::DivisionCode area,
      domain::DivisionCode::Parse(absl::GetFlag(FLAGS_area), "--area"));
  BAOXUE_ASSIGN_OR_RETURN(
      std::unique_ptr<store::PgConnectionPool> pool,
      store::PgConnectionPool::Create(config.database_url(), 1));
  store::PgCaseAging aging(pool.get());
  BAOXUE_ASSIGN_OR_RETURN(
      const int64_t moved,
      aging.MoveOpenCasesIntoPast(std::string(area.prefix()),
                                  absl::Hours(absl::GetFlag(FLAGS_hours))));
  std::cerr << "moved " << moved << " open cases " << absl::GetFlag(FLAGS_hours)
            << " hours into the past\n";
  return absl::OkStatus();
}

// Recomputes the day's feature snapshot, e.g. from cron ahead of the
// morning's risk runs, which then find it fresh (docs/risk-runs.md).
absl::Status RefreshFeatures(const baoxue::v1::ServerConfig& config) {
  absl::CivilDay as_of = core::LocalDay(absl::Now());
  const std::string day = absl::GetFlag(FLAGS_as_of);
  if (!day.empty() && !absl::ParseCivilTime(day, &as_of)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--as_of: '", day, "' is not a date YYYY-MM-DD"));
  }
  BAOXUE_ASSIGN_OR_RETURN(
      std::unique_ptr<store::PgConnectionPool> pool,
      store::PgConnectionPool::Create(config.database_url(), 1));
  store::FeatureSnapshotOptions options;
  options.retention_days = config.feature_snapshots().retention_days();
  options.feature_reader_role = config.database_roles().feature_reader_role();
  store::PgFeatureSnapshotStore snapshots(pool.get(), options);
  BAOXUE_ASSIGN_OR_RETURN(
      store::FeatureSnapshotRefresh refresh,
      snapshots.Refresh(as_of, "features refresh", absl::ZeroDuration(),
                        [](int64_t written, int64_t total) {
                          std::cerr << "\rfeatures computed " << written
                                    << " of about " << total << std::flush;
                        }));
  std::cerr << "\nfeature snapshot of " << absl::FormatCivilTime(as_of) << ": "
            << refresh.day.students << " students in " << refresh.day.seconds
            << " s; " << refresh.days_pruned << " old days pruned\n";
  // The active model's own feature set, when it is not the catalogue.
  store::PgModelStore models(pool.get());
  absl::StatusOr<store::StoredModel> stored = models.LoadActiveModel();
  if (!stored.ok()) return absl::OkStatus();  // no model yet: nothing more
  BAOXUE_ASSIGN_OR_RETURN(std::shared_ptr<const core::ActiveModel> active,
                          core::BuildActiveModel(*stored));
  if (active->feature_set != nullptr) {
    BAOXUE_ASSIGN_OR_RETURN(
        store::FeatureSnapshotRefresh set_refresh,
        snapshots.RefreshFeatureSet(*active->feature_set, as_of,
                                    "features refresh", absl::ZeroDuration()));
    std::cerr << "feature set " << active->feature_set->key << " of model "
              << active->version << ": " << set_refresh.day.students
              << " students in " << set_refresh.day.seconds << " s\n";
  }
  // The refreshed day against the active model's training data; a failure
  // here leaves the refresh done.
  BAOXUE_ASSIGN_OR_RETURN(core::DriftSettings drift_settings,
                          core::DriftSettingsFromConfig(config));
  store::PgDriftStore drift_store(pool.get());
  const core::DriftMonitor drift(&drift_store, drift_settings);
  absl::StatusOr<int> pushed = drift.RecordSnapshot(*active, as_of);
  if (!pushed.ok()) {
    std::cerr << "drift of model " << active->version
              << " not stored: " << pushed.status() << "\n";
  } else {
    std::cerr << "drift of model " << active->version << " stored for "
              << absl::FormatCivilTime(as_of) << "; " << *pushed
              << " features newly past the major threshold"
              << (drift_settings.channels.empty()
                      ? " (no drift channel configured: nothing pushed)"
                      : ", pushed to data staff")
              << " (baoxue model drift)\n";
  }
  return absl::OkStatus();
}

absl::Status OutboxStatus(const baoxue::v1::ServerConfig& config) {
  BAOXUE_ASSIGN_OR_RETURN(
      std::unique_ptr<store::PgConnectionPool> pool,
      store::PgConnectionPool::Create(config.database_url(), 1));
  store::PgOutboxStore outbox(pool.get());
  BAOXUE_ASSIGN_OR_RETURN(store::OutboxCounts counts, outbox.Counts());
  std::cout << "pending " << counts.pending << " (failing " << counts.failing
            << "), delivered " << counts.delivered;
  if (counts.oldest_pending_created_at.has_value()) {
    std::cout << ", oldest pending since "
              << domain::FormatCountyTime(*counts.oldest_pending_created_at);
  }
  std::cout << "\n";
  BAOXUE_ASSIGN_OR_RETURN(std::vector<store::ChannelBacklog> backlog,
                          outbox.PendingByChannel());
  for (const store::ChannelBacklog& channel : backlog) {
    std::cout << "  " << channel.channel << ": pending " << channel.pending
              << " (failing " << channel.failing << "), oldest since "
              << domain::FormatCountyTime(channel.oldest_pending_created_at)
              << "\n";
  }
  return absl::OkStatus();
}

// A new county's first step: its areas from a file (xlsx, xls or csv), so
// that `token create` has an area to give the first admin token.
absl::Status ImportAreas(const baoxue::v1::ServerConfig& config,
                         const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream bytes;
  bytes << file.rdbuf();
  if (!file) {
    return absl::InvalidArgumentError(absl::StrCat("cannot read ", path));
  }
  BAOXUE_ASSIGN_OR_RETURN(int applied,
                          store::ApplyMigrations(config.database_url()));
  if (applied > 0) std::cerr << "migrations applied: " << applied << "\n";
  BAOXUE_ASSIGN_OR_RETURN(
      std::unique_ptr<store::PgConnectionPool> pool,
      store::PgConnectionPool::Create(config.database_url(), 1));
  store::PgImportStore imports(pool.get());
  core::SystemClock clock;
  const core::imports::ImportDesk desk(&imports, nullptr, &clock);
  core::imports::ImportRequest request;
  request.kind = domain::ImportKind::kAreas;
  request.file_name = path.substr(path.rfind('/') + 1);
  request.bytes = bytes.str();
  BAOXUE_ASSIGN_OR_RETURN(
      core::imports::ImportReport report,
      desk.BootstrapAreas(request, "baoxue-server import-areas"));
  std::cout << "import " << report.import_id << ": " << report.rows << " rows, "
            << report.inserted << " new, " << report.updated << " updated, "
            << report.unchanged << " unchanged, " << report.rejected
            << " refused\n";
  for (const core::imports::RowError& error : report.errors) {
    std::cout << "  row " << error.row << " " << error.column << ": "
              << error.reason << "\n";
  }
  return absl::OkStatus();
}

absl::Status Run(const std::vector<char*>& args) {
  BAOXUE_ASSIGN_OR_RETURN(baoxue::v1::ServerConfig config, ReadConfig());
  const std::string command =
      args.size() > 1 ? absl::StrJoin(args.begin() + 1, args.end(), " ") : "";
  if (command.empty() || command == "serve") return Serve(config);
  if (command == "migrate") return Migrate(config);
  if (args.size() == 3 && std::string(args[1]) == "import-areas") {
    return ImportAreas(config, args[2]);
  }
  if (command == "token create") return CreateToken(config);
  if (command == "escalate") return Escalate(config);
  if (command == "age-cases") return AgeCases(config);
  if (command == "outbox") return OutboxStatus(config);
  if (command == "features refresh") return RefreshFeatures(config);
  if (command == "account create") return CreateAccount(config);
  if (command == "account disable") return SetAccountDisabled(config, true);
  if (command == "account enable") return SetAccountDisabled(config, false);
  for (const char* action : {"totp-enrol", "totp-confirm", "totp-reset"}) {
    if (command == absl::StrCat("account ", action)) {
      return SecondFactor(config, action);
    }
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown command '", command, "'\n", kUsage));
}

}  // namespace
}  // namespace baoxue

int main(int argc, char** argv) {
  // Debian's Abseil is built with its debug checks on, so every Mutex lock
  // would update the deadlock-detection graph: ~13 % of the server threads'
  // CPU under single-id ScoreStudents load (docs/benchmarks-analysis.md).
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  absl::SetProgramUsageMessage(baoxue::kUsage);
  // Asking for help is not an error: the usage on stdout, exit 0 (Abseil's
  // own --help exits 1 and lists every flag of every library).
  for (int i = 1; i < argc; ++i) {
    const std::string_view word = argv[i];
    if (word == "--help" || word == "-h" || word == "--helpshort" ||
        (i == 1 && word == "help")) {
      std::cout << baoxue::kUsage << "\n";
      return 0;
    }
  }
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  absl::Status status = baoxue::Run(args);
  if (!status.ok()) {
    std::cerr << "baoxue-server: " << status.message() << "\n";
    return 1;
  }
  return 0;
}
