#include "server/store/pg_risk_run_store.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"
#include "domain/division_code.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "model/feature_catalog.h"
#include "pqxx/pqxx"
#include "server/store/pg_copy.h"
#include "server/store/pg_directory_store.h"
#include "server/store/pg_transaction.h"

namespace baoxue::store {
namespace {

// Every query that returns runs selects these columns, in this order, all
// as text or bigint so pqxx and libpq rows parse alike (ParseRun).
// A run is interrupted when it is stored 'running' but no session holds
// its advisory lock (PgRiskRunStore::kRunLockClass, run_id): a dead holder's
// lock is gone with its session, so it can never look alive. `held` reads
// pg_locks once per query.
constexpr char kRunSelect[] =
    "WITH held AS MATERIALIZED (SELECT l.objid FROM pg_locks l "
    "  WHERE l.locktype = 'advisory' AND l.granted "
    "  AND l.classid = 1652060786::oid AND l.objsubid = 2 "
    "  AND l.database = (SELECT d.oid FROM pg_database d "
    "                    WHERE d.datname = current_database())) "
    "SELECT r.run_id, coalesce(a.division_code, ''), "
    "coalesce(r.scope_school_id, 0), "
    "coalesce(a.division_code, sa.division_code, ''), r.as_of::text, "
    "m.version, "
    "CASE WHEN i.interrupted THEN 'interrupted' ELSE r.status::text END, "
    "r.students_total, r.students_scored, "
    "r.students_medium, r.students_high, r.cases_opened, r.last_student_id, "
    "r.scores_complete::int, "
    "CASE WHEN i.interrupted THEN coalesce(r.error, 'no server holds this "
    "run: its server stopped, or lost or could not write to the database, "
    "before it could record why; a server resumes it "
    "(operation.resume_interrupted_runs) or start it again') "
    "WHEN r.status = 'running' THEN '' ELSE coalesce(r.error, '') END, "
    "coalesce(r.requested_by, ''), "
    "(extract(epoch FROM r.started_at) * 1000000)::bigint, "
    "(extract(epoch FROM r.finished_at) * 1000000)::bigint "
    "FROM baoxue.risk_runs r "
    "JOIN baoxue.models m ON m.model_id = r.model_id "
    "LEFT JOIN baoxue.areas a ON a.area_id = r.scope_area_id "
    "LEFT JOIN baoxue.schools s ON s.school_id = r.scope_school_id "
    "LEFT JOIN baoxue.areas sa ON sa.area_id = s.area_id "
    "CROSS JOIN LATERAL (SELECT r.status = 'running' AND NOT EXISTS ("
    "  SELECT 1 FROM held h WHERE h.objid = r.run_id::oid) AS interrupted) i ";
static_assert(PgRiskRunStore::kRunLockClass == 1652060786,
              "kRunSelect spells the lock class out");

int64_t ToInt64(const char* text) {
  int64_t v = 0;
  if (text != nullptr) (void)absl::SimpleAtoi(text, &v);
  return v;
}

// `field(i)` is column i as text, or nullptr for NULL.
template <typename Field>
RunRecord ParseRun(Field field) {
  RunRecord run;
  run.run_id = ToInt64(field(0));
  run.area_code = field(1);
  run.school_id = ToInt64(field(2));
  run.scope_code = field(3);
  (void)absl::ParseCivilTime(field(4), &run.as_of);
  run.model_version = field(5);
  const std::string status = field(6);
  run.status = status == "succeeded"     ? RunStatus::kSucceeded
               : status == "failed"      ? RunStatus::kFailed
               : status == "interrupted" ? RunStatus::kInterrupted
                                         : RunStatus::kRunning;
  run.students_total = ToInt64(field(7));
  run.students_scored = ToInt64(field(8));
  run.students_medium = ToInt64(field(9));
  run.students_high = ToInt64(field(10));
  run.cases_opened = ToInt64(field(11));
  if (field(12) != nullptr) run.last_student_id = ToInt64(field(12));
  run.scores_complete = ToInt64(field(13)) != 0;
  run.error = field(14);
  run.requested_by = field(15);
  run.started_at = absl::FromUnixMicros(ToInt64(field(16)));
  if (field(17) != nullptr) {
    run.finished_at = absl::FromUnixMicros(ToInt64(field(17)));
  }
  return run;
}

RunRecord ParseRun(const pqxx::row& row) {
  return ParseRun([&](int i) -> const char* {
    return row[i].is_null() ? nullptr : row[i].c_str();
  });
}

RunRecord ParseRun(const PGresult* result, int row) {
  return ParseRun([&](int i) -> const char* {
    return PQgetisnull(result, row, i) ? nullptr : PQgetvalue(result, row, i);
  });
}

std::string FeatureColumns() {
  return absl::StrJoin(model::CatalogFeatureNames(), ", ");
}

// The run's students with ids in (run_after, run_upto] from `source` (the
// live baoxue.student_features or the day's baoxue.snapshot_features, same
// columns): prefix / school id / range come from set_config() on the same
// connection (COPY takes no bind parameters).
std::string CopyQuery(absl::string_view source, absl::string_view scope) {
  return absl::StrCat(
      "COPY (SELECT student_id, ", FeatureColumns(), " FROM ", source,
      "(current_setting('baoxue.run_as_of')::date) WHERE ", scope,
      " AND student_id > current_setting('baoxue.run_after')::bigint"
      " AND student_id <= current_setting('baoxue.run_upto')::bigint"
      " ORDER BY student_id) TO STDOUT (FORMAT binary)");
}
constexpr char kAreaScope[] =
    "left(village_code, length(current_setting('baoxue.run_prefix'))) = "
    "current_setting('baoxue.run_prefix')";
constexpr char kSchoolScope[] =
    "school_id = current_setting('baoxue.run_school')::bigint";
constexpr char kLiveSource[] = "baoxue.student_features";
constexpr char kSnapshotSource[] = "baoxue.snapshot_features";

const std::string* CopyQueryFor(bool snapshot, bool area) {
  static const std::string* const kQueries[2][2] = {
      {new std::string(CopyQuery(kLiveSource, kSchoolScope)),
       new std::string(CopyQuery(kLiveSource, kAreaScope))},
      {new std::string(CopyQuery(kSnapshotSource, kSchoolScope)),
       new std::string(CopyQuery(kSnapshotSource, kAreaScope))}};
  return kQueries[snapshot][area];
}

// Above this many student ids per student of a run's scope (a county's ids
// are dense: about 1) its features are read with one COPY, not by ranges.
constexpr double kMaxIdsPerStudentForRanges = 2.0;

// The division-code prefix shared by an area's villages (see
// areas_code_matches_level in 0001_schema.sql).
std::string PrefixOfCode(const std::string& code) {
  const absl::StatusOr<domain::DivisionCode> parsed =
      domain::DivisionCode::ParseFull(code);
  return parsed.ok() ? std::string(parsed->prefix()) : code;
}

// Reads the run's students range by range of student_id, one COPY per range
// of about one chunk's students, all in one REPEATABLE READ transaction (one
// snapshot, as a single COPY would see). Why ranges: student_features() sorts
// its whole output before sending the first row, so one COPY of the county
// computes every student's features before the writer can store anything;
// a range of a chunk's size is computed while the writer stores the
// previous chunk, so reading and storing overlap (docs/risk-runs.md).
class PgFeatureCursor : public FeatureCursor {
 public:
  // Students after `after` up to `max_id` (the largest student id when the
  // read started), about `ids_per_student` ids apart (so a range of
  // capacity * ids_per_student ids holds about a chunk); `query` is the
  // area's or the school's COPY.
  PgFeatureCursor(PgConn conn, std::string query, int64_t after, int64_t max_id,
                  double ids_per_student)
      : conn_(std::move(conn)),
        query_(std::move(query)),
        lower_(after),
        max_id_(max_id),
        ids_per_student_(ids_per_student) {}
  ~PgFeatureCursor() override {
    if (copy_open_) {
      // Stop the backend computing features nobody will read.
      if (PGcancel* cancel = PQgetCancel(conn_.get())) {
        char error[256];
        PQcancel(cancel, error, sizeof error);
        PQfreeCancel(cancel);
      }
    }
  }

