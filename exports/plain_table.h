#ifndef BAOXUE_EXPORTS_PLAIN_TABLE_H_
#define BAOXUE_EXPORTS_PLAIN_TABLE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace baoxue::exports {

// A table whose columns are given, not a report's (e.g. the rows an import
// refused, under the county's own headers plus a reason column).
struct PlainTable {
  std::string title;  // the sheet's name, at most 31 characters
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

// RFC 4180 CSV with a UTF-8 BOM, so Excel and WPS read the Chinese.
std::string PlainTableCsv(const PlainTable& table);

// One sheet of .xlsx, the last column wide (reasons). INVALID_ARGUMENT for a
// bad sheet name or a row wider than the header; INTERNAL if it cannot be
// written.
absl::StatusOr<std::string> PlainTableXlsx(const PlainTable& table);

}  // namespace baoxue::exports

#endif  // BAOXUE_EXPORTS_PLAIN_TABLE_H_
