#include "server/transport.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "base/net_address.h"
#include "base/status_macros.h"

namespace baoxue {
namespace {

using ::baoxue::v1::TlsConfig;

struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct X509Free {
  void operator()(X509* cert) const { X509_free(cert); }
};
struct KeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using Bio = std::unique_ptr<BIO, BioFree>;
using Cert = std::unique_ptr<X509, X509Free>;
using Key = std::unique_ptr<EVP_PKEY, KeyFree>;

absl::StatusOr<Bio> OpenFile(const std::string& path, const char* field) {
  Bio bio(BIO_new_file(path.c_str(), "r"));
  if (bio == nullptr) {
    ERR_clear_error();
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": cannot read ", path));
  }
  return bio;
}

// The first certificate of a PEM file (the server's own, for a chain).
absl::StatusOr<Cert> ReadCertificate(const std::string& path,
                                     const char* field) {
  absl::StatusOr<Bio> bio = OpenFile(path, field);
  if (!bio.ok()) return bio.status();
  Cert cert(PEM_read_bio_X509(bio->get(), nullptr, nullptr, nullptr));
  ERR_clear_error();
  if (cert == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": no PEM certificate in ", path));
  }
  return cert;
}

absl::Status CheckFiles(const TlsConfig& tls) {
  absl::StatusOr<Cert> cert = ReadCertificate(tls.cert_file(), "tls.cert_file");
  if (!cert.ok()) return cert.status();
  absl::StatusOr<Bio> key_bio = OpenFile(tls.key_file(), "tls.key_file");
  if (!key_bio.ok()) return key_bio.status();
  // A null passphrase callback: an encrypted key fails instead of prompting.
  Key key(PEM_read_bio_PrivateKey(
      key_bio->get(), nullptr, [](char*, int, int, void*) { return 0; },
      nullptr));
  ERR_clear_error();
  if (key == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        "tls.key_file: no unencrypted PEM private key in ", tls.key_file()));
  }
  if (X509_check_private_key(cert->get(), key.get()) != 1) {
    ERR_clear_error();
    return absl::InvalidArgumentError(absl::StrCat(
        "tls.key_file: ", tls.key_file(),
        " is not the key of the certificate in ", tls.cert_file()));
  }
  if (!tls.client_ca_file().empty()) {
    absl::StatusOr<Cert> ca =
        ReadCertificate(tls.client_ca_file(), "tls.client_ca_file");
    if (!ca.ok()) return ca.status();
  }
  return absl::OkStatus();
}

absl::Status CheckLoopback(const std::string& address, const char* field) {
  if (IsLoopbackAddress(address)) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      field, " ", address,
      " is not a loopback address and there is no TLS: set tls.cert_file "
      "and tls.key_file, listen on 127.0.0.1, or set "
      "tls.allow_plaintext_off_loopback (e.g. behind a TLS proxy)"));
}

}  // namespace

absl::Status ApplyTlsDefaults(TlsConfig& tls) {
  if (tls.cert_file().empty() != tls.key_file().empty()) {
    return absl::InvalidArgumentError(
        tls.cert_file().empty() ? "tls.cert_file: required with tls.key_file"
                                : "tls.key_file: required with tls.cert_file");
  }
  if (tls.cert_file().empty() &&
      (!tls.client_ca_file().empty() ||
       tls.client_certificates() !=
           TlsConfig::CLIENT_CERTIFICATES_UNSPECIFIED)) {
    return absl::InvalidArgumentError(
        "tls.client_ca_file: client certificates need tls.cert_file and "
        "tls.key_file");
  }
  if (tls.client_ca_file().empty() &&
      tls.client_certificates() == TlsConfig::REQUIRED) {
    return absl::InvalidArgumentError(
        "tls.client_certificates: REQUIRED needs tls.client_ca_file");
  }
  if (!tls.client_ca_file().empty() &&
      tls.client_certificates() == TlsConfig::CLIENT_CERTIFICATES_UNSPECIFIED) {
    tls.set_client_certificates(TlsConfig::OPTIONAL);
  }
  if (tls.refresh_seconds() < 0) {
    return absl::InvalidArgumentError("tls.refresh_seconds must be > 0");
  }
  if (tls.refresh_seconds() == 0) tls.set_refresh_seconds(60);
  return absl::OkStatus();
}

bool TlsEnabled(const baoxue::v1::ServerConfig& config) {
  return !config.tls().cert_file().empty();
}

namespace {

// /metrics is plain HTTP whatever `tls` says: loopback unless allowed.
absl::Status CheckMetricsAddress(const baoxue::v1::ServerConfig& config) {
  const std::string& address = config.metrics().listen_address();
  if (address.empty() || address == "off" || IsLoopbackAddress(address) ||
      config.metrics().allow_off_loopback() ||
      config.tls().allow_plaintext_off_loopback()) {
    return absl::OkStatus();
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "metrics.listen_address ", address,
      " is not a loopback address and /metrics is plain HTTP: listen on "
      "127.0.0.1 or set metrics.allow_off_loopback"));
}

}  // namespace

absl::Status CheckTransport(const baoxue::v1::ServerConfig& config) {
  BAOXUE_RETURN_IF_ERROR(CheckMetricsAddress(config));
  if (TlsEnabled(config)) return CheckFiles(config.tls());
  if (config.tls().allow_plaintext_off_loopback()) return absl::OkStatus();
  if (absl::Status grpc =
          CheckLoopback(config.listen_address(), "listen_address");
      !grpc.ok()) {
    return grpc;
  }
  if (config.http_listen_address() == "off") return absl::OkStatus();
  return CheckLoopback(config.http_listen_address(), "http_listen_address");
}

}  // namespace baoxue
