#include "server/convert/check_convert.h"

#include <string>

#include "domain/vocabulary.h"

namespace baoxue::convert {
namespace {

template <typename Message>
void AddKeyGroups(const store::KeyGroupCounts& counts, Message* out) {
  for (const auto& term : domain::Vocabulary<domain::KeyGroup>::kTerms) {
    baoxue::v1::KeyGroupCount* group = out->add_key_groups();
    group->set_key_group(std::string(term.code));
    group->set_count(counts[static_cast<int>(term.value)]);
  }
}

}  // namespace

void ToProto(const store::Area& area, const store::CheckReport& report,
             baoxue::v1::CheckReport* out) {
  out->set_area_code(area.division_code);
  out->set_area_name(area.name);
  for (const store::CheckReportRow& row : report.rows) {
    baoxue::v1::CheckReportRow* line = out->add_rows();
    line->set_township_code(row.township_code);
    line->set_township_name(row.township_name);
    line->set_comparison(std::string(domain::Code(row.comparison)));
    if (row.outcome.has_value()) {
      line->set_outcome(std::string(domain::Code(*row.outcome)));
    }
    line->set_count(row.count);
    AddKeyGroups(row.key_groups, line);
  }
}

void ToProto(const core::checks::CheckOutcome& outcome,
             baoxue::v1::CheckResult* out) {
  out->set_area_code(outcome.area.division_code);
  out->set_area_name(outcome.area.name);
  out->set_as_of_date(absl::FormatCivilTime(outcome.as_of));
  out->set_born_after(absl::FormatCivilTime(outcome.school_age.born_after));
  out->set_born_on_or_before(
      absl::FormatCivilTime(outcome.school_age.born_on_or_before));
  out->set_absence_days(outcome.absence_days);
  for (const store::ComparisonCount& count : outcome.run.comparisons) {
    baoxue::v1::ComparisonResult* result = out->add_comparisons();
    result->set_comparison(std::string(domain::Code(count.comparison)));
    result->set_suspects(count.suspects);
    result->set_opened(count.opened);
    result->set_already_open(count.already_open);
    result->set_settled(count.settled);
    AddKeyGroups(count.key_groups, result);
  }
  ToProto(outcome.area, outcome.report, out->mutable_report());
}

}  // namespace baoxue::convert
