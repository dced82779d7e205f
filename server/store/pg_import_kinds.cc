// The kind-specific SQL of imports. Each writer sees the rows staged in
// `import_stage` (row_no, then StagingColumns(kind) as text) and the
// parameters $1 (the caller's division-code prefix, "" = everything),
// $2 (now) and $3 (the county's day). It refuses the rows the database
// contradicts (Refuse), counts what exists and what would not change, then
// upserts set-based. New ids continue after the largest (imports hold a lock).
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "base/status_macros.h"
#include "server/store/pg_import_session.h"

namespace baoxue::store::import_sql {
namespace {

// Refused when the row's `code` column lies outside the caller's area.
constexpr char kOutsideArea[] = "outside your area";
constexpr char kOutsideAreaZh[] = "不在您的管辖范围内";

struct Counts {
  const char* existing;   // staged rows that match a stored record
  const char* unchanged;  // of those, rows equal to it
};

absl::Status CountRows(ImportSession& s, const Counts& counts) {
  BAOXUE_ASSIGN_OR_RETURN(const int64_t staged,
                          s.Count("SELECT count(*) FROM import_stage"));
  BAOXUE_ASSIGN_OR_RETURN(const int64_t existing, s.Count(counts.existing));
  BAOXUE_ASSIGN_OR_RETURN(const int64_t unchanged, s.Count(counts.unchanged));
  s.written().inserted = staged - existing;
  s.written().updated = existing - unchanged;
  s.written().unchanged = unchanged;
  return absl::OkStatus();
}

absl::Status Run(ImportSession& s, const char* sql) {
  return s.Exec(sql).status();
}

// ---------------------------------------------------------------------------
// Areas: a county's division codes and names, townships to villager groups.
// ---------------------------------------------------------------------------

absl::Status WriteAreas(ImportSession& s) {
  BAOXUE_RETURN_IF_ERROR(
      Run(s,
          "ALTER TABLE import_stage ADD COLUMN level baoxue.area_level, "
          "ADD COLUMN parent_code text, ADD COLUMN parent_level "
          "baoxue.area_level"));
  BAOXUE_RETURN_IF_ERROR(
      Run(s,
          "UPDATE import_stage SET level = CASE "
          "  WHEN group_no IS NOT NULL THEN 'group'::baoxue.area_level "
          "  WHEN substr(division_code, 7) = '000000' THEN 'county' "
          "  WHEN substr(division_code, 10) = '000' THEN 'township' "
          "  ELSE 'village' END"));
  BAOXUE_RETURN_IF_ERROR(Run(
      s,
      "UPDATE import_stage SET "
      "parent_code = CASE level WHEN 'township' THEN left(division_code, 6) "
      "  || '000000' WHEN 'village' THEN left(division_code, 9) || '000' "
      "  WHEN 'group' THEN division_code END, "
      "parent_level = CASE level WHEN 'township' THEN "
      "  'county'::baoxue.area_level WHEN 'village' THEN 'township' "
      "  WHEN 'group' THEN 'village' END"));
  BAOXUE_RETURN_IF_ERROR(
      s.Refuse("$1 <> '' AND NOT starts_with(s.division_code, $1)",
               "division_code", kOutsideArea, kOutsideAreaZh));
  // Top-down, so that a refused township also refuses its villages.
  for (const char* level : {"township", "village", "group"}) {
    const std::string where =
        absl::StrCat("s.level = '", level,
                     "' AND NOT EXISTS (SELECT 1 FROM baoxue.areas p "
                     "  WHERE p.division_code = s.parent_code::bpchar "
                     "  AND p.level = s.parent_level) "
                     "AND NOT EXISTS (SELECT 1 FROM import_stage p "
                     "  WHERE p.division_code = s.parent_code AND p.level = "
                     "s.parent_level)");
    BAOXUE_RETURN_IF_ERROR(
        s.Refuse(where.c_str(), "division_code",
                 "the area above it is neither in the database nor in the file",
                 "上级区划既不在数据库中，也不在本文件中"));
  }
  BAOXUE_RETURN_IF_ERROR(CountRows(
      s, {"SELECT count(*) FROM import_stage s JOIN baoxue.areas a "
          "ON a.division_code = s.division_code::bpchar AND a.level = s.level "
          "AND a.group_no IS NOT DISTINCT FROM s.group_no::smallint",
          "SELECT count(*) FROM import_stage s JOIN baoxue.areas a "
          "ON a.division_code = s.division_code::bpchar AND a.level = s.level "
          "AND a.group_no IS NOT DISTINCT FROM s.group_no::smallint "
          "AND a.name = s.name"}));
  for (const char* level : {"county", "township", "village", "group"}) {
    const std::string insert = absl::StrCat(
        "INSERT INTO baoxue.areas (area_id, level, division_code, group_no, "
        "parent_id, name) "
        "SELECT (SELECT coalesce(max(area_id), 0) FROM baoxue.areas) "
        "  + row_number() OVER (ORDER BY s.division_code, s.group_no::int), "
        "s.level, s.division_code, s.group_no::smallint, "
        "(SELECT p.area_id FROM baoxue.areas p WHERE p.division_code = "
        "  s.parent_code::bpchar AND p.level = s.parent_level), s.name "
        "FROM import_stage s WHERE s.level = '",
        level,
        "' AND NOT EXISTS (SELECT 1 FROM baoxue.areas a "
        "  WHERE a.division_code = s.division_code::bpchar AND a.level = "
        "s.level "
        "  AND a.group_no IS NOT DISTINCT FROM s.group_no::smallint)");
    BAOXUE_RETURN_IF_ERROR(Run(s, insert.c_str()));
  }
  return Run(
      s,
      "UPDATE baoxue.areas a SET name = s.name FROM import_stage s "
      "WHERE a.division_code = s.division_code::bpchar AND a.level = s.level "
      "AND a.group_no IS NOT DISTINCT FROM s.group_no::smallint "
      "AND a.name <> s.name");
}

// ---------------------------------------------------------------------------
// Schools, by 学校标识码.
// ---------------------------------------------------------------------------

absl::Status WriteSchools(ImportSession& s) {
  BAOXUE_RETURN_IF_ERROR(
      Run(s, "ALTER TABLE import_stage ADD COLUMN area_id bigint"));
  BAOXUE_RETURN_IF_ERROR(
      Run(s,
          "UPDATE import_stage s SET area_id = a.area_id FROM baoxue.areas a "
          "WHERE a.division_code = s.area_code::bpchar "
          "AND a.level IN ('township', 'village')"));
  BAOXUE_RETURN_IF_ERROR(
      s.Refuse("$1 <> '' AND NOT starts_with(s.area_code, $1)", "area_code",
               kOutsideArea, kOutsideAreaZh));
  BAOXUE_RETURN_IF_ERROR(
      s.Refuse("s.area_id IS NULL", "area_code",
               "no such township or village (import the areas first)",
               "无此乡镇或村（请先导入行政区划）"));
  BAOXUE_RETURN_IF_ERROR(
      s.Refuse("$1 <> '' AND EXISTS (SELECT 1 FROM baoxue.schools x "
               "  JOIN baoxue.areas a ON a.area_id = x.area_id "
               "  WHERE x.school_code = s.school_code "
               "  AND NOT starts_with(a.division_code, $1))",
               "school_code", "the school belongs to another area",
               "该学校属于其他辖区"));
  BAOXUE_RETURN_IF_ERROR(CountRows(
      s, {"SELECT count(*) FROM import_stage s JOIN baoxue.schools x "
          "ON x.school_code = s.school_code",
          "SELECT count(*) FROM import_stage s JOIN baoxue.schools x "
          "ON x.school_code = s.school_code AND x.name = s.name "
          "AND x.kind = s.kind::baoxue.school_kind AND x.area_id = s.area_id "
          "AND x.boarding = s.boarding::boolean"}));
  BAOXUE_RETURN_IF_ERROR(Run(
      s,
      "INSERT INTO baoxue.schools (school_id, name, area_id, kind, boarding, "
      "school_code) "
      "SELECT (SELECT coalesce(max(school_id), 0) FROM baoxue.schools) "
      "  + row_number() OVER (ORDER BY s.school_code), s.name, s.area_id, "
      "s.kind::baoxue.school_kind, s.boarding::boolean, s.school_code "
      "FROM import_stage s WHERE NOT EXISTS (SELECT 1 FROM baoxue.schools x "
      "  WHERE x.school_code = s.school_code)"));
  return Run(
      s,
      "UPDATE baoxue.schools x SET name = s.name, area_id = s.area_id, "
      "kind = s.kind::baoxue.school_kind, boarding = s.boarding::boolean "
      "FROM import_stage s WHERE x.school_code = s.school_code "
      "AND (x.name, x.area_id, x.kind, x.boarding) IS DISTINCT FROM "
      "(s.name, s.area_id, s.kind::baoxue.school_kind, s.boarding::boolean)");
}

// ---------------------------------------------------------------------------
// Students (学籍), by 全国学籍号.
// ---------------------------------------------------------------------------

// A student without a known household gets one of their own in their
// village (its first villager group; a village without groups gets one).
// The county's poverty line is taken from the households already stored.
absl::Status GiveStudentsHouseholds(ImportSession& s) {
  BAOXUE_RETURN_IF_ERROR(
      Run(s,
          "UPDATE import_stage s SET household_id = h.household_id "
          "FROM baoxue.households h WHERE h.household_number = "
          "s.household_number"));
  BAOXUE_RETURN_IF_ERROR(Run(
      s,
      "UPDATE import_stage s SET household_id = m.household_id "
      "FROM baoxue.household_members m WHERE s.household_id IS NULL "
      "AND s.id_hash IS NOT NULL AND m.id_hash = decode(s.id_hash, 'hex')"));
  BAOXUE_RETURN_IF_ERROR(
      Run(s,
          "UPDATE import_stage s SET household_id = x.household_id "
          "FROM baoxue.students x WHERE s.household_id IS NULL "
          "AND x.student_id = s.student_id"));
  BAOXUE_RETURN_IF_ERROR(Run(
      s,
      "INSERT INTO baoxue.areas (area_id, level, division_code, group_no, "
      "parent_id, name) "
      "SELECT (SELECT coalesce(max(area_id), 0) FROM baoxue.areas) "
      "  + row_number() OVER (ORDER BY v.area_id), 'group', v.division_code, "
      "1, v.area_id, v.name || '（未分组）' "
      "FROM (SELECT DISTINCT village_id FROM import_stage "
      "  WHERE household_id IS NULL) n "
      "JOIN baoxue.areas v ON v.area_id = n.village_id "
      "WHERE NOT EXISTS (SELECT 1 FROM baoxue.areas g "
      "  WHERE g.parent_id = v.area_id AND g.level = 'group')"));
  BAOXUE_RETURN_IF_ERROR(Run(
      s,
      "INSERT INTO baoxue.households (household_id, group_area_id, members, "
      "poverty_line, household_number) "
      "SELECT (SELECT coalesce(max(household_id), 0) FROM baoxue.households) "
      "  + row_number() OVER (ORDER BY s.student_number), "
      "g.group_id, 1, "
      "(SELECT coalesce(max(poverty_line), 7300) FROM baoxue.households), "
      "'S' || s.student_number "
      "FROM import_stage s JOIN (SELECT parent_id, min(area_id) AS group_id "
      "  FROM baoxue.areas WHERE level = 'group' GROUP BY parent_id) g "
      "  ON g.parent_id = s.village_id WHERE s.household_id IS NULL"));
  return Run(s,
             "UPDATE import_stage s SET household_id = h.household_id "
             "FROM baoxue.households h WHERE s.household_id IS NULL "
             "AND h.household_number = 'S' || s.student_number");
}

absl::Status WriteStudents(ImportSession& s) {
  BAOXUE_RETURN_IF_ERROR(
      Run(s,
          "ALTER TABLE import_stage ADD COLUMN school_id bigint, "
          "ADD COLUMN village_id bigint, ADD COLUMN household_id bigint, "
          "ADD COLUMN student_id bigint"));
  BAOXUE_RETURN_IF_ERROR(
      Run(s,
          "UPDATE import_stage s SET school_id = r.school_id, "
          "village_id = r.village_id, student_id = r.student_id "
          "FROM (SELECT t.row_no, sc.school_id, v.area_id AS village_id, "
          "  st.student_id FROM import_stage t "
          "  LEFT JOIN baoxue.schools sc ON sc.school_code = t.school_code "
          "  LEFT JOIN baoxue.areas v ON v.division_code = "
          "    t.residence_code::bpchar AND v.level = 'village' "
          "  LEFT JOIN baoxue.students st ON st.student_number = "
          "    t.student_number) r WHERE r.row_no = s.row_no"));
  BAOXUE_RETURN_IF_ERROR(s.Refuse("s.school_id IS NULL", "school_code",
                                  "no such school (import the schools first)",
                                  "无此学校（请先导入学校）"));
  BAOXUE_RETURN_IF_ERROR(
      s.Refuse("$1 <> '' AND NOT EXISTS (SELECT 1 FROM baoxue.schools x "
               "  JOIN baoxue.areas a ON a.area_id = x.area_id "
               "  WHERE x.school_id = s.school_id "
               "  AND starts_with(a.division_code, $1))",
               "school_code", kOutsideArea, kOutsideAreaZh));
  BAOXUE_RETURN_IF_ERROR(s.Refuse("s.village_id IS NULL", "residence_code",
                                  "no such village (import the areas first)",
                                  "无此村（请先导入行政区划）"));
  BAOXUE_RETURN_IF_ERROR(s.Refuse(
      "s.household_number IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
      "  baoxue.households h WHERE h.household_number = s.household_number)",
      "household_number", "no such household (import the households first)",
      "无此户（请先导入农户）"));
  BAOXUE_RETURN_IF_ERROR(s.Refuse(
      "s.id_hash IS NOT NULL AND EXISTS (SELECT 1 FROM baoxue.students x "
      "  WHERE x.id_hash = decode(s.id_hash, 'hex') "
      "  AND x.student_number <> s.student_number)",
      "id_number", "another student in the database has this ID number",
      "库中另一名学生已使用此身份证件号"));
  BAOXUE_RETURN_IF_ERROR(s.Refuse(
      "s.student_id IS NOT NULL AND $1 <> '' AND NOT EXISTS (SELECT 1 "
      "  FROM baoxue.students x JOIN baoxue.schools sc USING (school_id) "
      "  JOIN baoxue.areas a ON a.area_id = sc.area_id "
      "  WHERE x.student_id = s.student_id "
      "  AND starts_with(a.division_code, $1))",
      "student_number",
      "the student is registered in another area (a county account moves "
      "them)",
      "该学生登记在其他辖区（需由县级账号调动）"));
  BAOXUE_RETURN_IF_ERROR(GiveStudentsHouseholds(s));
  // An empty cell (or a column the file lacks) keeps what is stored: a
  // roster without 随班就读 must not clear every student's disability.
  static constexpr char kSame[] =
      "(x.name, x.gender, x.birth_date, x.grade, x.school_id, "
      " x.household_id, x.boarding, x.disability, x.id_hash, x.id_last4, "
      " x.class_name, x.ethnicity, x.left_behind, x.enrolled_on, "
      " x.learning_difficulty, x.repeated_grade, x.orphan, "
      " x.de_facto_unsupported, x.in_distress, x.migrant_child) "
      "IS NOT DISTINCT FROM "
      "(s.name, s.gender, s.birth_date::date, s.grade::smallint, s.school_id, "
      " s.household_id, coalesce(s.boarding::boolean, x.boarding), "
      " coalesce(s.disability::boolean, x.disability), "
      " coalesce(decode(s.id_hash, 'hex'), x.id_hash), "
      " coalesce(s.id_last4, x.id_last4), coalesce(s.class_name, "
      "x.class_name), "
      " coalesce(s.ethnicity::smallint, x.ethnicity), "
      " coalesce(s.left_behind::smallint, x.left_behind), "
      " coalesce(s.enrolled_on::date, x.enrolled_on), "
      " coalesce(s.learning_difficulty::boolean, x.learning_difficulty), "
      " coalesce(s.repeated_grade::boolean, x.repeated_grade), "
      " coalesce(s.orphan::boolean, x.orphan), "
      " coalesce(s.de_facto_unsupported::boolean, x.de_facto_unsupported), "
      " coalesce(s.in_distress::boolean, x.in_distress), "
      " coalesce(s.migrant_child::boolean, x.migrant_child)) "
      "AND x.missing_from_roster_since IS NULL";
  const std::string unchanged = absl::StrCat(
      "SELECT count(*) FROM import_stage s JOIN baoxue.students "
      "x ON x.student_id = s.student_id WHERE ",
      kSame);
  BAOXUE_RETURN_IF_ERROR(CountRows(
      s, {"SELECT count(*) FROM import_stage s WHERE s.student_id IS NOT NULL",
          unchanged.c_str()}));
  BAOXUE_RETURN_IF_ERROR(Run(
      s,
      "INSERT INTO baoxue.students (student_id, student_number, name, gender, "
      "ethnic_minority, birth_date, grade, school_id, household_id, boarding, "
      "disability, id_hash, id_last4, class_name, ethnicity, left_behind, "
      "enrolled_on, learning_difficulty, repeated_grade, orphan, "
      "de_facto_unsupported, in_distress, migrant_child) "
      "SELECT (SELECT coalesce(max(student_id), 0) FROM baoxue.students) "
      "  + row_number() OVER (ORDER BY s.student_number), s.student_number, "
      "s.name, s.gender, coalesce(s.ethnicity::smallint <> 1, false), "
      "s.birth_date::date, s.grade::smallint, s.school_id, s.household_id, "
      "coalesce(s.boarding::boolean, false), "
      "coalesce(s.disability::boolean, false), decode(s.id_hash, 'hex'), "
      "s.id_last4, s.class_name, s.ethnicity::smallint, "
      "s.left_behind::smallint, s.enrolled_on::date, "
      "coalesce(s.learning_difficulty::boolean, false), "
      "coalesce(s.repeated_grade::boolean, false), "
      "coalesce(s.orphan::boolean, false), "
      "coalesce(s.de_facto_unsupported::boolean, false), "
      "coalesce(s.in_distress::boolean, false), "
      "coalesce(s.migrant_child::boolean, false) "
      "FROM import_stage s WHERE s.student_id IS NULL"));
  const std::string update = absl::StrCat(
      "UPDATE baoxue.students x SET name = s.name, gender = s.gender, "
      "ethnic_minority = coalesce(s.ethnicity::smallint <> 1, "
      "  x.ethnic_minority), "
      "birth_date = s.birth_date::date, grade = s.grade::smallint, "
      "school_id = s.school_id, household_id = s.household_id, "
      "boarding = coalesce(s.boarding::boolean, x.boarding), "
      "disability = coalesce(s.disability::boolean, x.disability), "
      "id_hash = coalesce(decode(s.id_hash, 'hex'), x.id_hash), "
      "id_last4 = coalesce(s.id_last4, x.id_last4), "
      "class_name = coalesce(s.class_name, x.class_name), "
      "ethnicity = coalesce(s.ethnicity::smallint, x.ethnicity), "
      "left_behind = coalesce(s.left_behind::smallint, x.left_behind), "
      "enrolled_on = coalesce(s.enrolled_on::date, x.enrolled_on), "
      "learning_difficulty = coalesce(s.learning_difficulty::boolean, "
      "  x.learning_difficulty), "
      "repeated_grade = coalesce(s.repeated_grade::boolean, "
      "  x.repeated_grade), "
      "orphan = coalesce(s.orphan::boolean, x.orphan), "
      "de_facto_unsupported = coalesce(s.de_facto_unsupported::boolean, "
      "  x.de_facto_unsupported), "
      "in_distress = coalesce(s.in_distress::boolean, x.in_distress), "
      "migrant_child = coalesce(s.migrant_child::boolean, x.migrant_child), "
      "missing_from_roster_since = NULL "
      "FROM import_stage s WHERE x.student_id = s.student_id AND NOT (",
      kSame, ")");
  BAOXUE_RETURN_IF_ERROR(Run(s, update.c_str()));
  // Both parents away: the household's flag, which the features read.
  BAOXUE_RETURN_IF_ERROR(
      Run(s,
          "UPDATE baoxue.households h SET parents_working_away = true "
          "FROM import_stage s WHERE h.household_id = s.household_id "
          "AND s.left_behind = '2' AND NOT h.parents_working_away"));
  if (!s.batch().full) return absl::OkStatus();
  BAOXUE_ASSIGN_OR_RETURN(
      s.written().missing_from_roster,
      s.Count("UPDATE baoxue.students x SET missing_from_roster_since = $3 "
              "FROM baoxue.schools sc JOIN baoxue.areas a "
              "  ON a.area_id = sc.area_id "
              "WHERE x.school_id = sc.school_id "
              "AND starts_with(a.division_code, $1) "
              "AND x.missing_from_roster_since IS NULL "
              "AND NOT EXISTS (SELECT 1 FROM import_stage s "
              "  WHERE s.student_number = x.student_number)"));
  return absl::OkStatus();
}

// ---------------------------------------------------------------------------
// The school calendar, attendance, routes and enrolment events: facts about
// students already on the roster, by 全国学籍号.
// ---------------------------------------------------------------------------

// Resolves student_number to student_id and refuses unknown students and
// students outside the caller's area.
absl::Status FindStudents(ImportSession& s) {
  BAOXUE_RETURN_IF_ERROR(
      Run(s, "ALTER TABLE import_stage ADD COLUMN student_id bigint"));
  BAOXUE_RETURN_IF_ERROR(
      Run(s,
          "UPDATE import_stage s SET student_id = x.student_id "
          "FROM baoxue.students x WHERE x.student_number = s.student_number"));
  BAOXUE_RETURN_IF_ERROR(
      s.Refuse("s.student_id IS NULL", "student_number",
               "no such student (import the student roster first)",
               "无此学生（请先导入学生名册）"));
  return s.Refuse(
      "$1 <> '' AND NOT EXISTS (SELECT 1 FROM baoxue.students x "
      "  JOIN baoxue.schools sc USING (school_id) "
      "  JOIN baoxue.areas a ON a.area_id = sc.area_id "
      "  WHERE x.student_id = s.student_id "
      "  AND starts_with(a.division_code, $1))",
      "student_number", kOutsideArea, kOutsideAreaZh);
}

absl::Status WriteSchoolCalendar(ImportSession& s) {
  BAOXUE_RETURN_IF_ERROR(CountRows(
      s, {"SELECT count(*) FROM import_stage s JOIN baoxue.school_days d "
          "ON d.day = s.day::date",
          "SELECT count(*) FROM import_stage s JOIN baoxue.school_days d "
          "ON d.day = s.day::date"}));
  return Run(s,
             "INSERT INTO baoxue.school_days (day) SELECT s.day::date "
             "FROM import_stage s ON CONFLICT DO NOTHING");
}

absl::Status WriteAttendance(ImportSession& s) {
  BAOXUE_RETURN_IF_ERROR(FindStudents(s));
  BAOXUE_RETURN_IF_ERROR(
      s.Refuse("NOT EXISTS (SELECT 1 FROM baoxue.school_days d "
               "  WHERE d.day = s.day::date)",
               "day", "not a school day (import the school calendar first)",
               "不是上课日（请先导入校历）"));
  BAOXUE_RETURN_IF_ERROR(s.Refuse(
      "EXISTS (SELECT 1 FROM import_stage o WHERE o.student_id = s.student_id "
      "  AND o.day = s.day AND o.row_no < s.row_no)",
      "day", "the same student and day appear on an earlier row",
      "同一学生同一天已在前面的行中出现"));
  BAOXUE_RETURN_IF_ERROR(CountRows(
      s, {"SELECT count(*) FROM import_stage s JOIN baoxue.absences b "
          "ON b.student_id = s.student_id AND b.day = s.day::date",
          "SELECT count(*) FROM import_stage s JOIN baoxue.absences b "
          "ON b.student_id = s.student_id AND b.day = s.day::date "
          "AND b.kind = s.kind::baoxue.absence_kind"}));
  return Run(s,
             "INSERT INTO baoxue.absences (student_id, day, kind) "
             "SELECT s.student_id, s.day::date, s.kind::baoxue.absence_kind "
             "FROM import_stage s ON CONFLICT (student_id, day) DO UPDATE "
             "SET kind = excluded.kind WHERE absences.kind <> excluded.kind");
}

// An empty 是否山路 keeps what is stored (a new route: no mountain road).
absl::Status WriteRoutes(ImportSession& s) {
  BAOXUE_RETURN_IF_ERROR(FindStudents(s));
  BAOXUE_RETURN_IF_ERROR(s.Refuse(
      "EXISTS (SELECT 1 FROM import_stage o WHERE o.student_id = s.student_id "
      "  AND o.row_no < s.row_no)",
      "student_number", "the same student appears on an earlier row",
      "同一学生已在前面的行中出现"));
  static constexpr char kSame[] =
      "(r.distance_km, r.travel_minutes, r.mountain_route) = "
      "(s.distance_km::numeric, s.travel_minutes::int, "
      " coalesce(s.mountain_route::boolean, r.mountain_route))";
  const std::string unchanged = absl::StrCat(
      "SELECT count(*) FROM import_stage s JOIN baoxue.student_routes r "
      "USING (student_id) WHERE ",
      kSame);
  BAOXUE_RETURN_IF_ERROR(CountRows(
      s, {"SELECT count(*) FROM import_stage s JOIN baoxue.student_routes r "
          "USING (student_id)",
          unchanged.c_str()}));
  const std::string update = absl::StrCat(
      "UPDATE baoxue.student_routes r SET distance_km = "
      "s.distance_km::numeric, travel_minutes = s.travel_minutes::int, "
      "mountain_route = coalesce(s.mountain_route::boolean, r.mountain_route) "
      "FROM import_stage s WHERE r.student_id = s.student_id AND NOT ",
      kSame);
  BAOXUE_RETURN_IF_ERROR(Run(s, update.c_str()));
  return Run(s,
             "INSERT INTO baoxue.student_routes (student_id, distance_km, "
             "travel_minutes, mountain_route) SELECT s.student_id, "
             "s.distance_km::numeric, s.travel_minutes::int, "
             "coalesce(s.mountain_route::boolean, false) FROM import_stage s "
             "WHERE NOT EXISTS (SELECT 1 FROM baoxue.student_routes r "
             "  WHERE r.student_id = s.student_id)");
}

absl::Status WriteEnrolmentEvents(ImportSession& s) {
  BAOXUE_RETURN_IF_ERROR(FindStudents(s));
  // An event is the same event when student, date and kind agree.
  BAOXUE_RETURN_IF_ERROR(CountRows(
      s, {"SELECT count(*) FROM import_stage s WHERE EXISTS (SELECT 1 FROM "
          "baoxue.enrolment_events e WHERE e.student_id = s.student_id AND "
          "e.event_date = s.event_date::date AND "
          "e.kind = s.kind::baoxue.enrolment_event_kind)",
          "SELECT count(*) FROM import_stage s WHERE EXISTS (SELECT 1 FROM "
          "baoxue.enrolment_events e WHERE e.student_id = s.student_id AND "
          "e.event_date = s.event_date::date AND "
          "e.kind = s.kind::baoxue.enrolment_event_kind AND "
          "e.note IS NOT DISTINCT FROM s.note)"}));
  BAOXUE_RETURN_IF_ERROR(Run(
      s,
      "UPDATE baoxue.enrolment_events e SET note = s.note FROM import_stage s "
      "WHERE e.student_id = s.student_id AND e.event_date = s.event_date::date "
      "AND e.kind = s.kind::baoxue.enrolment_event_kind "
      "AND e.note IS DISTINCT FROM s.note"));
  return Run(
      s,
      "INSERT INTO baoxue.enrolment_events (student_id, event_date, kind, "
      "note) SELECT DISTINCT ON (s.student_id, s.event_date, s.kind) "
      "s.student_id, s.event_date::date, "
      "s.kind::baoxue.enrolment_event_kind, s.note FROM import_stage s "
      "WHERE NOT EXISTS (SELECT 1 FROM baoxue.enrolment_events e "
      "  WHERE e.student_id = s.student_id "
      "  AND e.event_date = s.event_date::date "
      "  AND e.kind = s.kind::baoxue.enrolment_event_kind)");
}

// ---------------------------------------------------------------------------
// Households (脱贫户, 监测户, 低保, 特困) by 户编号, one staged row per member.
// A household's rows are all its members: members = their count, flags are
// or-ed, village, group, income and line must agree with its first row.
// ---------------------------------------------------------------------------

// Refuses the rows of a household that disagree with its first row in
// `columns` (staging columns, each written @name).
absl::Status RefuseDisagreeing(ImportSession& s, const char* columns,
                               const char* column, const char* reason,
                               const char* reason_zh) {
  const std::string where = absl::StrCat(
      "EXISTS (SELECT 1 FROM import_stage f WHERE f.row_no = s.first_row "
      "AND (",
      absl::StrReplaceAll(columns, {{"@", "f."}}), ") IS DISTINCT FROM (",
      absl::StrReplaceAll(columns, {{"@", "s."}}), "))");
  return s.Refuse(where.c_str(), column, reason, reason_zh);
}

absl::Status WriteHouseholds(ImportSession& s) {
  BAOXUE_RETURN_IF_ERROR(
      Run(s,
          "ALTER TABLE import_stage ADD COLUMN village_id bigint, "
          "ADD COLUMN group_id bigint, ADD COLUMN household_id bigint, "
          "ADD COLUMN first_row bigint, ADD COLUMN member_no bigint"));
  BAOXUE_RETURN_IF_ERROR(
      Run(s,
          "UPDATE import_stage s SET "
          "village_id = (SELECT a.area_id FROM baoxue.areas a "
          "  WHERE a.division_code = s.village_code AND a.level = 'village'), "
          "household_id = (SELECT h.household_id FROM baoxue.households h "
          "  WHERE h.household_number = s.household_number)"));
  BAOXUE_RETURN_IF_ERROR(
      s.Refuse("$1 <> '' AND NOT starts_with(s.village_code, $1)",
               "village_code", kOutsideArea, kOutsideAreaZh));
  BAOXUE_RETURN_IF_ERROR(s.Refuse("s.village_id IS NULL", "village_code",
                                  "no such village (import the areas first)",
                                  "无此村（请先导入行政区划）"));
  BAOXUE_RETURN_IF_ERROR(
      Run(s,
          "UPDATE import_stage s SET group_id = g.area_id FROM baoxue.areas g "
          "WHERE g.parent_id = s.village_id AND g.level = 'group' "
          "AND g.group_no = s.group_no::smallint"));
  BAOXUE_RETURN_IF_ERROR(
      s.Refuse("s.group_no IS NOT NULL AND s.group_id IS NULL", "group_no",
               "no such villager group in the village (import the areas first)",
               "该村无此村民小组（请先导入行政区划）"));
  BAOXUE_RETURN_IF_ERROR(s.Refuse(
      "$1 <> '' AND s.household_id IS NOT NULL AND NOT EXISTS (SELECT 1 "
      "  FROM baoxue.households h JOIN baoxue.areas g "
      "  ON g.area_id = h.group_area_id WHERE h.household_id = s.household_id "
      "  AND starts_with(g.division_code, $1))",
      "household_number", "the household belongs to another area",
      "该户属于其他辖区"));
  BAOXUE_RETURN_IF_ERROR(
      s.Refuse("$1 <> '' AND EXISTS (SELECT 1 FROM baoxue.household_members m "
               "  JOIN baoxue.households h USING (household_id) "
               "  JOIN baoxue.areas g ON g.area_id = h.group_area_id "
               "  WHERE m.id_hash = decode(s.id_hash, 'hex') "
               "  AND h.household_number <> s.household_number "
               "  AND NOT starts_with(g.division_code, $1))",
               "id_number", "a member of a household of another area",
               "此人是其他辖区某户的成员"));
  BAOXUE_RETURN_IF_ERROR(
      Run(s,
          "UPDATE import_stage s SET first_row = f.first_row, "
          "member_no = f.member_no FROM (SELECT row_no, min(row_no) OVER w "
          "  AS first_row, row_number() OVER w AS member_no FROM import_stage "
          "  WINDOW w AS (PARTITION BY household_number ORDER BY row_no)) f "
          "WHERE f.row_no = s.row_no"));
  BAOXUE_RETURN_IF_ERROR(RefuseDisagreeing(
      s, "@village_code, @group_no", "village_code",
      "another village or group than the household's first row",
      "村或组与该户第一行不一致"));
  BAOXUE_RETURN_IF_ERROR(RefuseDisagreeing(
      s, "@per_capita_income::numeric", "per_capita_income",
      "another income than the household's first row: one per household",
      "人均收入与该户第一行不一致：每户只填一个"));
  BAOXUE_RETURN_IF_ERROR(RefuseDisagreeing(
      s, "@poverty_line::numeric", "poverty_line",
      "another line than the household's first row: one per household",
      "贫困线与该户第一行不一致：每户只填一个"));
  BAOXUE_RETURN_IF_ERROR(s.Refuse("s.member_no > 20", "",
                                  "a household has at most 20 members",
                                  "每户最多 20 名成员"));

  // One row per household: the aggregate written to baoxue.households.
  BAOXUE_RETURN_IF_ERROR(
      Run(s,
          "CREATE TEMP TABLE import_households ON COMMIT DROP AS "
          "SELECT s.household_number, min(s.household_id) AS household_id, "
          "min(s.village_id) AS village_id, min(s.group_id) AS group_id, "
          "count(*)::smallint AS members, "
          "bool_or(s.registered_poor::boolean) AS registered_poor, "
          "bool_or(s.poverty_monitoring::boolean) AS poverty_monitoring, "
          "bool_or(s.subsistence_allowance::boolean) AS subsistence_allowance, "
          "bool_or(s.extreme_poverty::boolean) AS extreme_poverty, "
          "min(s.per_capita_income::numeric) AS income, "
          "min(s.poverty_line::numeric) AS line, "
          "bool_or(s.relocated::boolean) AS relocated "
          "FROM import_stage s GROUP BY s.household_number"));
  // Without a 村民小组: a stored household stays in its group if that is in
  // the village; else the village's first group, made if it has none.
  BAOXUE_RETURN_IF_ERROR(
      Run(s,
          "UPDATE import_households i SET group_id = h.group_area_id "
          "FROM baoxue.households h JOIN baoxue.areas g "
          "  ON g.area_id = h.group_area_id "
          "WHERE i.group_id IS NULL AND h.household_id = i.household_id "
          "AND g.parent_id = i.village_id"));
  BAOXUE_RETURN_IF_ERROR(Run(
      s,
      "INSERT INTO baoxue.areas (area_id, level, division_code, group_no, "
      "parent_id, name) "
      "SELECT (SELECT coalesce(max(area_id), 0) FROM baoxue.areas) "
      "  + row_number() OVER (ORDER BY v.area_id), 'group', v.division_code, "
      "1, v.area_id, v.name || '（未分组）' "
      "FROM (SELECT DISTINCT village_id FROM import_households "
      "  WHERE group_id IS NULL) n "
      "JOIN baoxue.areas v ON v.area_id = n.village_id "
      "WHERE NOT EXISTS (SELECT 1 FROM baoxue.areas g "
      "  WHERE g.parent_id = v.area_id AND g.level = 'group')"));
  BAOXUE_RETURN_IF_ERROR(
      Run(s,
          "UPDATE import_households i SET group_id = (SELECT min(g.area_id) "
          "  FROM baoxue.areas g WHERE g.parent_id = i.village_id "
          "  AND g.level = 'group') WHERE i.group_id IS NULL"));

  // A stored value stays where the file leaves income, line or relocation
  // empty; a new household takes the county's line (the largest stored, else
  // 7300 yuan).
  static constexpr char kNew[] =
      "(i.group_id, i.members, i.registered_poor, i.poverty_monitoring, "
      " i.subsistence_allowance, i.extreme_poverty, "
      " coalesce(i.income, h.per_capita_income), "
      " coalesce(i.line, h.poverty_line), coalesce(i.relocated, h.relocated))";
  static constexpr char kStored[] =
      "(h.group_area_id, h.members, h.registered_poor, h.poverty_monitoring, "
      " h.subsistence_allowance, h.extreme_poverty, h.per_capita_income, "
      " h.poverty_line, h.relocated)";
  const std::string unchanged = absl::StrCat(
      "SELECT count(*) FROM import_stage s "
      "JOIN import_households i USING (household_number) "
      "JOIN baoxue.households h ON h.household_id = i.household_id "
      "JOIN baoxue.household_members m ON m.household_id = h.household_id "
      "  AND m.id_hash = decode(s.id_hash, 'hex') "
      "WHERE m.relation IS NOT DISTINCT FROM s.relation AND ",
      kStored, " IS NOT DISTINCT FROM ", kNew,
      " AND NOT EXISTS (SELECT 1 FROM baoxue.household_members o "
      "  WHERE o.household_id = h.household_id AND NOT EXISTS (SELECT 1 "
      "  FROM import_stage t WHERE t.household_number = s.household_number "
      "  AND decode(t.id_hash, 'hex') = o.id_hash))");
  BAOXUE_RETURN_IF_ERROR(CountRows(
      s, {"SELECT count(*) FROM import_stage s "
          "JOIN baoxue.household_members m ON m.household_id = s.household_id "
          "AND m.id_hash = decode(s.id_hash, 'hex')",
          unchanged.c_str()}));

  BAOXUE_RETURN_IF_ERROR(Run(
      s,
      "INSERT INTO baoxue.households (household_id, group_area_id, members, "
      "per_capita_income, poverty_line, registered_poor, "
      "subsistence_allowance, poverty_monitoring, relocated, extreme_poverty, "
      "household_number) "
      "SELECT (SELECT coalesce(max(household_id), 0) FROM baoxue.households) "
      "  + row_number() OVER (ORDER BY i.household_number), i.group_id, "
      "i.members, i.income, coalesce(i.line, (SELECT coalesce("
      "  max(poverty_line), 7300) FROM baoxue.households)), "
      "i.registered_poor, i.subsistence_allowance, i.poverty_monitoring, "
      "coalesce(i.relocated, false), i.extreme_poverty, i.household_number "
      "FROM import_households i WHERE i.household_id IS NULL"));
  BAOXUE_RETURN_IF_ERROR(
      Run(s,
          "UPDATE import_households i SET household_id = h.household_id "
          "FROM baoxue.households h WHERE i.household_id IS NULL "
          "AND h.household_number = i.household_number"));
  BAOXUE_RETURN_IF_ERROR(
      Run(s,
          "UPDATE import_stage s SET household_id = i.household_id "
          "FROM import_households i WHERE i.household_number = "
          "s.household_number"));
  const std::string update = absl::StrCat(
      "UPDATE baoxue.households h SET group_area_id = i.group_id, "
      "members = i.members, registered_poor = i.registered_poor, "
      "poverty_monitoring = i.poverty_monitoring, "
      "subsistence_allowance = i.subsistence_allowance, "
      "extreme_poverty = i.extreme_poverty, "
      "per_capita_income = coalesce(i.income, h.per_capita_income), "
      "poverty_line = coalesce(i.line, h.poverty_line), "
      "relocated = coalesce(i.relocated, h.relocated) "
      "FROM import_households i WHERE h.household_id = i.household_id AND ",
      kStored, " IS DISTINCT FROM ", kNew);
  BAOXUE_RETURN_IF_ERROR(Run(s, update.c_str()));

  // Members: the file's rows are the household's members now; a person
  // listed here leaves any other household (of the caller's area, checked
  // above).
  BAOXUE_RETURN_IF_ERROR(
      Run(s,
          "DELETE FROM baoxue.household_members m USING import_households i "
          "WHERE m.household_id = i.household_id AND NOT EXISTS (SELECT 1 "
          "  FROM import_stage s WHERE s.household_id = i.household_id "
          "  AND decode(s.id_hash, 'hex') = m.id_hash)"));
  BAOXUE_RETURN_IF_ERROR(
      Run(s,
          "DELETE FROM baoxue.household_members m USING import_stage s "
          "WHERE m.id_hash = decode(s.id_hash, 'hex') "
          "AND m.household_id <> s.household_id"));
  BAOXUE_RETURN_IF_ERROR(Run(
      s,
      "INSERT INTO baoxue.household_members (household_id, id_hash, relation) "
      "SELECT s.household_id, decode(s.id_hash, 'hex'), s.relation "
      "FROM import_stage s ON CONFLICT (household_id, id_hash) DO UPDATE "
      "SET relation = excluded.relation "
      "WHERE household_members.relation IS DISTINCT FROM excluded.relation"));

  // Students who are members move to the household. The roster may have
  // given them one of their own ('S' || 学籍号): it goes when nothing else
  // refers to it.
  BAOXUE_RETURN_IF_ERROR(
      Run(s,
          "CREATE TEMP TABLE import_moved ON COMMIT DROP AS "
          "SELECT x.student_id, x.student_number, x.left_behind, "
          "x.household_id AS old_household_id, s.household_id "
          "FROM baoxue.students x JOIN import_stage s "
          "  ON x.id_hash = decode(s.id_hash, 'hex') "
          "WHERE x.household_id <> s.household_id"));
  BAOXUE_RETURN_IF_ERROR(
      Run(s,
          "UPDATE baoxue.students x SET household_id = m.household_id "
          "FROM import_moved m WHERE x.student_id = m.student_id"));
  BAOXUE_RETURN_IF_ERROR(
      Run(s,
          "UPDATE baoxue.households h SET parents_working_away = true "
          "FROM import_moved m WHERE h.household_id = m.household_id "
          "AND m.left_behind = 2 AND NOT h.parents_working_away"));
  return Run(s,
             "DELETE FROM baoxue.households h USING import_moved m "
             "WHERE h.household_id = m.old_household_id "
             "AND h.household_number = 'S' || m.student_number "
             "AND NOT EXISTS (SELECT 1 FROM baoxue.students x "
             "  WHERE x.household_id = h.household_id) "
             "AND NOT EXISTS (SELECT 1 FROM baoxue.household_members o "
             "  WHERE o.household_id = h.household_id) "
             "AND NOT EXISTS (SELECT 1 FROM baoxue.responsible_people p "
             "  WHERE p.household_id = h.household_id)");
}

// ---------------------------------------------------------------------------
// The household registration (户籍) roster of children, by keyed ID hash.
// ---------------------------------------------------------------------------

absl::Status WriteHouseholdRegistration(ImportSession& s) {
  BAOXUE_RETURN_IF_ERROR(
      Run(s, "ALTER TABLE import_stage ADD COLUMN village_id bigint"));
  BAOXUE_RETURN_IF_ERROR(Run(
      s,
      "UPDATE import_stage s SET village_id = a.area_id FROM baoxue.areas a "
      "WHERE a.division_code = s.village_code AND a.level = 'village'"));
  BAOXUE_RETURN_IF_ERROR(
      s.Refuse("$1 <> '' AND NOT starts_with(s.village_code, $1)",
               "village_code", kOutsideArea, kOutsideAreaZh));
  BAOXUE_RETURN_IF_ERROR(s.Refuse("s.village_id IS NULL", "village_code",
                                  "no such village (import the areas first)",
                                  "无此村（请先导入行政区划）"));
  BAOXUE_RETURN_IF_ERROR(s.Refuse(
      "$1 <> '' AND EXISTS (SELECT 1 FROM baoxue.registered_children r "
      "  JOIN baoxue.areas v ON v.area_id = r.village_area_id "
      "  WHERE r.id_hash = decode(s.id_hash, 'hex') "
      "  AND NOT starts_with(v.division_code, $1))",
      "id_number",
      "the child is registered in another area (a county account moves "
      "them)",
      "该儿童登记在其他辖区（需由县级账号调动）"));
  static constexpr char kSame[] =
      "(r.id_last4, r.name, r.gender, r.birth_date, r.village_area_id, "
      " r.registration_book, r.guardian_name) IS NOT DISTINCT FROM "
      "(s.id_last4, s.name, s.gender, s.birth_date::date, s.village_id, "
      " s.registration_book, s.guardian_name)";
  const std::string unchanged = absl::StrCat(
      "SELECT count(*) FROM import_stage s JOIN baoxue.registered_children r "
      "ON r.id_hash = decode(s.id_hash, 'hex') WHERE ",
      kSame);
  BAOXUE_RETURN_IF_ERROR(CountRows(
      s, {"SELECT count(*) FROM import_stage s JOIN "
          "baoxue.registered_children r ON r.id_hash = decode(s.id_hash, "
          "'hex')",
          unchanged.c_str()}));
  BAOXUE_RETURN_IF_ERROR(Run(
      s,
      "INSERT INTO baoxue.registered_children (id_hash, id_last4, name, "
      "gender, birth_date, village_area_id, registration_book, guardian_name) "
      "SELECT decode(s.id_hash, 'hex'), s.id_last4, s.name, s.gender, "
      "s.birth_date::date, s.village_id, s.registration_book, "
      "s.guardian_name FROM import_stage s "
      "ON CONFLICT (id_hash) DO UPDATE SET id_last4 = excluded.id_last4, "
      "name = excluded.name, gender = excluded.gender, "
      "birth_date = excluded.birth_date, "
      "village_area_id = excluded.village_area_id, "
      "registration_book = excluded.registration_book, "
      "guardian_name = excluded.guardian_name "
      "WHERE (registered_children.id_last4, registered_children.name, "
      "registered_children.gender, registered_children.birth_date, "
      "registered_children.village_area_id, "
      "registered_children.registration_book, "
      "registered_children.guardian_name) IS DISTINCT FROM "
      "(excluded.id_last4, excluded.name, excluded.gender, "
      "excluded.birth_date, excluded.village_area_id, "
      "excluded.registration_book, excluded.guardian_name)"));
  // 户籍 is public security's snapshot, not our record: a full roster
  // replaces the caller's area. Not when any row was refused, though: a
  // child whose row was refused would be dropped for a typo.
  if (!s.batch().full || !s.batch().refused_before.empty() ||
      !s.written().rejected.empty()) {
    return absl::OkStatus();
  }
  BAOXUE_ASSIGN_OR_RETURN(
      s.written().missing_from_roster,
      s.Count("DELETE FROM baoxue.registered_children r "
              "USING baoxue.areas v WHERE v.area_id = r.village_area_id "
              "AND starts_with(v.division_code, $1) "
              "AND NOT EXISTS (SELECT 1 FROM import_stage s "
              "  WHERE decode(s.id_hash, 'hex') = r.id_hash)"));
  return absl::OkStatus();
}

// ---------------------------------------------------------------------------
// The six heads roster (六长名册). A post is one person: (TEACHER, school,
// grade, class or none), (PRINCIPAL, school), (PARENT, household, name),
// (*_HEAD, area). A new name for a post replaces the person in place (same
// person_id, so open cases stay with the post).
// ---------------------------------------------------------------------------

absl::Status WriteHeads(ImportSession& s) {
  BAOXUE_RETURN_IF_ERROR(
      Run(s,
          "ALTER TABLE import_stage ADD COLUMN school_id bigint, "
          "ADD COLUMN household_id bigint, ADD COLUMN area_id bigint, "
          "ADD COLUMN person_id bigint"));
  BAOXUE_RETURN_IF_ERROR(
      Run(s,
          "UPDATE import_stage s SET "
          "school_id = (SELECT x.school_id FROM baoxue.schools x "
          "  WHERE x.school_code = s.school_code), "
          "household_id = (SELECT h.household_id FROM baoxue.households h "
          "  WHERE h.household_number = s.household_number), "
          "area_id = (SELECT a.area_id FROM baoxue.areas a "
          "  WHERE a.division_code = s.area_code AND a.level = CASE s.role "
          "    WHEN 'TOWNSHIP_HEAD' THEN 'township'::baoxue.area_level "
          "    WHEN 'VILLAGE_HEAD' THEN 'village' ELSE 'group' END "
          "  AND a.group_no IS NOT DISTINCT FROM s.group_no::smallint)"));
  BAOXUE_RETURN_IF_ERROR(
      s.Refuse("s.role IN ('TEACHER', 'PRINCIPAL') AND s.school_id IS NULL",
               "school_code", "no such school (import the schools first)",
               "无此学校（请先导入学校）"));
  BAOXUE_RETURN_IF_ERROR(s.Refuse(
      "$1 <> '' AND s.school_id IS NOT NULL AND NOT EXISTS (SELECT 1 "
      "  FROM baoxue.schools x JOIN baoxue.areas a ON a.area_id = x.area_id "
      "  WHERE x.school_id = s.school_id "
      "  AND starts_with(a.division_code, $1))",
      "school_code", kOutsideArea, kOutsideAreaZh));
  BAOXUE_RETURN_IF_ERROR(s.Refuse(
      "s.role = 'PARENT' AND s.household_id IS NULL", "household_number",
      "no such household (import the households or students first)",
      "无此户（请先导入农户或学生）"));
  BAOXUE_RETURN_IF_ERROR(s.Refuse(
      "$1 <> '' AND s.household_id IS NOT NULL AND NOT EXISTS (SELECT 1 "
      "  FROM baoxue.households h JOIN baoxue.areas g "
      "  ON g.area_id = h.group_area_id WHERE h.household_id = s.household_id "
      "  AND starts_with(g.division_code, $1))",
      "household_number", kOutsideArea, kOutsideAreaZh));
  BAOXUE_RETURN_IF_ERROR(
      s.Refuse("$1 <> '' AND s.area_code IS NOT NULL "
               "AND NOT starts_with(s.area_code, $1)",
               "area_code", kOutsideArea, kOutsideAreaZh));
  BAOXUE_RETURN_IF_ERROR(s.Refuse(
      "s.role = 'GROUP_HEAD' AND s.area_id IS NULL AND EXISTS (SELECT 1 "
      "  FROM baoxue.areas v WHERE v.division_code = s.area_code "
      "  AND v.level = 'village')",
      "group_no",
      "no such villager group in the village (import the areas "
      "first)",
      "该村无此村民小组（请先导入行政区划）"));
  BAOXUE_RETURN_IF_ERROR(
      s.Refuse("s.role IN ('GROUP_HEAD', 'VILLAGE_HEAD', 'TOWNSHIP_HEAD') "
               "AND s.area_id IS NULL",
               "area_code", "no such area (import the areas first)",
               "无此区划（请先导入行政区划）"));
  BAOXUE_RETURN_IF_ERROR(
      Run(s,
          "UPDATE import_stage s SET person_id = (SELECT min(p.person_id) "
          "  FROM baoxue.responsible_people p "
          "  WHERE p.role = s.role::baoxue.six_head_role AND CASE s.role "
          "    WHEN 'TEACHER' THEN p.school_id = s.school_id "
          "      AND p.grade = s.grade::smallint "
          "      AND p.class_name IS NOT DISTINCT FROM s.class_name "
          "    WHEN 'PRINCIPAL' THEN p.school_id = s.school_id "
          "    WHEN 'PARENT' THEN p.household_id = s.household_id "
          "      AND p.name = s.name "
          "    ELSE p.area_id = s.area_id END)"));
  // An empty 联系电话 keeps the phone on record for the same person, not
  // for a new one.
  static constexpr char kPhone[] =
      "CASE WHEN p.name = s.name THEN coalesce(s.phone, p.phone) "
      "ELSE s.phone END";
  const std::string unchanged = absl::StrCat(
      "SELECT count(*) FROM import_stage s JOIN baoxue.responsible_people p "
      "ON p.person_id = s.person_id WHERE p.name = s.name "
      "AND p.phone IS NOT DISTINCT FROM ",
      kPhone);
  BAOXUE_RETURN_IF_ERROR(CountRows(
      s, {"SELECT count(*) FROM import_stage s WHERE s.person_id IS NOT NULL",
          unchanged.c_str()}));
  const std::string update = absl::StrCat(
      "UPDATE baoxue.responsible_people p SET name = s.name, phone = ", kPhone,
      " FROM import_stage s WHERE p.person_id = s.person_id "
      "AND (p.name, p.phone) IS DISTINCT FROM (s.name, ",
      kPhone, ")");
  BAOXUE_RETURN_IF_ERROR(Run(s, update.c_str()));
  return Run(
      s,
      "INSERT INTO baoxue.responsible_people (role, school_id, grade, "
      "class_name, household_id, area_id, name, phone) "
      "SELECT s.role::baoxue.six_head_role, s.school_id, s.grade::smallint, "
      "s.class_name, s.household_id, s.area_id, s.name, s.phone "
      "FROM import_stage s "
      "WHERE s.person_id IS NULL ORDER BY s.row_no");
}

}  // namespace

absl::Status WriteKind(ImportSession& session) {
  switch (session.batch().kind) {
    case ImportKind::kAreas:
      return WriteAreas(session);
    case ImportKind::kSchools:
      return WriteSchools(session);
    case ImportKind::kStudents:
      return WriteStudents(session);
    case ImportKind::kSchoolCalendar:
      return WriteSchoolCalendar(session);
    case ImportKind::kAttendance:
      return WriteAttendance(session);
    case ImportKind::kRoutes:
      return WriteRoutes(session);
    case ImportKind::kEnrolmentEvents:
      return WriteEnrolmentEvents(session);
    case ImportKind::kHouseholds:
      return WriteHouseholds(session);
    case ImportKind::kHouseholdRegistration:
      return WriteHouseholdRegistration(session);
    case ImportKind::kHeads:
      return WriteHeads(session);
  }
  return absl::InternalError("import: unknown kind");
}

}  // namespace baoxue::store::import_sql