  absl::StatusOr<bool> Next(FeatureChunk* chunk) override {
    chunk->student_ids.clear();
    const auto capacity = chunk->values.rows();
    const auto columns = static_cast<int>(chunk->values.cols());
    while (chunk->size() < capacity) {
      if (!copy_open_) {
        if (lower_ >= max_id_) break;  // every range read
        BAOXUE_RETURN_IF_ERROR(StartRange(capacity));
      }
      char* buffer = nullptr;
      const int length = PQgetCopyData(conn_.get(), &buffer, 0);
      if (length == -1) {
        BAOXUE_RETURN_IF_ERROR(FinishRange());
        continue;
      }
      if (length < 0) {
        return PgResultError(conn_.get(), nullptr, "read run features");
      }
      const absl::Status parsed = ParseMessage(buffer, length, columns, chunk);
      PQfreemem(buffer);
      BAOXUE_RETURN_IF_ERROR(parsed);
    }
    return chunk->size() > 0;
  }

 private:
  // Starts the COPY of the next range: about `capacity` students, the
  // last range open-ended so students added since the read began count too.
  absl::Status StartRange(int64_t capacity) {
    const double width =
        std::ceil(ids_per_student_ * static_cast<double>(capacity));
    const int64_t upto =
        width >= static_cast<double>(max_id_ - lower_)
            ? std::numeric_limits<int64_t>::max()
            : lower_ + std::max<int64_t>(1, static_cast<int64_t>(width));
    BAOXUE_RETURN_IF_ERROR(
        PgExec(conn_.get(),
               "SELECT set_config('baoxue.run_after', $1, false), "
               "set_config('baoxue.run_upto', $2, false)",
               {absl::StrCat(lower_), absl::StrCat(upto)}, "read run features")
            .status());
    BAOXUE_ASSIGN_OR_RETURN(PgResult copy, PgExec(conn_.get(), query_.c_str(),
                                                  {}, "read run features"));
    if (PQresultStatus(copy.get()) != PGRES_COPY_OUT) {
      return absl::InternalError("read run features: COPY did not start");
    }
    lower_ = upto;
    copy_open_ = true;
    header_seen_ = false;
    return absl::OkStatus();
  }

