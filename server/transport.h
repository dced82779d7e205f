#ifndef BAOXUE_SERVER_TRANSPORT_H_
#define BAOXUE_SERVER_TRANSPORT_H_

#include "absl/status/status.h"
#include "baoxue/v1/config.pb.h"

namespace baoxue {

// Fills TlsConfig's defaults (refresh_seconds 60; client certificates
// OPTIONAL when client_ca_file is set). INVALID_ARGUMENT naming the field:
// cert_file without key_file or the reverse, client_ca_file or
// client_certificates without cert_file, refresh_seconds < 0.
absl::Status ApplyTlsDefaults(baoxue::v1::TlsConfig& tls);

// True when the config asks for TLS (tls.cert_file is set).
bool TlsEnabled(const baoxue::v1::ServerConfig& config);

// The transport rules checked before the server binds anything:
// - with TLS, every file of `tls` is readable and parses (PEM), and the key
//   belongs to the certificate: INVALID_ARGUMENT naming the field
//   (tls.cert_file, tls.key_file, tls.client_ca_file) otherwise;
// - without TLS, listen_address and http_listen_address (unless "off") are
//   loopback (base/net_address.h) unless tls.allow_plaintext_off_loopback:
//   FAILED_PRECONDITION naming the address field and the way out.
// Never reads more of the key than OpenSSL needs and never logs it.
absl::Status CheckTransport(const baoxue::v1::ServerConfig& config);

}  // namespace baoxue

#endif  // BAOXUE_SERVER_TRANSPORT_H_
