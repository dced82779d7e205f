#include "server/web/web_server.h"

#include <algorithm>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "base/log.h"
#include "base/request_id.h"
#include "httplib.h"
#include "server/core/input_checks.h"
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

// A download's header: the ASCII name as it is, any other (a photo named
// in Chinese) also as RFC 5987 UTF-8. The names come from exports or
// core::SafeFileName (no quotes, backslashes or control characters).
std::string ContentDisposition(const std::string& name) {
  const bool ascii = std::all_of(name.begin(), name.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x80;
  });
  if (ascii) return absl::StrCat("attachment; filename=\"", name, "\"");
  std::string encoded;
  for (const unsigned char c : name) {
    if (c < 0x80 &&
        (absl::ascii_isalnum(c) || c == '.' || c == '-' || c == '_')) {
      encoded.push_back(static_cast<char>(c));
    } else {
      absl::StrAppend(&encoded, "%", absl::Hex(c, absl::kZeroPad2));
    }
  }
  const size_t dot = name.rfind('.');
  return absl::StrCat("attachment; filename=\"file",
                      dot == std::string::npos ? "" : name.substr(dot),
                      "\"; filename*=UTF-8''", encoded);
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
    {"POST", R"(/api/cases/(\d+)/assign)", Access::kSessionCsrf,
     &WebApi::Assign},
    {"GET", R"(/api/cases/(\d+)/assignees)", Access::kSession,
     &WebApi::Assignees},
    {"POST", R"(/api/cases/(\d+)/reopen)", Access::kSessionCsrf,
     &WebApi::Reopen},
    {"POST", R"(/api/cases/(\d+)/attachments)", Access::kSessionCsrf,
     &WebApi::UploadAttachment},
    {"GET", R"(/api/cases/(\d+)/attachments/(\d+))", Access::kSession,
     &WebApi::Attachment},
    {"GET", "/api/ledger", Access::kSession, &WebApi::Ledger},
    {"POST", "/api/ledger/report", Access::kSessionCsrf, &WebApi::ReportLedger},
    {"GET", "/api/ledger/reports", Access::kSession, &WebApi::LedgerReports},
    {"GET", "/api/checks", Access::kSession, &WebApi::Checks},
    {"GET", "/api/model-drift", Access::kSession, &WebApi::ModelDrift},
    {"GET", "/api/export/risk-list.xlsx", Access::kSession,
     &WebApi::RiskListXlsx},
    {"GET", "/api/export/ledger.xlsx", Access::kSession, &WebApi::LedgerXlsx},
    {"GET", "/api/export/checks.xlsx", Access::kSession, &WebApi::ChecksXlsx},
    {"GET", "/print/risk-list", Access::kPage, &WebApi::RiskListPrint},
    {"GET", "/print/ledger", Access::kPage, &WebApi::LedgerPrint},
    {"GET", "/api/track-record", Access::kSession, &WebApi::TrackRecord},
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

// The student ids a JSON reply names ("studentId": "123" or 123), for the
// audit; at most kMaxAuditIds.
constexpr size_t kMaxAuditIds = 2000;
void AddStudentIds(absl::string_view json, store::AuditEvent& event) {
  constexpr absl::string_view kKey = "\"studentId\":";
  for (size_t at = json.find(kKey); at != absl::string_view::npos;
       at = json.find(kKey, at + 1)) {
    ++event.count;
    size_t i = at + kKey.size();
    while (i < json.size() && (json[i] == ' ' || json[i] == '"')) ++i;
    int64_t id = 0;
    size_t end = i;
    while (end < json.size() && absl::ascii_isdigit(json[end])) ++end;
    if (end > i && event.student_ids.size() < kMaxAuditIds &&
        absl::SimpleAtoi(json.substr(i, end - i), &id)) {
      event.student_ids.push_back(id);
    }
  }
}

