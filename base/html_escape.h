#ifndef BAOXUE_BASE_HTML_ESCAPE_H_
#define BAOXUE_BASE_HTML_ESCAPE_H_

#include <string>

#include "absl/strings/string_view.h"

namespace baoxue {

// `text` safe inside HTML text and attribute values: & < > " ' escaped.
// The one escaper of the print pages and the training report.
std::string HtmlEscape(absl::string_view text);

}  // namespace baoxue

#endif  // BAOXUE_BASE_HTML_ESCAPE_H_
