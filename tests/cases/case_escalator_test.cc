// CaseEscalator: sweeps at the clock's time until nothing more is due.
#include "server/core/case_escalator.h"

#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/fake_clock.h"
#include "tests/testing/status_matchers.h"

namespace baoxue::core {
namespace {

using ::baoxue::testing::IsOk;
using ::baoxue::testing::StatusIs;

// Answers EscalateDue from a script of sweeps; records the times asked for.
class ScriptedCaseStore : public store::CaseStore {
 public:
  explicit ScriptedCaseStore(
      std::vector<absl::StatusOr<store::EscalationSweep>> script)
      : script_(std::move(script)) {}

  absl::StatusOr<store::EscalationSweep> EscalateDue(absl::Time now,
                                                     int limit) override {
    asked_at.push_back(now);
    limit_ = limit;
    if (next_ >= script_.size()) return store::EscalationSweep{};
    return script_[next_++];
  }
  absl::StatusOr<store::CaseOpening> OpenCasesFromRun(int64_t,
                                                      absl::Time) override {
    return absl::UnimplementedError("unused");
  }
  absl::StatusOr<std::string> CaseVillage(int64_t) override {
    return absl::UnimplementedError("unused");
  }
  absl::StatusOr<store::CasePage> ListCases(const store::CaseFilter&) override {
    return absl::UnimplementedError("unused");
  }
  absl::StatusOr<store::CaseDetail> GetCase(int64_t, absl::Time) override {
    return absl::UnimplementedError("unused");
  }
  absl::Status Acknowledge(int64_t, const std::string&, const store::Actor&,
                           absl::Time) override {
    return absl::UnimplementedError("unused");
  }
  absl::Status RecordAction(int64_t, store::CaseEventKind, const std::string&,
                            const store::CaseRecordFacts&, const store::Actor&,
                            absl::Time) override {
    return absl::UnimplementedError("unused");
  }
  absl::Status Resolve(int64_t, store::CaseOutcome, const std::string&,
                       const store::CaseRecordFacts&, const store::Actor&,
                       absl::Time) override {
    return absl::UnimplementedError("unused");
  }
  absl::StatusOr<int64_t> AddAttachment(const store::CaseAttachment&,
                                        const store::Actor&,
                                        absl::Time) override {
    return absl::UnimplementedError("unused");
  }
  absl::StatusOr<store::CaseAttachment> GetAttachment(int64_t,
                                                      int64_t) override {
    return absl::UnimplementedError("unused");
  }
  absl::Status Reopen(int64_t, const std::string&, const store::Actor&,
                      absl::Time) override {
    return absl::UnimplementedError("unused");
  }
  absl::StatusOr<std::vector<store::CaseEvent>> EventsAfter(int64_t,
                                                            const std::string&,
                                                            int) override {
    return absl::UnimplementedError("unused");
  }
  absl::StatusOr<int64_t> LatestEventId() override {
    return absl::UnimplementedError("unused");
  }
  absl::StatusOr<store::Ledger> GetLedger(const std::string&,
                                          std::optional<int64_t>, absl::Time,
                                          absl::CivilDay,
                                          absl::CivilDay) override {
    return absl::UnimplementedError("unused");
  }

  std::vector<absl::Time> asked_at;
  int limit_ = 0;

 private:
  std::vector<absl::StatusOr<store::EscalationSweep>> script_;
  size_t next_ = 0;
};

TEST(CaseEscalatorTest, SweepsInBatchesUntilABatchIsNotFull) {
  ScriptedCaseStore cases({store::EscalationSweep{150, 50, 400},
                           store::EscalationSweep{200, 0, 400},
                           store::EscalationSweep{3, 1, 7}});
  testing::FakeClock clock(testing::TestNow());
  CaseEscalator escalator(&cases, &clock, absl::Minutes(1));
  absl::StatusOr<store::EscalationSweep> sweep = escalator.RunOnce();
  ASSERT_THAT(sweep.status(), IsOk());
  EXPECT_EQ(sweep->escalated, 353);
  EXPECT_EQ(sweep->reminded, 51);
  EXPECT_EQ(sweep->messages, 807);
  ASSERT_EQ(cases.asked_at.size(), 3u);
  for (absl::Time at : cases.asked_at) EXPECT_EQ(at, testing::TestNow());
  EXPECT_EQ(cases.limit_, 200);
}

TEST(CaseEscalatorTest, UsesTheClocksTimeAndStopsOnAnError) {
  ScriptedCaseStore cases({absl::UnavailableError("database down"),
                           store::EscalationSweep{1, 0, 2}});
  testing::FakeClock clock(testing::TestNow());
  clock.Advance(absl::Hours(25));
  CaseEscalator escalator(&cases, &clock, absl::Minutes(1));
  EXPECT_THAT(escalator.RunOnce().status(),
              StatusIs(absl::StatusCode::kUnavailable));
  absl::StatusOr<store::EscalationSweep> sweep = escalator.RunOnce();
  ASSERT_THAT(sweep.status(), IsOk());
  EXPECT_EQ(sweep->escalated, 1);
  EXPECT_EQ(cases.asked_at.back(), testing::TestNow() + absl::Hours(25));
}

TEST(CaseEscalatorTest, TheBackgroundThreadStopsPromptly) {
  ScriptedCaseStore cases({});
  testing::FakeClock clock(testing::TestNow());
  CaseEscalator escalator(&cases, &clock, absl::Hours(1));
  escalator.Start();
  const absl::Time start = absl::Now();
  escalator.Stop();
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
  EXPECT_GE(cases.asked_at.size(), 1u);
}

}  // namespace
}  // namespace baoxue::core
