#include "server/core/risk_runner.h"

#include <algorithm>
#include <array>
#include <deque>
#include <memory>
#include <optional>
#include <thread>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "base/log.h"
#include "base/status_macros.h"
#include "domain/division_code.h"
#include "server/core/area_access.h"

namespace baoxue::core {
namespace {

using store::RunStatus;

bool IsDivisionCode(absl::string_view code) {
  return domain::DivisionCode::ParseFull(code).ok();
}

// A chunk travelling from the reading thread to the storing thread.
struct Slot {
  store::FeatureChunk features;
  store::ScoredChunk scored;
  absl::Status status;  // a read error ends the stream
  bool end = false;     // no more students
};

// Two slots passed between the reader (fills and scores) and the writer
// (stores): while one chunk is being stored the next is read and scored.
class ChunkPipeline {
 public:
  ChunkPipeline(Eigen::Index chunk_rows, Eigen::Index features) {
    for (Slot& slot : slots_) {
      slot.features.values.resize(chunk_rows, features);
      slot.features.student_ids.reserve(chunk_rows);
      free_.push_back(&slot);
    }
  }

  // Reader side: a free slot, or null once the writer stopped.
  Slot* TakeFree() {
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(
        +[](ChunkPipeline* p) { return p->stopped_ || !p->free_.empty(); },
        this));
    if (stopped_) return nullptr;
    Slot* slot = free_.front();
    free_.pop_front();
    return slot;
  }
  void PushReady(Slot* slot) {
    absl::MutexLock lock(&mu_);
    ready_.push_back(slot);
  }
  // Writer side.
  Slot* TakeReady() {
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(
        +[](ChunkPipeline* p) { return !p->ready_.empty(); }, this));
    Slot* slot = ready_.front();
    ready_.pop_front();
    return slot;
  }
  void GiveBack(Slot* slot) {
    absl::MutexLock lock(&mu_);
    free_.push_back(slot);
  }
  void Stop() {
    absl::MutexLock lock(&mu_);
    stopped_ = true;
  }

 private:
  std::array<Slot, 2> slots_;
  absl::Mutex mu_;
  std::deque<Slot*> free_ ABSL_GUARDED_BY(mu_);
  std::deque<Slot*> ready_ ABSL_GUARDED_BY(mu_);
  bool stopped_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace

void ScoreChunk(const model::RiskModel& model,
                const store::FeatureChunk& features, int max_reasons,
                store::ScoredChunk* out) {
  out->Clear();
  out->feature_names = &model.spec().names();
  const Eigen::Index n = features.size();
  if (n == 0) return;
  const auto raw = features.values.topRows(n);
  const Eigen::VectorXd probabilities = model.Score(raw);
  const Eigen::MatrixXd contributions = model.Contributions(raw);
  // Contiguous copies so ExplainRow's Ref parameters bind without a
  // temporary per row.
  Eigen::RowVectorXd raw_row(raw.cols());
  Eigen::RowVectorXd contribution_row(raw.cols());
  std::vector<model::RiskModel::Contribution> explained;
  explained.reserve(raw.cols());
  for (Eigen::Index i = 0; i < n; ++i) {
    out->student_ids.push_back(features.student_ids[i]);
    out->probabilities.push_back(probabilities(i));
    out->tiers.push_back(model.TierOf(probabilities(i)));
    raw_row = raw.row(i);
    contribution_row = contributions.row(i);
    model.ExplainRow(raw_row, contribution_row, max_reasons, &explained);
    for (const model::RiskModel::Contribution& c : explained) {
      if (!c.imputed) {
        out->reasons.push_back({c.feature, c.value, c.contribution});
      }
    }
    out->reason_end.push_back(static_cast<uint32_t>(out->reasons.size()));
  }
}

absl::StatusOr<store::RunScope> RiskRunner::ResolveScope(
    const Caller& caller, const RunRequest& request) const {
  const bool has_area = !request.area_code.empty();
  const bool has_school = request.school_id != 0;
  if (has_area == has_school) {
    return absl::InvalidArgumentError(
        has_area ? "give area_code or school_id, not both"
                 : "area_code or school_id is required");
  }
  store::RunScope scope;
  if (has_area) {
    if (!IsDivisionCode(request.area_code)) {
      return absl::InvalidArgumentError(
          absl::StrCat("area_code must be a 12-digit division code, got '",
                       ForError(request.area_code), "'"));
    }
    BAOXUE_ASSIGN_OR_RETURN(
        store::Area area, ResolveArea(caller, request.area_code, *directory_));
    if (area.level != store::AreaLevel::kCounty &&
        area.level != store::AreaLevel::kTownship) {
      return absl::InvalidArgumentError(
          absl::StrCat("area_code ", request.area_code,
                       " is a village; a run covers a county, a township or "
                       "a school"));
    }
    scope.area = std::move(area);
    return scope;
  }
  if (request.school_id < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("school_id must be positive, got ", request.school_id));
  }
  absl::StatusOr<store::SchoolLocation> school =
      runs_->FindSchool(request.school_id);
  if (!school.ok()) {
    return HideMissing(school.status(), "school", request.school_id);
  }
  if (!caller.CanSeeVillage(school->area_code)) {
    return NotInCallersArea("school", request.school_id);
  }
  scope.school_id = request.school_id;
  return scope;
}

