// libFuzzer target: a county's file as the import service receives it
// (CSV in UTF-8/UTF-16/GB18030, or .xlsx). Legacy .xls is refused here as
// the server refuses it by default: libfreexl is not memory-safe on crafted
// files (docs/imports.md, "Limits").
#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"
#include "tabular/table.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  baoxue::tabular::ReadOptions options;
  options.allow_xls = false;
  // Small caps keep each input fast; the caps' own checks are fuzzed too.
  options.max_uncompressed_bytes = size_t{8} << 20;
  options.max_rows = 5000;
  options.max_columns = 256;
  const absl::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)baoxue::tabular::ReadTable(bytes, "fuzz.xlsx", "");
  return 0;
}
