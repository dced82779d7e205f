// Transport end to end, with real TLS: a test CA from deploy/make-test-ca.sh,
// baoxue-server serving gRPC and the web page over TLS on loopback, the CLI
// with and without the CA, HTTPS with a Secure cookie, a renewed certificate
// served without a restart, and plaintext off loopback refused at start.
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pqxx/pqxx"
#include "tests/testing/demo_county.h"
#include "tests/testing/processes.h"
#include "tests/testing/temp_path.h"
#include "tests/testing/test_database.h"

namespace baoxue {
namespace {

using ::baoxue::testing::CommandResult;
using ::baoxue::testing::RunShell;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kPassword[] = "tls-e2e-password-1";
constexpr int kRefreshSeconds = 1;

class TlsEndToEndTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = ::baoxue::testing::UniqueTempPath("baoxue_tls");
    const CommandResult ca = RunShell(
        absl::StrCat(BAOXUE_SOURCE_DIR, "/deploy/make-test-ca.sh ", dir_));
    ASSERT_EQ(ca.exit_code, 0) << ca.output;
    // The CLI (and testing::TrainAndActivate) trust the test CA through the
    // environment, as an operator would set it once.
    setenv("BAOXUE_CA_FILE", (dir_ + "/ca.pem").c_str(), 1);