// One audit row per API call: who (the session's caller, "anonymous" for a
// sign-in), the route, the area or case asked for, the students the reply
// names, the peer address and the result.
void RecordCall(core::AuditTrail* audit, const Route& route,
                const httplib::Request& req, const core::WebSession* session,
                const absl::Status& status, absl::string_view reply) {
  if (audit == nullptr) return;
  store::AuditEvent event;
  event.action = absl::StrCat(route.method, " ", route.pattern);
  if (session != nullptr) {
    event.caller = session->caller.Describe();
    event.role = std::string(domain::Code(session->caller.role));
    event.caller_area = session->caller.scope.division_code;
  } else {
    event.caller = "anonymous";
  }
  if (req.matches.size() > 1) event.target = req.matches[1].str();
  for (const char* name : {"area", "village", "school_id"}) {
    const std::string value = req.get_param_value(name);
    if (!value.empty()) {
      absl::StrAppend(&event.target, event.target.empty() ? "" : " ", name, "=",
                      core::ForError(value));
    }
  }
  event.peer = req.remote_addr;
  event.result = absl::StatusCodeToString(status.code());
  if (status.ok()) AddStudentIds(reply, event);
  audit->Record(std::move(event));
}

// The one wrapper around every handler: authenticate the session cookie,
// check CSRF on POST, call the handler, send its reply or map its status;
// then record the call in the audit.
void Serve(const Route& route, core::WebAuth& auth, const WebApi& api,
           const std::string& request_id, core::AuditTrail* audit,
           const httplib::Request& req, httplib::Response& res) {
  res.set_header("Cache-Control", "no-store");
  // nosniff (an attachment never runs as HTML) is among SecurityHeaders(),
  // which every response carries.
  absl::StatusOr<core::WebSession> session;
  const core::WebSession* caller = nullptr;
  const auto fail = [&](const absl::Status& status, bool page) {
    SendError(status, page, res);
    RecordCall(audit, route, req, caller, status, "");
  };
  if (route.access != Access::kAnyone) {
    session = auth.Authenticate(SessionCookie(req));
    if (!session.ok()) {
      return fail(session.status(), route.access == Access::kPage);
    }
    caller = &*session;
    if (route.access == Access::kSessionCsrf &&
        !core::WebAuth::CsrfMatches(*session,
                                    req.get_header_value(kCsrfHeader))) {
      return fail(absl::PermissionDeniedError(absl::StrCat(
                      "csrf: missing or wrong ", kCsrfHeader, " header")),
                  false);
    }
  }
  WebCall call;
  call.session = caller;
  for (const auto& [name, value] : req.params) call.params.emplace(name, value);
  call.body = req.body;
  if (req.matches.size() > 1) call.path_id = req.matches[1].str();
  call.request_id = request_id;
  if (req.matches.size() > 2) call.path_sub_id = req.matches[2].str();
  // The TCP peer: a proxy in front makes every caller one address (the
  // per-address budget then covers them all; docs/security.md).
  call.remote_address = req.remote_addr;
  WebReply reply;
  const absl::Status status = (api.*route.handler)(call, reply);
  if (!status.ok()) return fail(status, route.access == Access::kPage);
  if (route.handler != &WebApi::Vocabulary) {
    RecordCall(audit, route, req, caller, status, reply.body);
  }
  res.status = 200;
  if (!reply.cookie.empty()) res.set_header("Set-Cookie", reply.cookie);
  if (!reply.attachment.empty()) {
    res.set_header("Content-Disposition", ContentDisposition(reply.attachment));
  }
  res.set_content(std::move(reply.body), reply.content_type);
}

}  // namespace

