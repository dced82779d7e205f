#ifndef BAOXUE_TESTS_RUNS_FAKE_RISK_RUN_STORE_H_
#define BAOXUE_TESTS_RUNS_FAKE_RISK_RUN_STORE_H_

// In-memory fake of store::RiskRunStore for unit tests of core::RiskRunner
// and core::RunScheduler: students put in by the test, runs and scores kept
// in maps, the "advisory lock" is a set of run ids. A mutex guards it.

#include <map>
#include <memory>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "model/feature_catalog.h"
#include "server/store/risk_run_store.h"

namespace baoxue::testing {

class FakeRiskRunStore : public store::RiskRunStore {
 public:
  struct Student {
    std::string village_code;
    int64_t school_id;
    Eigen::RowVectorXd features;
  };

  void AddStudent(int64_t id, std::string village, int64_t school,
                  Eigen::RowVectorXd features) {
    absl::MutexLock lock(&mu_);
    students_[id] = Student{std::move(village), school, std::move(features)};
  }
  // Scores stored for a run: student id -> probability.
  std::map<int64_t, double> Scores(int64_t run_id) {
    absl::MutexLock lock(&mu_);
    return scores_[run_id];
  }
  int RunCount() {
    absl::MutexLock lock(&mu_);
    return static_cast<int>(runs_.size());
  }

  absl::StatusOr<store::SchoolLocation> FindSchool(int64_t id) override {
    absl::MutexLock lock(&mu_);
    for (const auto& [sid, s] : students_) {
      if (s.school_id == id) return store::SchoolLocation{id, s.village_code};
    }
    return absl::NotFoundError(absl::StrCat("no school ", id));
  }

  absl::StatusOr<store::RunRecord> FindOrCreateRun(
      const store::RunScope& scope, absl::CivilDay as_of,
      const std::string& version, const std::string& by) override {
    absl::MutexLock lock(&mu_);
    const std::string code = scope.area ? scope.area->division_code : "";
    for (const auto& [id, run] : runs_) {
      if (run.area_code == code && run.school_id == scope.school_id &&
          run.as_of == as_of && run.model_version == version) {
        return run;
      }
    }
    store::RunRecord run;
    run.run_id = static_cast<int64_t>(runs_.size()) + 1;
    run.area_code = code;
    run.school_id = scope.school_id;
    run.scope_code = code;
    run.as_of = as_of;
    run.model_version = version;
    run.requested_by = by;
    for (const auto& [sid, s] : students_) {
      run.students_total += InScope(run, s);
    }
    runs_[run.run_id] = run;
    return run;
  }

  absl::StatusOr<std::unique_ptr<store::RunExecution>> Execute(
      int64_t run_id) override {
    absl::MutexLock lock(&mu_);
    if (!runs_.count(run_id)) return absl::NotFoundError("no run");
    if (!locked_.insert(run_id).second) {
      return absl::AbortedError(
          absl::StrCat("run ", run_id, " is in progress"));
    }
    return std::unique_ptr<store::RunExecution>(new Execution(this, run_id));
  }

  absl::StatusOr<store::RunRecord> GetRun(int64_t run_id) override {
    absl::MutexLock lock(&mu_);
    auto it = runs_.find(run_id);
    if (it == runs_.end()) return absl::NotFoundError("no run");
    return AsRead(it->second);
  }

  absl::StatusOr<std::vector<store::RunRecord>> ListInterruptedRuns(
      absl::Duration, int limit) override {
    absl::MutexLock lock(&mu_);
    std::vector<store::RunRecord> runs;
    for (const auto& [id, run] : runs_) {
      const store::RunRecord read = AsRead(run);
      if (read.status == store::RunStatus::kInterrupted &&
          static_cast<int>(runs.size()) < limit) {
        runs.push_back(read);
      }
    }
    return runs;
  }

  // Every later AppendScores returns `status` (OK again to stop).
  void FailAppendsWith(absl::Status status) {
    absl::MutexLock lock(&mu_);
    append_error_ = std::move(status);
  }

  absl::StatusOr<std::vector<store::RunRecord>> ListRuns(const store::Area& in,
                                                         int limit) override {
    absl::MutexLock lock(&mu_);
    std::vector<store::RunRecord> runs;
    for (auto it = runs_.rbegin(); it != runs_.rend(); ++it) {
      if (static_cast<int>(runs.size()) < limit &&
          store::AreaContainsVillage(in, it->second.scope_code)) {
        runs.push_back(AsRead(it->second));
      }
    }
    return runs;
  }

 private:
  // As the PostgreSQL store reads it: 'running' without a holder is
  // interrupted.
  store::RunRecord AsRead(store::RunRecord run) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (run.status == store::RunStatus::kRunning &&
        !locked_.count(run.run_id)) {
      run.status = store::RunStatus::kInterrupted;
    }
    return run;
  }

