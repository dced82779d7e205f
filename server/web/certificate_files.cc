#include "server/web/certificate_files.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <fstream>
#include <sstream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/log.h"

namespace baoxue::web {

// One certificate chain with its key, as read from the files.
struct CertificateFiles::Pair {
  std::string cert_pem;  // the files' bytes, to notice a change
  std::string key_pem;
  X509* cert = nullptr;
  STACK_OF(X509) * chain = nullptr;  // intermediates after the certificate
  EVP_PKEY* key = nullptr;
  ~Pair() {
    X509_free(cert);
    sk_X509_pop_free(chain, X509_free);
    EVP_PKEY_free(key);
  }
};

namespace {

bool ReadFile(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream text;
  text << in.rdbuf();
  out = text.str();
  return true;
}

}  // namespace

absl::StatusOr<std::unique_ptr<CertificateFiles>> CertificateFiles::Load(
    std::string cert_file, std::string key_file, absl::Duration refresh) {
  std::unique_ptr<CertificateFiles> files(
      new CertificateFiles(std::move(cert_file), std::move(key_file), refresh));
  std::string probe;
  if (!ReadFile(files->cert_file_, probe)) {
    return absl::InvalidArgumentError(
        absl::StrCat("tls.cert_file: cannot read ", files->cert_file_));
  }
  if (!ReadFile(files->key_file_, probe)) {
    return absl::InvalidArgumentError(
        absl::StrCat("tls.key_file: cannot read ", files->key_file_));
  }
  if (files->Current() == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        "tls.cert_file, tls.key_file: ", files->cert_file_, " and ",
        files->key_file_, " are not a PEM certificate and its key"));
  }
  return files;
}

CertificateFiles::CertificateFiles(std::string cert_file, std::string key_file,
                                   absl::Duration refresh)
    : cert_file_(std::move(cert_file)),
      key_file_(std::move(key_file)),
      refresh_(refresh) {}

CertificateFiles::~CertificateFiles() = default;

std::shared_ptr<const CertificateFiles::Pair> CertificateFiles::Current() {
  absl::MutexLock lock(&mu_);
  const absl::Time now = absl::Now();
  if (pair_ != nullptr && now - checked_ < refresh_) return pair_;
  checked_ = now;
  auto next = std::make_shared<Pair>();
  if (!ReadFile(cert_file_, next->cert_pem) ||
      !ReadFile(key_file_, next->key_pem)) {
    if (pair_ != nullptr) {
      LogWarning(absl::StrCat("cannot read ", cert_file_, " or ", key_file_,
                              ": serving the previous certificate"));
    }
    return pair_;
  }
  if (pair_ != nullptr && next->cert_pem == pair_->cert_pem &&
      next->key_pem == pair_->key_pem) {
    return pair_;
  }
  BIO* cert_bio = BIO_new_mem_buf(next->cert_pem.data(),
                                  static_cast<int>(next->cert_pem.size()));
  next->cert = PEM_read_bio_X509(cert_bio, nullptr, nullptr, nullptr);
  next->chain = sk_X509_new_null();
  while (X509* extra = PEM_read_bio_X509(cert_bio, nullptr, nullptr, nullptr)) {
    sk_X509_push(next->chain, extra);
  }
  BIO_free(cert_bio);
  BIO* key_bio = BIO_new_mem_buf(next->key_pem.data(),
                                 static_cast<int>(next->key_pem.size()));
  next->key = PEM_read_bio_PrivateKey(
      key_bio, nullptr, [](char*, int, int, void*) { return 0; }, nullptr);
  BIO_free(key_bio);
  const bool ok = next->cert != nullptr && next->key != nullptr &&
                  X509_check_private_key(next->cert, next->key) == 1;
  ERR_clear_error();
  if (!ok) {
    if (pair_ != nullptr) {
      LogWarning(absl::StrCat(cert_file_, " and ", key_file_,
                              " are not a certificate and its key (yet): "
                              "serving the previous certificate"));
    }
    return pair_;
  }
  if (pair_ != nullptr) LogInfo(absl::StrCat("HTTPS: reloaded ", cert_file_));
  pair_ = std::move(next);
  return pair_;
}

bool CertificateFiles::SetUp(SSL_CTX& ctx) {
  std::shared_ptr<const Pair> pair = Current();
  if (pair == nullptr) return false;
  SSL_CTX_set_min_proto_version(&ctx, TLS1_2_VERSION);
  SSL_CTX_set_options(&ctx, SSL_OP_NO_COMPRESSION |
                                SSL_OP_NO_SESSION_RESUMPTION_ON_RENEGOTIATION);
  if (SSL_CTX_use_cert_and_key(&ctx, pair->cert, pair->key, pair->chain, 1) !=
      1) {
    ERR_clear_error();
    return false;
  }
  SSL_CTX_set_cert_cb(&ctx, &CertificateFiles::OnCertificate, this);
  return true;
}

int CertificateFiles::OnCertificate(SSL* ssl, void* self) {
  std::shared_ptr<const Pair> pair =
      static_cast<CertificateFiles*>(self)->Current();
  if (pair == nullptr) return 0;
  // SSL_use_cert_and_key takes its own references.
  return SSL_use_cert_and_key(ssl, pair->cert, pair->key, pair->chain, 1);
}

}  // namespace baoxue::web
