#include "client/import_mapping.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace baoxue::client {

absl::StatusOr<std::map<std::string, std::string>> ParseColumnMapping(
    absl::string_view text) {
  absl::ConsumePrefix(&text, "\xEF\xBB\xBF");
  std::map<std::string, std::string> mapping;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line.front() == '#') continue;
    const size_t split = line.find_first_of("=,");
    const absl::string_view header =
        absl::StripAsciiWhitespace(line.substr(0, split));
    const absl::string_view field =
        split == absl::string_view::npos
            ? absl::string_view()
            : absl::StripAsciiWhitespace(line.substr(split + 1));
    if (header.empty() || field.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--mapping line ", line_number, ": write `file header=field`"));
    }
    if (!mapping.emplace(std::string(header), std::string(field)).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("--mapping line ", line_number, ": \"", header,
                       "\" is mapped on an earlier line"));
    }
  }
  return mapping;
}

}  // namespace baoxue::client
