#ifndef BAOXUE_SERVER_CORE_INPUT_CHECKS_H_
#define BAOXUE_SERVER_CORE_INPUT_CHECKS_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "server/store/directory_store.h"

namespace baoxue::core {

// The checks every caller-supplied value passes before it is used, kept in
// one place so each refusal reads alike (docs/security.md, "Resource
// control"). Stateless; thread-safe.

// Most bytes of a caller's string an error message repeats.
inline constexpr size_t kErrorEchoBytes = 64;

// `text` as an error may quote it: at most kErrorEchoBytes bytes, cut on a
// UTF-8 character boundary and ended with "…" when cut, so a 1 MB string
// is never copied into a Status.
std::string ForError(absl::string_view text);

// INVALID_ARGUMENT naming `field` when `text` holds a NUL byte (PostgreSQL
// text cannot hold one and libpq would cut the value there silently), is
// not valid UTF-8, or is longer than `max_bytes`.
absl::Status CheckText(absl::string_view field, absl::string_view text,
                       size_t max_bytes);

// `value` narrowed to int once it is known to lie in [min, max];
// INVALID_ARGUMENT naming `field` and the range otherwise.
absl::StatusOr<int> NarrowToInt(absl::string_view field, int64_t value, int min,
                                int max);

// INVALID_ARGUMENT naming `field` when `day` is before `data_start`, the
// first day the county has data for (a run or score as of 1900-01-01 would
// describe a county with no pupils and write nothing true).
absl::Status CheckNotBeforeDataStart(absl::string_view field,
                                     absl::CivilDay day,
                                     absl::CivilDay data_start);

// The earliest as-of date accepted when the configuration does not say:
// before it the county's registers cannot hold attendance data.
inline constexpr absl::CivilDay kDefaultDataStartFloor{2000, 1, 1};

// CheckNotBeforeDataStart against the later of `floor` and the county's
// first school day (DirectoryStore::FirstSchoolDay); the store's errors
// (UNAVAILABLE, INTERNAL) pass through.
absl::Status CheckAsOfInCountyData(absl::string_view field, absl::CivilDay day,
                                   absl::CivilDay floor,
                                   store::DirectoryStore& directory);

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_INPUT_CHECKS_H_
