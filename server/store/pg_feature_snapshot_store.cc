#include "server/store/pg_feature_snapshot_store.h"

#include <algorithm>
#include <limits>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "server/store/pg_feature_evaluation.h"
#include "server/store/pg_transaction.h"

namespace baoxue::store {
namespace {

// The day's rows of students with ids in ($2, $3], converted to the table's
// types (flags to boolean, counts to smallint; NULL stays NULL).
constexpr char kFillRange[] =
    "INSERT INTO baoxue.feature_snapshots ("
    " student_id, school_id, absence_rate_30d, absence_trend_30d,"
    " income_poverty_ratio, distance_km, as_of, travel_minutes,"
    " unexcused_absences_30d, longest_absence_run_30d, registered_poor,"
    " subsistence_allowance, poverty_monitoring, boarding, mountain_route,"
    " left_behind, relocated, disability, over_age, learning_difficulty,"
    " sibling_dropped_out, village_code) "
    "SELECT f.student_id, f.school_id, f.absence_rate_30d,"
    " f.absence_trend_30d, f.income_poverty_ratio, f.distance_km, $1::date,"
    " f.travel_minutes::integer, f.unexcused_absences_30d::smallint,"
    " f.longest_absence_run_30d::smallint, f.registered_poor <> 0,"
    " f.subsistence_allowance <> 0, f.poverty_monitoring <> 0,"
    " f.boarding <> 0, f.mountain_route <> 0, f.left_behind <> 0,"
    " f.relocated <> 0, f.disability <> 0, f.over_age <> 0,"
    " f.learning_difficulty <> 0, f.sibling_dropped_out <> 0, f.village_code "
    "FROM baoxue.student_features($1::date) f "
    "WHERE f.student_id > $2::bigint AND f.student_id <= $3::bigint";

// A day's columns as ParseDay reads them.
constexpr char kDayColumns[] =
    "as_of::text, (extract(epoch FROM computed_at) * 1000000)::bigint, "
    "students, computed_by, seconds";

std::string DateParam(absl::CivilDay day) { return absl::FormatCivilTime(day); }

FeatureSnapshotDay ParseDay(const pqxx::row& row) {
  FeatureSnapshotDay day;
  (void)absl::ParseCivilTime(row[0].as<std::string>(), &day.as_of);
  day.computed_at = absl::FromUnixMicros(row[1].as<int64_t>());
  day.students = row[2].as<int64_t>();
  day.computed_by = row[3].as<std::string>();
  day.seconds = row[4].as<double>();
  return day;
}

// Deletes the days more than `retention_days` before the newest one, except
// `keep` (a day just refreshed, however old). Returns the days deleted.
int PruneIn(pqxx::work& tx, int retention_days, const std::string& keep) {
  const pqxx::row cutoff = tx.exec_params1(
      "SELECT (max(as_of) - $1::int)::text FROM baoxue.feature_snapshot_days",
      retention_days);
  if (cutoff[0].is_null()) return 0;
  const std::string last_pruned = cutoff[0].as<std::string>();
  const pqxx::result days = tx.exec_params(
      "DELETE FROM baoxue.feature_snapshot_days "
      "WHERE as_of <= $1::date AND as_of <> $2::date",
      last_pruned, keep);
  tx.exec_params(
      "DELETE FROM baoxue.feature_snapshots "
      "WHERE as_of <= $1::date AND as_of <> $2::date",
      last_pruned, keep);
  return static_cast<int>(days.affected_rows());
}

// The day `found` (a kFindWithAge row, age in column 5) when it was computed
// less than `reuse_within` ago: a refresh then reuses it instead.
std::optional<FeatureSnapshotRefresh> ReusedIfFresh(
    const pqxx::result& found, absl::Duration reuse_within) {
  if (found.empty() ||
      absl::Seconds(found[0][5].as<double>()) >= reuse_within) {
    return std::nullopt;
  }
  FeatureSnapshotRefresh reused;
  reused.day = ParseDay(found[0]);
  reused.reused = true;
  return reused;
}

}  // namespace

absl::StatusOr<std::optional<FeatureSnapshotDay>> PgFeatureSnapshotStore::Find(
    absl::CivilDay as_of) {
  static const std::string* const kQuery =
      new std::string(absl::StrCat("SELECT ", kDayColumns,
                                   " FROM baoxue.feature_snapshot_days "
                                   "WHERE as_of = $1::date"));
  return InTransaction(
      *pool_, "find feature snapshot",
      [&](pqxx::work& tx) -> absl::StatusOr<std::optional<FeatureSnapshotDay>> {
        const pqxx::result result = tx.exec_params(*kQuery, DateParam(as_of));
        if (result.empty()) return std::optional<FeatureSnapshotDay>();
        return std::optional<FeatureSnapshotDay>(ParseDay(result[0]));
      });
}

absl::StatusOr<FeatureSnapshotRefresh> PgFeatureSnapshotStore::Refresh(
    absl::CivilDay as_of, const std::string& computed_by,
    absl::Duration reuse_within, const ProgressFn& progress) {
  // The day and its age in seconds (column 5).
  static const std::string* const kFindWithAge = new std::string(absl::StrCat(
      "SELECT ", kDayColumns,
      ", extract(epoch FROM clock_timestamp() - computed_at)::float8 "
      "FROM baoxue.feature_snapshot_days WHERE as_of = $1::date"));
  static const std::string* const kRecord = new std::string(
      absl::StrCat("INSERT INTO baoxue.feature_snapshot_days "
                   "(as_of, computed_at, students, computed_by, seconds) "
                   "VALUES ($1::date, now(), $2, $3, $4) RETURNING ",
                   kDayColumns));
  const std::string day = DateParam(as_of);
  const int64_t day_number = as_of - absl::CivilDay(1970, 1, 1);
  const int64_t ids_per_range = std::max<int64_t>(1, options_.ids_per_range);
  return InTransaction(
      *pool_, "refresh feature snapshot",
      [&](pqxx::work& tx) -> absl::StatusOr<FeatureSnapshotRefresh> {
        LiftStatementTimeout(tx);  // a batch job, not a request
        const absl::Time start = absl::Now();
        tx.exec_params("SELECT pg_advisory_xact_lock($1::int, $2::int)",
                       kSnapshotLockClass, day_number);
        if (reuse_within > absl::ZeroDuration()) {
          if (std::optional<FeatureSnapshotRefresh> reused = ReusedIfFresh(
                  tx.exec_params(*kFindWithAge, day), reuse_within)) {
            return *std::move(reused);
          }
        }
        tx.exec_params("DELETE FROM baoxue.feature_snapshots WHERE as_of = $1",
                       day);
        tx.exec_params(
            "DELETE FROM baoxue.feature_snapshot_days WHERE as_of = $1", day);
        const pqxx::row bounds = tx.exec1(
            "SELECT coalesce(min(student_id), 0), coalesce(max(student_id), 0),"
            " count(*) FROM baoxue.students");
        const int64_t total = bounds[2].as<int64_t>();
        int64_t lower = bounds[0].as<int64_t>() - 1;
        const int64_t max_id = bounds[1].as<int64_t>();
        int64_t written = 0;
        while (total > 0 && lower < max_id) {
          // The last range is open-ended: students added meanwhile count.
          const int64_t upto = max_id - lower <= ids_per_range
                                   ? std::numeric_limits<int64_t>::max()
                                   : lower + ids_per_range;
          written += static_cast<int64_t>(
              tx.exec_params(kFillRange, day, lower, upto).affected_rows());
          lower = upto;
          if (progress) progress(written, total);
        }
        const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
        FeatureSnapshotRefresh refresh;
        refresh.day = ParseDay(
            tx.exec_params1(*kRecord, day, written, computed_by, seconds));
        refresh.days_pruned = PruneIn(tx, options_.retention_days, day);
        return refresh;
      });
}

absl::StatusOr<FeatureSnapshotRefresh>
PgFeatureSnapshotStore::RefreshFeatureSet(const FeatureSetSource& source,
                                          absl::CivilDay as_of,
                                          const std::string& computed_by,
                                          absl::Duration reuse_within) {
  static constexpr char kFindWithAge[] =
      "SELECT as_of::text, (extract(epoch FROM computed_at) * 1000000)::bigint,"
      " students, computed_by, seconds,"
      " extract(epoch FROM clock_timestamp() - computed_at)::float8"
      " FROM baoxue.feature_set_snapshot_days"
      " WHERE as_of = $1::date AND feature_key = $2";
  std::string values;
  for (size_t j = 0; j < source.set.features.size(); ++j) {
    absl::StrAppend(&values, j == 0 ? "" : ", ", "r.bx_f", j);
  }
  // The data staff's SQL fills a temporary table under the reader role;
  // the application's own role copies it into the snapshot.
  const std::string evaluate = absl::StrCat(
      "INSERT INTO pg_temp.bx_feature_set_rows "
      "SELECT r.student_id, r.school_id, r.village_code, ARRAY[",
      values, "]::float8[] FROM (", FeatureSetRowsSelect(source.set),
      ") r WHERE $1::date IS NOT NULL");
  static constexpr char kFill[] =
      "INSERT INTO baoxue.feature_set_snapshots "
      "(as_of, feature_key, student_id, school_id, village_code, vals) "
      "SELECT $1::date, $2, student_id, school_id, village_code, vals "
      "FROM pg_temp.bx_feature_set_rows";
  const std::string day = DateParam(as_of);
  const int64_t day_number = as_of - absl::CivilDay(1970, 1, 1);
  absl::StatusOr<FeatureSnapshotRefresh> refreshed = InTransaction(
      *pool_, "refresh feature set snapshot",
      [&](pqxx::work& tx) -> absl::StatusOr<FeatureSnapshotRefresh> {
        const absl::Time start = absl::Now();
        tx.exec_params("SELECT pg_advisory_xact_lock($1::int, $2::int)",
                       kSnapshotLockClass, day_number);
        if (reuse_within > absl::ZeroDuration()) {
          if (std::optional<FeatureSnapshotRefresh> reused =
                  ReusedIfFresh(tx.exec_params(kFindWithAge, day, source.key),
                                reuse_within)) {
            return *std::move(reused);
          }
        }
        tx.exec_params(
            "DELETE FROM baoxue.feature_set_snapshots "
            "WHERE as_of = $1 AND feature_key = $2",
            day, source.key);
        tx.exec_params(
            "DELETE FROM baoxue.feature_set_snapshot_days "
            "WHERE as_of = $1 AND feature_key = $2",
            day, source.key);
        const std::string& reader = options_.feature_reader_role;
        tx.exec(
            "CREATE TEMPORARY TABLE bx_feature_set_rows (student_id bigint, "
            "school_id bigint, village_code text, vals float8[]) "
            "ON COMMIT DROP");
        if (!reader.empty()) {
          tx.exec(
              absl::StrCat("GRANT INSERT ON pg_temp.bx_feature_set_rows TO ",
                           tx.quote_name(reader)));
        }
        EnterFeatureEvaluation(tx, options_.statement_timeout_seconds, reader);
        BAOXUE_RETURN_IF_ERROR(ExecFeatureQuery(tx, evaluate, day).status());
        LeaveFeatureEvaluation(tx, reader);
        const int64_t written = static_cast<int64_t>(
            tx.exec_params(kFill, day, source.key).affected_rows());
        const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
        FeatureSnapshotRefresh refresh;
        refresh.day = ParseDay(tx.exec_params1(
            "INSERT INTO baoxue.feature_set_snapshot_days "
            "(as_of, feature_key, computed_at, students, computed_by, seconds)"
            " VALUES ($1::date, $2, now(), $3, $4, $5) RETURNING as_of::text,"
            " (extract(epoch FROM computed_at) * 1000000)::bigint, students,"
            " computed_by, seconds",
            day, source.key, written, computed_by, seconds));
        // Older days of every set, by the catalogue's retention rule.
        static constexpr char kOld[] =
            " WHERE as_of < (SELECT max(as_of) FROM "
            "baoxue.feature_set_snapshot_days) - $1::int AND as_of <> $2::date";
        tx.exec_params(
            absl::StrCat("DELETE FROM baoxue.feature_set_snapshots", kOld),
            options_.retention_days, day);
        const pqxx::result pruned = tx.exec_params(
            absl::StrCat("DELETE FROM baoxue.feature_set_snapshot_days", kOld),
            options_.retention_days, day);
        refresh.days_pruned = static_cast<int>(pruned.affected_rows());
        return refresh;
      });
  if (!refreshed.ok() &&
      absl::StrContains(refreshed.status().message(), "SQLSTATE 42")) {
    return absl::InvalidArgumentError(absl::StrCat(
        "feature set ", source.key,
        " does not evaluate; `baoxue featureset test` names the expression"));
  }
  return refreshed;
}

absl::StatusOr<int> PgFeatureSnapshotStore::Prune() {
  return InTransaction(
      *pool_, "prune feature snapshots",
      [&](pqxx::work& tx) -> absl::StatusOr<int> {
        LiftStatementTimeout(tx);  // a batch job, not a request
        // Keeping "infinity" keeps no real day.
        return PruneIn(tx, options_.retention_days, "infinity");
      });
}

}  // namespace baoxue::store
