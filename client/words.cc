#include "client/words.h"

#include <optional>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace baoxue::client {

absl::StatusOr<Words> Words::FromFlag(absl::string_view lang) {
  const std::optional<domain::Language> language = domain::ParseLanguage(lang);
  if (!language.has_value()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--lang: '", lang, "' is not zh or en"));
  }
  return Words(*language);
}

}  // namespace baoxue::client
