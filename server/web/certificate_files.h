#ifndef BAOXUE_SERVER_WEB_CERTIFICATE_FILES_H_
#define BAOXUE_SERVER_WEB_CERTIFICATE_FILES_H_

#include <openssl/ssl.h>

#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace baoxue::web {

// The HTTPS server's certificate chain and key, read from PEM files and read
// again at most every `refresh` when a TLS handshake asks for them: a renewed
// certificate is served without a restart, like gRPC's file watcher does for
// the same files. A renewal caught half-written (unparsable, or a key that
// is not the certificate's) keeps the previous pair and logs a warning that
// names the files only. Thread-safe.
class CertificateFiles {
 public:
  // INVALID_ARGUMENT naming tls.cert_file / tls.key_file if the files cannot
  // be read or do not make a pair.
  static absl::StatusOr<std::unique_ptr<CertificateFiles>> Load(
      std::string cert_file, std::string key_file, absl::Duration refresh);
  ~CertificateFiles();

  // Sets up `ctx` (TLS 1.2 or later, the current pair, and a certificate
  // callback that serves the newest pair). `this` must outlive `ctx`.
  bool SetUp(SSL_CTX& ctx);

 private:
  struct Pair;
  CertificateFiles(std::string cert_file, std::string key_file,
                   absl::Duration refresh);
  // Re-reads the files if `refresh` has passed since the last look.
  std::shared_ptr<const Pair> Current();
  static int OnCertificate(SSL* ssl, void* self);

  const std::string cert_file_;
  const std::string key_file_;
  const absl::Duration refresh_;
  absl::Mutex mu_;
  std::shared_ptr<const Pair> pair_ ABSL_GUARDED_BY(mu_);
  absl::Time checked_ ABSL_GUARDED_BY(mu_);
};

}  // namespace baoxue::web

#endif  // BAOXUE_SERVER_WEB_CERTIFICATE_FILES_H_
