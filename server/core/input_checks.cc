#include "server/core/input_checks.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace baoxue::core {
namespace {

// Length of the UTF-8 sequence starting with `lead`, 0 if it cannot start one.
int SequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;
}

bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// The byte offset where the first invalid UTF-8 sequence starts, or npos.
size_t FirstInvalidUtf8(absl::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const int length = SequenceLength(lead);
    if (length == 0 || i + length > text.size()) return i;
    for (int k = 1; k < length; ++k) {
      if (!IsContinuation(static_cast<unsigned char>(text[i + k]))) return i;
    }
    const auto second =
        length > 1 ? static_cast<unsigned char>(text[i + 1]) : lead;
    // Overlong 3/4-byte forms, UTF-16 surrogates and code points > U+10FFFF.
    if ((lead == 0xE0 && second < 0xA0) || (lead == 0xED && second > 0x9F) ||
        (lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second > 0x8F)) {
      return i;
    }
    i += length;
  }
  return absl::string_view::npos;
}

}  // namespace

std::string ForError(absl::string_view text) {
  if (text.size() <= kErrorEchoBytes) return std::string(text);
  size_t cut = kErrorEchoBytes;
  while (cut > 0 && IsContinuation(static_cast<unsigned char>(text[cut]))) {
    --cut;
  }
  return absl::StrCat(text.substr(0, cut), "…");
}

absl::Status CheckText(absl::string_view field, absl::string_view text,
                       size_t max_bytes) {
  if (text.size() > max_bytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": at most ", max_bytes, " bytes (got ", text.size(), ")"));
  }
  if (text.find('\0') != absl::string_view::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": contains a NUL character (byte ",
                     text.find('\0'), "); remove it and send the text again"));
  }
  if (const size_t bad = FirstInvalidUtf8(text);
      bad != absl::string_view::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": not valid UTF-8 at byte ", bad));
  }
  return absl::OkStatus();
}

absl::StatusOr<int> NarrowToInt(absl::string_view field, int64_t value, int min,
                                int max) {
  if (value < min || value > max) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": must be between ", min, " and ", max, " (got ", value, ")"));
  }
  return static_cast<int>(value);
}

absl::Status CheckNotBeforeDataStart(absl::string_view field,
                                     absl::CivilDay day,
                                     absl::CivilDay data_start) {
  if (day < data_start) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, " ", absl::FormatCivilTime(day),
                     " is before the county's data starts (",
                     absl::FormatCivilTime(data_start), ")"));
  }
  return absl::OkStatus();
}

absl::Status CheckAsOfInCountyData(absl::string_view field, absl::CivilDay day,
                                   absl::CivilDay floor,
                                   store::DirectoryStore& directory) {
  // The floor alone refuses the absurd dates without a database read.
  if (day < floor) return CheckNotBeforeDataStart(field, day, floor);
  absl::StatusOr<std::optional<absl::CivilDay>> first =
      directory.FirstSchoolDay();
  if (!first.ok()) return first.status();
  if (first->has_value()) {
    return CheckNotBeforeDataStart(field, day, std::max(floor, **first));
  }
  return absl::OkStatus();
}

}  // namespace baoxue::core
