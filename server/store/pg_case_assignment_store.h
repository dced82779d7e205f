#ifndef BAOXUE_SERVER_STORE_PG_CASE_ASSIGNMENT_STORE_H_
#define BAOXUE_SERVER_STORE_PG_CASE_ASSIGNMENT_STORE_H_

#include <vector>

#include "server/store/case_assignment_store.h"
#include "server/store/pg_connection_pool.h"

namespace baoxue::store {

// CaseAssignmentStore over baoxue.cases, case_assignments, case_events and
// responsible_people (the 'assigned' event kind: deploy/sql/0022). Thread-
// safe; does not own the pool.
class PgCaseAssignmentStore : public CaseAssignmentStore {
 public:
  explicit PgCaseAssignmentStore(PgConnectionPool* pool) : pool_(pool) {}

  absl::StatusOr<AssignmentTarget> Target(int64_t case_id) override;
  absl::StatusOr<ResponsiblePerson> Person(int64_t person_id) override;
  absl::StatusOr<std::vector<ResponsiblePerson>> People(
      const PersonKey& key) override;
  absl::Status Assign(const AssignmentChange& change, const Actor& actor,
                      absl::Time now) override;

 private:
  PgConnectionPool* pool_;
};

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_PG_CASE_ASSIGNMENT_STORE_H_
