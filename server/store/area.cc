#include "server/store/area.h"

#include "absl/strings/match.h"
#include "domain/division_code.h"

namespace baoxue::store {

absl::string_view DivisionPrefix(const Area& area) {
  return domain::DivisionPrefix(area.division_code, area.level);
}

bool AreaContainsVillage(const Area& area, absl::string_view village_code) {
  return absl::StartsWith(village_code, DivisionPrefix(area));
}

}  // namespace baoxue::store
