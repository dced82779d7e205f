#include "server/store/pg_training_data_store.h"

#include <limits>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/log.h"
#include "base/status_macros.h"
#include "pqxx/except"
#include "server/store/pg_feature_evaluation.h"
#include "server/store/pg_transaction.h"

namespace baoxue::store {
namespace {

// Keys and fairness groups first, then one column per configured feature.
constexpr int kFirstFeatureColumn = 8;

// Students labelled as of $1 with horizon $2: the enrolment events, or the
// configured label relation (its students, with their township).
std::string LabelsFrom(const std::string& label_relation) {
  if (label_relation.empty()) {
    return "baoxue.training_examples($1::date, $2::int)";
  }
  return absl::StrCat(
      "(SELECT l.student_id, (l.label)::int::boolean AS label, "
      "(left(g.division_code, 9) || '000')::char(12) AS township_code "
      "FROM ",
      label_relation,
      " AS l JOIN baoxue.students s ON s.student_id = l.student_id "
      "JOIN baoxue.households h ON h.household_id = s.household_id "
      "JOIN baoxue.areas g ON g.area_id = h.group_area_id "
      "WHERE $1::date IS NOT NULL AND $2::int IS NOT NULL "
      "AND l.label IS NOT NULL)");
}

std::string SnapshotQuery(const FeatureSet& features,
                          const std::string& label_relation,
                          const std::vector<FairnessColumn>& fairness) {
  std::string expressions;
  for (size_t j = 0; j < features.features.size(); ++j) {
    absl::StrAppend(&expressions, ", ", FeatureExpression(features.features[j]),
                    " AS bx_f", j);
  }
  std::string outer;
  for (size_t j = 0; j < features.features.size(); ++j) {
    absl::StrAppend(&outer, ", x.bx_f", j);
  }
  // Configured fairness groups last, as text (column names checked when
  // configured: FairnessColumnsFromConfig).
  for (size_t k = 0; k < fairness.size(); ++k) {
    const FairnessColumn& c = fairness[k];
    if (c.source == FairnessColumn::Source::kFeatureRelation) {
      absl::StrAppend(&expressions, ", (f.", c.column, ")::text AS bx_g", k);
      absl::StrAppend(&outer, ", x.bx_g", k);
    } else {
      absl::StrAppend(&outer, ", (s.", c.column, ")::text");
    }
  }
  // The expressions see only the relation's columns (alias f).
  return absl::StrCat(
      "SELECT t.student_id, t.label::int, s.gender, s.ethnic_minority, "
      "h.parents_working_away, s.disability, h.registered_poor, "
      "t.township_code",
      outer, " FROM ", LabelsFrom(label_relation),
      " t "
      "JOIN (SELECT f.student_id AS bx_student_id",
      expressions, " FROM ", features.relation,
      " AS f) x ON x.bx_student_id = t.student_id "
      "JOIN baoxue.students s ON s.student_id = t.student_id "
      "JOIN baoxue.households h ON h.household_id = s.household_id "
      "ORDER BY t.student_id");
}

}  // namespace

absl::StatusOr<LabelledSnapshot> PgTrainingDataStore::LoadSnapshot(
    const FeatureSet& features, absl::CivilDay as_of, int horizon_days) {
  const std::string query = SnapshotQuery(features, label_relation_, fairness_);
  const std::string operation = absl::StrCat("load training snapshot as of ",
                                             absl::FormatCivilTime(as_of));
  absl::StatusOr<LabelledSnapshot> loaded = InTransaction(
      *pool_, operation,
      [&](pqxx::work& tx) -> absl::StatusOr<LabelledSnapshot> {
        tx.exec("SET TRANSACTION READ ONLY");
        EnterFeatureEvaluation(tx, statement_timeout_seconds_,
                               feature_reader_role_);
        BAOXUE_ASSIGN_OR_RETURN(
            const pqxx::result result,
            ExecFeatureQuery(tx, query, absl::FormatCivilTime(as_of),
                             horizon_days));
        LabelledSnapshot snapshot;
        snapshot.as_of = as_of;
        const auto n = static_cast<Eigen::Index>(result.size());
        const auto d = static_cast<Eigen::Index>(features.features.size());
        snapshot.values.resize(n, d);
        snapshot.labels.resize(n);
        snapshot.student_ids.reserve(n);
        GroupColumns& g = snapshot.groups;
        for (const FairnessColumn& c : fairness_) {
          g.extra.push_back({c.column, {}});
        }
        for (Eigen::Index i = 0; i < n; ++i) {
          const pqxx::row row = result[static_cast<int>(i)];
          snapshot.student_ids.push_back(row[0].as<int64_t>());
          snapshot.labels(i) = row[1].as<int>();
          g.gender.push_back(row[2].as<std::string>());
          g.ethnic_minority.push_back(row[3].as<bool>());
          g.left_behind.push_back(row[4].as<bool>());
          g.disability.push_back(row[5].as<bool>());
          g.registered_poor.push_back(row[6].as<bool>());
          g.township_codes.push_back(row[7].as<std::string>());
          for (Eigen::Index j = 0; j < d; ++j) {
            const pqxx::field field =
                row[static_cast<int>(kFirstFeatureColumn + j)];
            snapshot.values(i, j) =
                field.is_null() ? std::numeric_limits<double>::quiet_NaN()
                                : field.as<double>();
          }
          for (size_t k = 0; k < fairness_.size(); ++k) {
            const pqxx::field field =
                row[static_cast<int>(kFirstFeatureColumn + d + k)];
            g.extra[k].second.push_back(
                field.is_null() ? "missing" : field.as<std::string>());
          }
        }
        return snapshot;
      });
  if (!loaded.ok()) {
    // Syntax errors, unknown columns and the like (SQLSTATE 42xxx) or a
    // statement timeout are configuration problems: say so.
    const std::string message(loaded.status().message());
    if (absl::StrContains(message, "SQLSTATE 42") &&
        !absl::IsPermissionDenied(loaded.status())) {
      return absl::InvalidArgumentError(absl::StrCat(
          "the feature set or the label relation does not evaluate (", message,
          "); `baoxue featureset test` names the expression"));
    }
    if (absl::StrContains(message, "SQLSTATE 57014")) {
      return absl::DeadlineExceededError(absl::StrCat(
          operation, " exceeded training.statement_timeout_seconds"));
    }
  }
  return loaded;
}

absl::StatusOr<absl::CivilDay> PgTrainingDataStore::LastSchoolDay() {
  return InTransaction(
      *pool_, "read school calendar",
      [&](pqxx::work& tx) -> absl::StatusOr<absl::CivilDay> {
        const pqxx::result result =
            tx.exec("SELECT max(day)::text FROM baoxue.school_days");
        absl::CivilDay day;
        if (result[0][0].is_null() ||
            !absl::ParseCivilTime(result[0][0].as<std::string>(), &day)) {
          return absl::NotFoundError("the school calendar is empty");
        }
        return day;
      });
}

}  // namespace baoxue::store
