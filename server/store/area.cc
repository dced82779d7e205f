#include "server/store/area.h"

#include "absl/strings/match.h"

namespace baoxue::store {

absl::string_view DivisionPrefix(const Area& area) {
  absl::string_view code = area.division_code;
  switch (area.level) {
    case AreaLevel::kCounty:
      return code.substr(0, 6);
    case AreaLevel::kTownship:
      return code.substr(0, 9);
    case AreaLevel::kVillage:
    case AreaLevel::kGroup:
      return code;
  }
  return code;
}

bool AreaContainsVillage(const Area& area, absl::string_view village_code) {
  return absl::StartsWith(village_code, DivisionPrefix(area));
}

absl::string_view AreaLevelName(AreaLevel level) {
  switch (level) {
    case AreaLevel::kCounty:
      return "county";
    case AreaLevel::kTownship:
      return "township";
    case AreaLevel::kVillage:
      return "village";
    case AreaLevel::kGroup:
      return "group";
  }
  return "county";
}

}  // namespace baoxue::store