  absl::Status FinishRange() {
    PgResult result(PQgetResult(conn_.get()));
    if (result == nullptr || PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
      return PgResultError(conn_.get(), result.get(), "read run features");
    }
    while (PgResult(PQgetResult(conn_.get())) != nullptr) {
    }
    copy_open_ = false;
    return absl::OkStatus();
  }

  // One CopyData message: the PostgreSQL server sends one tuple per message
  // (the first also carries the file header, the last may be the trailer).
  absl::Status ParseMessage(const char* p, int length, int columns,
                            FeatureChunk* chunk) {
    const char* end = p + length;
    if (!header_seen_) {
      if (length < 19 || std::memcmp(p, kCopyBinaryHeader, 11) != 0) {
        return Malformed();
      }
      const uint32_t extension = ReadUint32(p + 15);
      p += 19 + extension;
      header_seen_ = true;
    }
    if (p == end) return absl::OkStatus();
    if (end - p < 2) return Malformed();
    const int16_t fields =
        static_cast<int16_t>((static_cast<unsigned char>(p[0]) << 8) |
                             static_cast<unsigned char>(p[1]));
    p += 2;
    if (fields == -1) return absl::OkStatus();  // trailer
    if (fields != columns + 1 || end - p < 12) return Malformed();
    if (ReadUint32(p) != 8) return Malformed();
    const int64_t student_id = ReadInt64(p + 4);
    p += 12;
    const auto row = static_cast<Eigen::Index>(chunk->student_ids.size());
    for (int j = 0; j < columns; ++j) {
      if (end - p < 4) return Malformed();
      const uint32_t size = ReadUint32(p);
      p += 4;
      if (size == 0xFFFFFFFFu) {
        chunk->values(row, j) = std::numeric_limits<double>::quiet_NaN();
      } else if (size == 8 && end - p >= 8) {
        chunk->values(row, j) = ReadFloat8(p);
        p += 8;
      } else {
        return Malformed();
      }
    }
    chunk->student_ids.push_back(student_id);
    return absl::OkStatus();
  }

  static absl::Status Malformed() {
    return absl::InternalError("read run features: unexpected COPY data");
  }

