#include "server/core/case_message_composer.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "domain/county_time.h"
#include "domain/vocabulary.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "server/core/name_mask.h"
#include "server/core/reason_text.h"

namespace baoxue::core {
namespace {

// Words from the one vocabulary (domain/vocabulary.h), in both languages:
// a pushed message carries its Chinese and English text.
struct Words {
  std::string zh;
  std::string en;
};

template <typename Enum>
Words WordsOf(Enum value) {
  return {std::string(domain::Label(value, domain::Language::kZh)),
          std::string(domain::Label(value, domain::Language::kEn))};
}

template <typename Enum>
Words WordsOf(std::optional<Enum> value, Words fallback) {
  return value.has_value() ? WordsOf(*value) : fallback;
}

template <typename Enum>
Words WordsOf(absl::string_view code, Words fallback) {
  return WordsOf(domain::Parse<Enum>(code), std::move(fallback));
}

Words WordsForRole(std::optional<domain::ChainRole> role) {
  return WordsOf(role, {"负责人", "person in charge"});
}

bool IsVerificationTask(const store::CaseMessage& message) {
  return message.case_kind == domain::CaseKind::kVerification;
}

std::string LocalTime(absl::Time time) {
  return domain::FormatCountyTime(time);
}

}  // namespace

std::string CaseMessageComposer::PayloadJson(
    const store::CaseMessage& message) const {
  const std::string student = MaskName(message.student_name);
  const Words role = WordsForRole(message.role);
  const Words kind = WordsOf(message.kind);
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
  const bool must_act = message.kind != domain::CaseMessageKind::kInformed &&
                        message.kind != domain::CaseMessageKind::kResolved;
  std::string deadline_zh;
  std::string deadline_en;
  if (message.deadline.has_value() && must_act) {
    const std::string when = LocalTime(*message.deadline).substr(0, 16);
    deadline_zh = absl::StrCat("\n请于 ", when, " 前处理。");
    deadline_en = absl::StrCat(" Act before ", when, " (UTC+8).");
  }
  std::string duty_zh;
  std::string duty_en;
  if (message.kind == domain::CaseMessageKind::kResolved) {
    const Words outcome = WordsOf(message.outcome, {"已办结", "closed"});
    duty_zh = absl::StrCat("结果：", outcome.zh, "。");
    duty_en = absl::StrCat("Outcome: ", outcome.en, ".");
  } else if (message.kind == domain::CaseMessageKind::kInformed) {
    const Words now_in_charge = WordsForRole(
        message.case_level >= 1 && message.case_level <= store::kChainLevels
            ? domain::RoleAtLevel(message.case_level)
            : std::nullopt);
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
  std::string title_zh;
  std::string text_zh;
  std::string text_en;
  if (IsVerificationTask(message)) {
    // A 四查三比对 suspect to verify: no risk score; a 户籍 child has no
    // school or grade.
    const Words task = WordsOf(message.case_kind);
    const Words reason = WordsOf<domain::CheckReason>(
        message.opened_reason, {"四查三比对", "the 4+3 check"});
    const bool at_school = !message.school.empty();
    title_zh = absl::StrCat(task.zh, "：", message.township, message.village,
                            " ", student);
    text_zh = absl::StrCat(
        "**", title_zh, "**\n",
        at_school ? absl::StrCat(message.school, " ", message.grade, "年级 ")
                  : "",
        student, "，", reason.zh, "。请核实其在学情况并登记核查结果。\n",
        duty_zh, deadline_zh);
    text_en = absl::StrCat(
        absl::AsciiStrToUpper(task.en.substr(0, 1)), task.en.substr(1), ": ",
        student,
        at_school
            ? absl::StrCat(", grade ", message.grade, ", ", message.school)
            : "",
        ", ", message.village, ", ", message.township, ". Found: ", reason.en,
        ". Verify whether the child is in school and record the outcome. ",
        duty_en, deadline_en);
  } else {
    title_zh = absl::StrCat(kind.zh, "：", message.township, message.village,
                            " ", student);
    text_zh =
        absl::StrCat("**", title_zh, "**\n", message.school, " ", message.grade,
                     "年级 ", student, "，辍学风险 ", percent, "。\n原因：",
                     reasons_zh.empty() ? "—" : absl::StrJoin(reasons_zh, "；"),
                     "\n", duty_zh, deadline_zh);
    text_en =
        absl::StrCat(kind.en, ": ", student, ", grade ", message.grade, ", ",
                     message.school, ", ", message.village, ", ",
                     message.township, ". Risk ", percent, ". Reasons: ",
                     reasons_en.empty() ? "-" : absl::StrJoin(reasons_en, "; "),
                     ". ", duty_en, deadline_en);
  }

  google::protobuf::Struct payload;
  auto& fields = *payload.mutable_fields();
  fields["kind"].set_string_value(std::string(domain::Code(message.kind)));
  fields["case_id"].set_number_value(static_cast<double>(message.case_id));
  fields["level"].set_number_value(message.level);
  fields["case_level"].set_number_value(message.case_level);
  fields["role"].set_string_value(
      message.role.has_value() ? std::string(domain::Code(*message.role)) : "");
  fields["student"].set_string_value(student);
  fields["grade"].set_number_value(message.grade);
  fields["school"].set_string_value(message.school);
  fields["village"].set_string_value(message.village);
  fields["township"].set_string_value(message.township);
  fields["township_code"].set_string_value(message.township_code);
  fields["probability"].set_number_value(message.probability);
  fields["case_kind"].set_string_value(
      std::string(domain::Code(message.case_kind)));
  if (IsVerificationTask(message) && !message.opened_reason.empty()) {
    fields["check_reason"].set_string_value(message.opened_reason);
  }
  if (message.deadline.has_value() && must_act) {
    fields["deadline"].set_string_value(LocalTime(*message.deadline));
  }
  if (message.outcome.has_value()) {
    fields["outcome"].set_string_value(
        std::string(domain::Code(*message.outcome)));
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
