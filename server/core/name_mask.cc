#include "server/core/name_mask.h"

#include <vector>

namespace baoxue::core {
namespace {

// Splits UTF-8 text into characters (continuation bytes are 10xxxxxx).
std::vector<absl::string_view> Utf8Characters(absl::string_view text) {
  std::vector<absl::string_view> chars;
  size_t start = 0;
  for (size_t i = 1; i <= text.size(); ++i) {
    if (i == text.size() ||
        (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      chars.push_back(text.substr(start, i - start));
      start = i;
    }
  }
  return chars;
}

}  // namespace

std::string MaskName(absl::string_view name) {
  const std::vector<absl::string_view> chars = Utf8Characters(name);
  if (chars.size() <= 1) return "*";
  std::string masked(chars.front());
  if (chars.size() == 2) return masked + "*";
  masked.append(chars.size() - 2, '*');
  masked.append(chars.back().data(), chars.back().size());
  return masked;
}

bool MayReadFullName(const Caller& caller) {
  if (caller.account_id != 0) return false;
  return caller.role == store::CallerRole::kOfficial ||
         caller.role == store::CallerRole::kAdmin;
}

std::string NameFor(const Caller& caller, absl::string_view name) {
  return MayReadFullName(caller) ? std::string(name) : MaskName(name);
}

}  // namespace baoxue::core
