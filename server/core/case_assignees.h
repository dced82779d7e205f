#ifndef BAOXUE_SERVER_CORE_CASE_ASSIGNEES_H_
#define BAOXUE_SERVER_CORE_CASE_ASSIGNEES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/vocabulary.h"
#include "server/core/caller.h"
#include "server/store/case_assignment_store.h"

namespace baoxue::core {

// Who may be named in charge of a case (docs/cases.md, "Naming who is in
// charge"): a responsible_people row of the role of the case's current level
// who covers the case's subject —
//   TEACHER, PRINCIPAL: the student's school;
//   PARENT: the student's household;
//   GROUP_HEAD: the household's villager group;
//   VILLAGE_HEAD: the village (a 户籍 child's village for a verification
//     task without 学籍);
//   TOWNSHIP_HEAD: the village's township.
// Pure functions; thread-safe.

// Who may be named for a case now: the level in charge, its role, who holds
// it and the eligible people (none for a closed case, or a subject without
// the level's key).
struct CaseAssignees {
  int64_t case_id = 0;
  int level = 0;
  std::optional<domain::ChainRole> role;
  std::optional<int64_t> person_id;  // in charge now; none on record
  std::vector<store::ResponsiblePerson> people;
};

// The register key of the people who cover `subject` at `role`; nullopt
// when the subject has no such key (a 户籍 child has no school, household or
// group), so nobody may be named.
std::optional<store::PersonKey> CoveringKey(
    domain::ChainRole role, const store::CaseSubjectKeys& subject);

// Whether `person` is kept under `key` (same role, same school, household or
// area).
bool IsKeptUnder(const store::ResponsiblePerson& person,
                 const store::PersonKey& key);

// Whether `caller` reads the eligible people's names: officials and admins
// (on the page as over gRPC: they choose by name); systems get ids only.
bool MayReadAssigneeNames(const Caller& caller);

// Decides naming person `person_id` in charge of `target` for `caller`
// (whose role and right to change the case are already checked): `person`
// is the store's answer for `person_id`. Returns the change the store
// carries out: same level, deadlines untouched. Refusals, each naming the
// field:
//   INVALID_ARGUMENT     person_id not positive;
//   FAILED_PRECONDITION  the case is closed, or has no level in charge;
//   NOT_FOUND            no such person, or one outside the caller's area
//                        (the same words either way: NotInCallersArea);
//   FAILED_PRECONDITION  a person of another role than the level's; one who
//                        does not cover the case's subject; the person
//                        already in charge (naming them again is refused,
//                        not a silent no-op, so a bulk run reports it).
// Other errors of `person` pass through.
absl::StatusOr<store::AssignmentChange> DecideAssignment(
    const Caller& caller, const store::AssignmentTarget& target,
    int64_t person_id, const absl::StatusOr<store::ResponsiblePerson>& person,
    const std::string& note);

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_CASE_ASSIGNEES_H_
