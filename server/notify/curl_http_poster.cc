#include "server/notify/curl_http_poster.h"

#include <curl/curl.h>

#include <algorithm>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace baoxue::notify {
namespace {

constexpr size_t kMaxResponseBytes = 64 * 1024;

size_t AppendBody(char* data, size_t size, size_t count, void* user) {
  auto* body = static_cast<std::string*>(user);
  const size_t bytes = size * count;
  const size_t room =
      body->size() < kMaxResponseBytes ? kMaxResponseBytes - body->size() : 0;
  body->append(data, std::min(bytes, room));
  return bytes;  // keep reading: the status matters more than the tail
}

// Frees the handle and header list however PostJson returns.
struct CurlRequest {
  CURL* handle = curl_easy_init();
  curl_slist* headers = nullptr;
  ~CurlRequest() {
    curl_slist_free_all(headers);
    if (handle != nullptr) curl_easy_cleanup(handle);
  }
};

}  // namespace

absl::StatusOr<std::unique_ptr<CurlGlobal>> CurlGlobal::Init() {
  const CURLcode code = curl_global_init(CURL_GLOBAL_DEFAULT);
  if (code != CURLE_OK) {
    return absl::InternalError(absl::StrCat("libcurl initialisation failed: ",
                                            curl_easy_strerror(code)));
  }
  return std::unique_ptr<CurlGlobal>(new CurlGlobal());
}

CurlGlobal::~CurlGlobal() { curl_global_cleanup(); }

absl::StatusOr<HttpResponse> CurlHttpPoster::PostJson(
    absl::string_view url, const Headers& headers,
    absl::string_view json_body) {
  CurlRequest request;
  if (request.handle == nullptr) {
    return absl::InternalError("libcurl could not create a request");
  }
  std::vector<std::string> lines = {
      "Content-Type: application/json; charset=utf-8",
      "Expect:",  // no 100-continue round trip
  };
  for (const auto& [name, value] : headers) {
    if (absl::StrContains(name, '\r') || absl::StrContains(name, '\n') ||
        absl::StrContains(value, '\r') || absl::StrContains(value, '\n')) {
      return absl::InvalidArgumentError(
          absl::StrCat("HTTP header ", name, " contains a line break"));
    }
    lines.push_back(absl::StrCat(name, ": ", value));
  }
  for (const std::string& line : lines) {
    curl_slist* extended = curl_slist_append(request.headers, line.c_str());
    if (extended == nullptr)
      return absl::ResourceExhaustedError("out of memory");
    request.headers = extended;
  }
  const std::string url_text(url);
  HttpResponse response;
  const long timeout_ms =
      std::max<long>(1, static_cast<long>(absl::ToInt64Milliseconds(timeout_)));
  CURL* h = request.handle;
  curl_easy_setopt(h, CURLOPT_URL, url_text.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
  curl_easy_setopt(h, CURLOPT_USERAGENT, "baoxue-notify/1");
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, request.headers);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, json_body.data());
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
                   static_cast<curl_off_t>(json_body.size()));
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &AppendBody);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &response.body);

  const CURLcode code = curl_easy_perform(h);
  if (code == CURLE_OPERATION_TIMEDOUT) {
    return absl::DeadlineExceededError(
        absl::StrCat("HTTP request timed out after ", timeout_ms, " ms"));
  }
  if (code != CURLE_OK) {
    // curl_easy_strerror describes the failure class without the URL.
    return absl::UnavailableError(
        absl::StrCat("HTTP request failed: ", curl_easy_strerror(code)));
  }
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  response.status = static_cast<int>(status);
  return response;
}

}  // namespace baoxue::notify