absl::StatusOr<store::RunRecord> RiskRunner::Run(
    const Caller& caller, const RunRequest& request, const ProgressFn& progress,
    const CancelledFn& cancelled) const {
  if (observer_ == nullptr) {
    return Execute(caller, request, progress, cancelled);
  }
  // Wall time, not the injected clock: the duration is an operator's figure.
  const absl::Time started = absl::Now();
  std::optional<RunProgress> last;  // of a run executed here
  const ProgressFn observed = [&](const RunProgress& report) {
    if (!report.already_done) {
      last = report;
      observer_->OnRunProgress(report);
    }
    if (progress) progress(report);
  };
  absl::StatusOr<store::RunRecord> result =
      Execute(caller, request, observed, cancelled);
  if (last.has_value()) {
    observer_->OnRunEnded(result.ok() ? *result : last->run, result.status(),
                          absl::Now() - started);
  }
  return result;
}

absl::StatusOr<store::RunRecord> RiskRunner::Execute(
    const Caller& caller, const RunRequest& request, const ProgressFn& progress,
    const CancelledFn& cancelled) const {
  BAOXUE_RETURN_IF_ERROR(
      RequireRole(caller,
                  {store::CallerRole::kAdmin, store::CallerRole::kSystem,
                   store::CallerRole::kOfficial},
                  "start a risk run"));
  const absl::CivilDay today = LocalDay(clock_->Now());
  const absl::CivilDay as_of = request.as_of.value_or(today);
  if (as_of > today) {
    return absl::InvalidArgumentError(absl::StrCat(
        "as_of_date ", absl::FormatCivilTime(as_of), " is in the future"));
  }
  if (request.as_of.has_value()) {
    BAOXUE_RETURN_IF_ERROR(CheckAsOfInCountyData(
        "as_of_date", as_of, options_.data_start_floor, *directory_));
  }
  BAOXUE_ASSIGN_OR_RETURN(store::RunScope scope, ResolveScope(caller, request));
  std::shared_ptr<const ActiveModel> model = models_->Get();
  if (model == nullptr) {
    return absl::UnavailableError(
        "no model is active yet: train and activate one (baoxue model train, "
        "baoxue model activate) or wait for the server to load it");
  }
  const std::string requested_by =
      request.requested_by.empty() ? caller.Describe() : request.requested_by;
  auto report = [&](RunProgress::Phase phase, const store::RunRecord& run,
                    bool resumed, bool already_done) {
    if (progress) progress(RunProgress{phase, run, resumed, already_done});
  };

  BAOXUE_ASSIGN_OR_RETURN(
      store::RunRecord run,
      runs_->FindOrCreateRun(scope, as_of, model->version, requested_by));
  if (run.status == RunStatus::kSucceeded) {
    report(RunProgress::Phase::kDone, run, false, true);
    return run;
  }
  BAOXUE_ASSIGN_OR_RETURN(std::unique_ptr<store::RunExecution> execution,
                          runs_->Execute(run.run_id));
  BAOXUE_ASSIGN_OR_RETURN(run, execution->Load());  // may have moved on
  if (run.status == RunStatus::kSucceeded) {
    report(RunProgress::Phase::kDone, run, false, true);
    return run;
  }
  const bool resumed = run.status == RunStatus::kFailed ||
                       run.last_student_id.has_value() || run.scores_complete;
  if (run.status == RunStatus::kFailed) {
    BAOXUE_RETURN_IF_ERROR(execution->Restart());
    run.status = RunStatus::kRunning;
    run.error.clear();
  }
  LogInfo(absl::StrCat(
      "risk run ", run.run_id, resumed ? " resumed" : " started", " (",
      run.students_scored, "/", run.students_total, " scored)"));

  // Any failure from here on is recorded on the run (resumable).
  auto fail = [&](const absl::Status& status,
                  absl::string_view step) -> absl::Status {
    const std::string error =
        absl::StrCat(step, ": ", absl::StatusCodeToString(status.code()), ": ",
                     status.message());
    // Database trouble interrupts the run (it stays 'running', reads
    // interrupted once released, and is resumed when the database is back);
    // anything else fails it.
    const bool database_trouble = absl::IsUnavailable(status);
    LogWarning(absl::StrCat(
        "risk run ", run.run_id,
        database_trouble ? " interrupted in " : " failed in ", error));
    if (absl::Status recorded = database_trouble ? execution->Interrupt(error)
                                                 : execution->Fail(error);
        !recorded.ok()) {
      LogWarning(
          absl::StrCat("risk run ", run.run_id,
                       ": cannot record the failure: ", recorded.ToString()));
    }
    return absl::Status(status.code(),
                        absl::StrCat("run ", run.run_id, " ", error));
  };

  bool refreshed = false;
  if (!run.scores_complete && snapshots_ != nullptr) {
    absl::StatusOr<bool> refresh =
        RefreshFeatures(run, *model, resumed, progress);
    if (!refresh.ok()) return fail(refresh.status(), "refreshing features");
    refreshed = *refresh;
  }
  if (!run.scores_complete) {
    // Only a county's every student is comparable with the training data.
    std::unique_ptr<DriftPass> drift;
    if (drift_ != nullptr && !run.last_student_id.has_value() &&
        scope.area.has_value() &&
        scope.area->level == store::AreaLevel::kCounty) {
      absl::StatusOr<std::unique_ptr<DriftPass>> begun = drift_->Begin(*model);
      if (begun.ok()) {
        drift = *std::move(begun);
      } else {
        drift_->CountFailure();
        LogWarning(
            absl::StrCat("risk run ", run.run_id, ": drift not computed: ",
                         absl::StatusCodeToString(begun.status().code())));
      }
    }
    absl::Status scored = ScoreAll(*execution, *model, run, progress, resumed,
                                   cancelled, drift.get());
    if (scored.ok()) scored = execution->MarkScoresComplete();
    if (!scored.ok()) return fail(scored, "scoring");
    run.scores_complete = true;
    RecordDrift(run, *model, drift.get(), refreshed);
  }

  report(RunProgress::Phase::kOpeningCases, run, resumed, false);
  int64_t cases_opened = 0;
  if (open_cases_) {
    absl::StatusOr<int64_t> opened = open_cases_(run.run_id);
    if (!opened.ok()) return fail(opened.status(), "opening cases");
    cases_opened = *opened;
  }
  if (absl::Status done = execution->Succeed(cases_opened); !done.ok()) {
    return fail(done, "finishing");
  }
  BAOXUE_ASSIGN_OR_RETURN(run, execution->Load());
  LogInfo(absl::StrCat(
      "risk run ", run.run_id, " succeeded: ", run.students_scored, " scored, ",
      run.students_high, " high, ", run.cases_opened, " cases opened"));
  report(RunProgress::Phase::kDone, run, resumed, false);
  return run;
}