const std::vector<std::pair<std::string, std::string>>& SecurityHeaders() {
  static const auto* const kHeaders =
      new std::vector<std::pair<std::string, std::string>>{
          {"Content-Security-Policy",
           "default-src 'self'; script-src 'self'; "
           "style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
           "connect-src 'self'; object-src 'none'; base-uri 'none'; "
           "form-action 'self'; frame-ancestors 'none'"},
          {"X-Frame-Options", "DENY"},
          {"X-Content-Type-Options", "nosniff"},
          {"Referrer-Policy", "no-referrer"},
          {"Cross-Origin-Opener-Policy", "same-origin"},
          {"Permissions-Policy", "camera=(), microphone=(), geolocation=()"},
      };
  return *kHeaders;
}

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
    const core::checks::CheckDesk* checks, const ScoringGateway* gateway) {
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
  std::unique_ptr<WebServer> server(new WebServer(
      std::move(options), auth, risk_lists, cases, checks, gateway));
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
  server->http_->set_keep_alive_timeout(std::max<time_t>(
      1, static_cast<time_t>(absl::ToInt64Seconds(opts.keep_alive_timeout))));
  server->http_->set_keep_alive_max_count(
      static_cast<size_t>(std::max(1, opts.keep_alive_requests)));
  httplib::Headers headers;
  for (const auto& [name, value] : SecurityHeaders()) {
    headers.emplace(name, value);
  }
  server->http_->set_default_headers(std::move(headers));
  // The largest body is an attachment (core::kMaxAttachmentBytes) and its
  // request line; anything larger is refused before it is read whole.
  server->http_->set_payload_max_length(6 * 1024 * 1024);
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
                     const core::checks::CheckDesk* checks,
                     const ScoringGateway* gateway)
    : options_(std::move(options)),
      auth_(auth),
      api_(auth, risk_lists, cases, checks, options_.secure_cookie,
           options_.track_record, options_.drift),
      gateway_(gateway) {}

WebServer::~WebServer() { Stop(); }

void WebServer::Start() {
  thread_ = std::thread([this] { http_->listen_after_bind(); });
}

void WebServer::Stop() {
  if (http_ != nullptr) http_->stop();
  if (thread_.joinable()) thread_.join();
}

void WebServer::BeginDrain(absl::Duration retry_after) {
  retry_after_seconds_ = std::max<int64_t>(
      1, absl::ToInt64Seconds(absl::Ceil(retry_after, absl::Seconds(1))));
  draining_ = true;
}

void WebServer::Register() {
  httplib::Server& http = *http_;
  http.set_pre_routing_handler(
      [this](const httplib::Request&, httplib::Response& response) {
        if (!draining_) return httplib::Server::HandlerResponse::Unhandled;
        response.status = 503;
        response.set_header("Retry-After",
                            std::to_string(retry_after_seconds_.load()));
        response.set_header("Connection", "close");
        response.set_content(
            "{\"error\":\"the server is shutting down; retry shortly\"}",
            "application/json");
        return httplib::Server::HandlerResponse::Handled;
      });
  if (!options_.web_root.empty() &&
      !http.set_mount_point("/", options_.web_root)) {
    LogWarning(absl::StrCat("web_root ", options_.web_root,
                            " is not a directory: serving the API only"));
  }
  http.set_payload_max_length(64 * 1024);
  for (const Route& route : kRoutes) {
    auto handler = [this, &route](const httplib::Request& req,
                                  httplib::Response& res) {
      // The client's X-Request-Id if usable, else a new one; sent back.
      const std::string request_id =
          RequestIdFrom(req.get_header_value(kRequestIdKey));
      res.set_header("X-Request-Id", request_id);
      const absl::Time started = absl::Now();
      Serve(route, *auth_, api_, request_id, options_.audit, req, res);
      const int status = res.status > 0 ? res.status : 200;
      if (status >= 500) {
        LogWarning(
            absl::StrCat(route.method, " ", route.pattern, " failed: ", status),
            request_id);
      }
      if (options_.record_request) {
        options_.record_request(absl::StrCat(route.method, " ", route.pattern),
                                status, absl::Now() - started);
      }
    };
    if (std::string(route.method) == "POST") {
      http.Post(route.pattern, handler);
    } else {
      http.Get(route.pattern, handler);
    }
  }
  const auto not_found = [](const httplib::Request&, httplib::Response& res) {
    res.set_header("Cache-Control", "no-store");
    SendError(absl::NotFoundError("no such API path"), false, res);
  };
  http.Get(R"(/api/.*)", not_found);
  http.Post(R"(/api/.*)", not_found);
  if (gateway_ != nullptr) gateway_->Register(http);
}

}  // namespace baoxue::web
