// libFuzzer target: the server's text-format configuration and the checks
// that fill its defaults (a county's IT office writes it by hand).
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "absl/strings/string_view.h"
#include "server/server_config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto config = baoxue::ParseServerConfig(
      absl::string_view(reinterpret_cast<const char*>(data), size), "fuzz");
  if (config.ok()) (void)baoxue::ApplyDefaults(*config);
  return 0;
}
