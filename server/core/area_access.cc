#include "server/core/area_access.h"

#include "absl/strings/str_cat.h"
#include "server/core/input_checks.h"

namespace baoxue::core {

absl::StatusOr<store::Area> ResolveArea(const Caller& caller,
                                        absl::string_view division_code,
                                        store::DirectoryStore& directory) {
  if (division_code.empty()) return caller.scope;
  const absl::Status refused = absl::PermissionDeniedError(absl::StrCat(
      "area ", ForError(division_code), " is outside the caller's area"));
  // Only the caller's own areas are looked up: a code outside them is refused
  // before the directory could tell whether it exists.
  if (!caller.CanSeeVillage(division_code)) return refused;
  absl::StatusOr<store::Area> area = directory.FindArea(division_code);
  if (absl::IsNotFound(area.status())) return refused;
  if (!area.ok()) return area.status();
  if (!caller.CanSeeArea(*area)) return refused;
  return area;
}

}  // namespace baoxue::core