  PgConn conn_;
  const std::string query_;
  int64_t lower_;  // ranges start after this id
  const int64_t max_id_;
  const double ids_per_student_;
  bool copy_open_ = false;
  bool header_seen_ = false;  // of the current range's COPY
};

// `name` as a JSON string literal, quoted by protobuf's JSON printer (the
// names come from the model file). Done once per chunk and feature: the
// per-row reasons below only append these and numbers, for speed.
std::string JsonStringLiteral(const std::string& name) {
  google::protobuf::Value value;
  value.set_string_value(name);
  std::string literal;
  if (!google::protobuf::util::MessageToJsonString(value, &literal).ok()) {
    return "null";  // not UTF-8; catalogue names always are
  }
  return literal;
}

void AppendJsonNumber(std::string& out, double v) {
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  char digits[32];
  const auto result = std::to_chars(digits, digits + sizeof digits, v);
  out.append(digits, result.ptr);
}

class PgRunExecution : public RunExecution {
 public:
  PgRunExecution(std::string url, PgConn writer, RunRecord run)
      : url_(std::move(url)),
        writer_(std::move(writer)),
        run_(std::move(run)) {}

  // Unlocks before the connection closes: the server drops a closed
  // session's locks a moment later, and a caller taking the run straight
  // after this one must not find it still "in progress".
  ~PgRunExecution() override {
    (void)PgExec(writer_.get(), "SELECT pg_advisory_unlock($1::int, $2::int)",
                 {absl::StrCat(PgRiskRunStore::kRunLockClass),
                  absl::StrCat(run_.run_id)},
                 "unlock risk run");
  }

  absl::StatusOr<RunRecord> Load() override {
    static const std::string* const kQuery =
        new std::string(absl::StrCat(kRunSelect, "WHERE r.run_id = $1"));
    BAOXUE_ASSIGN_OR_RETURN(
        PgResult result, PgExec(writer_.get(), kQuery->c_str(),
                                {absl::StrCat(run_.run_id)}, "load risk run"));
    if (PQntuples(result.get()) != 1) {
      return absl::NotFoundError(absl::StrCat("no risk run ", run_.run_id));
    }
    run_ = ParseRun(result.get(), 0);
    return run_;
  }

  absl::Status Restart() override {
    return Update(
        "UPDATE baoxue.risk_runs SET status = 'running', finished_at = NULL, "
        "error = NULL WHERE run_id = $1",
        {}, "restart risk run");
  }

  absl::StatusOr<std::unique_ptr<FeatureCursor>> ReadFeatures(
      std::optional<int64_t> after_student_id) override {
    BAOXUE_ASSIGN_OR_RETURN(PgConn conn, PgConnect(url_, "read run features"));
    const int64_t after =
        after_student_id.value_or(std::numeric_limits<int64_t>::min());
    // One snapshot for every range.
    BAOXUE_RETURN_IF_ERROR(
        PgExec(conn.get(), "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY",
               {}, "read run features")
            .status());
    BAOXUE_ASSIGN_OR_RETURN(
        PgResult bounds,
        PgExec(conn.get(),
               "SELECT set_config('baoxue.run_as_of', $1, false), "
               "set_config('baoxue.run_prefix', $2, false), "
               "set_config('baoxue.run_school', $3, false), "
               "(SELECT min(student_id) FROM baoxue.students "
               "  WHERE student_id > $4::bigint), "
               "(SELECT max(student_id) FROM baoxue.students), "
               "EXISTS (SELECT 1 FROM baoxue.feature_snapshot_days "
               "  WHERE as_of = $1::date)",
               {absl::FormatCivilTime(run_.as_of), PrefixOfCode(run_.area_code),
                absl::StrCat(run_.school_id), absl::StrCat(after)},
               "read run features"));
    // Ranges start after `lower` (just before the first student left to
    // read) and end at `max_id`; none if no student is left.
    int64_t lower = 0;
    int64_t first_id = 0;
    int64_t max_id = 0;
    if (!PQgetisnull(bounds.get(), 0, 3)) {
      first_id = ToInt64(PQgetvalue(bounds.get(), 0, 3));
      max_id = ToInt64(PQgetvalue(bounds.get(), 0, 4));
      lower = first_id - 1;
    }
    // Ids per student of the scope still to read, from the count made when
    // the run was created (exact for a dense county, an estimate otherwise:
    // a range may then hold more or fewer than a chunk, which only moves
    // where the COPYs begin, not which students are read).
    const int64_t remaining =
        std::max<int64_t>(1, run_.students_total - run_.students_scored);
    double ids_per_student = static_cast<double>(max_id - first_id + 1) /
                             static_cast<double>(remaining);
    const bool snapshot =
        absl::string_view(PQgetvalue(bounds.get(), 0, 5)) == "t";
    if (snapshot) {
      // The day's snapshot streams in primary-key order as it is read
      // (nothing to compute or sort): one COPY.
      ids_per_student = std::numeric_limits<double>::infinity();
    } else if (ids_per_student > kMaxIdsPerStudentForRanges) {
      // A township's or a school's students are spread thinly over the
      // county's ids: ranges would walk every id of the county to find
      // them. One COPY (one range holding every id), planned as before.
      ids_per_student = std::numeric_limits<double>::infinity();
    } else {
      // On this dedicated connection only: a range's plan must start from
      // the students in it (the scope's left(village_code, n) = prefix is
      // estimated at a few rows, which otherwise makes PostgreSQL start
      // from the areas and visit every household of the county for each
      // range); no parallel workers, so the other core stays free for the
      // writer.
      BAOXUE_RETURN_IF_ERROR(
          PgExec(conn.get(),
                 "SELECT set_config('join_collapse_limit', '1', false), "
                 "set_config('enable_hashjoin', 'off', false), "
                 "set_config('enable_mergejoin', 'off', false), "
                 "set_config('max_parallel_workers_per_gather', '0', false)",
                 {}, "read run features")
              .status());
    }
    const std::string* query = CopyQueryFor(snapshot, !run_.area_code.empty());
    return std::unique_ptr<FeatureCursor>(std::make_unique<PgFeatureCursor>(
        std::move(conn), *query, lower, max_id,
        std::max(ids_per_student, 1.0)));
  }

