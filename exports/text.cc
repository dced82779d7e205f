#include "exports/text.h"

#include <cstdint>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/time/time.h"
#include "domain/county_time.h"

namespace baoxue::exports {
namespace {

bool IsWide(uint32_t code) {
  return (code >= 0x1100 && code <= 0x115F) ||
         (code >= 0x2E80 && code <= 0xA4CF) ||
         (code >= 0xAC00 && code <= 0xD7A3) ||
         (code >= 0xF900 && code <= 0xFAFF) ||
         (code >= 0xFE30 && code <= 0xFE4F) ||
         (code >= 0xFF00 && code <= 0xFF60) ||
         (code >= 0xFFE0 && code <= 0xFFE6) || code >= 0x20000;
}

std::string CsvField(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  return absl::StrCat("\"", absl::StrReplaceAll(text, {{"\"", "\"\""}}), "\"");
}

}  // namespace

int DisplayWidth(absl::string_view text) {
  int width = 0;
  for (size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    uint32_t code = lead;
    size_t length = 1;
    if (lead >= 0xF0) {
      code = lead & 0x07;
      length = 4;
    } else if (lead >= 0xE0) {
      code = lead & 0x0F;
      length = 3;
    } else if (lead >= 0xC0) {
      code = lead & 0x1F;
      length = 2;
    }
    for (size_t k = 1; k < length && i + k < text.size(); ++k) {
      code = (code << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    }
    i += length;
    width += IsWide(code) ? 2 : 1;
  }
  return width;
}

std::string PadToWidth(const std::string& text, int width) {
  const int missing = width - DisplayWidth(text);
  return missing > 0 ? text + std::string(missing, ' ') : text;
}

std::string RightAligned(absl::string_view text, int width) {
  const int missing = width - DisplayWidth(text);
  return missing > 0 ? std::string(missing, ' ') + std::string(text)
                     : std::string(text);
}

std::string CsvLine(const std::vector<std::string>& fields) {
  std::vector<std::string> quoted;
  quoted.reserve(fields.size());
  for (const std::string& field : fields) quoted.push_back(CsvField(field));
  return absl::StrJoin(quoted, ",") + "\r\n";
}

std::string CountyMinute(const std::string& rfc3339) {
  absl::Time time;
  if (rfc3339.empty() || !domain::ParseInstant(rfc3339, &time)) return rfc3339;
  return domain::FormatCountyMinute(time);
}

std::string GradeText(int grade, bool english) {
  static constexpr const char* kChinese[] = {"一", "二", "三", "四", "五",
                                             "六", "七", "八", "九"};
  if (grade <= 0) return "-";
  if (english) return absl::StrCat("Grade ", grade);
  if (grade > 9) return absl::StrCat(grade, "年级");
  return absl::StrCat(kChinese[grade - 1], "年级");
}

std::string MeasureIn(absl::string_view measure, bool english) {
  const size_t open = measure.rfind(" (");
  if (open == absl::string_view::npos || measure.empty() ||
      measure.back() != ')') {
    return std::string(measure);
  }
  if (!english) return std::string(measure.substr(0, open));
  return std::string(measure.substr(open + 2, measure.size() - open - 3));
}

}  // namespace baoxue::exports
