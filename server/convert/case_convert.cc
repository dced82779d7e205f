#include "server/convert/case_convert.h"

#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "domain/county_time.h"
#include "domain/vocabulary.h"
#include "server/core/name_mask.h"
#include "server/core/reason_text.h"

namespace baoxue::convert {
namespace {

std::string TimeText(absl::Time time) { return domain::FormatCountyTime(time); }

std::string TimeText(const std::optional<absl::Time>& time) {
  return time.has_value() ? TimeText(*time) : "";
}

void ToProto(const store::LedgerRow& row, baoxue::v1::LedgerRow* out) {
  out->set_code(row.code);
  out->set_name(row.name);
  out->set_open(row.open);
  out->set_overdue(row.overdue);
  out->set_escalated(row.escalated);
  out->set_returned(row.returned);
  out->set_closed(row.closed);
}

}  // namespace

void ToProto(const store::CaseSummary& summary, baoxue::v1::CaseSummary* out) {
  out->set_case_id(summary.case_id);
  out->set_student_id(summary.student_id);
  out->set_masked_name(core::MaskName(summary.student_name));
  out->set_grade(summary.grade);
  out->set_school_id(summary.school_id);
  out->set_school_name(summary.school);
  out->set_village_code(summary.village_code);
  out->set_village_name(summary.village);
  out->set_status(std::string(domain::Code(summary.status)));
  if (summary.outcome.has_value()) {
    out->set_outcome(std::string(domain::Code(*summary.outcome)));
  }
  out->set_opened_reason(summary.opened_reason);
  out->set_level(summary.level);
  if (summary.role.has_value()) {
    out->set_role(std::string(domain::Code(*summary.role)));
  }
  out->set_person_name(summary.person_name);
  out->set_opened_at(TimeText(summary.opened_at));
  out->set_closed_at(TimeText(summary.closed_at));
  if (summary.status == store::CaseStatus::kOpen) {
    out->set_acknowledged_at(TimeText(summary.acknowledged_at));
    out->set_ack_deadline(TimeText(summary.ack_deadline));
    out->set_resolve_deadline(TimeText(summary.resolve_deadline));
  }
  out->set_overdue(summary.overdue);
  out->set_latest_probability(summary.latest_probability);
  out->set_reopen_count(summary.reopen_count);
  out->set_kind(std::string(domain::Code(summary.kind)));
}

void ToProto(const store::CaseEvent& event, baoxue::v1::CaseEvent* out) {
  out->set_event_id(event.event_id);
  out->set_case_id(event.case_id);
  out->set_at(TimeText(event.at));
  out->set_actor(event.actor);
  out->set_kind(std::string(domain::Code(event.kind)));
  out->set_level(event.level);
  out->set_note(event.note);
  out->set_details_json(event.details_json);
  out->set_village_code(event.village_code);
}

void ToProto(const store::CaseDetail& detail, const core::Caller& caller,
             baoxue::v1::Case* out) {
  ToProto(detail.summary, out->mutable_summary());
  if (core::MayReadFullName(caller)) {
    out->set_student_name(detail.summary.student_name);
  }
  for (const store::CaseAssignment& assignment : detail.assignments) {
    baoxue::v1::CaseAssignment* a = out->add_assignments();
    a->set_level(assignment.level);
    a->set_role(std::string(domain::Code(assignment.role)));
    a->set_person_id(assignment.person_id.value_or(0));
    a->set_person_name(assignment.person_name);
    a->set_assigned_at(TimeText(assignment.assigned_at));
    a->set_ack_deadline(TimeText(assignment.ack_deadline));
    a->set_resolve_deadline(TimeText(assignment.resolve_deadline));
    a->set_acknowledged_at(TimeText(assignment.acknowledged_at));
    a->set_ended_at(TimeText(assignment.ended_at));
  }
  for (const store::CaseEvent& event : detail.events) {
    ToProto(event, out->add_events());
  }
  for (const store::CaseScorePoint& point : detail.scores) {
    baoxue::v1::CaseScorePoint* p = out->add_scores();
    p->set_run_id(point.run_id);
    p->set_as_of_date(domain::FormatDay(point.as_of));
    p->set_probability(point.probability);
    p->set_tier(std::string(domain::Code(point.tier)));
  }
  for (const store::MessageReason& reason : detail.latest_reasons) {
    const core::ReasonText text =
        core::DescribeReason(reason.feature, reason.value);
    baoxue::v1::CaseReason* r = out->add_reasons();
    r->set_feature(reason.feature);
    r->set_value(reason.value);
    r->set_text_zh(text.zh);
    r->set_text_en(text.en);
    for (const std::string& measure : text.measures) r->add_measures(measure);
  }
}

void ToProto(const store::Area& area, const store::CasePage& page,
             baoxue::v1::ListCasesResponse* out) {
  out->set_area_code(area.division_code);
  out->set_area_name(area.name);
  for (const store::CaseSummary& summary : page.cases) {
    ToProto(summary, out->add_cases());
  }
  if (page.next_after_case_id != 0) {
    out->set_next_page_token(absl::StrCat(page.next_after_case_id));
  }
}

void ToProto(const store::Area& area, const store::Ledger& ledger,
             baoxue::v1::Ledger* out) {
  out->set_area_code(area.division_code);
  out->set_area_name(area.name);
  ToProto(ledger.total, out->mutable_total());
  for (const store::LedgerRow& row : ledger.townships) {
    ToProto(row, out->add_townships());
  }
  for (const store::LedgerRow& row : ledger.schools) {
    ToProto(row, out->add_schools());
  }
  for (const store::LedgerDay& day : ledger.history) {
    baoxue::v1::LedgerDay* d = out->add_history();
    d->set_date(domain::FormatDay(day.day));
    d->set_opened(day.opened);
    d->set_open(day.open);
    d->set_escalated(day.escalated);
    d->set_returned(day.returned);
    d->set_closed(day.closed);
  }
}

void ToProto(const core::CaseAssignees& assignees, const core::Caller& caller,
             baoxue::v1::ListAssigneesResponse* out) {
  out->set_case_id(assignees.case_id);
  out->set_level(assignees.level);
  if (assignees.role.has_value()) {
    out->set_role(std::string(domain::Code(*assignees.role)));
  }
  out->set_person_id(assignees.person_id.value_or(0));
  const bool names = core::MayReadAssigneeNames(caller);
  for (const store::ResponsiblePerson& person : assignees.people) {
    baoxue::v1::Assignee* a = out->add_assignees();
    a->set_person_id(person.person_id);
    if (names) a->set_name(person.name);
    a->set_role(std::string(domain::Code(person.role)));
    a->set_grade(person.grade.value_or(0));
    a->set_class_name(person.class_name);
    a->set_in_charge(assignees.person_id == person.person_id);
  }
}

}  // namespace baoxue::convert