  absl::StatusOr<std::unique_ptr<FeatureCursor>> ReadFeatureSet(
      std::optional<int64_t> after_student_id,
      const FeatureSetSource& source) override {
    BAOXUE_ASSIGN_OR_RETURN(PgConn conn, PgConnect(url_, "read run features"));
    const int64_t after =
        after_student_id.value_or(std::numeric_limits<int64_t>::min());
    BAOXUE_RETURN_IF_ERROR(
        PgExec(conn.get(), "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY",
               {}, "read run features")
            .status());
    BAOXUE_ASSIGN_OR_RETURN(
        PgResult bounds,
        PgExec(conn.get(),
               "SELECT set_config('baoxue.run_as_of', $1, false), "
               "set_config('baoxue.run_prefix', $2, false), "
               "set_config('baoxue.run_school', $3, false), "
               "set_config('baoxue.run_feature_key', $5, false), "
               "(SELECT max(student_id) FROM baoxue.students), "
               "EXISTS (SELECT 1 FROM baoxue.feature_set_snapshot_days "
               "  WHERE as_of = $1::date AND feature_key = $5), "
               "(SELECT min(student_id) FROM baoxue.students "
               "  WHERE student_id > $4::bigint)",
               {absl::FormatCivilTime(run_.as_of), PrefixOfCode(run_.area_code),
                absl::StrCat(run_.school_id), absl::StrCat(after), source.key},
               "read run features"));
    if (absl::string_view(PQgetvalue(bounds.get(), 0, 5)) != "t") {
      return absl::FailedPreconditionError(absl::StrCat(
          "no snapshot of feature set ", source.key, " for ",
          absl::FormatCivilTime(run_.as_of), ": refresh the features first"));
    }
    // Ranges start just before the first student left; none if none is.
    int64_t lower = 0;
    int64_t max_id = 0;
    if (!PQgetisnull(bounds.get(), 0, 6)) {
      lower = ToInt64(PQgetvalue(bounds.get(), 0, 6)) - 1;
      max_id = ToInt64(PQgetvalue(bounds.get(), 0, 4));
    }
    std::string values;
    for (size_t j = 0; j < source.set.features.size(); ++j) {
      absl::StrAppend(&values, ", vals[", j + 1, "]");
    }
    // The snapshot streams in primary-key order: one COPY for every id.
    std::string query = absl::StrCat(
        "COPY (SELECT student_id", values,
        " FROM baoxue.feature_set_snapshots"
        " WHERE as_of = current_setting('baoxue.run_as_of')::date"
        " AND feature_key = current_setting('baoxue.run_feature_key') AND ",
        run_.area_code.empty() ? kSchoolScope : kAreaScope,
        " AND student_id > current_setting('baoxue.run_after')::bigint"
        " AND student_id <= current_setting('baoxue.run_upto')::bigint"
        " ORDER BY student_id) TO STDOUT (FORMAT binary)");
    return std::unique_ptr<FeatureCursor>(std::make_unique<PgFeatureCursor>(
        std::move(conn), std::move(query), lower, max_id,
        std::numeric_limits<double>::infinity()));
  }

