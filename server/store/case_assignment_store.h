#ifndef BAOXUE_SERVER_STORE_CASE_ASSIGNMENT_STORE_H_
#define BAOXUE_SERVER_STORE_CASE_ASSIGNMENT_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/store/case_types.h"

namespace baoxue::store {

// Where a case's subject (a student, or a 户籍 child of a verification task)
// belongs in the registers: the keys the six heads are kept under
// (responsible_people). A key is empty when the subject has none (a 户籍
// child has no school, household or group).
struct CaseSubjectKeys {
  std::optional<int64_t> school_id;
  std::optional<int64_t> household_id;
  std::optional<int64_t> group_area_id;
  std::optional<int64_t> village_area_id;
  std::optional<int64_t> township_area_id;
};

// A case as naming someone in charge sees it: its state, the level in
// charge and who holds it, and the subject's keys.
struct AssignmentTarget {
  int64_t case_id = 0;
  CaseKind kind = CaseKind::kDropoutRisk;
  CaseStatus status = CaseStatus::kOpen;
  int level = 0;  // the current level; 0 = no assignment on record
  std::optional<int64_t> person_id;  // who holds it now; none on record
  CaseSubjectKeys subject;
};

// One responsible_people row: a person of the six heads and what they
// answer for (by role: a school, a household or an area).
struct ResponsiblePerson {
  int64_t person_id = 0;
  ChainRole role = ChainRole::kTeacher;
  std::string name;
  std::optional<int64_t> school_id;     // TEACHER, PRINCIPAL
  std::optional<int> grade;             // TEACHER: the grade they head
  std::string class_name;               // TEACHER: the class; "" = the grade
  std::optional<int64_t> household_id;  // PARENT
  std::optional<int64_t> area_id;       // GROUP_/VILLAGE_/TOWNSHIP_HEAD
  // The division code of where the person answers (their school's area,
  // their household's group, their own area): for the caller's scope check.
  std::string division_code;
};

// Which register key a role's people are kept under.
enum class PersonKeyKind { kSchool, kHousehold, kArea };

// The people of `role` kept under key `kind` = `id`: those who cover a case
// subject at the level of `role` (decided by core::CoveringKey).
struct PersonKey {
  ChainRole role = ChainRole::kTeacher;
  PersonKeyKind kind = PersonKeyKind::kSchool;
  int64_t id = 0;
};

// A change core decided: case `case_id`, whose current assignment is at
// `level` held by `from_person_id`, is now in the hands of `to_person_id`.
struct AssignmentChange {
  int64_t case_id = 0;
  int level = 0;
  std::optional<int64_t> from_person_id;
  int64_t to_person_id = 0;
  std::string note;  // optional; kept on the event
};

// Naming who is in charge of a case (docs/cases.md): the reads the rule
// needs and the one write that carries out what core::CaseDesk decided. The
// store decides nothing itself. Thread-safe.
// Errors: NOT_FOUND (no such case or person), FAILED_PRECONDITION (the case
// closed), ABORTED (the case changed level or person since it was read:
// read it again), UNAVAILABLE, INTERNAL.
class CaseAssignmentStore {
 public:
  virtual ~CaseAssignmentStore() = default;

  virtual absl::StatusOr<AssignmentTarget> Target(int64_t case_id) = 0;
  virtual absl::StatusOr<ResponsiblePerson> Person(int64_t person_id) = 0;
  // Every person kept under `key`, by person id.
  virtual absl::StatusOr<std::vector<ResponsiblePerson>> People(
      const PersonKey& key) = 0;
  // In one transaction: the current assignment's person becomes
  // `change.to_person_id` (deadlines and acknowledgement unchanged), if it
  // is still at `change.level` with `change.from_person_id` on an open case,
  // and an "assigned" event keeps both persons (ids and names), the note and
  // the actor.
  virtual absl::Status Assign(const AssignmentChange& change,
                              const Actor& actor, absl::Time now) = 0;
};

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_CASE_ASSIGNMENT_STORE_H_
