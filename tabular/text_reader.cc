// Delimited text: charset detection and conversion (iconv) and an RFC 4180
// parser that also reads tab-separated text.

#include <errno.h>
#include <iconv.h>

#include <cstdint>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "tabular/raw_sheet.h"

namespace baoxue::tabular::internal {
namespace {

// Strict UTF-8 well-formedness (no overlongs, no surrogates, <= U+10FFFF).
bool IsValidUtf8(absl::string_view text) {
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    const auto b = [&](size_t k) {
      return static_cast<unsigned char>(text[k]);
    };
    const unsigned char c = b(i);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t length;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      length = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      length = 3;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      length = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return false;
    }
    if (i + length > n) return false;
    if (b(i + 1) < lo || b(i + 1) > hi) return false;
    for (size_t k = 2; k < length; ++k) {
      if ((b(i + k) & 0xC0) != 0x80) return false;
    }
    i += length;
  }
  return true;
}

// Converts with glibc's iconv; false on any invalid or incomplete sequence.
bool Convert(const char* from, absl::string_view bytes, std::string* out) {
  iconv_t cd = iconv_open("UTF-8", from);
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  out->clear();
  // GB18030 and UTF-16 grow at most 3/2 into UTF-8; start there.
  std::string buffer(bytes.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(bytes.data());
  size_t in_left = bytes.size();
  bool ok = true;
  while (true) {
    char* dst = buffer.data();
    size_t dst_left = buffer.size();
    const size_t rc =
        iconv(cd, in_left > 0 ? &in : nullptr, &in_left, &dst, &dst_left);
    out->append(buffer.data(), buffer.size() - dst_left);
    if (rc != static_cast<size_t>(-1)) {
      if (in_left == 0) break;
      continue;
    }
    if (errno == E2BIG) continue;
    ok = false;  // EILSEQ or EINVAL (truncated sequence at the end)
    break;
  }
  iconv_close(cd);
  return ok;
}

bool IsLineEnd(char c) { return c == '\n' || c == '\r'; }

// Tab when the first line holding a tab or a comma has tabs and no commas.
char DetectDelimiter(absl::string_view text) {
  size_t start = 0;
  while (start < text.size()) {
    size_t end = start;
    while (end < text.size() && !IsLineEnd(text[end])) ++end;
    absl::string_view line = text.substr(start, end - start);
    const bool tabs = absl::StrContains(line, '\t');
    const bool commas = absl::StrContains(line, ',');
    if (tabs || commas) return tabs && !commas ? '\t' : ',';
    start = end + 1;
  }
  return ',';
}

}  // namespace

absl::StatusOr<std::string> TextToUtf8(absl::string_view bytes) {
  std::string out;
  if (absl::StartsWith(bytes, "\xFF\xFE") ||
      absl::StartsWith(bytes, "\xFE\xFF")) {
    const char* from = bytes[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE";
    if (!Convert(from, bytes.substr(2), &out)) {
      return absl::InvalidArgumentError("damaged UTF-16 text");
    }
  } else if (absl::StartsWith(bytes, "\xEF\xBB\xBF")) {
    out = std::string(bytes.substr(3));
    if (!IsValidUtf8(out)) {
      return absl::InvalidArgumentError(
          "the text starts with a UTF-8 mark but holds bytes that are not "
          "UTF-8");
    }
  } else if (IsValidUtf8(bytes)) {
    out = std::string(bytes);
  } else if (!Convert("GB18030", bytes, &out)) {
    return absl::InvalidArgumentError(
        "not a spreadsheet, and not text in UTF-8 or GB18030/GBK");
  }
  if (absl::StrContains(out, '\0')) {
    return absl::InvalidArgumentError(
        "not a spreadsheet, and not text (it holds NUL bytes)");
  }
  return out;
}

absl::StatusOr<RawSheet> ReadDelimitedText(absl::string_view bytes,
                                           const ReadOptions& options) {
  absl::StatusOr<std::string> converted = TextToUtf8(bytes);
  if (!converted.ok()) return converted.status();
  const absl::string_view text = *converted;
  const char delimiter = DetectDelimiter(text);

  RawSheet rows;
  RawRow row;
  row.number = 1;  // the record number, as a spreadsheet program counts rows
  std::string field;
  bool row_has_text = false;
  const auto end_field = [&]() -> absl::Status {
    if (!field.empty()) {
      if (row.cells.size() >= options.max_columns) {
        return absl::ResourceExhaustedError(
            absl::StrCat("row ", row.number, " has more than ",
                         options.max_columns, " columns (max_columns)"));
      }
      row_has_text = true;
    }
    row.cells.push_back(std::move(field));
    field.clear();
    return absl::OkStatus();
  };
  const auto end_row = [&]() -> absl::Status {
    if (absl::Status s = end_field(); !s.ok()) return s;
    if (row_has_text) {
      if (rows.size() >= options.max_rows) {
        return absl::ResourceExhaustedError(
            absl::StrCat("more than ", options.max_rows, " rows (max_rows)"));
      }
      rows.push_back(std::move(row));
    }
    row = RawRow();
    row_has_text = false;
    return absl::OkStatus();
  };

  int64_t record = 1;
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    // At the start of a field.
    if (text[i] == '"') {
      const int64_t quote_record = record;
      ++i;
      bool closed = false;
      while (i < n) {
        if (text[i] == '"') {
          if (i + 1 < n && text[i + 1] == '"') {
            field.push_back('"');
            i += 2;
            continue;
          }
          ++i;
          closed = true;
          break;
        }
        field.push_back(text[i++]);
      }
      if (!closed) {
        return absl::InvalidArgumentError(absl::StrCat(
            "row ", quote_record, ": a quoted field is never closed"));
      }
      // Text between the closing quote and the delimiter is kept, as
      // spreadsheet programs do.
    }
    while (i < n && text[i] != delimiter && !IsLineEnd(text[i])) {
      field.push_back(text[i++]);
    }
    if (i >= n) break;
    if (text[i] == delimiter) {
      ++i;
      if (absl::Status s = end_field(); !s.ok()) return s;
      continue;
    }
    // A line end: \r\n, \n or a lone \r.
    if (text[i] == '\r' && i + 1 < n && text[i + 1] == '\n') ++i;
    ++i;
    if (absl::Status s = end_row(); !s.ok()) return s;
    row.number = ++record;
  }
  if (absl::Status s = end_row(); !s.ok()) return s;
  return rows;
}

}  // namespace baoxue::tabular::internal
