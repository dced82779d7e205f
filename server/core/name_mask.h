#ifndef BAOXUE_SERVER_CORE_NAME_MASK_H_
#define BAOXUE_SERVER_CORE_NAME_MASK_H_

#include <string>

#include "absl/strings/string_view.h"
#include "server/core/caller.h"

namespace baoxue::core {

// Masks a personal name for display outside the case file: keeps the first
// and last character (UTF-8 aware) and stars the rest: 张三明 -> 张*明,
// 张三 -> 张*, 欧阳小明 -> 欧**明, a single character -> *.
std::string MaskName(absl::string_view name);

// Whether `caller` may read a student's full name (in a case file, for the
// home visit): officials and admins calling with an API token. Everyone else
// — systems, data staff, and every web session (the page always masks,
// docs/web-api.md) — reads MaskName's form. The one rule rpc and web share.
bool MayReadFullName(const Caller& caller);

// `name` as `caller` may read it: whole, or masked.
std::string NameFor(const Caller& caller, absl::string_view name);

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_NAME_MASK_H_
