#ifndef BAOXUE_SERVER_CORE_AREA_ACCESS_H_
#define BAOXUE_SERVER_CORE_AREA_ACCESS_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/core/caller.h"
#include "server/store/area.h"
#include "server/store/directory_store.h"

namespace baoxue::core {

// The area a request names, if the caller may see it: the one rule every
// desk, gRPC service and web handler uses instead of its own find-area plus
// can-see-area. An empty `division_code` is the caller's own area.
//
// An area that does not exist and an area outside the caller's are refused
// alike — PERMISSION_DENIED "area <code> is outside the caller's area" — so
// that nobody can probe which codes exist. UNAVAILABLE/INTERNAL from the
// directory pass through. Thread-safe if `directory` is; owns nothing.
absl::StatusOr<store::Area> ResolveArea(const Caller& caller,
                                        absl::string_view division_code,
                                        store::DirectoryStore& directory);

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_AREA_ACCESS_H_