absl::StatusOr<store::RunRecord> RiskRunner::Resume(
    const store::RunRecord& run, const CancelledFn& cancelled) const {
  std::shared_ptr<const ActiveModel> model = models_->Get();
  if (model == nullptr) {
    return absl::UnavailableError("no model is active yet");
  }
  if (model->version != run.model_version) {
    return absl::FailedPreconditionError(
        absl::StrCat("run ", run.run_id, " scores with model ",
                     run.model_version, " but ", model->version,
                     " is active now: start the run again to score with it"));
  }
  BAOXUE_ASSIGN_OR_RETURN(
      store::Area area,
      directory_->FindArea(run.area_code.empty() ? run.scope_code
                                                 : run.area_code));
  const Caller system{0, store::CallerRole::kSystem, std::move(area)};
  RunRequest request;
  request.area_code = run.area_code;
  request.school_id = run.school_id;
  request.as_of = run.as_of;
  request.requested_by = run.requested_by;
  return Run(system, request, nullptr, cancelled);
}

void RiskRunner::RecordDrift(const store::RunRecord& run,
                             const ActiveModel& model, const DriftPass* pass,
                             bool refreshed) const {
  if (drift_ == nullptr || (pass == nullptr && !refreshed)) return;
  absl::StatusOr<int> pushed = 0;
  if (pass != nullptr) {
    std::vector<domain::DriftSource> sources = {domain::DriftSource::kRun};
    // The run streamed the whole refreshed snapshot: the refresh's figures.
    if (refreshed) sources.push_back(domain::DriftSource::kRefresh);
    pushed = drift_->Record(model, *pass, run.as_of, sources);
  } else {
    pushed = drift_->RecordSnapshot(model, run.as_of);
  }
  if (!pushed.ok()) {
    drift_->CountFailure();
    LogWarning(absl::StrCat("risk run ", run.run_id, ": drift not stored: ",
                            absl::StatusCodeToString(pushed.status().code())));
  } else if (*pushed > 0) {
    LogInfo(absl::StrCat("risk run ", run.run_id, ": major drift in ", *pushed,
                         " features newly recorded",
                         drift_->settings().channels.empty()
                             ? " (no drift channel: nothing pushed)"
                             : " and pushed to data staff"));
  }
}

