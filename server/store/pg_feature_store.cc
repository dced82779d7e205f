#include "server/store/pg_feature_store.h"

#include <limits>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "base/status_macros.h"
#include "model/feature_catalog.h"
#include "pqxx/nontransaction"
#include "server/store/pg_feature_evaluation.h"
#include "server/store/pg_transaction.h"

namespace baoxue::store {
namespace {

std::string FeatureColumns() {
  return absl::StrJoin(model::CatalogFeatureNames(), ", ");
}

// The scoring queries' rows: keys first, then the features, of the students
// matching `where` (over the function's columns, $1 = the date), read from
// the day's feature snapshot when it has one, else computed by the live
// function. Both branches are in the statement: the live one carries the
// uncorrelated NOT EXISTS, which PostgreSQL evaluates once as a gating
// filter, so with a snapshot only the snapshot branch runs (and a prepared
// statement has one plan whatever the day).
std::string SnapshotOrLiveSelect(absl::string_view where) {
  const std::string columns = absl::StrCat(
      "SELECT student_id, village_code, township_code, school_id, ",
      FeatureColumns());
  return absl::StrCat(
      columns, " FROM baoxue.snapshot_features($1::date) WHERE ", where,
      " UNION ALL ", columns, " FROM baoxue.student_features($1::date) WHERE ",
      where,
      " AND NOT EXISTS (SELECT 1 FROM baoxue.feature_snapshot_days d"
      " WHERE d.as_of = $1::date) ORDER BY student_id");
}
constexpr int kFirstFeatureColumn = 4;

double FieldOrNaN(const pqxx::field& field) {
  return field.is_null() ? std::numeric_limits<double>::quiet_NaN()
                         : field.as<double>();
}

void CopyFeatures(const pqxx::row& row, int first_column, int out_row,
                  Eigen::MatrixXd& out) {
  for (Eigen::Index j = 0; j < out.cols(); ++j) {
    out(out_row, j) = FieldOrNaN(row[static_cast<int>(first_column + j)]);
  }
}

// Rows whose key columns start at `first`; a row with a NULL student_id
// (the outer join's row when no id matched) is skipped.
StudentFeatureRows ToFeatureRows(
    const pqxx::result& result, int first = 0,
    Eigen::Index features = model::FeatureCatalog().size()) {
  StudentFeatureRows rows;
  Eigen::Index n = 0;
  for (const pqxx::row& row : result) n += !row[first].is_null();
  rows.values.resize(n, features);
  rows.student_ids.reserve(n);
  rows.village_codes.reserve(n);
  rows.township_codes.reserve(n);
  rows.school_ids.reserve(n);
  Eigen::Index i = 0;
  for (const pqxx::row& row : result) {
    if (row[first].is_null()) continue;
    rows.student_ids.push_back(row[first].as<int64_t>());
    rows.village_codes.push_back(row[first + 1].as<std::string>());
    rows.township_codes.push_back(row[first + 2].as<std::string>());
    rows.school_ids.push_back(row[first + 3].as<int64_t>());
    CopyFeatures(row, first + kFirstFeatureColumn, i++, rows.values);
  }
  return rows;
}

std::string DateParam(absl::CivilDay day) { return absl::FormatCivilTime(day); }

// Whether the day has a snapshot, then the snapshot rows of the students
// matching `ids` ($2) as of $1 in the shape of SnapshotOrLiveSelect's rows:
// flags are stored as boolean (deploy/sql/0008_feature_snapshots.sql), every
// other feature as a number.
std::string SnapshotRowsQuery(absl::string_view ids) {
  std::vector<std::string> features;
  for (const model::FeatureInfo& info : model::FeatureCatalog()) {
    features.push_back(absl::StrCat(
        "f.", info.name, info.is_flag ? "::int::float8" : "::float8"));
  }
  return absl::StrCat(
      "SELECT d.present, f.student_id, f.village_code, "
      "(left(f.village_code, 9) || '000')::char(12), f.school_id, ",
      absl::StrJoin(features, ", "),
      " FROM (SELECT EXISTS (SELECT 1 FROM baoxue.feature_snapshot_days "
      "WHERE as_of = $1::date) AS present) d "
      "LEFT JOIN baoxue.feature_snapshots f ON f.as_of = $1::date AND ",
      ids, " ORDER BY f.student_id");
}

// A feature set's rows in ToFeatureRows' shape, of the students matching
// `where` (over student_id and village_code; $1 = the date, $2/$4 the
// filter), from the day's snapshot of key $3 when it has one, else live.
std::string SetFeaturesQuery(const FeatureSet& set, absl::string_view where) {
  std::string stored;
  std::string live;
  for (size_t j = 0; j < set.features.size(); ++j) {
    absl::StrAppend(&stored, ", vals[", j + 1, "]");
    absl::StrAppend(&live, ", bx_f", j);
  }
  const std::string keys =
      "student_id, village_code, (left(village_code, 9) || '000')::char(12), "
      "school_id";
  return absl::StrCat(
      "SELECT ", keys, stored,
      " FROM baoxue.feature_set_snapshots WHERE as_of = $1::date"
      " AND feature_key = $3 AND ",
      where, " UNION ALL SELECT ", keys, live, " FROM (",
      FeatureSetRowsSelect(set), ") r WHERE ", where,
      " AND NOT EXISTS (SELECT 1 FROM baoxue.feature_set_snapshot_days d"
      " WHERE d.as_of = $1::date AND d.feature_key = $3) ORDER BY 1");
}

}  // namespace

absl::StatusOr<StudentFeatureRows> PgFeatureStore::SetFeatures(
    const FeatureSetSource& source, absl::string_view where,
    const std::string& day, const std::string& filter, int prefix_length) {
  const std::string query = SetFeaturesQuery(source.set, where);
  const auto features = static_cast<Eigen::Index>(source.set.features.size());
  return InTransaction(
      *pool_, "read feature set rows",
      [&](pqxx::work& tx) -> absl::StatusOr<StudentFeatureRows> {
        tx.exec("SET TRANSACTION READ ONLY");
        EnterFeatureEvaluation(tx, statement_timeout_seconds_,
                               feature_reader_role_);
        BAOXUE_ASSIGN_OR_RETURN(const pqxx::result rows,
                                ExecFeatureQuery(tx, query, day, filter,
                                                 source.key, prefix_length));
        return ToFeatureRows(rows, 0, features);
      });
}

absl::StatusOr<StudentFeatureRows> PgFeatureStore::SetFeaturesOfStudents(
    const FeatureSetSource& source, absl::Span<const int64_t> student_ids,
    absl::CivilDay as_of) {
  return SetFeatures(
      source, "student_id = ANY($2::bigint[]) AND $4::int IS NOT NULL",
      DateParam(as_of),
      BigintArrayLiteral(student_ids.data(), student_ids.size()), 0);
}

absl::StatusOr<StudentFeatureRows> PgFeatureStore::SetFeaturesInArea(
    const FeatureSetSource& source, const Area& area, absl::CivilDay as_of) {
  const std::string prefix(DivisionPrefix(area));
  return SetFeatures(source, "left(village_code, $4::int) = $2",
                     DateParam(as_of), prefix, static_cast<int>(prefix.size()));
}

absl::StatusOr<StudentFeatureRows> PgFeatureStore::FeaturesOfStudents(
    absl::Span<const int64_t> student_ids, absl::CivilDay as_of) {
  // The hot path of ScoreStudents. First, in one round trip outside a
  // transaction block (one statement: one consistent view), whether the day
  // has a snapshot and the snapshot rows of the ids (primary-key lookups);
  // column 0 is `present`, one row with NULL features if no id matched.
  // It reads the table itself, not snapshot_features(): PostgreSQL keeps
  // custom plans for this statement, and inlining a SQL function parses its
  // body at every planning (most of the backend's time per call).
  // One id has its own statement: its generic plan costs what a custom plan
  // does, so PostgreSQL switches to it after five calls and stops planning
  // (for `= ANY($2)` the generic plan assumes ten ids and loses).
  static const std::string* const kSnapshotQuery =
      new std::string(SnapshotRowsQuery("f.student_id = ANY($2::bigint[])"));
  static constexpr char kSnapshotStatement[] = "baoxue_snapshot_of_students";
  static const std::string* const kSnapshotOneQuery =
      new std::string(SnapshotRowsQuery("f.student_id = $2::bigint"));
  static constexpr char kSnapshotOneStatement[] = "baoxue_snapshot_of_student";
  // Without a snapshot: the live function (through the same snapshot-or-live
  // statement, in case a snapshot committed meanwhile). Planning its inlined
  // student_features() costs ~1 ms, five times executing it for one student
  // (~0.2 ms), and PostgreSQL's automatic choice keeps re-planning it (the
  // generic plan's estimate looks worse), so the statement is prepared once
  // per connection and its generic plan forced for this transaction only;
  // the plan is index lookups per student whatever the ids and the day
  // (docs/benchmarks-analysis.md).
  static const std::string* const kLiveQuery =
      new std::string(SnapshotOrLiveSelect("student_id = ANY($2::bigint[])"));
  static constexpr char kLiveStatement[] = "baoxue_features_of_students";
  const std::string day = DateParam(as_of);
  const std::string ids =
      BigintArrayLiteral(student_ids.data(), student_ids.size());
  try {
    const bool one = student_ids.size() == 1;
    const char* statement = one ? kSnapshotOneStatement : kSnapshotStatement;
    PgConnectionPool::Lease conn = pool_->Acquire();
    conn->prepare(statement, one ? *kSnapshotOneQuery : *kSnapshotQuery);
    pqxx::nontransaction tx(*conn);
    const pqxx::result result = tx.exec_prepared(
        statement, day, one ? absl::StrCat(student_ids[0]) : ids);
    if (!result.empty() && result[0][0].as<bool>()) {
      return ToFeatureRows(result, 1);
    }
  } catch (...) {
    return CurrentExceptionToStatus("read student features");
  }
  return InTransaction(
      *pool_, "read student features",
      [&](pqxx::work& tx) -> absl::StatusOr<StudentFeatureRows> {
        tx.conn().prepare(kLiveStatement, *kLiveQuery);
        tx.exec0("SET LOCAL plan_cache_mode = force_generic_plan");
        return ToFeatureRows(tx.exec_prepared(kLiveStatement, day, ids));
      });
}

absl::StatusOr<StudentFeatureRows> PgFeatureStore::FeaturesInArea(
    const Area& area, absl::CivilDay as_of) {
  static const std::string* const kQuery =
      new std::string(SnapshotOrLiveSelect("left(village_code, $3) = $2"));
  const std::string prefix(DivisionPrefix(area));
  return InTransaction(
      *pool_, "read area features",
      [&](pqxx::work& tx) -> absl::StatusOr<StudentFeatureRows> {
        return ToFeatureRows(tx.exec_params(*kQuery, DateParam(as_of), prefix,
                                            static_cast<int>(prefix.size())));
      });
}

absl::StatusOr<LabelledRows> PgFeatureStore::TrainingExamples(
    absl::CivilDay as_of, int horizon_days) {
  static const std::string* const kQuery = new std::string(absl::StrCat(
      "SELECT student_id, label::int, ", FeatureColumns(),
      " FROM baoxue.training_examples($1::date, $2::int) ORDER BY student_id"));
  return InTransaction(*pool_, "read training examples",
                       [&](pqxx::work& tx) -> absl::StatusOr<LabelledRows> {
                         const pqxx::result result = tx.exec_params(
                             *kQuery, DateParam(as_of), horizon_days);
                         LabelledRows rows;
                         const auto n =
                             static_cast<Eigen::Index>(result.size());
                         rows.values.resize(n, model::FeatureCatalog().size());
                         rows.labels.resize(n);
                         rows.student_ids.reserve(n);
                         for (Eigen::Index i = 0; i < n; ++i) {
                           const pqxx::row row = result[static_cast<int>(i)];
                           rows.student_ids.push_back(row[0].as<int64_t>());
                           rows.labels(i) = row[1].as<int>();
                           CopyFeatures(row, 2, i, rows.values);
                         }
                         return rows;
                       });
}

}  // namespace baoxue::store
