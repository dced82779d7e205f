#ifndef BAOXUE_DOMAIN_VOCABULARY_H_
#define BAOXUE_DOMAIN_VOCABULARY_H_

// The product's one vocabulary: every domain enum with its single name table
// (stable code, Chinese label, English label). The code is what PostgreSQL
// stores and the wire carries ("home_visit", "TEACHER"); the labels are what
// people read on the page, in Excel, in the CLI and in pushes. Add a value
// here and every presenter knows its words.
//
//   domain::Code(domain::ChainRole::kTeacher)              -> "TEACHER"
//   domain::Parse<domain::CaseOutcome>("returned")         -> kReturned
//   domain::Label(domain::RiskTier::kHigh, Language::kZh)  -> "高"
//
// Pure data: no I/O, thread-safe.

#include <cstdint>
#include <optional>

#include "absl/strings/string_view.h"

namespace baoxue::domain {

enum class Language { kZh, kEn };

template <typename Enum>
struct Term {
  Enum value;
  absl::string_view code;
  absl::string_view zh;
  absl::string_view en;
};

// Specialised once per enum below: `static constexpr Term<Enum> kTerms[]`.
template <typename Enum>
struct Vocabulary;

// The risk tier of a score.
enum class RiskTier : uint8_t { kLow, kMedium, kHigh };
template <>
struct Vocabulary<RiskTier> {
  static constexpr Term<RiskTier> kTerms[] = {
      {RiskTier::kLow, "low", "低", "low"},
      {RiskTier::kMedium, "medium", "中", "medium"},
      {RiskTier::kHigh, "high", "高", "high"},
  };
};

// How a student's probability moved since the scope's previous run: "same"
// when the change is below one percentage point, "new" without a previous
// score.
enum class RiskTrend : uint8_t { kUp, kDown, kSame, kNew };
template <>
struct Vocabulary<RiskTrend> {
  static constexpr Term<RiskTrend> kTerms[] = {
      {RiskTrend::kUp, "up", "上升", "up"},
      {RiskTrend::kDown, "down", "下降", "down"},
      {RiskTrend::kSame, "same", "持平", "same"},
      {RiskTrend::kNew, "new", "新", "new"},
  };
};

// The six heads (六长) in escalation order: level n is the n-th value.
enum class ChainRole {
  kTeacher,
  kPrincipal,
  kParent,
  kGroupHead,
  kVillageHead,
  kTownshipHead,
};
inline constexpr int kChainLevels = 6;
template <>
struct Vocabulary<ChainRole> {
  static constexpr Term<ChainRole> kTerms[] = {
      {ChainRole::kTeacher, "TEACHER", "师长", "head teacher"},
      {ChainRole::kPrincipal, "PRINCIPAL", "校长", "principal"},
      {ChainRole::kParent, "PARENT", "家长", "parent"},
      {ChainRole::kGroupHead, "GROUP_HEAD", "组长", "group head"},
      {ChainRole::kVillageHead, "VILLAGE_HEAD", "村长", "village head"},
      {ChainRole::kTownshipHead, "TOWNSHIP_HEAD", "镇长", "township head"},
  };
};
// The role holding level `level` (1..kChainLevels); nullopt outside.
std::optional<ChainRole> RoleAtLevel(int level);
// 1..kChainLevels.
int LevelOf(ChainRole role);

enum class CaseStatus { kOpen, kClosed };
template <>
struct Vocabulary<CaseStatus> {
  static constexpr Term<CaseStatus> kTerms[] = {
      {CaseStatus::kOpen, "open", "在办", "open"},
      {CaseStatus::kClosed, "closed", "已办结", "closed"},
  };
};

// How a case ended (SQL enum baoxue.case_outcome). The first five close
// dropout-risk cases; kHomeDelivery and the rest close verification tasks
// (核查任务), the reasons counties report for a 四查三比对 suspect.
// core::CaseChain says which kind may close with which outcome.
enum class CaseOutcome {
  kReturned,
  kTransferred,
  kHomeDelivery,
  kNotAtRisk,
  kMovedOut,
  kDeceased,
  kEmptyRegistration,
  kDualRegistration,
  kWrongIdentity,
  kNoSuchPerson,
  kInSchoolWithXueji,
  kInProvinceWithoutXueji,
  kOutsideProvince,
  kOverAge,
  kAbroad,
  kMovedUnreachable,
  kConfirmedOut,
};
template <>
struct Vocabulary<CaseOutcome> {
  static constexpr Term<CaseOutcome> kTerms[] = {
      {CaseOutcome::kReturned, "returned", "已复学", "returned to school"},
      {CaseOutcome::kTransferred, "transferred", "已转学", "transferred"},
      {CaseOutcome::kHomeDelivery, "home_delivery", "送教上门",
       "education delivered at home"},
      {CaseOutcome::kNotAtRisk, "not_at_risk", "经核查无辍学风险",
       "not at risk after review"},
      {CaseOutcome::kMovedOut, "moved_out", "已迁出本县（已核实）",
       "moved out of the county (verified)"},
      {CaseOutcome::kDeceased, "deceased", "死亡", "deceased"},
      {CaseOutcome::kEmptyRegistration, "empty_registration", "空挂户",
       "empty registration"},
      {CaseOutcome::kDualRegistration, "dual_registration", "重复户籍",
       "dual registration"},
      {CaseOutcome::kWrongIdentity, "wrong_identity", "身份信息错误",
       "wrong ID number or name"},
      {CaseOutcome::kNoSuchPerson, "no_such_person", "查无此人",
       "no such person"},
      {CaseOutcome::kInSchoolWithXueji, "in_school_with_xueji", "已在校有学籍",
       "in school with student registration"},
      {CaseOutcome::kInProvinceWithoutXueji, "in_province_without_xueji",
       "省内在校无学籍", "in school in the province without registration"},
      {CaseOutcome::kOutsideProvince, "outside_province", "省外就读",
       "in school outside the province"},
      {CaseOutcome::kOverAge, "over_age", "超龄",
       "over compulsory-education age"},
      {CaseOutcome::kAbroad, "abroad", "出国（境）", "abroad"},
      {CaseOutcome::kMovedUnreachable, "moved_unreachable", "迁出失联",
       "moved away, unreachable"},
      {CaseOutcome::kConfirmedOut, "confirmed_out", "确认失学辍学",
       "confirmed out of school"},
  };
};

// What happened in a case (SQL enum baoxue.case_event_kind): the first six
// are what people do, the rest what the chain records itself.
enum class CaseEventKind {
  kCall,
  kHomeVisit,
  kAidReferral,
  kCommitmentSigned,
  kReturnNotice,
  kNote,
  kEscalated,
  kAcknowledged,
  kResolved,
  kReopened,
  kOpened,
  kReminded,
  kScoreAttached,
  kAssigned,  // an official named who is in charge at the current level
};
template <>
struct Vocabulary<CaseEventKind> {
  static constexpr Term<CaseEventKind> kTerms[] = {
      {CaseEventKind::kCall, "call", "电话联系", "phone call"},
      {CaseEventKind::kHomeVisit, "home_visit", "家访", "home visit"},
      {CaseEventKind::kAidReferral, "aid_referral", "资助帮扶", "aid referral"},
      {CaseEventKind::kCommitmentSigned, "commitment_signed", "签订承诺书",
       "commitment signed"},
      {CaseEventKind::kReturnNotice, "return_notice", "发出复学通知",
       "return-to-school notice"},
      {CaseEventKind::kNote, "note", "备注", "note"},
      {CaseEventKind::kEscalated, "escalated", "升级", "escalated"},
      {CaseEventKind::kAcknowledged, "acknowledged", "确认接收",
       "acknowledged"},
      {CaseEventKind::kResolved, "resolved", "办结", "closed"},
      {CaseEventKind::kReopened, "reopened", "重新开启", "reopened"},
      {CaseEventKind::kOpened, "opened", "立案", "opened"},
      {CaseEventKind::kReminded, "reminded", "逾期提醒", "overdue reminder"},
      {CaseEventKind::kScoreAttached, "score_attached", "风险评分更新",
       "new score"},
      {CaseEventKind::kAssigned, "assigned", "指派责任人",
       "person in charge named"},
  };
};
// True for what a person does in a case (call ... note).
bool IsActionKind(CaseEventKind kind);

// What a pushed message about a case says happened.
enum class CaseMessageKind {
  kAssigned,
  kEscalated,
  kInformed,
  kOverdueReminder,
  kReopened,
  kResolved,
};
template <>
struct Vocabulary<CaseMessageKind> {
  static constexpr Term<CaseMessageKind> kTerms[] = {
      {CaseMessageKind::kAssigned, "assigned", "新的控辍保学预警",
       "new dropout-risk case"},
      {CaseMessageKind::kEscalated, "escalated", "预警升级",
       "case escalated to you"},
      {CaseMessageKind::kInformed, "informed", "预警已升级（知会）",
       "case escalated (for information)"},
      {CaseMessageKind::kOverdueReminder, "overdue_reminder", "预警逾期提醒",
       "overdue case reminder"},
      {CaseMessageKind::kReopened, "reopened", "预警重新开启", "case reopened"},
      {CaseMessageKind::kResolved, "resolved", "预警已办结", "case closed"},
  };
};

// What a case is about (SQL enum baoxue.case_kind). Each kind walks the
// same six heads but may open at a different level and close with its own
// outcomes: core/case_chain.cc holds one row of rules per kind.
enum class CaseKind {
  kDropoutRisk,   // a risk run flagged the student (控辍保学预警)
  kVerification,  // a 四查三比对 suspect to verify (核查任务)
};
template <>
struct Vocabulary<CaseKind> {
  static constexpr Term<CaseKind> kTerms[] = {
      {CaseKind::kDropoutRisk, "dropout_risk", "控辍保学预警", "dropout risk"},
      {CaseKind::kVerification, "verification", "核查任务",
       "verification task"},
  };
};

// The comparisons of the 四查三比对 check (核查). The first two find
// suspects, each becoming a verification task; the third ranks known
// dropouts of poverty-alleviated households first.
enum class CheckComparison {
  kRegistrationVsRoll,  // 户籍 × 学籍: school-age, registered nowhere
  kRollVsAttendance,    // 学籍 × in school: 名在人不在
  kDropoutsVsPoverty,   // dropouts × poverty households
};
template <>
struct Vocabulary<CheckComparison> {
  static constexpr Term<CheckComparison> kTerms[] = {
      {CheckComparison::kRegistrationVsRoll, "registration_vs_roll",
       "户籍比学籍（疑似适龄失学）",
       "registration vs roll (suspected out of school)"},
      {CheckComparison::kRollVsAttendance, "roll_vs_attendance",
       "学籍比在校（疑似辍学）", "roll vs attendance (suspected dropout)"},
      {CheckComparison::kDropoutsVsPoverty, "dropouts_vs_poverty",
       "辍学比脱贫户", "dropouts of poverty-alleviated households"},
  };
};
inline constexpr int kCheckComparisons =
    static_cast<int>(sizeof(Vocabulary<CheckComparison>::kTerms) /
                     sizeof(Vocabulary<CheckComparison>::kTerms[0]));

// Why a verification task or a case was opened by the check (cases.
// opened_reason, next to OpenReason's codes).
enum class CheckReason {
  kNotOnRoll,          // registered (户籍), no 学籍 anywhere in the county
  kAbsentStreak,       // absent every one of the last N school days
  kMissingFromRoster,  // a full roster lacked the student
  kConfirmedOut,       // a verification task confirmed it: 劝返 case
};
template <>
struct Vocabulary<CheckReason> {
  static constexpr Term<CheckReason> kTerms[] = {
      {CheckReason::kNotOnRoll, "not_on_roll", "有户籍无学籍",
       "registered, no student registration"},
      {CheckReason::kAbsentStreak, "absent_streak", "连续缺勤",
       "absent consecutive school days"},
      {CheckReason::kMissingFromRoster, "missing_from_roster", "学籍名册缺失",
       "missing from the roster"},
      {CheckReason::kConfirmedOut, "confirmed_out", "核查确认失学辍学",
       "confirmed out of school by verification"},
  };
};

// What a report row without an outcome counts (CheckReportRow.outcome
// ""): tasks still open for comparisons 1 and 2, the dropouts now for
// comparison 3.
enum class CheckRowState { kBeingVerified, kDropoutsNow };
template <>
struct Vocabulary<CheckRowState> {
  static constexpr Term<CheckRowState> kTerms[] = {
      {CheckRowState::kBeingVerified, "being_verified", "核查中",
       "being verified"},
      {CheckRowState::kDropoutsNow, "dropouts_now", "在册辍学", "dropouts now"},
  };
};

// The key groups (重点群体) the 四查三比对 check counts, in the order of the
// Ministry's notice, then the poverty types. The first six come from the
// 学籍 roster (a 户籍 household's parents working away also makes a child
// left behind); the poverty types from the household (docs/checks.md).
enum class KeyGroup {
  kOrphan,
  kDeFactoUnsupported,
  kDisabled,
  kLeftBehind,
  kInDistress,
  kMigrantChild,
  kRegisteredPoor,
  kPovertyMonitoring,
  kSubsistenceAllowance,
  kExtremePoverty,
};
template <>
struct Vocabulary<KeyGroup> {
  static constexpr Term<KeyGroup> kTerms[] = {
      {KeyGroup::kOrphan, "orphan", "孤儿", "orphan"},
      {KeyGroup::kDeFactoUnsupported, "de_facto_unsupported", "事实无人抚养",
       "without de facto carers"},
      {KeyGroup::kDisabled, "disabled", "残疾", "disabled"},
      {KeyGroup::kLeftBehind, "left_behind", "留守", "left behind"},
      {KeyGroup::kInDistress, "in_distress", "困境儿童", "in distress"},
      {KeyGroup::kMigrantChild, "migrant_child", "随迁子女", "migrant child"},
      {KeyGroup::kRegisteredPoor, "registered_poor", "脱贫户",
       "poverty-alleviated household"},
      {KeyGroup::kPovertyMonitoring, "poverty_monitoring", "监测户",
       "monitored household"},
      {KeyGroup::kSubsistenceAllowance, "subsistence_allowance", "低保",
       "subsistence allowance"},
      {KeyGroup::kExtremePoverty, "extreme_poverty", "特困", "extreme poverty"},
  };
};
inline constexpr int kKeyGroups =
    static_cast<int>(sizeof(Vocabulary<KeyGroup>::kTerms) /
                     sizeof(Vocabulary<KeyGroup>::kTerms[0]));
inline constexpr int kCaseKinds =
    static_cast<int>(sizeof(Vocabulary<CaseKind>::kTerms) /
                     sizeof(Vocabulary<CaseKind>::kTerms[0]));

// Why a case was opened by a risk run.
enum class OpenReason { kHighTier, kRiskRise };
template <>
struct Vocabulary<OpenReason> {
  static constexpr Term<OpenReason> kTerms[] = {
      {OpenReason::kHighTier, "high_tier", "高风险", "high risk"},
      {OpenReason::kRiskRise, "risk_rise", "风险上升", "risk rising"},
  };
};

// What an API caller may do (SQL enum baoxue.caller_role). The three
// administrators split the duties (三权分立, docs/access.md): the system
// administrator ("admin", the former all-round administrator) runs tokens,
// accounts and configuration; the security administrator grants the
// administrator roles and clears sign-in lockouts; the audit administrator
// reads the audit only.
enum class CallerRole {
  kSystem,
  kOfficial,
  kDataStaff,
  kAdmin,
  kSecurityAdmin,
  kAuditAdmin
};
template <>
struct Vocabulary<CallerRole> {
  static constexpr Term<CallerRole> kTerms[] = {
      {CallerRole::kSystem, "system", "外部系统", "system"},
      {CallerRole::kOfficial, "official", "工作人员", "official"},
      {CallerRole::kDataStaff, "data_staff", "数据人员", "data staff"},
      {CallerRole::kAdmin, "admin", "系统管理员", "system administrator"},
      {CallerRole::kSecurityAdmin, "security_admin", "安全管理员",
       "security administrator"},
      {CallerRole::kAuditAdmin, "audit_admin", "审计管理员",
       "audit administrator"},
  };
};

// Who did something in a case, as a record names them beside their name:
// a web account by its kind, an API token by its role.
enum class ActorRole {
  kTownship,
  kPrincipal,
  kCounty,
  kOfficial,
  kDataStaff,
  kAdmin,
  kSystem,
};
template <>
struct Vocabulary<ActorRole> {
  static constexpr Term<ActorRole> kTerms[] = {
      {ActorRole::kTownship, "township", "乡镇干部", "township official"},
      {ActorRole::kPrincipal, "principal", "校长", "principal"},
      {ActorRole::kCounty, "county", "县教育局", "county education bureau"},
      {ActorRole::kOfficial, "official", "工作人员", "official"},
      {ActorRole::kDataStaff, "data_staff", "数据人员", "data staff"},
      {ActorRole::kAdmin, "admin", "管理员", "administrator"},
      {ActorRole::kSystem, "system", "系统", "system"},
  };
};

// Administrative level of an area; villager groups share their village's
// division code.
enum class AreaLevel { kCounty, kTownship, kVillage, kGroup };
template <>
struct Vocabulary<AreaLevel> {
  static constexpr Term<AreaLevel> kTerms[] = {
      {AreaLevel::kCounty, "county", "县", "county"},
      {AreaLevel::kTownship, "township", "乡镇", "township"},
      {AreaLevel::kVillage, "village", "村", "village"},
      {AreaLevel::kGroup, "group", "村民小组", "villager group"},
  };
};

// What a county's file holds (baoxue.import_kind).
enum class ImportKind {
  kAreas,
  kSchools,
  kStudents,
  kHouseholds,
  kHouseholdRegistration,
  kAttendance,
  kSchoolCalendar,
  kRoutes,
  kHeads,
  kEnrolmentEvents,
};
template <>
struct Vocabulary<ImportKind> {
  static constexpr Term<ImportKind> kTerms[] = {
      {ImportKind::kAreas, "areas", "行政区划", "areas"},
      {ImportKind::kSchools, "schools", "学校", "schools"},
      {ImportKind::kStudents, "students", "学籍", "student roster"},
      {ImportKind::kHouseholds, "households", "脱贫户与监测户",
       "households and poverty status"},
      {ImportKind::kHouseholdRegistration, "household_registration", "户籍",
       "household registration"},
      {ImportKind::kAttendance, "attendance", "考勤", "attendance"},
      {ImportKind::kSchoolCalendar, "school_calendar", "校历",
       "school calendar"},
      {ImportKind::kRoutes, "routes", "上学路程", "routes to school"},
      {ImportKind::kHeads, "heads", "六长名册", "six heads roster"},
      {ImportKind::kEnrolmentEvents, "enrolment_events", "学籍异动",
       "enrolment events"},
  };
};

// The state of one push channel's circuit breaker (server/notify,
// docs/notifications.md): closed = sending; open = resting after failures;
// half-open = one probe message decides.
enum class CircuitState { kClosed, kOpen, kHalfOpen };
template <>
struct Vocabulary<CircuitState> {
  static constexpr Term<CircuitState> kTerms[] = {
      {CircuitState::kClosed, "closed", "正常", "closed"},
      {CircuitState::kOpen, "open", "暂停（熔断）", "open"},
      {CircuitState::kHalfOpen, "half_open", "试探", "half-open"},
  };
};

// How the cases of a risk run ended, for its track record (issue 13):
// the three outcomes that keep a child in education, every other outcome,
// and cases still open.
enum class CaseMeasure {
  kReturned,
  kTransferred,
  kHomeDelivery,
  kOther,
  kOpen
};
template <>
struct Vocabulary<CaseMeasure> {
  static constexpr Term<CaseMeasure> kTerms[] = {
      {CaseMeasure::kReturned, "returned", "复学", "returned to school"},
      {CaseMeasure::kTransferred, "transferred", "转学", "transferred"},
      {CaseMeasure::kHomeDelivery, "home_delivery", "送教上门",
       "education delivered at home"},
      {CaseMeasure::kOther, "other", "其他结案", "other outcomes"},
      {CaseMeasure::kOpen, "open", "未结案", "still open"},
  };
};

// Where a day's drift figures come from (docs/models.md "Drift"): the
// feature refresh or a county-wide risk run.
enum class DriftSource { kRefresh, kRun };
template <>
struct Vocabulary<DriftSource> {
  static constexpr Term<DriftSource> kTerms[] = {
      {DriftSource::kRefresh, "refresh", "特征刷新", "feature refresh"},
      {DriftSource::kRun, "run", "风险研判", "risk run"},
  };
};

// How far a distribution moved from the training data, by its PSI and the
// configured thresholds (drift.moderate_psi, drift.major_psi).
enum class DriftLevel { kStable, kModerate, kMajor };
template <>
struct Vocabulary<DriftLevel> {
  static constexpr Term<DriftLevel> kTerms[] = {
      {DriftLevel::kStable, "stable", "稳定", "stable"},
      {DriftLevel::kModerate, "moderate", "中度偏移", "moderate shift"},
      {DriftLevel::kMajor, "major", "显著偏移", "major shift"},
  };
};

// The stable code of `value`, e.g. "home_visit".
template <typename Enum>
constexpr absl::string_view Code(Enum value) {
  for (const Term<Enum>& term : Vocabulary<Enum>::kTerms) {
    if (term.value == value) return term.code;
  }
  return "";
}

// The value whose code is `code` (exact match); nullopt if none.
template <typename Enum>
constexpr std::optional<Enum> Parse(absl::string_view code) {
  for (const Term<Enum>& term : Vocabulary<Enum>::kTerms) {
    if (term.code == code) return term.value;
  }
  return std::nullopt;
}

// The words people read for `value` in `language`.
template <typename Enum>
constexpr absl::string_view Label(Enum value, Language language) {
  for (const Term<Enum>& term : Vocabulary<Enum>::kTerms) {
    if (term.value == value) {
      return language == Language::kZh ? term.zh : term.en;
    }
  }
  return "";
}

// "zh" or "en" (anything else: nullopt).
std::optional<Language> ParseLanguage(absl::string_view code);
// Like ParseLanguage, but the default (Chinese) for anything unknown.
Language LanguageOrDefault(absl::string_view code);

}  // namespace baoxue::domain

#endif  // BAOXUE_DOMAIN_VOCABULARY_H_
