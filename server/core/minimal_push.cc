#include "server/core/minimal_push.h"

#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "server/core/name_mask.h"

namespace baoxue::core {
namespace {

using domain::Language;
using google::protobuf::Struct;
using google::protobuf::Value;

// The string at `field`, or "" when missing or not a string.
std::string StringField(const Struct& payload, const std::string& field) {
  auto it = payload.fields().find(field);
  if (it == payload.fields().end() ||
      it->second.kind_case() != Value::kStringValue) {
    return "";
  }
  return it->second.string_value();
}

std::optional<double> NumberField(const Struct& payload,
                                  const std::string& field) {
  auto it = payload.fields().find(field);
  if (it == payload.fields().end() ||
      it->second.kind_case() != Value::kNumberValue) {
    return std::nullopt;
  }
  return it->second.number_value();
}

// "2026-11-23T08:00:00+08:00" -> "2026-11-23 08:00" (the county's time).
std::string DeadlineForPeople(absl::string_view rfc3339) {
  if (rfc3339.size() < 16) return std::string(rfc3339);
  return absl::StrReplaceAll(rfc3339.substr(0, 16), {{"T", " "}});
}

std::string CaseLink(absl::string_view web_url, int64_t case_id) {
  if (web_url.empty()) return "";
  return absl::StrCat(web_url, web_url.back() == '/' ? "" : "/", "#/case/",
                      case_id);
}

// What the push is about, in `language`: the message kind, or for a
// 四查三比对 task the task's name (the kinds' words speak of risk cases).
std::string Headline(const MinimalPush& push, Language language) {
  const std::optional<domain::CaseKind> case_kind =
      domain::Parse<domain::CaseKind>(push.case_kind);
  if (case_kind == domain::CaseKind::kVerification) {
    return std::string(domain::Label(*case_kind, language));
  }
  const std::optional<domain::CaseMessageKind> kind =
      domain::Parse<domain::CaseMessageKind>(push.kind);
  if (kind.has_value()) return std::string(domain::Label(*kind, language));
  return std::string(domain::Label(domain::CaseKind::kDropoutRisk, language));
}

}  // namespace

absl::StatusOr<MinimalPush> MinimalPushFromPayload(
    absl::string_view payload_json, absl::string_view web_url) {
  Struct payload;
  if (!google::protobuf::util::JsonStringToMessage(std::string(payload_json),
                                                   &payload)
           .ok()) {
    return absl::InvalidArgumentError("payload is not a JSON object");
  }
  const std::optional<double> case_id = NumberField(payload, "case_id");
  if (!case_id.has_value() || *case_id < 1) {
    return absl::InvalidArgumentError("payload has no case_id");
  }
  MinimalPush push;
  push.kind = StringField(payload, "kind");
  if (push.kind.empty()) {
    return absl::InvalidArgumentError("payload has no kind");
  }
  push.case_kind = StringField(payload, "case_kind");
  push.case_id = static_cast<int64_t>(*case_id);
  push.level = static_cast<int>(NumberField(payload, "level").value_or(0));
  push.deadline = StringField(payload, "deadline");
  const std::string student = StringField(payload, "student");
  push.student = student.empty() ? "" : MaskName(student);
  push.link = CaseLink(web_url, push.case_id);
  return push;
}

std::string MinimalPushTitle(const MinimalPush& push, Language language) {
  return language == Language::kZh ? absl::StrCat(Headline(push, language),
                                                  "（案件 ", push.case_id, "）")
                                   : absl::StrCat(Headline(push, language),
                                                  " (case ", push.case_id, ")");
}

std::string MinimalPushText(const MinimalPush& push, Language language) {
  const bool zh = language == Language::kZh;
  std::string text = absl::StrCat("**", MinimalPushTitle(push, language), "**");
  if (!push.student.empty()) {
    absl::StrAppend(&text, zh ? "\n学生：" : "\nStudent: ", push.student);
  }
  if (push.level > 0) {
    absl::StrAppend(&text, zh ? absl::StrCat("\n级别：第", push.level, "级")
                              : absl::StrCat("\nLevel: ", push.level));
  }
  if (!push.deadline.empty()) {
    absl::StrAppend(
        &text, zh ? absl::StrCat("\n请于 ", DeadlineForPeople(push.deadline),
                                 " 前处理")
                  : absl::StrCat("\nAct before ",
                                 DeadlineForPeople(push.deadline), " (UTC+8)"));
  }
  if (!push.link.empty()) {
    absl::StrAppend(&text, zh ? "\n[查看案件](" : "\n[Open the case](",
                    push.link, ")");
  }
  return text;
}

std::string MinimalPushJson(const MinimalPush& push, Language language) {
  Struct object;
  auto& fields = *object.mutable_fields();
  fields["kind"].set_string_value(push.kind);
  if (!push.case_kind.empty()) {
    fields["case_kind"].set_string_value(push.case_kind);
  }
  fields["case_id"].set_number_value(static_cast<double>(push.case_id));
  if (push.level > 0) fields["level"].set_number_value(push.level);
  if (!push.deadline.empty()) {
    fields["deadline"].set_string_value(push.deadline);
  }
  if (!push.student.empty()) fields["student"].set_string_value(push.student);
  if (!push.link.empty()) fields["link"].set_string_value(push.link);
  fields["title"].set_string_value(MinimalPushTitle(push, language));
  fields["text"].set_string_value(MinimalPushText(push, language));
  std::string json;
  // Serialising a Struct of strings and numbers cannot fail.
  (void)google::protobuf::util::MessageToJsonString(object, &json);
  return json;
}

}  // namespace baoxue::core
