#include "server/store/import_store.h"

namespace baoxue::store {
namespace {

constexpr absl::string_view kAreas[] = {"division_code", "group_no", "name"};
constexpr absl::string_view kSchools[] = {"school_code", "name", "kind",
                                          "area_code", "boarding"};
constexpr absl::string_view kStudents[] = {"student_number",
                                           "id_hash",
                                           "id_last4",
                                           "name",
                                           "gender",
                                           "birth_date",
                                           "ethnicity",
                                           "school_code",
                                           "grade",
                                           "class_name",
                                           "residence_code",
                                           "household_number",
                                           "left_behind",
                                           "disability",
                                           "boarding",
                                           "enrolled_on",
                                           "learning_difficulty",
                                           "repeated_grade",
                                           "orphan",
                                           "de_facto_unsupported",
                                           "in_distress",
                                           "migrant_child"};
constexpr absl::string_view kHouseholds[] = {
    "household_number",   "village_code",
    "group_no",           "id_hash",
    "relation",           "registered_poor",
    "poverty_monitoring", "subsistence_allowance",
    "extreme_poverty",    "per_capita_income",
    "poverty_line",       "relocated"};
constexpr absl::string_view kHouseholdRegistration[] = {
    "id_hash",      "id_last4",          "name",         "gender", "birth_date",
    "village_code", "registration_book", "guardian_name"};
constexpr absl::string_view kAttendance[] = {"student_number", "day", "kind"};
constexpr absl::string_view kSchoolCalendar[] = {"day"};
constexpr absl::string_view kRoutes[] = {"student_number", "distance_km",
                                         "travel_minutes", "mountain_route"};
constexpr absl::string_view kHeads[] = {
    "role",        "name",     "phone",
    "school_code", "grade",    "household_number",
    "area_code",   "group_no", "class_name"};
constexpr absl::string_view kEnrolmentEvents[] = {"student_number",
                                                  "event_date", "kind", "note"};

}  // namespace

absl::Span<const absl::string_view> StagingColumns(ImportKind kind) {
  switch (kind) {
    case ImportKind::kAreas:
      return kAreas;
    case ImportKind::kSchools:
      return kSchools;
    case ImportKind::kStudents:
      return kStudents;
    case ImportKind::kHouseholds:
      return kHouseholds;
    case ImportKind::kHouseholdRegistration:
      return kHouseholdRegistration;
    case ImportKind::kAttendance:
      return kAttendance;
    case ImportKind::kSchoolCalendar:
      return kSchoolCalendar;
    case ImportKind::kRoutes:
      return kRoutes;
    case ImportKind::kHeads:
      return kHeads;
    case ImportKind::kEnrolmentEvents:
      return kEnrolmentEvents;
  }
  return {};
}

}  // namespace baoxue::store