  absl::Status AppendScores(const ScoredChunk& chunk) override {
    if (chunk.size() == 0) return absl::OkStatus();
    BAOXUE_RETURN_IF_ERROR(
        PgExec(writer_.get(), "BEGIN", {}, "store risk scores").status());
    absl::Status status = CopyScores(chunk);
    if (status.ok()) {
      int64_t medium = 0;
      int64_t high = 0;
      for (ScoreTier tier : chunk.tiers) {
        medium += tier == ScoreTier::kMedium;
        high += tier == ScoreTier::kHigh;
      }
      status = PgExec(writer_.get(),
                      "UPDATE baoxue.risk_runs SET "
                      "students_scored = students_scored + $2, "
                      "students_medium = students_medium + $3, "
                      "students_high = students_high + $4, "
                      "last_student_id = $5 WHERE run_id = $1",
                      {absl::StrCat(run_.run_id), absl::StrCat(chunk.size()),
                       absl::StrCat(medium), absl::StrCat(high),
                       absl::StrCat(chunk.student_ids.back())},
                      "store risk scores")
                   .status();
    }
    if (status.ok()) {
      status =
          PgExec(writer_.get(), "COMMIT", {}, "store risk scores").status();
    }
    if (!status.ok()) {
      (void)PgExec(writer_.get(), "ROLLBACK", {}, "store risk scores");
    }
    return status;
  }

  absl::Status MarkScoresComplete() override {
    return Update(
        "UPDATE baoxue.risk_runs SET scores_complete = true WHERE run_id = $1",
        {}, "complete risk run scores");
  }

  absl::Status Succeed(int64_t cases_opened) override {
    return Update(
        "UPDATE baoxue.risk_runs SET status = 'succeeded', error = NULL, "
        "cases_opened = $2, finished_at = greatest(now(), started_at) "
        "WHERE run_id = $1",
        {absl::StrCat(cases_opened)}, "finish risk run");
  }

  absl::Status Fail(absl::string_view error) override {
    return Update(
        "UPDATE baoxue.risk_runs SET status = 'failed', error = $2, "
        "finished_at = greatest(now(), started_at) WHERE run_id = $1",
        {std::string(error)}, "fail risk run");
  }

  absl::Status Interrupt(absl::string_view reason) override {
    return Update("UPDATE baoxue.risk_runs SET error = $2 WHERE run_id = $1",
                  {absl::StrCat("interrupted: ", reason)},
                  "record risk run interruption");
  }

 private:
  absl::Status Update(const char* sql, std::vector<std::string> params,
                      absl::string_view operation) {
    params.insert(params.begin(), absl::StrCat(run_.run_id));
    return PgExec(writer_.get(), sql, params, operation).status();
  }

