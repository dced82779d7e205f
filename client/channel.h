#ifndef BAOXUE_CLIENT_CHANNEL_H_
#define BAOXUE_CLIENT_CHANNEL_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "grpcpp/channel.h"

namespace baoxue::client {

// How the CLI and the client library reach baoxue-server.
struct ChannelOptions {
  // PEM bundle of the CA that signed the server's certificate: TLS, the
  // server's name checked against the certificate. Empty: plaintext.
  std::string ca_file;
  // A client certificate and its key (PEM), for servers that ask for one
  // (tls.client_ca_file); both or neither, and only with ca_file.
  std::string cert_file;
  std::string key_file;
  // Plaintext to an address that is not loopback. Off by default: a token
  // sent in the clear off the machine is a token given away.
  bool insecure = false;
};

// The one way the client opens a channel to `address` (host:port). TLS when
// options.ca_file is set; otherwise plaintext, which only a loopback address
// (base/net_address.h) or options.insecure allows. INVALID_ARGUMENT naming
// the flag (--ca_file, --cert_file, --key_file, --insecure) when a file
// cannot be read or the options do not fit. Connects lazily: an unreachable
// server or a failed handshake shows at the first call (UNAVAILABLE).
absl::StatusOr<std::shared_ptr<grpc::Channel>> MakeChannel(
    const std::string& address, const ChannelOptions& options);

}  // namespace baoxue::client

#endif  // BAOXUE_CLIENT_CHANNEL_H_
