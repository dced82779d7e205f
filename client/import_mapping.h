#ifndef BAOXUE_CLIENT_IMPORT_MAPPING_H_
#define BAOXUE_CLIENT_IMPORT_MAPPING_H_

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace baoxue::client {

// Reads the text of an `import --mapping` file: one `file header=field` (or
// `file header,field`) per line, blank lines and lines starting with # are
// skipped, spaces around either side are dropped, a UTF-8 BOM (Notepad on
// Windows writes one) is ignored. Gives file header -> field; the server
// checks the fields (docs/imports.md). INVALID_ARGUMENT naming the line of
// a line without a separator or with an empty side, or a header mapped twice.
absl::StatusOr<std::map<std::string, std::string>> ParseColumnMapping(
    absl::string_view text);

}  // namespace baoxue::client

#endif  // BAOXUE_CLIENT_IMPORT_MAPPING_H_
