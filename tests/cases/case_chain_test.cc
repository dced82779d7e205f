// CaseChain: the six-heads rules, decided without a database. Each test is
// one rule of docs/cases.md.
#include "server/core/case_chain.h"

#include <optional>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace baoxue::core {
namespace {

using ::baoxue::testing::IsOk;
using ::baoxue::testing::StatusIs;
using domain::CaseKind;
using domain::CaseMessageKind;
using domain::ChainRole;
using domain::OpenReason;
using domain::RiskTier;
using store::CaseRecipient;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

const absl::Time kStart =
    absl::FromUnixSeconds(1795161600);  // 2026-11-20 08:00 UTC

CaseChain DefaultChain() {
  absl::StatusOr<CaseChain> chain = CaseChain::Create({});
  EXPECT_THAT(chain.status(), IsOk());
  return *chain;
}

TEST(CaseChainTest, HighTierScoreOpensCase) {
  EXPECT_EQ(DefaultChain().OpenReasonFor(RiskTier::kHigh, 0.8, std::nullopt),
            OpenReason::kHighTier);
  // High tier is the reason even when the score also rose sharply.
  EXPECT_EQ(DefaultChain().OpenReasonFor(RiskTier::kHigh, 0.8, 0.1),
            OpenReason::kHighTier);
}

TEST(CaseChainTest, SharpRiseOpensCaseBelowHighTier) {
  const CaseChain chain = DefaultChain();  // rise threshold 0.15
  EXPECT_EQ(chain.OpenReasonFor(RiskTier::kMedium, 0.45, 0.30),
            OpenReason::kRiskRise);
  EXPECT_EQ(chain.OpenReasonFor(RiskTier::kMedium, 0.44, 0.30), std::nullopt);
  // A first score has nothing to rise from.
  EXPECT_EQ(chain.OpenReasonFor(RiskTier::kMedium, 0.45, std::nullopt),
            std::nullopt);
}

TEST(CaseChainTest, RiseThresholdComesFromThePolicy) {
  baoxue::v1::CasePolicyConfig policy;
  policy.set_rise_threshold(0.3);
  absl::StatusOr<CaseChain> chain = CaseChain::Create(policy);
  ASSERT_THAT(chain.status(), IsOk());
  EXPECT_EQ(chain->OpenReasonFor(RiskTier::kLow, 0.45, 0.2), std::nullopt);
  EXPECT_EQ(chain->OpenReasonFor(RiskTier::kLow, 0.5, 0.2),
            OpenReason::kRiskRise);
  EXPECT_DOUBLE_EQ(chain->StoreRules().rise_threshold, 0.3);
}

TEST(CaseChainTest, AnInvalidPolicyNamesItsField) {
  baoxue::v1::CasePolicyConfig policy;
  policy.add_levels()->set_role("PRINCIPLE");
  EXPECT_THAT(CaseChain::Create(policy).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("cases.levels[0].role")));
}

TEST(CaseChainTest, NewScoresJoinAnOpenCaseFlaggedOrNot) {
  const CaseChain chain = DefaultChain();
  EXPECT_EQ(chain.OpeningAction(/*flagged=*/false, /*has_open_case=*/true,
                                /*has_closed_case=*/false),
            CaseOpeningAction::kAttach);
  EXPECT_EQ(chain.OpeningAction(true, true, true), CaseOpeningAction::kAttach);
  EXPECT_EQ(chain.OpeningAction(false, false, true), CaseOpeningAction::kNone);
}

TEST(CaseChainTest, FlaggedStudentGetsANewCaseOrTheirLatestClosedOneReopens) {
  const CaseChain chain = DefaultChain();
  EXPECT_EQ(chain.OpeningAction(true, false, false), CaseOpeningAction::kOpen);
  EXPECT_EQ(chain.OpeningAction(true, false, true), CaseOpeningAction::kReopen);
  EXPECT_TRUE(chain.StoreRules().reopen_closed_case);
}

