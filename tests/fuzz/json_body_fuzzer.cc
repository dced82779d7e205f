// libFuzzer target: the web API's JSON request bodies, which anyone who
// reaches the HTTP port can send (sign-in included).
#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"
#include "server/web/json_body.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)baoxue::web::ParseJsonObject(
      absl::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
