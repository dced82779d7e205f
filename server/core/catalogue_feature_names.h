#ifndef BAOXUE_SERVER_CORE_CATALOGUE_FEATURE_NAMES_H_
#define BAOXUE_SERVER_CORE_CATALOGUE_FEATURE_NAMES_H_

#include <optional>

#include "absl/strings/string_view.h"

namespace baoxue::core {

// What a catalogue feature (docs/design.md) measures, in plain words:
// "近30个上学日缺勤率" / "absence rate, last 30 school days". A reason says
// more (the student's value in a sentence, reason_text.h); this names the
// feature itself, for reports and for callers discovering the inputs.
struct CatalogueFeatureName {
  const char* zh;
  const char* en;
};

// nullopt for a name outside the catalogue (a feature set's own feature).
std::optional<CatalogueFeatureName> FindCatalogueFeatureName(
    absl::string_view feature);

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_CATALOGUE_FEATURE_NAMES_H_