TEST(CaseChainTest, DropoutRiskCaseOpensAtTheHeadTeacher) {
  const CaseChain chain = DefaultChain();
  EXPECT_EQ(chain.RunCaseKind(), CaseKind::kDropoutRisk);
  EXPECT_EQ(chain.OpeningLevel(CaseKind::kDropoutRisk), 1);
  EXPECT_EQ(chain.OpeningRole(CaseKind::kDropoutRisk), ChainRole::kTeacher);
  EXPECT_THAT(chain.Recipients(CaseKind::kDropoutRisk, CaseStep::kOpened),
              ElementsAre(CaseRecipient{1, CaseMessageKind::kAssigned}));
  EXPECT_THAT(chain.Recipients(CaseKind::kDropoutRisk, CaseStep::kReopened),
              ElementsAre(CaseRecipient{1, CaseMessageKind::kReopened}));
}

TEST(CaseChainTest, VerificationTaskIsAssignedWhereItsComparisonOpensIt) {
  const CaseChain chain = DefaultChain();
  EXPECT_THAT(chain.Recipients(CaseKind::kVerification, CaseStep::kOpened),
              ElementsAre(CaseRecipient{5, CaseMessageKind::kAssigned}));
  EXPECT_THAT(chain.Recipients(CaseKind::kVerification, CaseStep::kOpened,
                               *chain.TaskOpeningLevel(
                                   domain::CheckComparison::kRollVsAttendance)),
              ElementsAre(CaseRecipient{1, CaseMessageKind::kAssigned}));
}

TEST(CaseChainTest, UnacknowledgedCaseEscalatesToThePrincipalAfterDeadline) {
  const CaseChain chain = DefaultChain();
  const CaseDeadlines teacher = chain.DeadlinesAt(1, kStart);
  EXPECT_EQ(CaseChain::Overdue(teacher, /*acknowledged=*/false,
                               kStart + absl::Hours(23)),
            std::nullopt);
  EXPECT_EQ(CaseChain::Overdue(teacher, false, kStart + absl::Hours(24)),
            OverdueReason::kNotAcknowledged);
  EXPECT_EQ(chain.NextLevel(1), 2);
  EXPECT_EQ(domain::RoleAtLevel(*chain.NextLevel(1)), ChainRole::kPrincipal);
}

TEST(CaseChainTest, AcknowledgedCaseEscalatesWhenItIsNotResolvedInTime) {
  const CaseDeadlines teacher = DefaultChain().DeadlinesAt(1, kStart);
  EXPECT_EQ(CaseChain::Overdue(teacher, /*acknowledged=*/true,
                               kStart + absl::Hours(71)),
            std::nullopt);
  EXPECT_EQ(CaseChain::Overdue(teacher, true, kStart + absl::Hours(72)),
            OverdueReason::kNotResolved);
}

TEST(CaseChainTest, DeadlinesOfEachLevelComeFromThePolicy) {
  baoxue::v1::CasePolicyConfig policy;
  baoxue::v1::LevelDeadlines* village = policy.add_levels();
  village->set_role("VILLAGE_HEAD");
  village->set_ack_hours(12);
  village->set_resolve_hours(36);
  absl::StatusOr<CaseChain> chain = CaseChain::Create(policy);
  ASSERT_THAT(chain.status(), IsOk());
  const CaseDeadlines at_village = chain->DeadlinesAt(5, kStart);
  EXPECT_EQ(at_village.acknowledge, kStart + absl::Hours(12));
  EXPECT_EQ(at_village.resolve, kStart + absl::Hours(36));
  // Levels not listed keep their defaults (TOWNSHIP_HEAD 72 h / 336 h).
  const CaseDeadlines at_township = chain->DeadlinesAt(6, kStart);
  EXPECT_EQ(at_township.acknowledge, kStart + absl::Hours(72));
  EXPECT_EQ(at_township.resolve, kStart + absl::Hours(336));
  const store::CaseRules rules = chain->StoreRules();
  EXPECT_EQ(rules.ack_within[4], absl::Hours(12));
  EXPECT_EQ(rules.resolve_within[5], absl::Hours(336));
}

TEST(CaseChainTest, CasesClimbOneLevelAtATimeAndStayAtTheTownshipHead) {
  const CaseChain chain = DefaultChain();
  for (int level = 1; level < 6; ++level) {
    EXPECT_EQ(chain.NextLevel(level), level + 1) << "level " << level;
  }
  EXPECT_EQ(chain.NextLevel(6), std::nullopt);
  EXPECT_EQ(chain.LastLevel(), 6);
  EXPECT_EQ(domain::RoleAtLevel(chain.LastLevel()), ChainRole::kTownshipHead);
}

