#include "server/web/web_server.h"

#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "base/log.h"
#include "httplib.h"
#include "server/web/certificate_files.h"
#include "server/web/http_status.h"

namespace baoxue::web {
namespace {

constexpr char kCookie[] = "baoxue_session";
constexpr char kCsrfHeader[] = "X-Baoxue-CSRF";
constexpr char kJson[] = "application/json; charset=utf-8";

std::string SessionCookie(const httplib::Request& req) {
  const std::string header = req.get_header_value("Cookie");
  for (absl::string_view part : absl::StrSplit(header, ';')) {
    part = absl::StripAsciiWhitespace(part);
    if (absl::ConsumePrefix(&part, kCookie) &&
        absl::ConsumePrefix(&part, "=")) {
      return std::string(part);
    }
  }
  return "";
}

// Who may call a route, and how its errors look.
enum class Access {
  kAnyone,       // login
  kSession,      // GET /api/...: a valid session cookie
  kSessionCsrf,  // POST /api/...: the cookie and the CSRF header
  kPage,         // GET /print/...: the cookie; errors as a small HTML page
};

using Handler = absl::Status (WebApi::*)(const WebCall&, WebReply&) const;

struct Route {
  const char* method;
  const char* pattern;
  Access access;
  Handler handler;
};

// The page's API (docs/web-api.md): every endpoint, one line each.
constexpr Route kRoutes[] = {
    {"POST", "/api/login", Access::kAnyone, &WebApi::Login},
    {"POST", "/api/logout", Access::kSessionCsrf, &WebApi::Logout},
    {"GET", "/api/me", Access::kSession, &WebApi::Me},
    {"POST", "/api/totp/enrol", Access::kSessionCsrf, &WebApi::TotpEnrol},
    {"POST", "/api/totp/confirm", Access::kSessionCsrf, &WebApi::TotpConfirm},
    {"GET", "/api/vocabulary", Access::kAnyone, &WebApi::Vocabulary},
    {"GET", "/api/risk-list", Access::kSession, &WebApi::RiskList},
    {"GET", "/api/cases", Access::kSession, &WebApi::Cases},
    {"GET", R"(/api/cases/(\d+))", Access::kSession, &WebApi::Case},
    {"POST", R"(/api/cases/(\d+)/actions)", Access::kSessionCsrf,
     &WebApi::RecordAction},
    {"POST", R"(/api/cases/(\d+)/resolve)", Access::kSessionCsrf,
     &WebApi::Resolve},
    {"POST", R"(/api/cases/(\d+)/acknowledge)", Access::kSessionCsrf,
     &WebApi::Acknowledge},
    {"GET", "/api/ledger", Access::kSession, &WebApi::Ledger},
    {"GET", "/api/checks", Access::kSession, &WebApi::Checks},
    {"GET", "/api/export/risk-list.xlsx", Access::kSession,
     &WebApi::RiskListXlsx},
    {"GET", "/api/export/ledger.xlsx", Access::kSession, &WebApi::LedgerXlsx},
    {"GET", "/api/export/checks.xlsx", Access::kSession, &WebApi::ChecksXlsx},
    {"GET", "/print/risk-list", Access::kPage, &WebApi::RiskListPrint},
    {"GET", "/print/ledger", Access::kPage, &WebApi::LedgerPrint},
};

void SendError(const absl::Status& status, bool page, httplib::Response& res) {
  res.status = HttpStatusOf(status.code());
  if (page) {
    res.set_content(
        absl::StrCat("<!doctype html><meta charset=\"utf-8\"><p>",
                     absl::StatusCodeToString(status.code()), "</p>"),
        "text/html; charset=utf-8");
  } else {
    res.set_content(ErrorJson(status), kJson);
  }
}

// The one wrapper around every handler: authenticate the session cookie,
// check CSRF on POST, call the handler, send its reply or map its status.
void Serve(const Route& route, core::WebAuth& auth, const WebApi& api,
           const httplib::Request& req, httplib::Response& res) {
  res.set_header("Cache-Control", "no-store");
  absl::StatusOr<core::WebSession> session;
  if (route.access != Access::kAnyone) {
    session = auth.Authenticate(SessionCookie(req));
    if (!session.ok()) {
      return SendError(session.status(), route.access == Access::kPage, res);
    }
    if (route.access == Access::kSessionCsrf &&
        !core::WebAuth::CsrfMatches(*session,
                                    req.get_header_value(kCsrfHeader))) {
      return SendError(absl::PermissionDeniedError(absl::StrCat(
                           "csrf: missing or wrong ", kCsrfHeader, " header")),
                       false, res);
    }
  }
  WebCall call;
  call.session = session.ok() ? &*session : nullptr;
  for (const auto& [name, value] : req.params) call.params.emplace(name, value);
  call.body = req.body;
  if (req.matches.size() > 1) call.path_id = req.matches[1].str();
  // The TCP peer: a proxy in front makes every caller one address (the
  // per-address budget then covers them all; docs/security.md).
  call.remote_address = req.remote_addr;
  WebReply reply;
  const absl::Status status = (api.*route.handler)(call, reply);
  if (!status.ok()) {
    return SendError(status, route.access == Access::kPage, res);
  }
  res.status = 200;
  if (!reply.cookie.empty()) res.set_header("Set-Cookie", reply.cookie);
  if (!reply.attachment.empty()) {
    res.set_header(
        "Content-Disposition",
        absl::StrCat("attachment; filename=\"", reply.attachment, "\""));
  }
  res.set_content(std::move(reply.body), reply.content_type);
}

}  // namespace

std::vector<RouteInfo> RouteTable() {
  std::vector<RouteInfo> routes;
  for (const Route& route : kRoutes) {
    RouteInfo info;
    info.method = route.method;
    info.pattern = route.pattern;
    info.needs_session = route.access != Access::kAnyone;
    info.needs_csrf = route.access == Access::kSessionCsrf;
    routes.push_back(std::move(info));
  }
  return routes;
}

absl::StatusOr<std::unique_ptr<WebServer>> WebServer::Create(
    WebServerOptions options, core::WebAuth* auth,
    core::RiskListDesk* risk_lists, core::CaseDesk* cases,
    const core::checks::CheckDesk* checks) {
  const size_t colon = options.listen_address.rfind(':');
  int port = -1;
  if (colon == std::string::npos ||
      !absl::SimpleAtoi(options.listen_address.substr(colon + 1), &port) ||
      port < 0 || port > 65535) {
    return absl::InvalidArgumentError(
        "http_listen_address: host:port, e.g. 127.0.0.1:50180");
  }
  std::string host = options.listen_address.substr(0, colon);
  if (host.size() > 1 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  std::unique_ptr<WebServer> server(
      new WebServer(std::move(options), auth, risk_lists, cases, checks));
  const WebServerOptions& opts = server->options_;
  if (opts.cert_file.empty()) {
    server->http_ = std::make_unique<httplib::Server>();
  } else {
    absl::StatusOr<std::unique_ptr<CertificateFiles>> certificates =
        CertificateFiles::Load(opts.cert_file, opts.key_file, opts.tls_refresh);
    if (!certificates.ok()) return certificates.status();
    server->certificates_ = *std::move(certificates);
    CertificateFiles* files = server->certificates_.get();
    auto https = std::make_unique<httplib::SSLServer>(
        [files](SSL_CTX& ctx) { return files->SetUp(ctx); });
    if (!https->is_valid()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "tls.cert_file: cannot serve HTTPS with ", opts.cert_file));
    }
    server->http_ = std::move(https);
  }
  const int threads = std::max(1, opts.threads);
  server->http_->new_task_queue = [threads] {
    return new httplib::ThreadPool(threads);
  };
  const auto seconds_and_micros = [](absl::Duration d) {
    const int64_t micros = absl::ToInt64Microseconds(d);
    return std::pair<time_t, time_t>(micros / 1000000, micros % 1000000);
  };
  const auto [read_s, read_us] = seconds_and_micros(opts.read_timeout);
  const auto [write_s, write_us] = seconds_and_micros(opts.write_timeout);
  server->http_->set_read_timeout(read_s, read_us);
  server->http_->set_write_timeout(write_s, write_us);
  server->Register();
  if (port == 0) {
    server->port_ = server->http_->bind_to_any_port(host);
  } else if (server->http_->bind_to_port(host, port)) {
    server->port_ = port;
  }
  if (server->port_ <= 0) {
    return absl::UnavailableError(absl::StrCat(
        "cannot listen on ", server->options_.listen_address,
        server->certificates_ != nullptr ? " (HTTPS)" : " (HTTP)"));
  }
  return server;
}

