#ifndef BAOXUE_DOMAIN_DIVISION_CODE_H_
#define BAOXUE_DOMAIN_DIVISION_CODE_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/vocabulary.h"

namespace baoxue::domain {

// A 12-digit statistical division code (统计用区划代码): county 6 digits +
// township 3 + village 3. A county's code ends in 000000, a township's in
// 000. The one place that checks the form. Value type, thread-compatible.
class DivisionCode {
 public:
  // Exactly 12 digits (what the API and the database carry). INVALID_ARGUMENT
  // naming `field` otherwise.
  static absl::StatusOr<DivisionCode> ParseFull(
      absl::string_view text, absl::string_view field = "code");
  // Accepts 12 digits, or the short forms counties use: 6 digits (a county)
  // and 9 digits (a township), padded with zeros. INVALID_ARGUMENT naming
  // `field` otherwise (the text is not echoed: it may be anything), also for
  // a prefecture's or province's code (county digits 00) and a village code
  // without township digits.
  static absl::StatusOr<DivisionCode> Parse(absl::string_view text,
                                            absl::string_view field = "code");

  // The 12 digits.
  const std::string& digits() const { return digits_; }
  // County, township or village, from the trailing zeros (a villager group
  // shares its village's code, so it reads as a village).
  AreaLevel level() const;
  // The digits every area inside this one shares: 6 for a county, 9 for a
  // township, 12 for a village.
  absl::string_view prefix() const;
  // True if `other` lies inside this area (or is it).
  bool Contains(const DivisionCode& other) const;
  bool Contains(absl::string_view other_digits) const;
  // The county's and the township's codes of this area (12 digits each).
  DivisionCode County() const;
  DivisionCode Township() const;

  friend bool operator==(const DivisionCode& a, const DivisionCode& b) {
    return a.digits_ == b.digits_;
  }
  friend bool operator!=(const DivisionCode& a, const DivisionCode& b) {
    return !(a == b);
  }

 private:
  explicit DivisionCode(std::string digits) : digits_(std::move(digits)) {}
  std::string digits_;
};

// The prefix of an area of `level` with `digits`: 6 digits for a county, 9
// for a township, all 12 for a village or group.
absl::string_view DivisionPrefix(absl::string_view digits, AreaLevel level);

}  // namespace baoxue::domain

#endif  // BAOXUE_DOMAIN_DIVISION_CODE_H_
