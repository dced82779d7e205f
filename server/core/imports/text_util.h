#ifndef BAOXUE_SERVER_CORE_IMPORTS_TEXT_UTIL_H_
#define BAOXUE_SERVER_CORE_IMPORTS_TEXT_UTIL_H_

// Internal to server/core/imports: small text helpers of the parsers.

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"

namespace baoxue::core::imports {

// Trims ASCII whitespace, no-break (U+00A0) and full-width (U+3000) spaces.
inline absl::string_view TrimText(absl::string_view text) {
  while (true) {
    const absl::string_view before = text;
    text = absl::StripAsciiWhitespace(text);
    for (absl::string_view space : {"\xC2\xA0", "\xE3\x80\x80"}) {
      absl::ConsumePrefix(&text, space);
      absl::ConsumeSuffix(&text, space);
    }
    if (text == before) return text;
  }
}

// True if `text` is all ASCII digits (true for "").
inline bool AllDigits(absl::string_view text) {
  for (const char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace baoxue::core::imports

#endif  // BAOXUE_SERVER_CORE_IMPORTS_TEXT_UTIL_H_
