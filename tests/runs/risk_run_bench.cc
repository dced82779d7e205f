// Times one county risk run end to end (read features, score, explain,
// store every score) on an existing database and prints it with the peak
// RSS. Not a test: tests/bench (a later issue) will own the comparison.
//   risk_run_bench URL [AS_OF] [CHUNK_SIZE]
// Saves and activates a fixed model (SimpleModelParams) if none is active.
#include <sys/resource.h>

#include <iostream>

#include "absl/strings/numbers.h"
#include "absl/time/clock.h"
#include "server/core/risk_runner.h"
#include "server/store/pg_directory_store.h"
#include "server/store/pg_model_store.h"
#include "server/store/pg_risk_run_store.h"
#include "tests/server/fakes.h"

int main(int argc, char** argv) {
  using namespace baoxue;
  if (argc < 2) {
    std::cerr << "usage: risk_run_bench URL [AS_OF] [CHUNK_SIZE]\n";
    return 2;
  }
  absl::CivilDay as_of(2026, 11, 20);
  if (argc > 2 && !absl::ParseCivilTime(argv[2], &as_of)) return 2;
  core::RiskRunnerOptions options;
  if (argc > 3 && !absl::SimpleAtoi(argv[3], &options.chunk_size)) return 2;
  auto pool = store::PgConnectionPool::Create(argv[1], 2);
  if (!pool.ok()) return 1;
  store::PgModelStore models(pool->get());
  auto active = models.LoadActiveModel();
  if (!active.ok()) {
    store::NewModel model;
    model.params = testing::SimpleModelParams();
    model.created_by = "bench";
    model.training_as_of = absl::CivilDay(2026, 7, 10);
    model.horizon_days = 120;
    if (!models.SaveModel(model, true).ok()) return 1;
    active = models.LoadActiveModel();
  }
  core::ModelHolder holder;
  if (!active.ok() ||
      !core::InstallModel(active->version, active->params, holder).ok()) {
    return 1;
  }
  store::PgDirectoryStore directory(pool->get());
  store::PgRiskRunStore runs(pool->get());
  core::SystemClock clock;
  core::RiskRunner runner(&runs, &directory, &holder, &clock, options,
                          nullptr);
  auto county = directory.FindArea("360799000000");
  if (!county.ok()) return 1;
  core::Caller admin{0, store::CallerRole::kAdmin, *county};
  core::RunRequest request;
  request.area_code = "360799000000";
  request.as_of = as_of;
  const absl::Time start = absl::Now();
  auto run = runner.Run(admin, request, nullptr, nullptr);
  const absl::Duration took = absl::Now() - start;
  if (!run.ok()) {
    std::cerr << run.status() << "\n";
    return 1;
  }
  rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  std::cout << "run " << run->run_id << ": " << run->students_scored
            << " students in " << absl::FormatDuration(took)
            << ", peak RSS " << usage.ru_maxrss / 1024 << " MiB\n";
  return 0;
}
