#ifndef BAOXUE_EXPORTS_TEXT_H_
#define BAOXUE_EXPORTS_TEXT_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "base/html_escape.h"

namespace baoxue::exports {

// The small text rules every rendering shares: terminal alignment, CSV,
// HTML escaping and how a time reads. Pure functions, thread-safe.

// The width of `text` in terminal columns: CJK and full-width characters
// take two.
int DisplayWidth(absl::string_view text);

// `text` padded with spaces to `width` terminal columns (never cut).
std::string PadToWidth(const std::string& text, int width);

// `text` right-aligned in `width` terminal columns (never cut).
std::string RightAligned(absl::string_view text, int width);

// One RFC 4180 CSV line (fields quoted where needed), ending in CRLF.
std::string CsvLine(const std::vector<std::string>& fields);

// Excel and WPS read a CSV file as UTF-8 only when it starts with this BOM.
inline constexpr char kUtf8Bom[] = "\xEF\xBB\xBF";

// The print pages' escaper is base's (also the training report's).
using ::baoxue::HtmlEscape;

// An instant from the wire (RFC 3339, any offset) as people read it in the
// county: "2026-11-22 09:30" (domain::FormatCountyMinute). "" stays "";
// text that is not RFC 3339 is returned unchanged.
std::string CountyMinute(const std::string& rfc3339);

// A grade as people say it: 二年级 in Chinese, "Grade 2" in English; "-"
// for none (0).
std::string GradeText(int grade, bool english);

// A measure as the server names it, "家访 (home visit)", in one language:
// "家访" or "home visit" (a name without the English part stays whole).
std::string MeasureIn(absl::string_view measure, bool english);

}  // namespace baoxue::exports

#endif  // BAOXUE_EXPORTS_TEXT_H_
