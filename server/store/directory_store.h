#ifndef BAOXUE_SERVER_STORE_DIRECTORY_STORE_H_
#define BAOXUE_SERVER_STORE_DIRECTORY_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/types/span.h"
#include "server/store/area.h"

namespace baoxue::store {

// What an official's list shows about a student. Holds personal data: never log
// it.
struct StudentProfile {
  int64_t student_id = 0;
  std::string name;
  int grade = 0;
  std::string school_name;
  std::string village_name;
};

// How other systems name a student and their school: the 全国学籍号 and the
// 学校标识码 ("" where the school has none on record).
struct StudentKey {
  int64_t student_id = 0;
  std::string student_number;
  std::string school_code;
};

// Looks up areas and students' profiles. Implementations are thread-safe.
// Errors: NOT_FOUND (no such area), UNAVAILABLE, INTERNAL.
class DirectoryStore {
 public:
  virtual ~DirectoryStore() = default;

  // The county, township or village with this 12-digit division code.
  virtual absl::StatusOr<Area> FindArea(absl::string_view division_code) = 0;

  // Profiles of the given students that exist, in no particular order.
  virtual absl::StatusOr<std::vector<StudentProfile>> Profiles(
      absl::Span<const int64_t> student_ids) = 0;

  // The keys of the students with these 全国学籍号 that exist, in no
  // particular order.
  virtual absl::StatusOr<std::vector<StudentKey>> StudentKeys(
      absl::Span<const std::string> student_numbers) = 0;

  // How many students live in `area` (a cheap count, read before a whole
  // area's rows are: docs/security.md, "Resource control").
  virtual absl::StatusOr<int64_t> CountStudentsInArea(const Area& area) = 0;

  // The county's first school day (its attendance data starts there);
  // nullopt while the calendar is empty.
  virtual absl::StatusOr<std::optional<absl::CivilDay>> FirstSchoolDay() = 0;
};

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_DIRECTORY_STORE_H_