absl::StatusOr<bool> RiskRunner::RefreshFeatures(
    const store::RunRecord& run, const ActiveModel& model, bool resumed,
    const ProgressFn& progress) const {
  RunProgress report{RunProgress::Phase::kRefreshingFeatures, run, resumed,
                     false};
  if (progress) progress(report);
  // A run that already stored scores keeps the features they came from.
  const absl::Duration reuse_within = run.last_student_id.has_value()
                                          ? absl::InfiniteDuration()
                                          : options_.snapshot_max_age;
  const std::string computed_by = absl::StrCat("risk run ", run.run_id);
  BAOXUE_ASSIGN_OR_RETURN(
      store::FeatureSnapshotRefresh refresh,
      model.feature_set != nullptr
          ? snapshots_->RefreshFeatureSet(*model.feature_set, run.as_of,
                                          computed_by, reuse_within)
          : snapshots_->Refresh(run.as_of, computed_by, reuse_within,
                                [&](int64_t written, int64_t total) {
                                  report.features_computed = written;
                                  report.features_total = total;
                                  if (progress) progress(report);
                                }));
  LogInfo(absl::StrCat("risk run ", run.run_id, ": feature snapshot of ",
                       absl::FormatCivilTime(run.as_of),
                       refresh.reused ? " reused (" : " refreshed (",
                       refresh.day.students, " students, ",
                       absl::SixDigits(refresh.day.seconds), " s)"));
  return !refresh.reused;
}