    auto db = testing::CreateDemoCounty(1500, 11);
    ASSERT_TRUE(db.ok()) << db.status();
    database_ = db->release();
    address_ = absl::StrCat("127.0.0.1:", testing::FreePort());
    http_port_ = testing::FreePort();
    const std::string config = dir_ + "/server.textproto";
    ASSERT_TRUE(testing::WriteTextFile(
        config,
        absl::StrCat("model_poll_seconds: 1\n", "tls {\n", "  cert_file: \"",
                     dir_, "/server.pem\"\n", "  key_file: \"", dir_,
                     "/server.key\"\n", "  client_ca_file: \"", dir_,
                     "/ca.pem\"\n", "  refresh_seconds: ", kRefreshSeconds,
                     "\n", "}\n")));
    ASSERT_TRUE(server_.Start(
        {BAOXUE_SERVER_BIN, "--database_url", database_->url(), "--listen",
         address_, "--http_listen", absl::StrCat("127.0.0.1:", http_port_),
         "--config", config},
        dir_ + "/server.log"));
    bool answered = false;
    for (int i = 0; i < 600 && !answered; ++i) {
      const CommandResult health = Cli("health");
      answered = health.exit_code == 0 ||
                 health.output.find("not serving") != std::string::npos;
      if (!answered)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ASSERT_TRUE(answered) << testing::ReadTextFile(dir_ + "/server.log");

    pqxx::connection conn(database_->url());
    pqxx::work tx(conn);
    county_ = tx.exec1(
                    "SELECT division_code FROM baoxue.areas "
                    "WHERE level = 'county'")[0]
                  .as<std::string>();
    tx.commit();
    const CommandResult staff = RunShell(
        absl::StrCat(BAOXUE_SERVER_BIN, " --database_url '", database_->url(),
                     "' token create --role data_staff --area ", county_,
                     " --description 'tls e2e data staff'"),
        /*stderr_too=*/false);
    ASSERT_EQ(staff.exit_code, 0) << staff.output;
    const CommandResult trained = testing::TrainAndActivate(
        BAOXUE_CLI_BIN, address_,
        std::string(absl::StripAsciiWhitespace(staff.output)));
    ASSERT_EQ(trained.exit_code, 0) << trained.output;
    // Health follows the activation within model_poll_seconds.
    bool serving = false;
    for (int i = 0; i < 300 && !serving; ++i) {
      serving = Cli("health").exit_code == 0;
      if (!serving) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ASSERT_TRUE(serving) << testing::ReadTextFile(dir_ + "/server.log");
  }

  static void TearDownTestSuite() {
    server_.Stop();
    delete database_;
    RunShell(absl::StrCat("rm -rf '", dir_, "'"));
  }

  static CommandResult Cli(const std::string& args) {
    return RunShell(
        absl::StrCat(BAOXUE_CLI_BIN, " --server ", address_, " ", args));
  }

  // The serial of the certificate served on `port` (TLS with ALPN h2, which
  // gRPC speaks; the web page ignores it), or "" if there is no handshake.
  static std::string ServedSerial(int port) {
    return RunShell(absl::StrCat("openssl s_client -connect 127.0.0.1:", port,
                                 " -alpn h2 -CAfile ", dir_,
                                 "/ca.pem </dev/null 2>/dev/null | openssl "
                                 "x509 -noout -serial 2>/dev/null"),
                    /*stderr_too=*/false)
        .output;
  }

  static int GrpcPort() {
    return std::atoi(address_.substr(address_.rfind(':') + 1).c_str());
  }

  static inline std::string dir_;
  static inline testing::TestDatabase* database_ = nullptr;
  static inline std::string address_;
  static inline int http_port_ = 0;
  static inline std::string county_;
  static inline testing::ChildProcess server_;
};

TEST_F(TlsEndToEndTest, CliWithTheCaIsServed) {
  const CommandResult health = Cli("health");
  EXPECT_EQ(health.exit_code, 0) << health.output;
  EXPECT_THAT(health.output, HasSubstr("服务中"));
}

TEST_F(TlsEndToEndTest, CliWithoutTheCaIsRefused) {
  const CommandResult plaintext =
      RunShell(absl::StrCat("env -u BAOXUE_CA_FILE ", BAOXUE_CLI_BIN,
                            " --server ", address_, " health"));
  EXPECT_NE(plaintext.exit_code, 0);
  EXPECT_THAT(plaintext.output,
              AllOf(HasSubstr("UNAVAILABLE"), Not(HasSubstr("服务中"))));
}

TEST_F(TlsEndToEndTest, CliTrustingAnotherCaIsRefused) {
  const std::string other = dir_ + "/other-ca";
  ASSERT_EQ(RunShell(absl::StrCat(BAOXUE_SOURCE_DIR, "/deploy/make-test-ca.sh ",
                                  other))
                .exit_code,
            0);
  const CommandResult health =
      Cli(absl::StrCat("--ca_file ", other, "/ca.pem health"));
  EXPECT_NE(health.exit_code, 0);
  EXPECT_THAT(health.output, HasSubstr("UNAVAILABLE"));
}

TEST_F(TlsEndToEndTest, ClientCertificateSignedByTheClientCaIsAccepted) {
  const CommandResult health =
      Cli(absl::StrCat("--cert_file ", dir_, "/client.pem --key_file ", dir_,
                       "/client.key health"));
  EXPECT_EQ(health.exit_code, 0) << health.output;
}

TEST_F(TlsEndToEndTest, PlaintextToAnAddressOffLoopbackIsRefusedByTheCli) {
  const CommandResult health =
      RunShell(absl::StrCat("env -u BAOXUE_CA_FILE ", BAOXUE_CLI_BIN,
                            " --server 192.0.2.1:50151 health"));
  EXPECT_NE(health.exit_code, 0);
  EXPECT_THAT(health.output,
              AllOf(HasSubstr("INVALID_ARGUMENT"), HasSubstr("--ca_file")));
}

TEST_F(TlsEndToEndTest, WebPageIsHttpsWithASecureCookie) {
  const std::string password_file = dir_ + "/web.password";
  ASSERT_TRUE(testing::WriteTextFile(password_file, kPassword));
  const CommandResult account = RunShell(absl::StrCat(
      BAOXUE_SERVER_BIN, " --database_url '", database_->url(),
      "' account create --login tls.county --kind county --area ", county_,
      " --display_name tls --password_iterations 1000 --password_file ",
      password_file));
  ASSERT_EQ(account.exit_code, 0) << account.output;

  const CommandResult login = RunShell(
      absl::StrCat("curl -sS --cacert ", dir_, "/ca.pem -D - -o /dev/null ",
                   "-H 'Content-Type: application/json' ",
                   "-d '{\"login\":\"tls.county\",\"password\":\"", kPassword,
                   "\"}' ", "https://127.0.0.1:", http_port_, "/api/login"));
  EXPECT_EQ(login.exit_code, 0) << login.output;
  EXPECT_THAT(login.output, HasSubstr("HTTP/1.1 200"));
  EXPECT_THAT(login.output, AllOf(HasSubstr("Set-Cookie: baoxue_session="),
                                  HasSubstr("Secure")));

  // Plain HTTP to the HTTPS port gets no page.
  const CommandResult plain = RunShell(absl::StrCat(
      "curl -sS -m 5 -o /dev/null -w '%{http_code}' http://127.0.0.1:",
      http_port_, "/api/vocabulary"));
  EXPECT_THAT(plain.output, Not(HasSubstr("200")));
}

TEST_F(TlsEndToEndTest, RenewedCertificateIsServedWithoutRestart) {
  const std::string grpc_before = ServedSerial(GrpcPort());
  const std::string web_before = ServedSerial(http_port_);
  ASSERT_THAT(grpc_before, HasSubstr("serial="));
  ASSERT_EQ(web_before, grpc_before);

  ASSERT_EQ(RunShell(absl::StrCat(BAOXUE_SOURCE_DIR, "/deploy/make-test-ca.sh ",
                                  dir_, " --renew-server"))
                .exit_code,
            0);
  const std::string renewed =
      RunShell(
          absl::StrCat("openssl x509 -noout -serial -in ", dir_, "/server.pem"))
          .output;
  ASSERT_NE(renewed, grpc_before);

  // Both watchers look every kRefreshSeconds: wait for the new serial, up to
  // twice that plus a second for a busy machine.
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::seconds(2 * kRefreshSeconds + 1);
  std::string grpc_after, web_after;
  do {
    grpc_after = ServedSerial(GrpcPort());
    web_after = ServedSerial(http_port_);
    if (grpc_after == renewed && web_after == renewed) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  } while (std::chrono::steady_clock::now() < deadline);
  EXPECT_EQ(grpc_after, renewed);
  EXPECT_EQ(web_after, renewed);
  // And the server still answers the CLI over the renewed certificate.
  EXPECT_EQ(Cli("health").exit_code, 0);
}

// Start-up refusals: neither server binds, so nothing is sent off loopback.
TEST_F(TlsEndToEndTest, PlaintextOffLoopbackIsRefusedAtStart) {
  const std::string config = dir_ + "/open.textproto";
  ASSERT_TRUE(
      testing::WriteTextFile(config, "listen_address: \"0.0.0.0:0\"\n"));
  const CommandResult refused = RunShell(
      absl::StrCat("timeout 60 ", BAOXUE_SERVER_BIN, " --database_url '",
                   database_->url(), "' --http_listen off --config ", config));
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_THAT(refused.output,
              AllOf(HasSubstr("listen_address 0.0.0.0:0"),
                    HasSubstr("tls.allow_plaintext_off_loopback")));
}

TEST_F(TlsEndToEndTest, MissingCertificateFileIsRefusedAtStartNamingTheField) {
  const std::string config = dir_ + "/missing.textproto";
  ASSERT_TRUE(testing::WriteTextFile(
      config,
      absl::StrCat("tls { cert_file: \"", dir_, "/nope.pem\" key_file: \"",
                   dir_, "/server.key\" }\n")));
  const CommandResult refused = RunShell(absl::StrCat(
      "timeout 60 ", BAOXUE_SERVER_BIN, " --database_url '", database_->url(),
      "' --listen 127.0.0.1:0 --http_listen off --config ", config));
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_THAT(refused.output, HasSubstr("tls.cert_file: cannot read"));
}

}  // namespace
}  // namespace baoxue
