// The web server's resource control and response headers without a
// database: slow clients cannot take the API down, a stalled request is cut
// off, and every response carries the security headers
// (docs/security.md, "Resource control" and "Intrusion prevention").
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/web/web_server.h"
#include "tests/testing/status_matchers.h"
// After Eigen (via server/core): httplib.h defines names Eigen also uses.
#include "httplib.h"

namespace baoxue {
namespace {

using ::baoxue::testing::IsOk;
using ::testing::HasSubstr;

// A raw TCP connection that sends the start of a request and stalls, as a
// slow-header (slowloris) client does.
class StalledConnection {
 public:
  explicit StalledConnection(int port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&address),
                         sizeof(address)) == 0;
    const std::string partial = "GET /api/vocabulary HTTP/1.1\r\nHost: x\r\n";
    if (connected_) {
      connected_ = send(fd_, partial.data(), partial.size(), 0) ==
                   static_cast<ssize_t>(partial.size());
    }
  }
  ~StalledConnection() { close(fd_); }
  bool connected() const { return connected_; }

  // Blocks until the server closes the connection (true) or `limit_seconds`
  // pass without that (false); whatever the server sent is discarded.
  bool ClosedByServer(int limit_seconds) {
    timeval limit{limit_seconds, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof(limit));
    char buffer[512];
    while (true) {
      const ssize_t n = recv(fd_, buffer, sizeof(buffer), 0);
      if (n == 0) return true;
      if (n < 0) return errno == ECONNRESET;
    }
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
};

std::unique_ptr<web::WebServer> StartServer(web::WebServerOptions options) {
  options.listen_address = "127.0.0.1:0";
  // /api/vocabulary needs no session and no store: no collaborators.
  absl::StatusOr<std::unique_ptr<web::WebServer>> server =
      web::WebServer::Create(options, nullptr, nullptr, nullptr, nullptr);
  EXPECT_THAT(server.status(), IsOk());
  if (!server.ok()) return nullptr;
  (*server)->Start();
  return *std::move(server);
}

TEST(WebResourceTest, EightSlowHeaderConnectionsDoNotStopOtherRequests) {
  std::unique_ptr<web::WebServer> server = StartServer({});
  ASSERT_NE(server, nullptr);
  std::vector<std::unique_ptr<StalledConnection>> stalled;
  for (int i = 0; i < 8; ++i) {
    stalled.push_back(std::make_unique<StalledConnection>(server->port()));
    ASSERT_TRUE(stalled.back()->connected());
  }
  httplib::Client client("127.0.0.1", server->port());
  // Far below the 30 s the API used to hang for.
  client.set_read_timeout(3, 0);
  httplib::Result res = client.Get("/api/vocabulary");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 200);
  server->Stop();
}

TEST(WebResourceTest, ARequestWhoseHeadersStallIsCutOff) {
  web::WebServerOptions options;
  options.read_timeout = absl::Seconds(1);
  std::unique_ptr<web::WebServer> server = StartServer(options);
  ASSERT_NE(server, nullptr);
  StalledConnection stalled(server->port());
  ASSERT_TRUE(stalled.connected());
  // The server gives the thread back: it closes the connection itself.
  EXPECT_TRUE(stalled.ClosedByServer(60));
  server->Stop();
}

TEST(WebResourceTest, EveryResponseCarriesTheSecurityHeaders) {
  std::unique_ptr<web::WebServer> server = StartServer({});
  ASSERT_NE(server, nullptr);
  httplib::Client client("127.0.0.1", server->port());
  for (const char* path :
       {"/api/vocabulary", "/api/no-such-route", "/index.html"}) {
    SCOPED_TRACE(path);
    httplib::Result res = client.Get(path);
    ASSERT_TRUE(res);
    EXPECT_THAT(res->get_header_value("Content-Security-Policy"),
                HasSubstr("frame-ancestors 'none'"));
    EXPECT_THAT(res->get_header_value("Content-Security-Policy"),
                HasSubstr("default-src 'self'"));
    EXPECT_EQ(res->get_header_value("X-Frame-Options"), "DENY");
    EXPECT_EQ(res->get_header_value("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(res->get_header_value("Referrer-Policy"), "no-referrer");
  }
  for (const char* path : {"/api/vocabulary", "/api/no-such-route"}) {
    SCOPED_TRACE(path);
    httplib::Result res = client.Get(path);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->get_header_value("Cache-Control"), "no-store");
  }
  server->Stop();
}

}  // namespace
}  // namespace baoxue
