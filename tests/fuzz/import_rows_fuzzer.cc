// libFuzzer target: the whole path of one import file's rows — the table
// reader, the header mapping and every field parser (dates, codes, resident
// ID numbers, enums). The first byte picks the import kind.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <utility>

#include "absl/strings/string_view.h"
#include "domain/vocabulary.h"
#include "server/core/imports/id_protection.h"
#include "server/core/imports/import_columns.h"
#include "server/core/imports/row_parser.h"
#include "tabular/table.h"

namespace {

using baoxue::domain::ImportKind;
using baoxue::domain::Vocabulary;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const auto& terms = Vocabulary<ImportKind>::kTerms;
  const ImportKind kind =
      terms[data[0] % (sizeof(terms) / sizeof(terms[0]))].value;
  const absl::string_view bytes(reinterpret_cast<const char*>(data + 1),
                                size - 1);
  baoxue::tabular::ReadOptions options;
  options.allow_xls = false;
  options.max_uncompressed_bytes = size_t{8} << 20;
  options.max_rows = 2000;
  options.max_columns = 128;
  auto table = baoxue::tabular::ReadTable(bytes, "fuzz.csv", "", options);
  if (!table.ok()) return 0;
  auto columns = baoxue::core::imports::ColumnMap::Create(kind, table->header,
                                                          /*mapping=*/{});
  if (!columns.ok()) return 0;
  auto ids = baoxue::core::imports::KeyedIdHash::Create(
      std::string(baoxue::core::imports::KeyedIdHash::kMinSecretBytes, 's'));
  if (!ids.ok()) __builtin_trap();
  const baoxue::core::imports::RowParser parser(kind, &*columns, &*ids);
  for (const baoxue::tabular::Row& row : table->rows) {
    (void)parser.Parse(row.cells);
  }
  return 0;
}