absl::Status RiskRunner::ScoreAll(store::RunExecution& execution,
                                  const ActiveModel& model,
                                  store::RunRecord& run,
                                  const ProgressFn& progress, bool resumed,
                                  const CancelledFn& cancelled,
                                  DriftPass* drift) const {
  BAOXUE_ASSIGN_OR_RETURN(
      std::unique_ptr<store::FeatureCursor> cursor,
      model.feature_set != nullptr
          ? execution.ReadFeatureSet(run.last_student_id, *model.feature_set)
          : execution.ReadFeatures(run.last_student_id));
  ChunkPipeline pipeline(std::max(options_.chunk_size, 1),
                         model.model->spec().size());
  const int max_reasons = options_.max_reasons;
  std::thread reader([&] {
    while (Slot* slot = pipeline.TakeFree()) {
      absl::StatusOr<bool> more = cursor->Next(&slot->features);
      slot->status = more.status();
      slot->end = more.ok() && !*more;
      if (more.ok() && *more) {
        ScoreChunk(*model.model, slot->features, max_reasons, &slot->scored);
        if (drift != nullptr) {
          // Counting bins of values already in memory: no second read.
          const Eigen::Index n = slot->features.size();
          drift->AddRows(slot->features.values.topRows(n),
                         Eigen::Map<const Eigen::VectorXd>(
                             slot->scored.probabilities.data(), n));
        }
      }
      pipeline.PushReady(slot);
      if (!more.ok() || !*more) return;
    }
  });

  absl::Status status = absl::OkStatus();
  while (true) {
    Slot* slot = pipeline.TakeReady();
    if (!slot->status.ok() || slot->end) {
      status = slot->status;
      break;
    }
    status = execution.AppendScores(slot->scored);
    if (!status.ok()) break;
    run.students_scored += slot->scored.size();
    for (store::ScoreTier tier : slot->scored.tiers) {
      run.students_medium += tier == store::ScoreTier::kMedium;
      run.students_high += tier == store::ScoreTier::kHigh;
    }
    run.last_student_id = slot->scored.student_ids.back();
    pipeline.GiveBack(slot);
    if (progress) {
      progress(RunProgress{RunProgress::Phase::kScoring, run, resumed, false});
    }
    if (cancelled && cancelled()) {
      status = absl::CancelledError(absl::StrCat(
          "stopped after student ", *run.last_student_id,
          " because the call was cancelled; start the run again to resume"));
      break;
    }
  }
  pipeline.Stop();
  reader.join();
  return status;
}

absl::StatusOr<store::RunRecord> RiskRunner::GetRun(const Caller& caller,
                                                    int64_t run_id) const {
  BAOXUE_RETURN_IF_ERROR(
      RequireRole(caller,
                  {store::CallerRole::kAdmin, store::CallerRole::kSystem,
                   store::CallerRole::kOfficial},
                  "read risk runs"));
  absl::StatusOr<store::RunRecord> run = runs_->GetRun(run_id);
  if (!run.ok()) return HideMissing(run.status(), "risk run", run_id);
  if (!caller.CanSeeVillage(run->scope_code)) {
    return NotInCallersArea("risk run", run_id);
  }
  return run;
}

absl::StatusOr<std::vector<store::RunRecord>> RiskRunner::ListRuns(
    const Caller& caller, int limit) const {
  BAOXUE_RETURN_IF_ERROR(
      RequireRole(caller,
                  {store::CallerRole::kAdmin, store::CallerRole::kSystem,
                   store::CallerRole::kOfficial},
                  "read risk runs"));
  if (limit < 0 || limit > 1000) {
    return absl::InvalidArgumentError("limit must be between 0 and 1000");
  }
  return runs_->ListRuns(caller.scope, limit == 0 ? 20 : limit);
}

}  // namespace baoxue::core
