#ifndef BAOXUE_SERVER_STORE_PG_DIRECTORY_STORE_H_
#define BAOXUE_SERVER_STORE_PG_DIRECTORY_STORE_H_

#include "pqxx/transaction"
#include "server/store/directory_store.h"
#include "server/store/pg_connection_pool.h"

namespace baoxue::store {

// DirectoryStore over baoxue.areas, baoxue.students and baoxue.schools.
// Thread-safe; does not own `pool`.
class PgDirectoryStore : public DirectoryStore {
 public:
  explicit PgDirectoryStore(PgConnectionPool* pool) : pool_(pool) {}

  absl::StatusOr<Area> FindArea(absl::string_view division_code) override;
  absl::StatusOr<std::vector<StudentProfile>> Profiles(
      absl::Span<const int64_t> student_ids) override;
  absl::StatusOr<std::vector<StudentKey>> StudentKeys(
      absl::Span<const std::string> student_numbers) override;
  absl::StatusOr<int64_t> CountStudentsInArea(const Area& area) override;
  absl::StatusOr<std::optional<absl::CivilDay>> FirstSchoolDay() override;

 private:
  PgConnectionPool* pool_;
};

// The division code of the area school `school_id` is in (township or
// village), read in `tx`: the one "where is school X" query. NOT_FOUND if
// there is no such school.
absl::StatusOr<std::string> SchoolDivisionCode(pqxx::work& tx,
                                               int64_t school_id);

// Parses an area row (area_id, division_code, level, name) starting at `first`.
Area AreaFromRow(const pqxx::row& row, int first);

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_PG_DIRECTORY_STORE_H_
