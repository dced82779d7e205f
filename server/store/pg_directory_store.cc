#include "server/store/pg_directory_store.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "server/store/pg_transaction.h"

namespace baoxue::store {

absl::StatusOr<std::string> SchoolDivisionCode(pqxx::work& tx,
                                               int64_t school_id) {
  const pqxx::result result = tx.exec_params(
      "SELECT a.division_code FROM baoxue.schools s "
      "JOIN baoxue.areas a ON a.area_id = s.area_id WHERE s.school_id = $1",
      school_id);
  if (result.empty()) {
    return absl::NotFoundError(absl::StrCat("no school ", school_id));
  }
  return result[0][0].as<std::string>();
}

Area AreaFromRow(const pqxx::row& row, int first) {
  Area area;
  area.area_id = row[first].as<int64_t>();
  area.division_code = row[first + 1].as<std::string>();
  area.level = domain::Parse<AreaLevel>(row[first + 2].as<std::string>())
                   .value_or(AreaLevel::kCounty);
  area.name = row[first + 3].as<std::string>();
  return area;
}

absl::StatusOr<Area> PgDirectoryStore::FindArea(
    absl::string_view division_code) {
  return InTransaction(
      *pool_, "find area", [&](pqxx::work& tx) -> absl::StatusOr<Area> {
        const pqxx::result result = tx.exec_params(
            "SELECT area_id, division_code, level::text, name "
            "FROM baoxue.areas WHERE division_code = $1 AND level <> 'group'",
            std::string(division_code));
        if (result.empty()) {
          return absl::NotFoundError(
              absl::StrCat("no area with division code ", division_code));
        }
        return AreaFromRow(result[0], 0);
      });
}

absl::StatusOr<std::vector<StudentProfile>> PgDirectoryStore::Profiles(
    absl::Span<const int64_t> student_ids) {
  return InTransaction(
      *pool_, "read student profiles",
      [&](pqxx::work& tx) -> absl::StatusOr<std::vector<StudentProfile>> {
        const pqxx::result result = tx.exec_params(
            "SELECT s.student_id, s.name, s.grade, sc.name, v.name "
            "FROM baoxue.students s "
            "JOIN baoxue.schools sc ON sc.school_id = s.school_id "
            "JOIN baoxue.households h ON h.household_id = s.household_id "
            "JOIN baoxue.areas g ON g.area_id = h.group_area_id "
            "JOIN baoxue.areas v ON v.area_id = g.parent_id "
            "WHERE s.student_id = ANY($1::bigint[])",
            BigintArrayLiteral(student_ids.data(), student_ids.size()));
        std::vector<StudentProfile> profiles;
        profiles.reserve(result.size());
        for (const pqxx::row& row : result) {
          profiles.push_back({row[0].as<int64_t>(), row[1].as<std::string>(),
                              row[2].as<int>(), row[3].as<std::string>(),
                              row[4].as<std::string>()});
        }
        return profiles;
      });
}

absl::StatusOr<std::vector<StudentKey>> PgDirectoryStore::StudentKeys(
    absl::Span<const std::string> student_numbers) {
  return InTransaction(
      *pool_, "read student keys",
      [&](pqxx::work& tx) -> absl::StatusOr<std::vector<StudentKey>> {
        std::vector<StudentKey> keys;
        for (const pqxx::row& row : tx.exec_params(
                 "SELECT s.student_id, s.student_number, "
                 "coalesce(sc.school_code, '') FROM baoxue.students s "
                 "JOIN baoxue.schools sc ON sc.school_id = s.school_id "
                 "WHERE s.student_number = ANY($1::text[])",
                 TextArrayLiteral(std::vector<std::string>(
                     student_numbers.begin(), student_numbers.end())))) {
          keys.push_back({row[0].as<int64_t>(), row[1].as<std::string>(),
                          row[2].as<std::string>()});
        }
        return keys;
      });
}

absl::StatusOr<int64_t> PgDirectoryStore::CountStudentsInArea(
    const Area& area) {
  const std::string prefix(DivisionPrefix(area));
  return InTransaction(
      *pool_, "count students in area",
      [&](pqxx::work& tx) -> absl::StatusOr<int64_t> {
        return tx
            .exec_params1(
                "SELECT count(*) FROM baoxue.students s "
                "JOIN baoxue.households h ON h.household_id = s.household_id "
                "JOIN baoxue.areas g ON g.area_id = h.group_area_id "
                "JOIN baoxue.areas v ON v.area_id = g.parent_id "
                "WHERE left(v.division_code, $2) = $1",
                prefix, static_cast<int>(prefix.size()))[0]
            .as<int64_t>();
      });
}

absl::StatusOr<std::optional<absl::CivilDay>>
PgDirectoryStore::FirstSchoolDay() {
  return InTransaction(
      *pool_, "read the first school day",
      [&](pqxx::work& tx) -> absl::StatusOr<std::optional<absl::CivilDay>> {
        const pqxx::row row =
            tx.exec1("SELECT min(day)::text FROM baoxue.school_days");
        if (row[0].is_null()) return std::nullopt;
        absl::CivilDay day;
        if (!absl::ParseCivilTime(row[0].as<std::string>(), &day)) {
          return absl::InternalError("school_days: unreadable date");
        }
        return std::optional<absl::CivilDay>(day);
      });
}

}  // namespace baoxue::store
