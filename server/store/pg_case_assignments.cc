// PgCaseAssignmentStore: naming who is in charge of a case. Core decides
// (core::DecideAssignment); the SQL here reads what it needs and carries
// the change out in one transaction.
#include <string>

#include "absl/strings/str_cat.h"
#include "server/store/pg_case_assignment_store.h"
#include "server/store/pg_case_support.h"
#include "server/store/pg_transaction.h"

namespace baoxue::store {
namespace {

using case_sql::OptionalId;

// A responsible_people row `p` with its division code, as Person() and
// People() read it.
constexpr char kPersonColumns[] =
    "SELECT p.person_id, p.role::text, p.name, p.school_id, p.grade, "
    "coalesce(p.class_name, ''), p.household_id, p.area_id, "
    "coalesce(sa.division_code, ga.division_code, pa.division_code, '') "
    "FROM baoxue.responsible_people p "
    "LEFT JOIN baoxue.schools sc ON sc.school_id = p.school_id "
    "LEFT JOIN baoxue.areas sa ON sa.area_id = sc.area_id "
    "LEFT JOIN baoxue.households h ON h.household_id = p.household_id "
    "LEFT JOIN baoxue.areas ga ON ga.area_id = h.group_area_id "
    "LEFT JOIN baoxue.areas pa ON pa.area_id = p.area_id ";

absl::StatusOr<ResponsiblePerson> PersonOf(const pqxx::row& row) {
  const std::optional<ChainRole> role =
      domain::Parse<ChainRole>(row[1].as<std::string>());
  if (!role.has_value()) {
    return absl::InternalError("a responsible person has an unknown role");
  }
  ResponsiblePerson person;
  person.person_id = row[0].as<int64_t>();
  person.role = *role;
  person.name = row[2].as<std::string>();
  person.school_id = OptionalId(row[3]);
  if (!row[4].is_null()) person.grade = row[4].as<int>();
  person.class_name = row[5].as<std::string>();
  person.household_id = OptionalId(row[6]);
  person.area_id = OptionalId(row[7]);
  person.division_code = row[8].as<std::string>();
  return person;
}

const char* KeyColumn(PersonKeyKind kind) {
  switch (kind) {
    case PersonKeyKind::kSchool:
      return "p.school_id";
    case PersonKeyKind::kHousehold:
      return "p.household_id";
    case PersonKeyKind::kArea:
      return "p.area_id";
  }
  return "p.area_id";
}

}  // namespace

absl::StatusOr<AssignmentTarget> PgCaseAssignmentStore::Target(
    int64_t case_id) {
  return InTransaction(
      *pool_, "read case for assignment",
      [&](pqxx::work& tx) -> absl::StatusOr<AssignmentTarget> {
        // The subject's keys: a student's school, household, group, village
        // and township; a 户籍 child's village and township only.
        const pqxx::result result = tx.exec_params(
            "SELECT c.kind::text, c.status::text, coalesce(a.level, 0), "
            "a.person_id, s.school_id, s.household_id, h.group_area_id, "
            "v.area_id, v.parent_id "
            "FROM baoxue.cases c "
            "LEFT JOIN baoxue.case_assignments a "
            "  ON a.case_id = c.case_id AND a.ended_at IS NULL "
            "LEFT JOIN baoxue.students s ON s.student_id = c.student_id "
            "LEFT JOIN baoxue.households h ON h.household_id = s.household_id "
            "LEFT JOIN baoxue.areas g ON g.area_id = h.group_area_id "
            "LEFT JOIN baoxue.registered_children rc "
            "  ON rc.id_hash = c.registered_child_hash "
            "LEFT JOIN baoxue.areas v "
            "  ON v.area_id = coalesce(g.parent_id, rc.village_area_id) "
            "WHERE c.case_id = $1",
            case_id);
        if (result.empty()) {
          return absl::NotFoundError(absl::StrCat("no case ", case_id));
        }
        const pqxx::row row = result[0];
        const std::optional<CaseKind> kind =
            domain::Parse<CaseKind>(row[0].as<std::string>());
        const std::optional<CaseStatus> status =
            domain::Parse<CaseStatus>(row[1].as<std::string>());
        if (!kind.has_value() || !status.has_value()) {
          return absl::InternalError(
              absl::StrCat("case ", case_id, " has an unknown kind or status"));
        }
        AssignmentTarget target;
        target.case_id = case_id;
        target.kind = *kind;
        target.status = *status;
        target.level = row[2].as<int>();
        target.person_id = OptionalId(row[3]);
        target.subject.school_id = OptionalId(row[4]);
        target.subject.household_id = OptionalId(row[5]);
        target.subject.group_area_id = OptionalId(row[6]);
        target.subject.village_area_id = OptionalId(row[7]);
        target.subject.township_area_id = OptionalId(row[8]);
        return target;
      });
}

absl::StatusOr<ResponsiblePerson> PgCaseAssignmentStore::Person(
    int64_t person_id) {
  return InTransaction(
      *pool_, "read responsible person",
      [&](pqxx::work& tx) -> absl::StatusOr<ResponsiblePerson> {
        const pqxx::result result = tx.exec_params(
            absl::StrCat(kPersonColumns, "WHERE p.person_id = $1"), person_id);
        if (result.empty()) {
          return absl::NotFoundError(absl::StrCat("no person ", person_id));
        }
        return PersonOf(result[0]);
      });
}

absl::StatusOr<std::vector<ResponsiblePerson>> PgCaseAssignmentStore::People(
    const PersonKey& key) {
  return InTransaction(
      *pool_, "read responsible people",
      [&](pqxx::work& tx) -> absl::StatusOr<std::vector<ResponsiblePerson>> {
        // The column is one of three fixed names (KeyColumn), never input.
        const pqxx::result result = tx.exec_params(
            absl::StrCat(kPersonColumns,
                         "WHERE p.role = $1::baoxue.six_head_role AND ",
                         KeyColumn(key.kind), " = $2 ORDER BY p.person_id"),
            std::string(domain::Code(key.role)), key.id);
        std::vector<ResponsiblePerson> people;
        people.reserve(result.size());
        for (const pqxx::row& row : result) {
          absl::StatusOr<ResponsiblePerson> person = PersonOf(row);
          if (!person.ok()) return person.status();
          people.push_back(*std::move(person));
        }
        return people;
      });
}

absl::Status PgCaseAssignmentStore::Assign(const AssignmentChange& change,
                                           const Actor& actor, absl::Time now) {
  return InTransaction(*pool_, "assign case", [&](pqxx::work& tx) {
    // The case row first, as the other changes of a case lock it.
    const pqxx::result open = tx.exec_params(
        "SELECT status = 'open' FROM baoxue.cases WHERE case_id = $1 "
        "FOR UPDATE",
        change.case_id);
    if (open.empty()) {
      return absl::NotFoundError(absl::StrCat("no case ", change.case_id));
    }
    if (!open[0][0].as<bool>()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "case_id: case ", change.case_id, " is closed: reopen it first"));
    }
    // Only the person: assigned_at and the deadlines stay, so naming
    // someone else buys no time.
    const pqxx::result updated = tx.exec_params(
        "UPDATE baoxue.case_assignments SET person_id = $3 "
        "WHERE case_id = $1 AND level = $2 AND ended_at IS NULL "
        "  AND person_id IS NOT DISTINCT FROM NULLIF($4::bigint, 0)",
        change.case_id, change.level, change.to_person_id,
        change.from_person_id.value_or(0));
    if (updated.affected_rows() != 1) {
      return absl::AbortedError(
          absl::StrCat("case_id: case ", change.case_id,
                       " changed level or person meanwhile: read it again"));
    }
    const std::string details =
        tx.exec_params(
              "SELECT jsonb_strip_nulls(jsonb_build_object("
              "  'from_person_id', f.person_id, 'from_name', f.name, "
              "  'to_person_id', t.person_id, 'to_name', t.name, "
              "  'role', t.role::text))::text "
              "FROM baoxue.responsible_people t "
              "LEFT JOIN baoxue.responsible_people f "
              "  ON f.person_id = NULLIF($2::bigint, 0) "
              "WHERE t.person_id = $1",
              change.to_person_id, change.from_person_id.value_or(0))[0][0]
            .as<std::string>();
    case_sql::AppendEvent(tx, change.case_id, now, actor,
                          CaseEventKind::kAssigned, change.level, change.note,
                          details);
    return absl::OkStatus();
  });
}

}  // namespace baoxue::store
