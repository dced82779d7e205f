#include "server/core/case_assignees.h"

#include "absl/strings/str_cat.h"

namespace baoxue::core {
namespace {

std::optional<store::PersonKey> KeyOf(domain::ChainRole role,
                                      store::PersonKeyKind kind,
                                      const std::optional<int64_t>& id) {
  if (!id.has_value()) return std::nullopt;
  return store::PersonKey{role, kind, *id};
}

}  // namespace

std::optional<store::PersonKey> CoveringKey(
    domain::ChainRole role, const store::CaseSubjectKeys& subject) {
  using domain::ChainRole;
  using store::PersonKeyKind;
  switch (role) {
    case ChainRole::kTeacher:
    case ChainRole::kPrincipal:
      return KeyOf(role, PersonKeyKind::kSchool, subject.school_id);
    case ChainRole::kParent:
      return KeyOf(role, PersonKeyKind::kHousehold, subject.household_id);
    case ChainRole::kGroupHead:
      return KeyOf(role, PersonKeyKind::kArea, subject.group_area_id);
    case ChainRole::kVillageHead:
      return KeyOf(role, PersonKeyKind::kArea, subject.village_area_id);
    case ChainRole::kTownshipHead:
      return KeyOf(role, PersonKeyKind::kArea, subject.township_area_id);
  }
  return std::nullopt;
}

bool IsKeptUnder(const store::ResponsiblePerson& person,
                 const store::PersonKey& key) {
  if (person.role != key.role) return false;
  switch (key.kind) {
    case store::PersonKeyKind::kSchool:
      return person.school_id == key.id;
    case store::PersonKeyKind::kHousehold:
      return person.household_id == key.id;
    case store::PersonKeyKind::kArea:
      return person.area_id == key.id;
  }
  return false;
}

bool MayReadAssigneeNames(const Caller& caller) {
  return caller.role == store::CallerRole::kOfficial ||
         caller.role == store::CallerRole::kAdmin;
}

absl::StatusOr<store::AssignmentChange> DecideAssignment(
    const Caller& caller, const store::AssignmentTarget& target,
    int64_t person_id, const absl::StatusOr<store::ResponsiblePerson>& person,
    const std::string& note) {
  if (person_id <= 0) {
    return absl::InvalidArgumentError(
        "person_id: must be a positive person id");
  }
  if (target.status != domain::CaseStatus::kOpen) {
    return absl::FailedPreconditionError(absl::StrCat(
        "case_id: case ", target.case_id, " is closed: reopen it first"));
  }
  const std::optional<domain::ChainRole> role =
      domain::RoleAtLevel(target.level);
  if (!role.has_value()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "case_id: case ", target.case_id, " has no level in charge"));
  }
  if (!person.ok()) return HideMissing(person.status(), "person", person_id);
  if (!caller.CanSeeVillage(person->division_code)) {
    return NotInCallersArea("person", person_id);
  }
  if (person->role != *role) {
    return absl::FailedPreconditionError(absl::StrCat(
        "person_id: person ", person_id, " is a ", domain::Code(person->role),
        "; level ", target.level, " of case ", target.case_id, " needs a ",
        domain::Code(*role)));
  }
  const std::optional<store::PersonKey> key =
      CoveringKey(*role, target.subject);
  if (!key.has_value() || !IsKeptUnder(*person, *key)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "person_id: person ", person_id, " does not answer for the ",
        target.subject.school_id.has_value() ? "student" : "child", " of case ",
        target.case_id));
  }
  if (target.person_id == person_id) {
    return absl::FailedPreconditionError(
        absl::StrCat("person_id: person ", person_id,
                     " is already in charge of case ", target.case_id));
  }
  store::AssignmentChange change;
  change.case_id = target.case_id;
  change.level = target.level;
  change.from_person_id = target.person_id;
  change.to_person_id = person_id;
  change.note = note;
  return change;
}

}  // namespace baoxue::core
