#ifndef BAOXUE_SERVER_WEB_WEB_SERVER_H_
#define BAOXUE_SERVER_WEB_WEB_SERVER_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/core/audit_trail.h"
#include "server/core/case_desk.h"
#include "server/core/checks/check_desk.h"
#include "server/core/risk_list.h"
#include "server/core/web_auth.h"
#include "server/web/scoring_gateway.h"
#include "server/web/web_api.h"

namespace httplib {
class Server;
}

namespace baoxue::web {

class CertificateFiles;

struct WebServerOptions {
  std::string listen_address = "127.0.0.1:50180";  // port 0 = any free port
  std::string web_root;  // static files; empty or missing = none
  // Mark the session cookie Secure; the server sets it whenever it serves
  // HTTPS, and config's http_secure_cookie behind a TLS proxy.
  bool secure_cookie = false;
  int threads = 32;  // a bounded pool: more connections wait their turn
  // PEM certificate chain and key: HTTPS when set (re-read every
  // tls_refresh, see CertificateFiles), plain HTTP when empty.
  std::string cert_file;
  std::string key_file;
  absl::Duration tls_refresh = absl::Seconds(60);
  // A request must arrive, and a reply leave, within these (a slow client
  // holds one of `threads` at most this long per read or write).
  absl::Duration read_timeout = absl::Seconds(5);
  absl::Duration write_timeout = absl::Seconds(30);
  // Told of every routed request: its route ("GET /api/cases"), HTTP status
  // and latency (for /metrics). May be empty; called on the request's thread.
  std::function<void(const std::string& route, int status,
                     absl::Duration elapsed)>
      record_request;
  // An idle keep-alive connection is closed after keep_alive_timeout, and
  // any after keep_alive_requests requests, so idle clients give their
  // thread back.
  absl::Duration keep_alive_timeout = absl::Seconds(2);
  int keep_alive_requests = 20;
  // Where every API call is recorded (docs/security.md, "Security audit");
  // null: not recorded (tests). Not owned.
  core::AuditTrail* audit = nullptr;
  // GET /api/track-record reads it; null: that route answers UNIMPLEMENTED.
  // Not owned.
  const core::TrackRecordReader* track_record = nullptr;
  // Model drift for the data staff's view (/api/model-drift); null: the
  // route answers UNIMPLEMENTED. Not owned.
  const core::DriftMonitor* drift = nullptr;
};

// The headers every response carries (static files, API, print pages and
// errors alike): a strict Content-Security-Policy, no framing, no MIME
// sniffing, no referrer. docs/security.md, "Intrusion prevention".
const std::vector<std::pair<std::string, std::string>>& SecurityHeaders();
// One route of the page's API as the route table lists it (for the access
// matrix, tests/server/access_matrix_test.cc, and docs/access.md).
struct RouteInfo {
  std::string method;  // GET or POST
  std::string
      pattern;  // cpp-httplib's regular expression, e.g. /api/cases/(\d+)
  bool needs_session = true;  // false only for sign-in and the vocabulary
  bool needs_csrf = false;    // POST with a session
};

// Every route WebServer serves, from its one table, in order.
std::vector<RouteInfo> RouteTable();

// The page's HTTP server (cpp-httplib): static files from web_root and the
// API of docs/web-api.md, /api/ and /print/, routed by one table to WebApi's
// methods. One wrapper around every route authenticates the session cookie
// (and the CSRF header on POST) and maps absl::Status to HTTP through
// HttpStatusOf. With a `gateway`, also its /v1/ routes (Bearer tokens, not
// the cookie). Thread-safe; does not own the core objects or the gateway.
class WebServer {
 public:
  // Binds the address (UNAVAILABLE if it cannot; INVALID_ARGUMENT naming
  // http_listen_address if malformed, or tls.cert_file / tls.key_file if
  // they cannot be read or do not make a pair). Call Start() to serve.
  static absl::StatusOr<std::unique_ptr<WebServer>> Create(
      WebServerOptions options, core::WebAuth* auth,
      core::RiskListDesk* risk_lists, core::CaseDesk* cases,
      const core::checks::CheckDesk* checks,
      const ScoringGateway* gateway = nullptr);
  ~WebServer();

  int port() const { return port_; }
  // Serves on a background thread until Stop().
  void Start();
  // Stops accepting, lets requests in flight finish, joins. Idempotent.
  void Stop();
  // From now on every request is answered 503 with Retry-After
  // `retry_after` (the server is shutting down: a balancer or the page
  // tries again elsewhere or later). Thread-safe.
  void BeginDrain(absl::Duration retry_after);

 private:
  WebServer(WebServerOptions options, core::WebAuth* auth,
            core::RiskListDesk* risk_lists, core::CaseDesk* cases,
            const core::checks::CheckDesk* checks,
            const ScoringGateway* gateway);
  // Registers every route of the table and the static files.
  void Register();

  WebServerOptions options_;
  core::WebAuth* auth_;
  const WebApi api_;
  const ScoringGateway* gateway_;  // null = no HTTP/JSON gateway
  std::unique_ptr<CertificateFiles> certificates_;  // outlives http_
  std::unique_ptr<httplib::Server> http_;
  int port_ = 0;
  std::thread thread_;
  std::atomic<bool> draining_{false};
  std::atomic<int64_t> retry_after_seconds_{1};
};

}  // namespace baoxue::web

#endif  // BAOXUE_SERVER_WEB_WEB_SERVER_H_