TEST(CaseChainTest, OverdueCaseAtTheLastLevelIsRemindedEveryInterval) {
  baoxue::v1::CasePolicyConfig policy;
  policy.set_reminder_interval_hours(12);
  absl::StatusOr<CaseChain> chain = CaseChain::Create(policy);
  ASSERT_THAT(chain.status(), IsOk());
  EXPECT_EQ(chain->ReminderInterval(), absl::Hours(12));
  EXPECT_THAT(chain->Recipients(CaseKind::kDropoutRisk, CaseStep::kReminded, 6),
              ElementsAre(CaseRecipient{6, CaseMessageKind::kOverdueReminder}));
  const store::CaseRules rules = chain->StoreRules();
  EXPECT_EQ(rules.last_level, 6);
  EXPECT_EQ(rules.next_level[5], 0);
  EXPECT_EQ(rules.reminder_interval, absl::Hours(12));
}

TEST(CaseChainTest, EscalationTellsTheNewLevelAndInformsEveryEarlierLevel) {
  EXPECT_THAT(DefaultChain().Recipients(CaseKind::kDropoutRisk,
                                        CaseStep::kEscalated, 3),
              ElementsAre(CaseRecipient{1, CaseMessageKind::kInformed},
                          CaseRecipient{2, CaseMessageKind::kInformed},
                          CaseRecipient{3, CaseMessageKind::kInformed},
                          CaseRecipient{4, CaseMessageKind::kEscalated}));
  // Nothing escalates past the last level.
  EXPECT_THAT(DefaultChain().Recipients(CaseKind::kDropoutRisk,
                                        CaseStep::kEscalated, 6),
              ::testing::IsEmpty());
}

TEST(CaseChainTest, EveryLevelThatHeldTheCaseHearsItWasResolved) {
  EXPECT_THAT(
      DefaultChain().Recipients(CaseKind::kDropoutRisk, CaseStep::kResolved, 2),
      ElementsAre(CaseRecipient{1, CaseMessageKind::kResolved},
                  CaseRecipient{2, CaseMessageKind::kResolved}));
  EXPECT_THAT(
      DefaultChain().Recipients(CaseKind::kDropoutRisk, CaseStep::kResolved, 1),
      ElementsAre(CaseRecipient{1, CaseMessageKind::kResolved}));
}

TEST(CaseChainTest, DropoutRiskCasesCloseWithEveryDropoutOutcome) {
  const CaseChain chain = DefaultChain();
  for (domain::CaseOutcome outcome :
       {domain::CaseOutcome::kReturned, domain::CaseOutcome::kTransferred,
        domain::CaseOutcome::kHomeDelivery, domain::CaseOutcome::kNotAtRisk,
        domain::CaseOutcome::kMovedOut}) {
    EXPECT_TRUE(chain.AllowsOutcome(CaseKind::kDropoutRisk, outcome))
        << domain::Code(outcome);
  }
  EXPECT_FALSE(chain.AllowsOutcome(CaseKind::kDropoutRisk,
                                   domain::CaseOutcome::kConfirmedOut));
}

// Every outcome closes exactly one of the two kinds, except 送教上门 which
// closes both (a dropout case and a verification task alike).
TEST(CaseChainTest, VerificationTasksCloseWithTheCountiesReportReasons) {
  const CaseChain chain = DefaultChain();
  for (const auto& term : domain::Vocabulary<domain::CaseOutcome>::kTerms) {
    const bool dropout =
        chain.AllowsOutcome(CaseKind::kDropoutRisk, term.value);
    const bool task = chain.AllowsOutcome(CaseKind::kVerification, term.value);
    if (term.value == domain::CaseOutcome::kHomeDelivery) {
      EXPECT_TRUE(dropout && task);
    } else {
      EXPECT_NE(dropout, task) << term.code;
    }
  }
  EXPECT_FALSE(chain.AllowsOutcome(CaseKind::kVerification,
                                   domain::CaseOutcome::kReturned));
}

