#ifndef BAOXUE_CLIENT_WORDS_H_
#define BAOXUE_CLIENT_WORDS_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/vocabulary.h"

namespace baoxue::client {

// The one language the CLI speaks (--lang): every human-readable line is
// Chinese or English, never both. Made once in main from the flag and passed
// by value into each printer, so no printer reads a flag or global state.
// Machine output (--json) does not use it.
//
//   Words words(domain::Language::kEn);
//   out << words("已吊销", "revoked");                     // "revoked"
//   out << words.Label(domain::RiskTier::kHigh);           // "high"
//
// A small immutable value: thread-safe, cheap to copy.
class Words {
 public:
  explicit constexpr Words(domain::Language language) : language_(language) {}

  // --lang: "zh" or "en"; INVALID_ARGUMENT naming --lang otherwise.
  static absl::StatusOr<Words> FromFlag(absl::string_view lang);

  domain::Language language() const { return language_; }
  bool english() const { return language_ == domain::Language::kEn; }

  // The phrase in this language: `zh` or `en`.
  constexpr absl::string_view operator()(absl::string_view zh,
                                         absl::string_view en) const {
    return language_ == domain::Language::kEn ? en : zh;
  }

  // An enum's words from the one vocabulary (domain/vocabulary.h).
  template <typename Enum>
  constexpr absl::string_view Label(Enum value) const {
    return domain::Label(value, language_);
  }

 private:
  domain::Language language_;
};

}  // namespace baoxue::client

#endif  // BAOXUE_CLIENT_WORDS_H_
