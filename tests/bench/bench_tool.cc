// The engine's side of the benchmarks (deploy/bench.sh runs it; every
// subcommand prints one JSON line on stdout):
//   bench_tool risk-run URL AS_OF             one county risk run in process
//                                             (feature snapshot, read, score,
//                                             explain, store), with where its
//                                             time went
//   bench_tool export-training URL AS_OF HORIZON FILE
//                                             labelled rows -> binary file
//   bench_tool fit FILE L2                    Newton fit of that file
//   bench_tool model-json URL                 the active model's parameters
//   bench_tool api ADDRESS TOKEN MODE CONCURRENCY SECONDS IDS
//                                             RiskScoring load: MODE one |
//                                             thousand | features (rows as
//                                             maps) | packed (packed_rows);
//                                             health: grpc.health.v1 Check,
//                                             the floor of a unary call on
//                                             this server and client
// The binary training file: int64 rows, int64 columns, rows x columns
// doubles (row-major, NaN = missing), rows doubles (labels).
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "client/baoxue_client.h"
#include "client/channel.h"
#include "google/protobuf/util/json_util.h"
#include "model/feature_catalog.h"
#include "model/trainer.h"
#include "server/core/risk_runner.h"
#include "server/store/pg_directory_store.h"
#include "server/store/pg_feature_snapshot_store.h"
#include "server/store/pg_feature_store.h"
#include "server/store/pg_model_store.h"
#include "server/store/pg_risk_run_store.h"

