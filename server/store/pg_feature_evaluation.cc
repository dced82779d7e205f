#include "server/store/pg_feature_evaluation.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "pqxx/except"

namespace baoxue::store {

void EnterFeatureEvaluation(pqxx::transaction_base& tx, int timeout_seconds,
                            const std::string& reader_role) {
  if (!reader_role.empty()) {
    // Least privilege for the data staff's SQL: the registers only.
    tx.exec(absl::StrCat("SET LOCAL ROLE ", tx.quote_name(reader_role)));
  }
  tx.exec(absl::StrCat("SET LOCAL statement_timeout = ",
                       static_cast<int64_t>(timeout_seconds) * 1000));
}

void LeaveFeatureEvaluation(pqxx::transaction_base& tx,
                            const std::string& reader_role) {
  if (!reader_role.empty()) tx.exec("RESET ROLE");
}

bool IsPrivilegeRefusal(const pqxx::sql_error& error) {
  return error.sqlstate() == "42501" ||
         absl::StrContains(error.what(), "permission denied");
}

absl::Status ReaderRoleRefusal() {
  return absl::PermissionDeniedError(
      "the feature set reads something the feature reader role "
      "(database_roles.feature_reader_role) may not: feature expressions "
      "may read the registers and the staff schema only");
}

std::string FeatureExpression(const baoxue::v1::FeatureDefinition& feature) {
  return absl::StrCat("(", feature.expression(), ")::float8");
}

std::string FeatureSetRowsSelect(const FeatureSet& set) {
  std::string expressions;
  std::string outer;
  for (size_t j = 0; j < set.features.size(); ++j) {
    absl::StrAppend(&expressions, ", ", FeatureExpression(set.features[j]),
                    " AS bx_f", j);
    absl::StrAppend(&outer, ", x.bx_f", j);
  }
  return absl::StrCat(
      "SELECT s.student_id, s.school_id, g.division_code AS village_code",
      outer,
      " FROM baoxue.students s "
      "JOIN baoxue.households h ON h.household_id = s.household_id "
      "JOIN baoxue.areas g ON g.area_id = h.group_area_id "
      "JOIN (SELECT f.student_id AS bx_student_id",
      expressions, " FROM ", set.relation,
      " AS f) x ON x.bx_student_id = s.student_id");
}

std::string PostgresMessage(const std::exception& error) {
  if (dynamic_cast<const pqxx::sql_error*>(&error) == nullptr) return "";
  absl::string_view what = error.what();
  // "ERROR:  column \"x\" does not exist\nLINE 1: SELECT ..." -> the first
  // line without the severity.
  what = what.substr(0, what.find('\n'));
  absl::ConsumePrefix(&what, "ERROR:");
  what = absl::StripAsciiWhitespace(what);
  // Verbose connections put the SQLSTATE first: "42703: column ...".
  if (what.size() > 7 && what[5] == ':' && what[6] == ' ' &&
      std::all_of(what.begin(), what.begin() + 5, [](char c) {
        return absl::ascii_isdigit(c) || absl::ascii_isupper(c);
      })) {
    what.remove_prefix(7);
  }
  return std::string(what);
}

}  // namespace baoxue::store
