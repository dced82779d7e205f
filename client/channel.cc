#include "client/channel.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "base/net_address.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"

namespace baoxue::client {
namespace {

absl::StatusOr<std::string> ReadPem(const std::string& path, const char* flag) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  if (!in || text.str().empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(flag, ": cannot read ", path));
  }
  return text.str();
}

}  // namespace

absl::StatusOr<std::shared_ptr<grpc::Channel>> MakeChannel(
    const std::string& address, const ChannelOptions& options) {
  if (options.cert_file.empty() != options.key_file.empty()) {
    return absl::InvalidArgumentError(
        "--cert_file and --key_file: give both or neither");
  }
  if (options.ca_file.empty()) {
    if (!options.cert_file.empty()) {
      return absl::InvalidArgumentError(
          "--cert_file: a client certificate needs TLS (--ca_file)");
    }
    if (!options.insecure && !IsLoopbackAddress(address)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--ca_file: ", address,
          " is not a loopback address; give the server's CA (--ca_file or "
          "$BAOXUE_CA_FILE) or, knowingly, --insecure"));
    }
    return grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
  }
  grpc::SslCredentialsOptions ssl;
  absl::StatusOr<std::string> ca = ReadPem(options.ca_file, "--ca_file");
  if (!ca.ok()) return ca.status();
  ssl.pem_root_certs = *std::move(ca);
  if (!options.cert_file.empty()) {
    absl::StatusOr<std::string> cert =
        ReadPem(options.cert_file, "--cert_file");
    if (!cert.ok()) return cert.status();
    absl::StatusOr<std::string> key = ReadPem(options.key_file, "--key_file");
    if (!key.ok()) return key.status();
    ssl.pem_cert_chain = *std::move(cert);
    ssl.pem_private_key = *std::move(key);
  }
  return grpc::CreateChannel(address, grpc::SslCredentials(ssl));
}

}  // namespace baoxue::client