WebServer::WebServer(WebServerOptions options, core::WebAuth* auth,
                     core::RiskListDesk* risk_lists, core::CaseDesk* cases,
                     const core::checks::CheckDesk* checks)
    : options_(std::move(options)),
      auth_(auth),
      api_(auth, risk_lists, cases, checks, options_.secure_cookie) {}

WebServer::~WebServer() { Stop(); }

void WebServer::Start() {
  thread_ = std::thread([this] { http_->listen_after_bind(); });
}

void WebServer::Stop() {
  if (http_ != nullptr) http_->stop();
  if (thread_.joinable()) thread_.join();
}

void WebServer::Register() {
  httplib::Server& http = *http_;
  if (!options_.web_root.empty() &&
      !http.set_mount_point("/", options_.web_root)) {
    LogWarning(absl::StrCat("web_root ", options_.web_root,
                            " is not a directory: serving the API only"));
  }
  http.set_payload_max_length(64 * 1024);
  for (const Route& route : kRoutes) {
    auto handler = [this, &route](const httplib::Request& req,
                                  httplib::Response& res) {
      Serve(route, *auth_, api_, req, res);
    };
    if (std::string(route.method) == "POST") {
      http.Post(route.pattern, handler);
    } else {
      http.Get(route.pattern, handler);
    }
  }
  const auto not_found = [](const httplib::Request&, httplib::Response& res) {
    SendError(absl::NotFoundError("no such API path"), false, res);
  };
  http.Get(R"(/api/.*)", not_found);
  http.Post(R"(/api/.*)", not_found);
}

}  // namespace baoxue::web