  // COPY of the chunk's rows; flushes to libpq every ~1 MB so the buffer
  // stays small whatever the chunk size.
  absl::Status CopyScores(const ScoredChunk& chunk) {
    BAOXUE_ASSIGN_OR_RETURN(
        PgResult started,
        PgExec(writer_.get(),
               "COPY baoxue.risk_scores (run_id, student_id, probability, "
               "tier, reasons) FROM STDIN (FORMAT binary)",
               {}, "store risk scores"));
    if (PQresultStatus(started.get()) != PGRES_COPY_IN) {
      return absl::InternalError("store risk scores: COPY did not start");
    }
    std::vector<std::string> names;
    names.reserve(chunk.feature_names->size());
    for (const std::string& name : *chunk.feature_names) {
      names.push_back(JsonStringLiteral(name));
    }
    buffer_.clear();
    buffer_.append(kCopyBinaryHeader, sizeof kCopyBinaryHeader);
    std::string& json = json_;
    bool sent = true;
    uint32_t reason = 0;
    for (int64_t i = 0; i < chunk.size() && sent; ++i) {
      json.assign(1, '\x01');  // jsonb binary format version
      json += '[';
      for (; reason < chunk.reason_end[i]; ++reason) {
        const StoredReason& r = chunk.reasons[reason];
        if (json.size() > 2) json += ',';
        json += "{\"feature\":";
        json += names[r.feature];
        json += ",\"value\":";
        AppendJsonNumber(json, r.value);
        json += ",\"contribution\":";
        AppendJsonNumber(json, r.contribution);
        json += '}';
      }
      json += ']';
      const absl::string_view tier = domain::Code(chunk.tiers[i]);
      AppendInt16(buffer_, 5);
      AppendInt32(buffer_, 8);
      AppendInt64(buffer_, run_.run_id);
      AppendInt32(buffer_, 8);
      AppendInt64(buffer_, chunk.student_ids[i]);
      AppendInt32(buffer_, 8);
      AppendFloat8(buffer_, chunk.probabilities[i]);
      AppendInt32(buffer_, static_cast<int32_t>(tier.size()));
      buffer_.append(tier.data(), tier.size());
      AppendInt32(buffer_, static_cast<int32_t>(json.size()));
      buffer_ += json;
      if (buffer_.size() >= (1 << 20)) {
        sent = PQputCopyData(writer_.get(), buffer_.data(),
                             static_cast<int>(buffer_.size())) == 1;
        buffer_.clear();
      }
    }
    AppendInt16(buffer_, -1);
    if (sent) {
      sent = PQputCopyData(writer_.get(), buffer_.data(),
                           static_cast<int>(buffer_.size())) == 1;
    }
    const bool ended =
        PQputCopyEnd(writer_.get(), sent ? nullptr : "client error") == 1;
    // Drain every result so the connection is ready for the next command.
    absl::Status status = absl::OkStatus();
    bool first = true;
    while (PGresult* raw = PQgetResult(writer_.get())) {
      PgResult result(raw);
      if (first && PQresultStatus(raw) != PGRES_COMMAND_OK) {
        status = PgResultError(writer_.get(), raw, "store risk scores");
      }
      first = false;
    }
    if (status.ok() && (!sent || !ended || first)) {
      status = PgResultError(writer_.get(), nullptr, "store risk scores");
    }
    return status;
  }

