#include "server/convert/risk_list_convert.h"

#include "domain/county_time.h"
#include "domain/vocabulary.h"
#include "server/convert/score_convert.h"

namespace baoxue::convert {
namespace {

void ToProto(const core::ListedStudent& s, baoxue::v1::ListedStudent* out) {
  out->set_student_id(s.student_id);
  out->set_masked_name(s.masked_name);
  out->set_grade(s.grade);
  out->set_school_id(s.school_id);
  out->set_school(s.school);
  out->set_school_code(s.school_code);
  out->set_township(s.township);
  out->set_village_code(s.village_code);
  out->set_village(s.village);
  out->set_probability(s.probability);
  out->set_times_average(s.times_average);
  out->set_out_of_school(s.out_of_school);
  out->set_tier(TierToProto(s.tier));
  if (s.previous_probability.has_value()) {
    out->set_has_previous(true);
    out->set_previous_probability(*s.previous_probability);
    out->set_change(s.change.value_or(0));
  }
  out->set_trend(std::string(domain::Code(s.trend)));
  for (const core::Reason& reason : s.reasons) {
    convert::ToProto(reason, out->add_reasons());
  }
  if (s.case_id.has_value()) {
    out->set_case_id(*s.case_id);
    out->set_case_status(std::string(domain::Code(s.case_status)));
    out->set_case_level(s.case_level);
    out->set_case_overdue(s.case_overdue);
  }
}

}  // namespace

void ToProto(const core::RiskListView& view, baoxue::v1::RiskList* out) {
  out->set_area_code(view.area.division_code);
  out->set_area_name(view.area.name);
  if (view.run.has_value()) {
    out->set_run_id(view.run->run_id);
    out->set_as_of_date(domain::FormatDay(view.run->as_of));
    out->set_model_version(view.run->model_version);
    out->set_run_finished_at(domain::FormatCountyTime(view.run->finished_at));
    out->set_run_mean_probability(view.run_mean_probability);
  }
  out->set_hint(view.hint);
  if (view.previous_as_of.has_value()) {
    out->set_previous_as_of_date(domain::FormatDay(*view.previous_as_of));
  }
  out->set_total(view.total);
  for (const core::ListedStudent& student : view.students) {
    ToProto(student, out->add_students());
  }
  for (const auto& [id, name] : view.schools) {
    baoxue::v1::SchoolFacet* school = out->add_schools();
    school->set_school_id(id);
    school->set_name(name);
  }
  for (const auto& [code, name] : view.villages) {
    baoxue::v1::VillageFacet* village = out->add_villages();
    village->set_village_code(code);
    village->set_name(name);
  }
}

}  // namespace baoxue::convert
