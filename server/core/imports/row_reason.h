#ifndef BAOXUE_SERVER_CORE_IMPORTS_ROW_REASON_H_
#define BAOXUE_SERVER_CORE_IMPORTS_ROW_REASON_H_

// Internal to server/core/imports: a refused row's reason in both languages.
// The parsers return it as an INVALID_ARGUMENT whose message is the English
// ("出生日期: expected a date ...") and whose payload is the Chinese without
// the column ("日期格式不对……"): the column is named once, by the report.

#include <string>

#include "absl/status/status.h"
#include "absl/strings/cord.h"
#include "absl/strings/string_view.h"

namespace baoxue::core::imports {

inline constexpr absl::string_view kZhReasonPayload = "baoxue.row_reason_zh";

inline absl::Status RowRefusal(absl::string_view english,
                               absl::string_view chinese) {
  absl::Status status = absl::InvalidArgumentError(english);
  status.SetPayload(kZhReasonPayload, absl::Cord(chinese));
  return status;
}

// The Chinese reason of a RowRefusal; "" if the status has none.
inline std::string ZhReasonOf(const absl::Status& status) {
  const auto zh = status.GetPayload(kZhReasonPayload);
  return zh.has_value() ? std::string(*zh) : "";
}

}  // namespace baoxue::core::imports

#endif  // BAOXUE_SERVER_CORE_IMPORTS_ROW_REASON_H_