  const std::string url_;
  PgConn writer_;
  RunRecord run_;
  std::string buffer_;  // reused: one COPY batch
  std::string json_;    // reused: one row's reasons
};

}  // namespace

absl::StatusOr<SchoolLocation> PgRiskRunStore::FindSchool(int64_t school_id) {
  return InTransaction(*pool_, "find school",
                       [&](pqxx::work& tx) -> absl::StatusOr<SchoolLocation> {
                         BAOXUE_ASSIGN_OR_RETURN(
                             std::string code,
                             SchoolDivisionCode(tx, school_id));
                         return SchoolLocation{school_id, std::move(code)};
                       });
}

absl::StatusOr<RunRecord> PgRiskRunStore::FindOrCreateRun(
    const RunScope& scope, absl::CivilDay as_of,
    const std::string& model_version, const std::string& requested_by) {
  static const std::string* const kFindArea = new std::string(
      absl::StrCat(kRunSelect,
                   "WHERE r.scope_area_id = $1 AND r.as_of = $2::date "
                   "AND r.model_id = $3"));
  static const std::string* const kFindSchool = new std::string(
      absl::StrCat(kRunSelect,
                   "WHERE r.scope_school_id = $1 AND r.as_of = $2::date "
                   "AND r.model_id = $3"));
  const bool by_area = scope.area.has_value();
  const int64_t scope_id = by_area ? scope.area->area_id : scope.school_id;
  const std::string day = absl::FormatCivilTime(as_of);
  return InTransaction(
      *pool_, "create risk run",
      [&](pqxx::work& tx) -> absl::StatusOr<RunRecord> {
        const pqxx::result model = tx.exec_params(
            "SELECT model_id FROM baoxue.models WHERE version = $1",
            model_version);
        if (model.empty()) {
          return absl::NotFoundError(
              absl::StrCat("no model version ", model_version));
        }
        const int64_t model_id = model[0][0].as<int64_t>();
        const std::string& find = by_area ? *kFindArea : *kFindSchool;
        pqxx::result found = tx.exec_params(find, scope_id, day, model_id);
        if (!found.empty()) return ParseRun(found[0]);
        if (by_area) {
          const std::string prefix(DivisionPrefix(*scope.area));
          tx.exec_params(
              "INSERT INTO baoxue.risk_runs (scope_area_id, as_of, model_id, "
              "requested_by, students_total) "
              "SELECT $1, $2::date, $3, $4, count(*) "
              "FROM baoxue.students s "
              "JOIN baoxue.households h ON h.household_id = s.household_id "
              "JOIN baoxue.areas g ON g.area_id = h.group_area_id "
              "WHERE left(g.division_code, $5) = $6 "
              "ON CONFLICT DO NOTHING",
              scope_id, day, model_id, requested_by,
              static_cast<int>(prefix.size()), prefix);
        } else {
          tx.exec_params(
              "INSERT INTO baoxue.risk_runs (scope_school_id, as_of, "
              "model_id, requested_by, students_total) "
              "SELECT $1, $2::date, $3, $4, count(*) "
              "FROM baoxue.students WHERE school_id = $1 "
              "ON CONFLICT DO NOTHING",
              scope_id, day, model_id, requested_by);
        }
        found = tx.exec_params(find, scope_id, day, model_id);
        if (found.empty()) {
          return absl::InternalError("create risk run: row not found");
        }
        return ParseRun(found[0]);
      });
}

absl::StatusOr<std::unique_ptr<RunExecution>> PgRiskRunStore::Execute(
    int64_t run_id) {
  BAOXUE_ASSIGN_OR_RETURN(PgConn writer,
                          PgConnect(pool_->database_url(), "execute risk run"));
  BAOXUE_ASSIGN_OR_RETURN(
      PgResult locked,
      PgExec(writer.get(), "SELECT pg_try_advisory_lock($1::int, $2::int)",
             {absl::StrCat(kRunLockClass), absl::StrCat(run_id)},
             "lock risk run"));
  if (absl::string_view(PQgetvalue(locked.get(), 0, 0)) != "t") {
    return absl::AbortedError(absl::StrCat("run ", run_id, " is in progress"));
  }
  RunRecord run;
  run.run_id = run_id;
  auto execution = std::make_unique<PgRunExecution>(
      pool_->database_url(), std::move(writer), std::move(run));
  BAOXUE_RETURN_IF_ERROR(execution->Load().status());
  return std::unique_ptr<RunExecution>(std::move(execution));
}

absl::StatusOr<RunRecord> PgRiskRunStore::GetRun(int64_t run_id) {
  static const std::string* const kQuery =
      new std::string(absl::StrCat(kRunSelect, "WHERE r.run_id = $1"));
  return InTransaction(
      *pool_, "read risk run",
      [&](pqxx::work& tx) -> absl::StatusOr<RunRecord> {
        const pqxx::result result = tx.exec_params(*kQuery, run_id);
        if (result.empty()) {
          return absl::NotFoundError(absl::StrCat("no risk run ", run_id));
        }
        return ParseRun(result[0]);
      });
}

absl::StatusOr<std::vector<RunRecord>> PgRiskRunStore::ListInterruptedRuns(
    absl::Duration min_age, int limit) {
  static const std::string* const kQuery = new std::string(absl::StrCat(
      kRunSelect,
      "WHERE i.interrupted AND r.started_at <= now() - make_interval(secs => "
      "$1::double precision) ORDER BY r.started_at, r.run_id LIMIT $2"));
  return InTransaction(
      *pool_, "list interrupted risk runs",
      [&](pqxx::work& tx) -> absl::StatusOr<std::vector<RunRecord>> {
        const pqxx::result result =
            tx.exec_params(*kQuery, absl::ToDoubleSeconds(min_age), limit);
        std::vector<RunRecord> runs;
        for (const pqxx::row& row : result) runs.push_back(ParseRun(row));
        return runs;
      });
}

absl::StatusOr<std::vector<RunRecord>> PgRiskRunStore::ListRuns(
    const Area& within, int limit) {
  static const std::string* const kQuery = new std::string(absl::StrCat(
      kRunSelect,
      "WHERE left(coalesce(a.division_code, sa.division_code), $1) = $2 "
      "ORDER BY r.started_at DESC, r.run_id DESC LIMIT $3"));
  const std::string prefix(DivisionPrefix(within));
  return InTransaction(
      *pool_, "list risk runs",
      [&](pqxx::work& tx) -> absl::StatusOr<std::vector<RunRecord>> {
        const pqxx::result result = tx.exec_params(
            *kQuery, static_cast<int>(prefix.size()), prefix, limit);
        std::vector<RunRecord> runs;
        for (const pqxx::row& row : result) runs.push_back(ParseRun(row));
        return runs;
      });
}

}  // namespace baoxue::store