TEST(CaseChainTest, ConfirmedOutOfSchoolOpensADropoutCase) {
  const CaseChain chain = DefaultChain();
  EXPECT_EQ(chain.FollowUpKind(CaseKind::kVerification,
                               domain::CaseOutcome::kConfirmedOut),
            CaseKind::kDropoutRisk);
  EXPECT_EQ(chain.FollowUpKind(CaseKind::kVerification,
                               domain::CaseOutcome::kInSchoolWithXueji),
            std::nullopt);
  EXPECT_EQ(chain.FollowUpKind(CaseKind::kDropoutRisk,
                               domain::CaseOutcome::kReturned),
            std::nullopt);
  const store::CaseRules rules = chain.StoreRules();
  EXPECT_EQ(rules.Of(CaseKind::kVerification).follow_up_outcome,
            domain::CaseOutcome::kConfirmedOut);
}

TEST(CaseChainTest,
     RegistrationSuspectsOpenAtTheVillageHeadAbsenteesAtTheTeacher) {
  const CaseChain chain = DefaultChain();
  EXPECT_EQ(
      chain.TaskOpeningLevel(domain::CheckComparison::kRegistrationVsRoll), 5);
  EXPECT_EQ(chain.TaskOpeningLevel(domain::CheckComparison::kRollVsAttendance),
            1);
  EXPECT_EQ(chain.TaskOpeningLevel(domain::CheckComparison::kDropoutsVsPoverty),
            std::nullopt);
  const store::CaseRules rules = chain.StoreRules();
  EXPECT_EQ(rules.task_opening_level[0], 5);
  EXPECT_EQ(rules.task_opening_level[1], 1);
  EXPECT_EQ(rules.task_opening_level[2], 0);
}

TEST(CaseChainTest, HighIsTheOnlyTierThatOpensWhateverTheHistory) {
  const store::CaseRules rules = DefaultChain().StoreRules();
  EXPECT_THAT(rules.opening_tiers, ElementsAre(RiskTier::kHigh));
  EXPECT_EQ(rules.tier_reason, OpenReason::kHighTier);
  EXPECT_EQ(rules.rise_reason, OpenReason::kRiskRise);
  EXPECT_EQ(DefaultChain().OpenReasonFor(RiskTier::kMedium, 0.5, 0.5),
            std::nullopt);
}

// The store's plain data answers exactly what the chain answers, for every
// kind and level, so the SQL carries out the chain and nothing else.
TEST(CaseChainTest, StoreRulesTabulateEveryDecisionOfTheChain) {
  const CaseChain chain = DefaultChain();
  const store::CaseRules rules = chain.StoreRules();
  EXPECT_EQ(rules.run_case_kind, chain.RunCaseKind());
  for (const auto& term : domain::Vocabulary<CaseKind>::kTerms) {
    const CaseKind kind = term.value;
    const store::CaseKindRules& plan = rules.Of(kind);
    EXPECT_EQ(plan.opening_level, chain.OpeningLevel(kind)) << term.code;
    EXPECT_EQ(plan.on_opened, chain.Recipients(kind, CaseStep::kOpened));
    EXPECT_EQ(plan.on_reopened, chain.Recipients(kind, CaseStep::kReopened));
    for (int level = 1; level <= domain::kChainLevels; ++level) {
      EXPECT_EQ(rules.next_level[level - 1],
                chain.NextLevel(level).value_or(0));
      EXPECT_EQ(plan.on_escalated_from[level - 1],
                chain.Recipients(kind, CaseStep::kEscalated, level));
      EXPECT_EQ(plan.on_reminded_at[level - 1],
                chain.Recipients(kind, CaseStep::kReminded, level));
      EXPECT_EQ(plan.on_resolved_at[level - 1],
                chain.Recipients(kind, CaseStep::kResolved, level));
    }
  }
}

TEST(CaseChainTest, EveryCaseKindHasANameTableEntry) {
  for (const auto& term : domain::Vocabulary<CaseKind>::kTerms) {
    EXPECT_EQ(domain::Parse<CaseKind>(domain::Code(term.value)), term.value);
    EXPECT_FALSE(term.zh.empty());
  }
  EXPECT_EQ(domain::Code(CaseKind::kDropoutRisk), "dropout_risk");
}

}  // namespace
}  // namespace baoxue::core
