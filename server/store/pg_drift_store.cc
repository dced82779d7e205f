#include "server/store/pg_drift_store.h"

#include <cmath>
#include <limits>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "server/store/pg_transaction.h"

namespace baoxue::store {
namespace {

// "{0.1,2.5}": a float8[] parameter, every value exact (%.17g).
std::string FloatArrayLiteral(const std::vector<double>& values) {
  return absl::StrCat("{",
                      absl::StrJoin(values, ",",
                                    [](std::string* out, double v) {
                                      absl::StrAppendFormat(out, "%.17g", v);
                                    }),
                      "}");
}

// A float8[] column's text ("{0.1,2.5}", "{}").
std::vector<double> ParseFloatArray(const std::string& text) {
  std::vector<double> values;
  if (text.size() < 2) return values;
  const absl::string_view inner =
      absl::string_view(text).substr(1, text.size() - 2);
  if (inner.empty()) return values;
  for (absl::string_view part : absl::StrSplit(inner, ',')) {
    double v = 0;
    if (!absl::SimpleAtod(part, &v))
      v = std::numeric_limits<double>::quiet_NaN();
    values.push_back(v);
  }
  return values;
}

// A snapshot value as text: a number, or a flag (boolean::text is
// "true"/"false" = 1/0); NaN if neither.
double ParseValue(absl::string_view text) {
  if (text == "true") return 1;
  if (text == "false") return 0;
  double v = 0;
  return absl::SimpleAtod(text, &v) ? v
                                    : std::numeric_limits<double>::quiet_NaN();
}

// Non-finite figures (a NaN mean of an all-missing day) are stored as 0 so
// the row stays comparable; rows and missing rates say why.
double Finite(double v) { return std::isfinite(v) ? v : 0.0; }

constexpr char kRowColumns[] =
    "model_version, day::text, source, feature, psi, missing_rate, "
    "reference_missing_rate, mean_shift, rows";

DriftRow ParseRow(const pqxx::row& row) {
  DriftRow out;
  out.model_version = row[0].as<std::string>();
  (void)absl::ParseCivilTime(row[1].as<std::string>(), &out.day);
  out.source = domain::Parse<domain::DriftSource>(row[2].as<std::string>())
                   .value_or(domain::DriftSource::kRefresh);
  out.feature = row[3].as<std::string>();
  out.figures.psi = row[4].as<double>();
  out.figures.missing_rate = row[5].as<double>();
  out.figures.reference_missing_rate = row[6].as<double>();
  out.figures.mean_shift = row[7].as<double>();
  out.figures.rows = row[8].as<int64_t>();
  return out;
}

std::vector<DriftRow> ParseRows(const pqxx::result& result) {
  std::vector<DriftRow> rows;
  rows.reserve(result.size());
  for (const pqxx::row& row : result) rows.push_back(ParseRow(row));
  return rows;
}

}  // namespace

void InsertDriftReferences(
    pqxx::work& tx, const std::string& version,
    const std::vector<FeatureDriftReference>& references) {
  for (size_t k = 0; k < references.size(); ++k) {
    const model::DriftReference& r = references[k].reference;
    tx.exec_params(
        "INSERT INTO baoxue.model_drift_references (model_version, feature, "
        "position, edges, shares, missing_rate, mean, stddev) "
        "VALUES ($1, $2, $3, $4::float8[], $5::float8[], $6, $7, $8)",
        version, references[k].feature, static_cast<int>(k),
        FloatArrayLiteral(r.edges), FloatArrayLiteral(r.shares), r.missing_rate,
        Finite(r.mean), Finite(r.stddev));
  }
}

absl::StatusOr<std::vector<FeatureDriftReference>> PgDriftStore::LoadReferences(
    const std::string& version) {
  return InTransaction(
      *pool_, "load drift references",
      [&](pqxx::work& tx)
          -> absl::StatusOr<std::vector<FeatureDriftReference>> {
        const pqxx::result result = tx.exec_params(
            "SELECT feature, edges::text, shares::text, missing_rate, mean, "
            "stddev FROM baoxue.model_drift_references "
            "WHERE model_version = $1 ORDER BY position",
            version);
        std::vector<FeatureDriftReference> references;
        for (const pqxx::row& row : result) {
          FeatureDriftReference reference;
          reference.feature = row[0].as<std::string>();
          reference.reference.edges = ParseFloatArray(row[1].as<std::string>());
          reference.reference.shares =
              ParseFloatArray(row[2].as<std::string>());
          reference.reference.missing_rate = row[3].as<double>();
          reference.reference.mean = row[4].as<double>();
          reference.reference.stddev = row[5].as<double>();
          references.push_back(std::move(reference));
        }
        return references;
      });
}

absl::StatusOr<int> PgDriftStore::SaveDriftDay(const DriftDay& day) {
  if (day.rows.empty()) return 0;
  const DriftRow& first = day.rows.front();
  for (const std::vector<DriftRow>* rows : {&day.rows, &day.major}) {
    for (const DriftRow& row : *rows) {
      if (row.model_version != first.model_version || row.day != first.day) {
        return absl::InvalidArgumentError(
            "drift rows of one save must share the model version and day");
      }
    }
  }
  const std::string version = first.model_version;
  const std::string date = absl::FormatCivilTime(first.day);
  return InTransaction(
      *pool_, "save drift", [&](pqxx::work& tx) -> absl::StatusOr<int> {
        for (const DriftRow& row : day.rows) {
          tx.exec_params(
              "INSERT INTO baoxue.model_drift (model_version, day, source, "
              "feature, psi, missing_rate, reference_missing_rate, "
              "mean_shift, rows) VALUES ($1, $2::date, $3, $4, $5, $6, $7, "
              "$8, $9) ON CONFLICT (model_version, day, source, feature) DO "
              "UPDATE SET psi = EXCLUDED.psi, missing_rate = "
              "EXCLUDED.missing_rate, reference_missing_rate = "
              "EXCLUDED.reference_missing_rate, mean_shift = "
              "EXCLUDED.mean_shift, rows = EXCLUDED.rows, computed_at = now()",
              version, date, std::string(domain::Code(row.source)), row.feature,
              Finite(row.figures.psi), Finite(row.figures.missing_rate),
              Finite(row.figures.reference_missing_rate),
              Finite(row.figures.mean_shift), row.figures.rows);
        }
        std::vector<DriftRow> crossed;
        for (const DriftRow& row : day.major) {
          const pqxx::result inserted = tx.exec_params(
              "INSERT INTO baoxue.model_drift_alerts (model_version, day, "
              "feature, psi) VALUES ($1, $2::date, $3, $4) "
              "ON CONFLICT DO NOTHING",
              version, date, row.feature, Finite(row.figures.psi));
          if (inserted.affected_rows() == 1) crossed.push_back(row);
        }
        if (crossed.empty() || day.channels.empty() || !day.compose) {
          return static_cast<int>(crossed.size());
        }
        const std::string payload = day.compose(crossed);
        for (const std::string& channel : day.channels) {
          // Each feature is pushed once a day, so its name keys the message.
          tx.exec_params(
              "INSERT INTO baoxue.notification_outbox (idempotency_key, "
              "channel, payload) VALUES ($1, $2, $3::jsonb) "
              "ON CONFLICT (idempotency_key) DO NOTHING",
              absl::StrCat("drift/", version, "/", date, "/",
                           crossed.front().feature.empty()
                               ? std::string("score")
                               : crossed.front().feature,
                           "/", channel),
              channel, payload);
        }
        return static_cast<int>(crossed.size());
      });
}

absl::StatusOr<std::vector<DriftRow>> PgDriftStore::ListDrift(
    const std::string& version, absl::CivilDay from, absl::CivilDay to) {
  static const std::string* const kQuery = new std::string(absl::StrCat(
      "SELECT ", kRowColumns,
      " FROM baoxue.model_drift WHERE model_version = $1 AND day >= $2::date "
      "AND day <= $3::date ORDER BY day DESC, source DESC, feature"));
  return InTransaction(
      *pool_, "list drift",
      [&](pqxx::work& tx) -> absl::StatusOr<std::vector<DriftRow>> {
        return ParseRows(tx.exec_params(*kQuery, version,
                                        absl::FormatCivilTime(from),
                                        absl::FormatCivilTime(to)));
      });
}

absl::StatusOr<std::vector<DriftRow>> PgDriftStore::LatestDrift(
    const std::string& version) {
  static const std::string* const kQuery = new std::string(absl::StrCat(
      "SELECT DISTINCT ON (feature) ", kRowColumns,
      " FROM baoxue.model_drift WHERE model_version = $1 AND day = "
      "(SELECT max(day) FROM baoxue.model_drift WHERE model_version = $1) "
      "ORDER BY feature, source DESC"));
  return InTransaction(
      *pool_, "latest drift",
      [&](pqxx::work& tx) -> absl::StatusOr<std::vector<DriftRow>> {
        return ParseRows(tx.exec_params(*kQuery, version));
      });
}

absl::StatusOr<Eigen::MatrixXd> PgDriftStore::ReadSnapshot(
    absl::CivilDay day, const FeatureSetSource* source,
    const std::vector<std::string>& names) {
  const std::string date = absl::FormatCivilTime(day);
  return InTransaction(
      *pool_, "read snapshot for drift",
      [&](pqxx::work& tx) -> absl::StatusOr<Eigen::MatrixXd> {
        LiftStatementTimeout(tx);  // a batch job, not a request
        std::string columns;
        std::string query;
        if (source == nullptr) {
          // Catalogue names are the snapshot's column names; flags are
          // boolean there, so every column is read as text (ParseValue).
          for (size_t j = 0; j < names.size(); ++j) {
            absl::StrAppend(&columns, j == 0 ? "" : ", ",
                            tx.quote_name(names[j]), "::text");
          }
          const pqxx::row found = tx.exec_params1(
              "SELECT count(*) FROM baoxue.feature_snapshot_days "
              "WHERE as_of = $1::date",
              date);
          if (found[0].as<int64_t>() == 0) {
            return absl::FailedPreconditionError(absl::StrCat(
                "no feature snapshot for ", date, ": refresh it first"));
          }
          query = absl::StrCat("SELECT ", columns,
                               " FROM baoxue.feature_snapshots "
                               "WHERE as_of = $1::date AND $2::text IS NULL");
        } else {
          for (size_t j = 0; j < names.size(); ++j) {
            absl::StrAppend(&columns, j == 0 ? "" : ", ", "vals[", j + 1, "]");
          }
          query = absl::StrCat("SELECT ", columns,
                               " FROM baoxue.feature_set_snapshots "
                               "WHERE as_of = $1::date AND feature_key = $2");
        }
        const std::optional<std::string> key =
            source == nullptr ? std::nullopt
                              : std::optional<std::string>(source->key);
        const pqxx::result result = tx.exec_params(query, date, key);
        if (result.empty()) {
          return absl::FailedPreconditionError(absl::StrCat(
              "no feature snapshot rows for ", date, ": refresh it first"));
        }
        Eigen::MatrixXd values(static_cast<Eigen::Index>(result.size()),
                               static_cast<Eigen::Index>(names.size()));
        for (pqxx::result::size_type i = 0; i < result.size(); ++i) {
          for (size_t j = 0; j < names.size(); ++j) {
            const pqxx::field field = result[i][static_cast<int>(j)];
            values(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) =
                field.is_null() ? std::numeric_limits<double>::quiet_NaN()
                                : ParseValue(field.c_str());
          }
        }
        return values;
      });
}

}  // namespace baoxue::store
