#include "domain/county_time.h"
#include "server/core/case_message_composer.h"

#include <vector>

#include "domain/vocabulary.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "server/core/name_mask.h"
#include "server/core/reason_text.h"

namespace baoxue::core {
namespace {

struct RoleWords {
  const char* zh;
  const char* en;
};

RoleWords WordsForRole(absl::string_view role) {
  if (role == "TEACHER") return {"班主任", "head teacher"};
  if (role == "PRINCIPAL") return {"校长", "principal"};
  if (role == "PARENT") return {"家长", "parent"};
  if (role == "GROUP_HEAD") return {"组长", "group head"};
  if (role == "VILLAGE_HEAD") return {"村长", "village head"};
  if (role == "TOWNSHIP_HEAD") return {"镇长", "township head"};
  return {"负责人", "person in charge"};
}

struct KindWords {
  const char* zh;
  const char* en;
};

KindWords WordsForKind(absl::string_view kind) {
  if (kind == "assigned") return {"新的控辍保学预警", "new dropout-risk case"};
  if (kind == "escalated") return {"预警升级", "case escalated to you"};
  if (kind == "informed") return {"预警已升级（知会）", "case escalated (FYI)"};
  if (kind == "overdue_reminder")
    return {"预警逾期提醒", "overdue case reminder"};
  if (kind == "reopened") return {"预警重新开启", "case reopened"};
  if (kind == "resolved") return {"预警已办结", "case closed"};
  return {"控辍保学预警", "dropout-risk case"};
}

const char* OutcomeWordsZh(absl::string_view outcome) {
  if (outcome == "returned") return "已复学";
  if (outcome == "transferred") return "已转学";
  if (outcome == "home_delivery") return "送教上门";
  if (outcome == "not_at_risk") return "经核查无辍学风险";
  if (outcome == "moved_out") return "已迁出本县（已核实）";
  return "已办结";
}

std::string LocalTime(absl::Time time) {
  return domain::FormatCountyTime(time);
}

}  // namespace

std::string CaseMessageComposer::PayloadJson(
    const store::CaseMessage& message) const {
  const std::string student = MaskName(message.student_name);
  const RoleWords role = WordsForRole(message.role);
  const KindWords kind = WordsForKind(message.kind);
  std::vector<std::string> reasons_zh;
  std::vector<std::string> reasons_en;
  for (const store::MessageReason& reason : message.reasons) {
    ReasonText text = DescribeReason(reason.feature, reason.value);
    reasons_zh.push_back(std::move(text.zh));
    reasons_en.push_back(std::move(text.en));
  }
  const std::string percent =
      absl::StrFormat("%.0f%%", 100 * message.probability);
  // Deadlines concern whoever must act now; informed levels and closed
  // cases have none.
  const bool must_act =
      message.kind != "informed" && message.kind != "resolved";
  std::string deadline_zh;
  std::string deadline_en;
  if (message.deadline.has_value() && must_act) {
    const std::string when = LocalTime(*message.deadline).substr(0, 16);
    deadline_zh = absl::StrCat("\n请于 ", when, " 前处理。");
    deadline_en = absl::StrCat(" Act before ", when, " (UTC+8).");
  }
  std::string duty_zh;
  std::string duty_en;
  if (message.kind == "resolved") {
    duty_zh = absl::StrCat("结果：", OutcomeWordsZh(message.outcome), "。");
    duty_en = absl::StrCat("Outcome: ", message.outcome, ".");
  } else if (message.kind == "informed") {
    const RoleWords now_in_charge = WordsForRole(
        message.case_level >= 1 && message.case_level <= store::kChainLevels
            ? domain::Code(*domain::RoleAtLevel(message.case_level))
            : "");
    duty_zh =
        absl::StrCat("已升级至", now_in_charge.zh, "（第", message.case_level,
                     "级）；您曾负责第", message.level, "级，请配合。");
    duty_en = absl::StrCat("Now with the ", now_in_charge.en, " (level ",
                           message.case_level, "); you held level ",
                           message.level, ", please assist.");
  } else {
    duty_zh =
        absl::StrCat("责任人：", role.zh, "（第", message.level, "级）。");
    duty_en =
        absl::StrCat("For the ", role.en, " (level ", message.level, ").");
  }
  const std::string title_zh = absl::StrCat(kind.zh, "：", message.township,
                                            message.village, " ", student);
  const std::string text_zh =
      absl::StrCat("**", title_zh, "**\n", message.school, " ", message.grade,
                   "年级 ", student, "，辍学风险 ", percent, "。\n原因：",
                   reasons_zh.empty() ? "—" : absl::StrJoin(reasons_zh, "；"),
                   "\n", duty_zh, deadline_zh);
  const std::string text_en = absl::StrCat(
      kind.en, ": ", student, ", grade ", message.grade, ", ", message.school,
      ", ", message.village, ", ", message.township, ". Risk ", percent,
      ". Reasons: ", reasons_en.empty() ? "-" : absl::StrJoin(reasons_en, "; "),
      ". ", duty_en, deadline_en);

  google::protobuf::Struct payload;
  auto& fields = *payload.mutable_fields();
  fields["kind"].set_string_value(message.kind);
  fields["case_id"].set_number_value(static_cast<double>(message.case_id));
  fields["level"].set_number_value(message.level);
  fields["case_level"].set_number_value(message.case_level);
  fields["role"].set_string_value(message.role);
  fields["student"].set_string_value(student);
  fields["grade"].set_number_value(message.grade);
  fields["school"].set_string_value(message.school);
  fields["village"].set_string_value(message.village);
  fields["township"].set_string_value(message.township);
  fields["township_code"].set_string_value(message.township_code);
  fields["probability"].set_number_value(message.probability);
  if (message.deadline.has_value() && must_act) {
    fields["deadline"].set_string_value(LocalTime(*message.deadline));
  }
  if (!message.outcome.empty()) {
    fields["outcome"].set_string_value(message.outcome);
  }
  auto* reasons = fields["reasons_zh"].mutable_list_value();
  for (const std::string& reason : reasons_zh) {
    reasons->add_values()->set_string_value(reason);
  }
  fields["title_zh"].set_string_value(title_zh);
  fields["text_zh"].set_string_value(text_zh);
  fields["text_en"].set_string_value(text_en);
  std::string json;
  // Serialising a Struct of strings and numbers cannot fail.
  (void)google::protobuf::util::MessageToJsonString(payload, &json);
  return json;
}

}  // namespace baoxue::core
