#ifndef BAOXUE_SERVER_STORE_AREA_H_
#define BAOXUE_SERVER_STORE_AREA_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "domain/vocabulary.h"

namespace baoxue::store {

using domain::AreaLevel;

// One administrative area (county, township, village or villager group).
struct Area {
  int64_t area_id = 0;
  std::string division_code;  // 12-digit statistical division code
  AreaLevel level = AreaLevel::kCounty;
  std::string name;
};

// The part of a 12-digit division code that every area inside `area` shares:
// 6 digits for a county, 9 for a township, 12 for a village or group.
absl::string_view DivisionPrefix(const Area& area);

// True if the village with `village_code` lies inside `area`.
bool AreaContainsVillage(const Area& area, absl::string_view village_code);

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_AREA_H_
