#ifndef BAOXUE_SERVER_CORE_VALIDATION_WORDS_H_
#define BAOXUE_SERVER_CORE_VALIDATION_WORDS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "domain/vocabulary.h"

namespace baoxue::core {

// How a candidate is validated (docs/models.md, "Validation").
enum class ValidationMethod {
  kLaterSnapshot,  // a later as-of date, held out in time (default)
  kKFold,          // k folds of students; out-of-fold scores
  kHeldOut,        // a share of students held out of every snapshot
};

// What the validation of a candidate rests on, and what is wrong with it.
struct ValidationFacts {
  ValidationMethod method = ValidationMethod::kLaterSnapshot;
  std::vector<absl::CivilDay> training_as_of;
  std::optional<absl::CivilDay> validation_as_of;  // kLaterSnapshot
  int horizon_days = 0;
  int folds = 0;              // kKFold
  double held_out_share = 0;  // kHeldOut
  int64_t validation_rows = 0;
  int64_t validation_positives = 0;
};

// Fewer validation dropouts than this earns a warning.
inline constexpr int64_t kFewValidationDropouts = 30;

// The validation in plain words of one language, stored with the candidate
// in both so that each reader sees only its own (issue 17: one language at
// a time).
struct ValidationText {
  // e.g. "later snapshot as of 2026-07-10 (held out in time)".
  std::string method;
  // Validation that overlaps training (label windows reaching the validation
  // date; the same dates for k-fold and held-out students) and too few
  // validation dropouts.
  std::vector<std::string> warnings;
};

ValidationText DescribeValidation(const ValidationFacts& facts,
                                  domain::Language language);

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_VALIDATION_WORDS_H_