  static bool InScope(const store::RunRecord& run, const Student& s) {
    if (run.school_id != 0) return s.school_id == run.school_id;
    const std::string& code = run.area_code;
    const size_t prefix = code.compare(6, 6, "000000") == 0 ? 6
                          : code.compare(9, 3, "000") == 0  ? 9
                                                            : 12;
    return s.village_code.compare(0, prefix, code, 0, prefix) == 0;
  }

  class Cursor : public store::FeatureCursor {
   public:
    explicit Cursor(std::vector<std::pair<int64_t, Eigen::RowVectorXd>> rows)
        : rows_(std::move(rows)) {}
    absl::StatusOr<bool> Next(store::FeatureChunk* chunk) override {
      chunk->student_ids.clear();
      while (next_ < rows_.size() && chunk->size() < chunk->values.rows()) {
        chunk->values.row(chunk->size()) = rows_[next_].second;
        chunk->student_ids.push_back(rows_[next_].first);
        ++next_;
      }
      return chunk->size() > 0;
    }

   private:
    std::vector<std::pair<int64_t, Eigen::RowVectorXd>> rows_;
    size_t next_ = 0;
  };

  class Execution : public store::RunExecution {
   public:
    Execution(FakeRiskRunStore* store, int64_t run_id)
        : store_(store), run_id_(run_id) {}
    ~Execution() override {
      absl::MutexLock lock(&store_->mu_);
      store_->locked_.erase(run_id_);
    }
    absl::StatusOr<store::RunRecord> Load() override {
      absl::MutexLock lock(&store_->mu_);
      return Run();
    }
    absl::Status Restart() override {
      absl::MutexLock lock(&store_->mu_);
      Run().status = store::RunStatus::kRunning;
      Run().error.clear();
      return absl::OkStatus();
    }
    absl::StatusOr<std::unique_ptr<store::FeatureCursor>> ReadFeatures(
        std::optional<int64_t> after) override {
      absl::MutexLock lock(&store_->mu_);
      std::vector<std::pair<int64_t, Eigen::RowVectorXd>> rows;
      for (const auto& [id, s] : store_->students_) {
        if ((!after || id > *after) && InScope(Run(), s)) {
          rows.emplace_back(id, s.features);
        }
      }
      return std::unique_ptr<store::FeatureCursor>(new Cursor(std::move(rows)));
    }
    absl::Status AppendScores(const store::ScoredChunk& chunk) override {
      absl::MutexLock lock(&store_->mu_);
      if (!store_->append_error_.ok()) return store_->append_error_;
      std::map<int64_t, double>& scores = store_->scores_[run_id_];
      for (int64_t i = 0; i < chunk.size(); ++i) {
        if (!scores.emplace(chunk.student_ids[i], chunk.probabilities[i])
                 .second) {
          return absl::AlreadyExistsError("duplicate score");
        }
        Run().students_medium += chunk.tiers[i] == store::ScoreTier::kMedium;
        Run().students_high += chunk.tiers[i] == store::ScoreTier::kHigh;
      }
      Run().students_scored += chunk.size();
      Run().last_student_id = chunk.student_ids.back();
      return absl::OkStatus();
    }
    absl::Status MarkScoresComplete() override {
      absl::MutexLock lock(&store_->mu_);
      Run().scores_complete = true;
      return absl::OkStatus();
    }
    absl::Status Succeed(int64_t cases) override {
      absl::MutexLock lock(&store_->mu_);
      Run().status = store::RunStatus::kSucceeded;
      Run().cases_opened = cases;
      return absl::OkStatus();
    }
    absl::Status Fail(absl::string_view error) override {
      absl::MutexLock lock(&store_->mu_);
      Run().status = store::RunStatus::kFailed;
      Run().error = std::string(error);
      return absl::OkStatus();
    }
    absl::Status Interrupt(absl::string_view reason) override {
      absl::MutexLock lock(&store_->mu_);
      Run().error = absl::StrCat("interrupted: ", reason);
      return absl::OkStatus();
    }

   private:
    store::RunRecord& Run() ABSL_EXCLUSIVE_LOCKS_REQUIRED(store_->mu_) {
      return store_->runs_[run_id_];
    }
    FakeRiskRunStore* store_;
    int64_t run_id_;
  };

  absl::Mutex mu_;
  std::map<int64_t, Student> students_ ABSL_GUARDED_BY(mu_);
  std::map<int64_t, store::RunRecord> runs_ ABSL_GUARDED_BY(mu_);
  std::map<int64_t, std::map<int64_t, double>> scores_ ABSL_GUARDED_BY(mu_);
  std::set<int64_t> locked_ ABSL_GUARDED_BY(mu_);
  absl::Status append_error_ ABSL_GUARDED_BY(mu_);
};

}  // namespace baoxue::testing

#endif  // BAOXUE_TESTS_RUNS_FAKE_RISK_RUN_STORE_H_