namespace baoxue::bench {
namespace {

constexpr char kCounty[] = "360799000000";

int Fail(const absl::Status& status) {
  std::cerr << "bench_tool: " << status << "\n";
  return 1;
}

double PeakRssMiB() {
  rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

// Wall-clock seconds spent inside a call, summed over calls.
class Stopwatch {
 public:
  template <typename F>
  auto Time(F f) {
    const absl::Time start = absl::Now();
    auto result = f();
    seconds_ += absl::ToDoubleSeconds(absl::Now() - start);
    return result;
  }
  double seconds() const { return seconds_; }

 private:
  double seconds_ = 0;
};

// Where a risk run's time goes, measured by decorating the store: time the
// reader thread waits in FeatureCursor::Next (the database computing
// student_features plus parsing the binary COPY) and the writer thread in
// AppendScores (encoding rows and the database ingesting them). Keeps a
// copy of the first chunk read so scoring can be timed on its own.
struct RunTimings {
  Stopwatch snapshot;  // the run's first phase: the day's feature snapshot
  bool snapshot_reused = false;
  Stopwatch read;
  Stopwatch store;
  int64_t chunks = 0;
  store::FeatureChunk first_chunk;  // guarded by the reader thread only
};

class TimedCursor : public store::FeatureCursor {
 public:
  TimedCursor(std::unique_ptr<store::FeatureCursor> inner, RunTimings* timings)
      : inner_(std::move(inner)), timings_(timings) {}
  absl::StatusOr<bool> Next(store::FeatureChunk* chunk) override {
    absl::StatusOr<bool> more =
        timings_->read.Time([&] { return inner_->Next(chunk); });
    if (more.ok() && *more && timings_->first_chunk.size() == 0) {
      timings_->first_chunk = *chunk;
    }
    return more;
  }

 private:
  std::unique_ptr<store::FeatureCursor> inner_;
  RunTimings* timings_;
};

class TimedExecution : public store::RunExecution {
 public:
  TimedExecution(std::unique_ptr<store::RunExecution> inner,
                 RunTimings* timings)
      : inner_(std::move(inner)), timings_(timings) {}
  absl::StatusOr<store::RunRecord> Load() override { return inner_->Load(); }
  absl::Status Restart() override { return inner_->Restart(); }
  absl::StatusOr<std::unique_ptr<store::FeatureCursor>> ReadFeatures(
      std::optional<int64_t> after) override {
    auto cursor =
        timings_->read.Time([&] { return inner_->ReadFeatures(after); });
    if (!cursor.ok()) return cursor.status();
    return std::unique_ptr<store::FeatureCursor>(
        std::make_unique<TimedCursor>(std::move(*cursor), timings_));
  }
  absl::Status AppendScores(const store::ScoredChunk& chunk) override {
    ++timings_->chunks;
    return timings_->store.Time([&] { return inner_->AppendScores(chunk); });
  }
  absl::Status MarkScoresComplete() override {
    return inner_->MarkScoresComplete();
  }
  absl::Status Succeed(int64_t cases_opened) override {
    return inner_->Succeed(cases_opened);
  }
  absl::Status Fail(absl::string_view error) override {
    return inner_->Fail(error);
  }
  absl::Status Interrupt(absl::string_view reason) override {
    return inner_->Interrupt(reason);
  }

 private:
  std::unique_ptr<store::RunExecution> inner_;
  RunTimings* timings_;
};

class TimedRunStore : public store::RiskRunStore {
 public:
  TimedRunStore(store::RiskRunStore* inner, RunTimings* timings)
      : inner_(inner), timings_(timings) {}
  absl::StatusOr<store::SchoolLocation> FindSchool(int64_t id) override {
    return inner_->FindSchool(id);
  }
  absl::StatusOr<store::RunRecord> FindOrCreateRun(
      const store::RunScope& scope, absl::CivilDay as_of,
      const std::string& model_version,
      const std::string& requested_by) override {
    return inner_->FindOrCreateRun(scope, as_of, model_version, requested_by);
  }
  absl::StatusOr<std::unique_ptr<store::RunExecution>> Execute(
      int64_t run_id) override {
    auto execution = inner_->Execute(run_id);
    if (!execution.ok()) return execution.status();
    return std::unique_ptr<store::RunExecution>(
        std::make_unique<TimedExecution>(std::move(*execution), timings_));
  }
  absl::StatusOr<store::RunRecord> GetRun(int64_t run_id) override {
    return inner_->GetRun(run_id);
  }
  absl::StatusOr<std::vector<store::RunRecord>> ListRuns(
      const store::Area& within, int limit) override {
    return inner_->ListRuns(within, limit);
  }
  absl::StatusOr<std::vector<store::RunRecord>> ListInterruptedRuns(
      absl::Duration min_age, int limit) override {
    return inner_->ListInterruptedRuns(min_age, limit);
  }

 private:
  store::RiskRunStore* inner_;
  RunTimings* timings_;
};

// Times the run's feature-snapshot phase (a refresh, or finding the day's
// snapshot fresh).
class TimedSnapshots : public store::FeatureSnapshotStore {
 public:
  TimedSnapshots(store::FeatureSnapshotStore* inner, RunTimings* timings)
      : inner_(inner), timings_(timings) {}
  absl::StatusOr<std::optional<store::FeatureSnapshotDay>> Find(
      absl::CivilDay as_of) override {
    return inner_->Find(as_of);
  }
  absl::StatusOr<store::FeatureSnapshotRefresh> Refresh(
      absl::CivilDay as_of, const std::string& computed_by,
      absl::Duration reuse_within, const ProgressFn& progress) override {
    auto refresh = timings_->snapshot.Time([&] {
      return inner_->Refresh(as_of, computed_by, reuse_within, progress);
    });
    if (refresh.ok()) timings_->snapshot_reused = refresh->reused;
    return refresh;
  }
  absl::StatusOr<int> Prune() override { return inner_->Prune(); }

 private:
  store::FeatureSnapshotStore* inner_;
  RunTimings* timings_;
};

// Seconds to score and explain `students` students, timed by scoring the
// first chunk over and over (the CPU cost alone, no database).
double ScoringSeconds(const model::RiskModel& model,
                      const store::FeatureChunk& chunk, int64_t students) {
  if (chunk.size() == 0) return 0;
  store::ScoredChunk scored;
  const int64_t repeats = std::max<int64_t>(1, students / chunk.size());
  const absl::Time start = absl::Now();
  for (int64_t i = 0; i < repeats; ++i) {
    core::ScoreChunk(model, chunk, core::RiskRunnerOptions().max_reasons,
                     &scored);
  }
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  return seconds * static_cast<double>(students) /
         static_cast<double>(repeats * chunk.size());
}

int RiskRun(const std::string& url, const std::string& day) {
  absl::CivilDay as_of;
  if (!absl::ParseCivilTime(day, &as_of)) return 2;
  auto pool = store::PgConnectionPool::Create(url, 2);
  if (!pool.ok()) return Fail(pool.status());
  store::PgModelStore models(pool->get());
  auto active = models.LoadActiveModel();
  if (!active.ok()) return Fail(active.status());
  core::ModelHolder holder;
  absl::Status installed =
      core::InstallModel(active->version, active->params, holder);
  if (!installed.ok()) return Fail(installed);
  store::PgDirectoryStore directory(pool->get());
  store::PgRiskRunStore pg_runs(pool->get());
  RunTimings timings;
  TimedRunStore runs(&pg_runs, &timings);
  // The server's default policy: reuse the day's snapshot if it is younger
  // than an hour (deploy/bench.sh refreshes it just before), else refresh.
  store::PgFeatureSnapshotStore pg_snapshots(pool->get(),
                                             store::FeatureSnapshotOptions());
  TimedSnapshots snapshots(&pg_snapshots, &timings);
  core::SystemClock clock;
  core::RiskRunner runner(&runs, &directory, &holder, &clock,
                          core::RiskRunnerOptions(), nullptr, &snapshots);
  auto county = directory.FindArea(kCounty);
  if (!county.ok()) return Fail(county.status());
  core::Caller admin{0, store::CallerRole::kAdmin, *county};
  core::RunRequest request;
  request.area_code = kCounty;
  request.as_of = as_of;
  const absl::Time start = absl::Now();
  auto run = runner.Run(admin, request, nullptr, nullptr);
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  if (!run.ok()) return Fail(run.status());
  const double rss = PeakRssMiB();  // before the scoring-only pass below
  const double scoring = ScoringSeconds(
      *holder.Get()->model, timings.first_chunk, run->students_scored);
  std::cout << "{\"students\": " << run->students_scored
            << ", \"seconds\": " << seconds
            << ", \"snapshot_seconds\": " << timings.snapshot.seconds()
            << ", \"snapshot_reused\": "
            << (timings.snapshot_reused ? "true" : "false")
            << ", \"read_seconds\": " << timings.read.seconds()
            << ", \"score_seconds\": " << scoring
            << ", \"store_seconds\": " << timings.store.seconds()
            << ", \"chunks\": " << timings.chunks
            << ", \"peak_rss_mib\": " << rss << "}\n";
  return 0;
}

int ExportTraining(const std::string& url, const std::string& day,
                   const std::string& horizon, const std::string& path) {
  absl::CivilDay as_of;
  int horizon_days = 0;
  if (!absl::ParseCivilTime(day, &as_of) ||
      !absl::SimpleAtoi(horizon, &horizon_days)) {
    return 2;
  }
  auto pool = store::PgConnectionPool::Create(url, 1);
  if (!pool.ok()) return Fail(pool.status());
  store::PgFeatureStore features(pool->get());
  auto rows = features.TrainingExamples(as_of, horizon_days);
  if (!rows.ok()) return Fail(rows.status());
  // Row-major for numpy: Eigen is column-major by default.
  const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>
      values = rows->values;
  const int64_t n = values.rows(), k = values.cols();
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(&n), sizeof n);
  out.write(reinterpret_cast<const char*>(&k), sizeof k);
  out.write(reinterpret_cast<const char*>(values.data()),
            static_cast<std::streamsize>(sizeof(double) * n * k));
  out.write(reinterpret_cast<const char*>(rows->labels.data()),
            static_cast<std::streamsize>(sizeof(double) * n));
  if (!out) return Fail(absl::InternalError("cannot write " + path));
  std::cout << "{\"rows\": " << n << ", \"columns\": " << k
            << ", \"positives\": " << rows->labels.sum() << "}\n";
  return 0;
}

int Fit(const std::string& path, const std::string& l2) {
  model::TrainOptions options;
  if (!absl::SimpleAtod(l2, &options.l2_penalty)) return 2;
  std::ifstream in(path, std::ios::binary);
  int64_t n = 0, k = 0;
  in.read(reinterpret_cast<char*>(&n), sizeof n);
  in.read(reinterpret_cast<char*>(&k), sizeof k);
  Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> raw(n,
                                                                             k);
  Eigen::VectorXd labels(n);
  in.read(reinterpret_cast<char*>(raw.data()),
          static_cast<std::streamsize>(sizeof(double) * n * k));
  in.read(reinterpret_cast<char*>(labels.data()),
          static_cast<std::streamsize>(sizeof(double) * n));
  if (!in) return Fail(absl::InternalError("cannot read " + path));
  const Eigen::MatrixXd values = raw;  // the trainer's column-major layout
  const std::vector<std::string> names = model::CatalogFeatureNames();
  const absl::Time start = absl::Now();
  auto trained = model::TrainLogistic(names, values, labels, options);
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  if (!trained.ok()) return Fail(trained.status());
  std::vector<std::string> weights;
  // Every digit: the coefficients are compared with scikit-learn's to 1e-6.
  for (double w : trained->params.weights()) {
    weights.push_back(absl::StrFormat("%.17g", w));
  }
  std::cout << "{\"seconds\": " << seconds
            << ", \"iterations\": " << trained->iterations
            << ", \"sample_iterations\": " << trained->sample_iterations
            << ", \"gradient_norm\": " << trained->gradient_norm
            << ", \"intercept\": "
            << absl::StrFormat("%.17g", trained->params.intercept())
            << ", \"weights\": [" << absl::StrJoin(weights, ", ") << "]}\n";
  return 0;
}

int ModelJson(const std::string& url) {
  auto pool = store::PgConnectionPool::Create(url, 1);
  if (!pool.ok()) return Fail(pool.status());
  store::PgModelStore models(pool->get());
  auto active = models.LoadActiveModel();
  if (!active.ok()) return Fail(active.status());
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(active->params, &json,
                                                    options);
  std::cout << json << "\n";
  return 0;
}

// A ScoreFeatures row of plausible values (within each feature's range).
baoxue::v1::FeatureRow RandomRow(std::mt19937_64& random, int id) {
  baoxue::v1::FeatureRow row;
  row.set_row_id(absl::StrCat(id));
  for (const model::FeatureInfo& info : model::FeatureCatalog()) {
    std::uniform_real_distribution<double> value(info.min, info.max);
    double x = value(random);
    if (info.is_flag) x = x > (info.min + info.max) / 2 ? 1 : 0;
    (*row.mutable_values())[std::string(info.name)] = x;
  }
  return row;
}

// The same rows in ScoreFeaturesRequest.packed_rows (catalogue order).
baoxue::v1::ScoreFeaturesRequest PackedRequest(
    const baoxue::v1::ScoreFeaturesRequest& rows) {
  baoxue::v1::ScoreFeaturesRequest request;
  baoxue::v1::PackedFeatureRows* packed = request.mutable_packed_rows();
  for (const model::FeatureInfo& info : model::FeatureCatalog()) {
    packed->add_feature_names(std::string(info.name));
  }
  for (const baoxue::v1::FeatureRow& row : rows.rows()) {
    for (const model::FeatureInfo& info : model::FeatureCatalog()) {
      packed->add_values(row.values().at(std::string(info.name)));
    }
  }
  return request;
}

int Api(const std::string& address, const std::string& token,
        const std::string& mode, int concurrency, double seconds,
        const std::string& ids_path) {
  std::vector<int64_t> ids;
  {
    std::ifstream in(ids_path);
    int64_t id;
    while (in >> id) ids.push_back(id);
  }
  if (ids.size() < 1000) return Fail(absl::InvalidArgumentError("need ids"));
  const int per_call = mode == "one" || mode == "health" ? 1 : 1000;
  std::atomic<bool> stop{false};
  absl::Mutex mu;
  std::vector<double> latencies_ms;
  int64_t errors = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < concurrency; ++t) {
    threads.emplace_back([&, t] {
      client::BaoxueClient client(
          *client::MakeChannel(address, client::ChannelOptions{}), token);
      std::mt19937_64 random(static_cast<uint64_t>(t) + 1);
      baoxue::v1::ScoreFeaturesRequest features;
      for (int i = 0; i < 1000; ++i)
        *features.add_rows() = RandomRow(random, i);
      if (mode == "packed") features = PackedRequest(features);
      std::vector<double> mine;
      int64_t my_errors = 0;
      size_t next = static_cast<size_t>(t) * 7919 % ids.size();
      while (!stop.load(std::memory_order_relaxed)) {
        const absl::Time start = absl::Now();
        bool ok = false;
        if (mode == "health") {
          ok = client.Health().ok();
        } else if (mode == "features" || mode == "packed") {
          ok = client.ScoreFeatures(features).ok();
        } else {
          baoxue::v1::ScoreStudentsRequest request;
          request.set_as_of_date("2026-11-20");
          for (int i = 0; i < per_call; ++i) {
            request.add_student_ids(ids[next]);
            next = (next + 1) % ids.size();
          }
          ok = client.ScoreStudents(request).ok();
        }
        // A failed call is no answer: it counts as an error, never as a
        // call served (a peer that refuses fast must not look fast).
        if (ok) {
          mine.push_back(absl::ToDoubleMilliseconds(absl::Now() - start));
        } else {
          ++my_errors;
        }
      }
      absl::MutexLock lock(&mu);
      latencies_ms.insert(latencies_ms.end(), mine.begin(), mine.end());
      errors += my_errors;
    });
  }
  absl::SleepFor(absl::Seconds(seconds));
  stop = true;
  for (std::thread& thread : threads) thread.join();
  std::sort(latencies_ms.begin(), latencies_ms.end());
  const auto at = [&](double q) {
    if (latencies_ms.empty()) return 0.0;
    return latencies_ms[std::min(latencies_ms.size() - 1,
                                 static_cast<size_t>(q * latencies_ms.size()))];
  };
  const double calls = static_cast<double>(latencies_ms.size()) / seconds;
  std::cout << "{\"calls_per_s\": " << calls
            << ", \"students_per_s\": " << calls * per_call
            << ", \"p50_ms\": " << at(0.5) << ", \"p99_ms\": " << at(0.99)
            << ", \"errors\": " << errors << "}\n";
  return 0;
}

}  // namespace
}  // namespace baoxue::bench

int main(int argc, char** argv) {
  using namespace baoxue::bench;
  const std::vector<std::string> args(argv + 1, argv + argc);
  const std::string command = args.empty() ? "" : args[0];
  if (command == "risk-run" && args.size() == 3)
    return RiskRun(args[1], args[2]);
  if (command == "export-training" && args.size() == 5) {
    return ExportTraining(args[1], args[2], args[3], args[4]);
  }
  if (command == "fit" && args.size() == 3) return Fit(args[1], args[2]);
  if (command == "model-json" && args.size() == 2) return ModelJson(args[1]);
  if (command == "api" && args.size() == 7) {
    int concurrency = 0;
    double seconds = 0;
    if (!absl::SimpleAtoi(args[4], &concurrency) ||
        !absl::SimpleAtod(args[5], &seconds)) {
      return 2;
    }
    return Api(args[1], args[2], args[3], concurrency, seconds, args[6]);
  }
  std::cerr << "usage: see the top of tests/bench/bench_tool.cc\n";
  return 2;
}
