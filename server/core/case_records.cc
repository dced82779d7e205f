#include "server/core/case_records.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace baoxue::core {
namespace {

constexpr int kMaxDaysBack = 366;
constexpr size_t kMaxFileNameChars = 100;

bool Blank(const std::string& text) {
  return absl::StripAsciiWhitespace(text).empty();
}

}  // namespace

absl::Status CheckActionRecord(store::CaseEventKind kind,
                               const std::string& note,
                               const store::CaseRecordFacts& facts,
                               absl::CivilDay today) {
  if (Blank(note)) {
    return absl::InvalidArgumentError(
        absl::StrCat("note: required for a ", domain::Code(kind),
                     " record (what was done, said or agreed)"));
  }
  if (facts.happened_on.has_value()) {
    if (*facts.happened_on > today) {
      return absl::InvalidArgumentError("happened_on: must not be after today");
    }
    if (today - *facts.happened_on > kMaxDaysBack) {
      return absl::InvalidArgumentError(
          absl::StrCat("happened_on: at most ", kMaxDaysBack, " days ago"));
    }
  }
  if (facts.attachment_ids.size() > kMaxAttachmentsPerRecord) {
    return absl::InvalidArgumentError(absl::StrCat(
        "attachment_ids: at most ", kMaxAttachmentsPerRecord, " files"));
  }
  return absl::OkStatus();
}

absl::Status CheckClosingRecord(store::CaseOutcome outcome,
                                const std::string& note,
                                const store::CaseRecordFacts& facts,
                                absl::CivilDay today) {
  if (Blank(note)) {
    return absl::InvalidArgumentError(
        "note: required to close a case (what was done and verified)");
  }
  if (outcome == store::CaseOutcome::kReturned) {
    if (!facts.returned_on.has_value()) {
      return absl::InvalidArgumentError(
          "returned_on: required for returned (the day back in class)");
    }
    if (*facts.returned_on > today) {
      return absl::InvalidArgumentError("returned_on: must not be after today");
    }
  }
  if (facts.attachment_ids.size() > kMaxAttachmentsPerRecord) {
    return absl::InvalidArgumentError(absl::StrCat(
        "attachment_ids: at most ", kMaxAttachmentsPerRecord, " files"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<absl::CivilDay>> ParseRecordDay(
    absl::string_view text, absl::string_view field) {
  if (text.empty()) return std::nullopt;
  absl::CivilDay day;
  if (!absl::ParseCivilTime(text, &day)) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": a day as YYYY-MM-DD"));
  }
  return day;
}

absl::StatusOr<std::string> SniffAttachmentType(absl::string_view bytes) {
  if (bytes.empty()) return absl::InvalidArgumentError("file: empty");
  if (bytes.size() > static_cast<size_t>(kMaxAttachmentBytes)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "file: at most ", kMaxAttachmentBytes / (1024 * 1024), " MB"));
  }
  if (absl::StartsWith(bytes, "\xFF\xD8\xFF")) return std::string("image/jpeg");
  if (absl::StartsWith(bytes, "\x89PNG\r\n\x1A\n")) {
    return std::string("image/png");
  }
  if (absl::StartsWith(bytes, "%PDF-")) return std::string("application/pdf");
  return absl::InvalidArgumentError(
      "file: only a photo (JPEG, PNG) or a scan as PDF");
}

std::string SafeFileName(absl::string_view name) {
  const size_t slash = name.find_last_of("/\\");
  if (slash != absl::string_view::npos) name.remove_prefix(slash + 1);
  std::string out;
  size_t chars = 0;
  for (size_t i = 0; i < name.size() && chars < kMaxFileNameChars;) {
    const unsigned char c = static_cast<unsigned char>(name[i]);
    // The length of this UTF-8 sequence; a broken one is dropped.
    size_t len = c < 0x80         ? 1
                 : (c >> 5) == 6  ? 2
                 : (c >> 4) == 14 ? 3
                 : (c >> 3) == 30 ? 4
                                  : 0;
    if (len == 0 || i + len > name.size()) {
      ++i;
      continue;
    }
    bool valid = true;
    for (size_t k = 1; k < len; ++k) {
      valid = valid && (static_cast<unsigned char>(name[i + k]) >> 6) == 2;
    }
    if (valid && !(len == 1 && (c < 0x20 || c == 0x7F || c == '"' ||
                                c == '\\' || c == ';'))) {
      out.append(name.data() + i, len);
      ++chars;
    }
    i += valid ? len : 1;
  }
  const absl::string_view trimmed = absl::StripAsciiWhitespace(out);
  if (trimmed.empty() || trimmed == "." || trimmed == "..") return "file";
  return std::string(trimmed);
}

}  // namespace baoxue::core
