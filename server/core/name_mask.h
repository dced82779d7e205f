#ifndef BAOXUE_SERVER_CORE_NAME_MASK_H_
#define BAOXUE_SERVER_CORE_NAME_MASK_H_

#include <string>

#include "absl/strings/string_view.h"

namespace baoxue::core {

// Masks a personal name for display outside the case file: keeps the first
// and last character (UTF-8 aware) and stars the rest: 张三明 -> 张*明,
// 张三 -> 张*, 欧阳小明 -> 欧**明, a single character -> *.
std::string MaskName(absl::string_view name);

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_NAME_MASK_H_
