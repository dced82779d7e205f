#ifndef BAOXUE_SERVER_NOTIFY_HTTP_POSTER_H_
#define BAOXUE_SERVER_NOTIFY_HTTP_POSTER_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace baoxue::notify {

struct HttpResponse {
  int status = 0;    // HTTP status code
  std::string body;  // possibly cut short (implementations bound it)
};

// Sends one HTTP POST with a JSON body. Implementations are thread-safe.
class HttpPoster {
 public:
  using Headers = std::vector<std::pair<std::string, std::string>>;

  virtual ~HttpPoster() = default;

  // POSTs `json_body` (Content-Type: application/json; charset=utf-8) with
  // the extra `headers` to `url`. Any HTTP status is a response; a request
  // that got none (refused, timed out, TLS failure) is UNAVAILABLE or
  // DEADLINE_EXCEEDED. INVALID_ARGUMENT if a header contains CR or LF.
  // Error messages never contain the URL (robot URLs carry keys).
  virtual absl::StatusOr<HttpResponse> PostJson(
      absl::string_view url, const Headers& headers,
      absl::string_view json_body) = 0;
};

}  // namespace baoxue::notify

#endif  // BAOXUE_SERVER_NOTIFY_HTTP_POSTER_H_
