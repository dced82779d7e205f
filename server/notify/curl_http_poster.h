#ifndef BAOXUE_SERVER_NOTIFY_CURL_HTTP_POSTER_H_
#define BAOXUE_SERVER_NOTIFY_CURL_HTTP_POSTER_H_

#include <memory>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/notify/http_poster.h"

namespace baoxue::notify {

// Holds libcurl's process-wide initialisation (curl_global_init) for its
// lifetime. Create one in main-like code before any thread uses a
// CurlHttpPoster and destroy it after they are all gone. Not thread-safe.
class CurlGlobal {
 public:
  // INTERNAL if libcurl cannot initialise.
  static absl::StatusOr<std::unique_ptr<CurlGlobal>> Init();
  CurlGlobal(const CurlGlobal&) = delete;
  CurlGlobal& operator=(const CurlGlobal&) = delete;
  ~CurlGlobal();

 private:
  CurlGlobal() = default;
};

// HttpPoster over libcurl (http and https only, no redirects, no signals):
// one easy handle per request, so it is thread-safe. `timeout` bounds the
// whole request including the connection. Response bodies are cut at 64 KiB.
// Refused or unreachable: UNAVAILABLE; out of time: DEADLINE_EXCEEDED.
class CurlHttpPoster : public HttpPoster {
 public:
  explicit CurlHttpPoster(absl::Duration timeout) : timeout_(timeout) {}

  absl::StatusOr<HttpResponse> PostJson(absl::string_view url,
                                        const Headers& headers,
                                        absl::string_view json_body) override;

 private:
  const absl::Duration timeout_;
};

}  // namespace baoxue::notify

#endif  // BAOXUE_SERVER_NOTIFY_CURL_HTTP_POSTER_H_
