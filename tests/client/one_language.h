#ifndef BAOXUE_TESTS_CLIENT_ONE_LANGUAGE_H_
#define BAOXUE_TESTS_CLIENT_ONE_LANGUAGE_H_

// What "one language" means for the CLI's text, as test helpers: Chinese
// text has no English words, English text no Chinese characters.

#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/string_view.h"

namespace baoxue::client::testing {

// The runs of two or more ASCII letters in `text` ("risk", "v" of "v3" is
// one letter and not a word).
inline std::vector<std::string> EnglishWords(absl::string_view text) {
  std::vector<std::string> words;
  std::string run;
  for (char c : text) {
    if (absl::ascii_isalpha(static_cast<unsigned char>(c))) {
      run += c;
      continue;
    }
    if (run.size() >= 2) words.push_back(run);
    run.clear();
  }
  if (run.size() >= 2) words.push_back(run);
  return words;
}

// The CJK characters and full-width punctuation in UTF-8 `text`.
inline std::vector<std::string> ChineseCharacters(absl::string_view text) {
  std::vector<std::string> found;
  for (size_t i = 0; i < text.size();) {
    const unsigned char lead = static_cast<unsigned char>(text[i]);
    const size_t length = lead < 0x80   ? 1
                          : lead < 0xE0 ? 2
                          : lead < 0xF0 ? 3
                                        : 4;
    if (length == 3 && i + 2 < text.size()) {
      const char32_t point =
          ((lead & 0x0F) << 12) |
          ((static_cast<unsigned char>(text[i + 1]) & 0x3F) << 6) |
          (static_cast<unsigned char>(text[i + 2]) & 0x3F);
      // CJK punctuation, ideographs, and full-width forms.
      if ((point >= 0x3000 && point <= 0x9FFF) ||
          (point >= 0xFF00 && point <= 0xFFEF)) {
        found.emplace_back(text.substr(i, 3));
      }
    }
    i += length;
  }
  return found;
}

}  // namespace baoxue::client::testing

#endif  // BAOXUE_TESTS_CLIENT_ONE_LANGUAGE_H_
