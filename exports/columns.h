#ifndef BAOXUE_EXPORTS_COLUMNS_H_
#define BAOXUE_EXPORTS_COLUMNS_H_

// One column table per report: every header a person reads in a CSV file, a
// workbook, a print page or the CLI's table comes from here, in Chinese or
// English, through domain::Label (the vocabulary's own mechanism). Add a
// column here and every rendering of the report can name it.
//
// Headers: workbooks, print pages and the terminal use the label in one
// language; a CSV file in English uses the stable code (student_id), which
// scripts key on, in Chinese the label (CsvHeader below).

#include <string>

#include "domain/vocabulary.h"

namespace baoxue::exports {

// The ledger (台账): rows by township, school and day.
enum class LedgerColumn {
  kSection,
  kCode,
  kName,
  kDate,
  kOpened,
  kOpen,
  kOverdue,
  kEscalated,
  kReturned,
  kClosed,
  kReturnRate,
};

// An official's risk list (风险名单).
enum class RiskListColumn {
  kStudentId,
  kStudent,
  kGrade,
  kSchoolId,
  kSchool,
  kVillageCode,
  kVillage,
  kProbability,
  kTier,
  kChange,
  kTrend,
  kReasons,
  kMeasures,
  kCase,
  kCaseLevel,
  kOverdue,
};

// The case board as a list.
enum class CaseListColumn {
  kCase,
  kStudent,
  kGrade,
  kSchool,
  kVillage,
  kStatus,
  kOutcome,
  kLevel,
  kRole,
  kPerson,
  kOpenedAt,
  kAckDeadline,
  kResolveDeadline,
  kOverdue,
  kProbability,
};

}  // namespace baoxue::exports

namespace baoxue::domain {

template <>
struct Vocabulary<exports::LedgerColumn> {
  using C = exports::LedgerColumn;
  static constexpr Term<C> kTerms[] = {
      {C::kSection, "section", "类别", "Section"},
      {C::kCode, "code", "代码", "Code"},
      {C::kName, "name", "名称", "Name"},
      {C::kDate, "date", "日期", "Date"},
      {C::kOpened, "opened", "新增", "Opened"},
      {C::kOpen, "open", "在办", "Open"},
      {C::kOverdue, "overdue", "逾期", "Overdue"},
      {C::kEscalated, "escalated", "已升级", "Escalated"},
      {C::kReturned, "returned", "已复学", "Returned"},
      {C::kClosed, "closed", "已办结", "Closed"},
      {C::kReturnRate, "return_rate", "劝返率", "Brought back"},
  };
};

template <>
struct Vocabulary<exports::RiskListColumn> {
  using C = exports::RiskListColumn;
  static constexpr Term<C> kTerms[] = {
      {C::kStudentId, "student_id", "学生编号", "Student ID"},
      {C::kStudent, "student", "学生", "Student"},
      {C::kGrade, "grade", "年级", "Grade"},
      {C::kSchoolId, "school_id", "学校编号", "School ID"},
      {C::kSchool, "school", "学校", "School"},
      {C::kVillageCode, "village_code", "村代码", "Village code"},
      {C::kVillage, "village", "村", "Village"},
      {C::kProbability, "probability", "风险", "Risk"},
      {C::kTier, "tier", "等级", "Tier"},
      {C::kChange, "change", "变化", "Change"},
      {C::kTrend, "trend", "趋势", "Trend"},
      {C::kReasons, "reasons", "主要原因", "Reasons"},
      {C::kMeasures, "measures", "建议措施", "Measures"},
      {C::kCase, "case_id", "个案", "Case"},
      {C::kCaseLevel, "case_level", "当前层级", "Case level"},
      {C::kOverdue, "case_overdue", "逾期", "Overdue"},
  };
};

template <>
struct Vocabulary<exports::CaseListColumn> {
  using C = exports::CaseListColumn;
  static constexpr Term<C> kTerms[] = {
      {C::kCase, "case_id", "个案", "Case"},
      {C::kStudent, "student", "学生", "Student"},
      {C::kGrade, "grade", "年级", "Grade"},
      {C::kSchool, "school", "学校", "School"},
      {C::kVillage, "village", "村", "Village"},
      {C::kStatus, "status", "状态", "Status"},
      {C::kOutcome, "outcome", "结果", "Outcome"},
      {C::kLevel, "level", "层级", "Level"},
      {C::kRole, "role", "责任岗位", "Role"},
      {C::kPerson, "person", "责任人", "Responsible"},
      {C::kOpenedAt, "opened_at", "开案时间", "Opened"},
      {C::kAckDeadline, "ack_deadline", "确认期限", "Acknowledge by"},
      {C::kResolveDeadline, "resolve_deadline", "办结期限", "Resolve by"},
      {C::kOverdue, "overdue", "逾期", "Overdue"},
      {C::kProbability, "probability", "风险", "Risk"},
  };
};

}  // namespace baoxue::domain

namespace baoxue::exports {

// The CSV header of `column`: the code in English, the label in Chinese.
template <typename Column>
std::string CsvHeader(Column column, domain::Language language) {
  return std::string(language == domain::Language::kEn
                         ? domain::Code(column)
                         : domain::Label(column, language));
}

}  // namespace baoxue::exports

#endif  // BAOXUE_EXPORTS_COLUMNS_H_
