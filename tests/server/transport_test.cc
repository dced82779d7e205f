// The transport rules checked before baoxue-server binds anything
// (server/transport.h) and the loopback rule under them (base/net_address.h).
#include "server/transport.h"

#include "base/net_address.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace baoxue {
namespace {

using ::baoxue::testing::IsOk;
using ::baoxue::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;

TEST(LoopbackRuleTest, LoopbackHostsAreThisMachineOnly) {
  EXPECT_TRUE(IsLoopbackHost("127.0.0.1"));
  EXPECT_TRUE(IsLoopbackHost("127.10.20.30"));
  EXPECT_TRUE(IsLoopbackHost("::1"));
  EXPECT_TRUE(IsLoopbackHost("::ffff:127.0.0.1"));
  EXPECT_TRUE(IsLoopbackHost("localhost"));
  EXPECT_TRUE(IsLoopbackHost("LocalHost"));

  EXPECT_FALSE(IsLoopbackHost(""));
  EXPECT_FALSE(IsLoopbackHost("0.0.0.0"));
  EXPECT_FALSE(IsLoopbackHost("::"));
  EXPECT_FALSE(IsLoopbackHost("128.0.0.1"));
  EXPECT_FALSE(IsLoopbackHost("10.0.0.5"));
  EXPECT_FALSE(IsLoopbackHost("::ffff:10.0.0.5"));
  EXPECT_FALSE(IsLoopbackHost("localhost.example.cn"));
  EXPECT_FALSE(IsLoopbackHost("edu.example.cn"));
}

TEST(LoopbackRuleTest, AddressesAreHostAndPort) {
  EXPECT_TRUE(IsLoopbackAddress("127.0.0.1:50151"));
  EXPECT_TRUE(IsLoopbackAddress("[::1]:50151"));
  EXPECT_TRUE(IsLoopbackAddress("localhost:0"));
  EXPECT_TRUE(IsLoopbackAddress("ipv4:127.0.0.1:50151"));
  EXPECT_TRUE(IsLoopbackAddress("dns:///localhost:50151"));
  EXPECT_TRUE(IsLoopbackAddress("unix:/run/baoxue.sock"));

  EXPECT_FALSE(IsLoopbackAddress("0.0.0.0:50151"));
  EXPECT_FALSE(IsLoopbackAddress("[::]:50151"));
  EXPECT_FALSE(IsLoopbackAddress(":50151"));
  EXPECT_FALSE(IsLoopbackAddress("10.0.0.5:50151"));
  EXPECT_FALSE(IsLoopbackAddress("127.0.0.1"));  // no port: malformed
  EXPECT_FALSE(IsLoopbackAddress("[::1:50151"));
}

baoxue::v1::ServerConfig Plaintext(const std::string& grpc,
                                   const std::string& http) {
  baoxue::v1::ServerConfig config;
  config.set_listen_address(grpc);
  config.set_http_listen_address(http);
  return config;
}

TEST(CheckTransportTest, PlaintextOnLoopbackIsAllowed) {
  EXPECT_THAT(CheckTransport(Plaintext("127.0.0.1:50151", "127.0.0.1:50180")),
              IsOk());
  EXPECT_THAT(CheckTransport(Plaintext("[::1]:50151", "off")), IsOk());
}

TEST(CheckTransportTest, PlaintextOffLoopbackIsRefusedNamingTheField) {
  EXPECT_THAT(CheckTransport(Plaintext("0.0.0.0:50151", "127.0.0.1:50180")),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("listen_address 0.0.0.0:50151"),
                             HasSubstr("tls.allow_plaintext_off_loopback"))));
  EXPECT_THAT(CheckTransport(Plaintext("127.0.0.1:50151", "10.0.0.5:50180")),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("http_listen_address 10.0.0.5:50180")));
}

TEST(CheckTransportTest, AllowPlaintextOffLoopbackLiftsTheRule) {
  baoxue::v1::ServerConfig config = Plaintext("0.0.0.0:50151", "0.0.0.0:80");
  config.mutable_tls()->set_allow_plaintext_off_loopback(true);
  EXPECT_THAT(CheckTransport(config), IsOk());
}

TEST(CheckTransportTest, MetricsStayOnLoopbackUnlessAllowed) {
  baoxue::v1::ServerConfig config = Plaintext("127.0.0.1:50151", "off");
  config.mutable_metrics()->set_listen_address("0.0.0.0:50190");
  EXPECT_THAT(CheckTransport(config),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("metrics.listen_address 0.0.0.0:50190"),
                             HasSubstr("metrics.allow_off_loopback"))));
  config.mutable_metrics()->set_allow_off_loopback(true);
  EXPECT_THAT(CheckTransport(config), IsOk());
  config.mutable_metrics()->set_allow_off_loopback(false);
  config.mutable_metrics()->set_listen_address("127.0.0.1:0");
  EXPECT_THAT(CheckTransport(config), IsOk());
  config.mutable_metrics()->set_listen_address("off");
  EXPECT_THAT(CheckTransport(config), IsOk());
}

TEST(CheckTransportTest, UnreadableTlsFilesAreNamed) {
  baoxue::v1::ServerConfig config = Plaintext("0.0.0.0:50151", "off");
  config.mutable_tls()->set_cert_file("/nonexistent/server.pem");
  config.mutable_tls()->set_key_file("/nonexistent/server.key");
  EXPECT_THAT(CheckTransport(config),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("tls.cert_file: cannot read "
                                 "/nonexistent/server.pem")));
}

TEST(ApplyTlsDefaultsTest, FillsTheRefreshAndOptionalClientCertificates) {
  baoxue::v1::TlsConfig tls;
  tls.set_cert_file("s.pem");
  tls.set_key_file("s.key");
  tls.set_client_ca_file("ca.pem");
  ASSERT_THAT(ApplyTlsDefaults(tls), IsOk());
  EXPECT_EQ(tls.refresh_seconds(), 60);
  EXPECT_EQ(tls.client_certificates(), baoxue::v1::TlsConfig::OPTIONAL);
}

TEST(ApplyTlsDefaultsTest, HalfAPairOrClientCertificatesWithoutTlsAreRefused) {
  baoxue::v1::TlsConfig cert_only;
  cert_only.set_cert_file("s.pem");
  EXPECT_THAT(
      ApplyTlsDefaults(cert_only),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("tls.key_file")));
  baoxue::v1::TlsConfig ca_only;
  ca_only.set_client_ca_file("ca.pem");
  EXPECT_THAT(ApplyTlsDefaults(ca_only),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("tls.client_ca_file")));
  baoxue::v1::TlsConfig required_without_ca;
  required_without_ca.set_cert_file("s.pem");
  required_without_ca.set_key_file("s.key");
  required_without_ca.set_client_certificates(baoxue::v1::TlsConfig::REQUIRED);
  EXPECT_THAT(ApplyTlsDefaults(required_without_ca),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("tls.client_certificates")));
}

}  // namespace
}  // namespace baoxue
