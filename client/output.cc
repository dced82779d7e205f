#include "client/output.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "exports/text.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"

namespace baoxue::client {
namespace {

absl::string_view TierLabel(baoxue::v1::RiskTier tier, Words words) {
  switch (tier) {
    case baoxue::v1::RISK_TIER_HIGH:
      return words.Label(domain::RiskTier::kHigh);
    case baoxue::v1::RISK_TIER_MEDIUM:
      return words.Label(domain::RiskTier::kMedium);
    case baoxue::v1::RISK_TIER_LOW:
      return words.Label(domain::RiskTier::kLow);
    default:
      return words("未知", "unknown");
  }
}

void PrintReasons(const baoxue::v1::RiskScore& score, Words words,
                  std::ostream& out) {
  int n = 0;
  for (const baoxue::v1::Reason& reason : score.reasons()) {
    out << absl::StrFormat(
        "    %d. %s  (%+.2f)\n", ++n,
        words.english() ? reason.text_en() : reason.text_zh(),
        reason.contribution());
    if (!reason.measures().empty()) {
      std::vector<std::string> measures;
      for (const std::string& measure : reason.measures()) {
        measures.push_back(exports::MeasureIn(measure, words.english()));
      }
      out << "       " << words("措施：", "measures: ")
          << absl::StrJoin(measures, words("；", "; ")) << "\n";
    }
  }
  if (n == 0) {
    out << "    " << words("（无突出风险因素）", "(no factor above average)")
        << "\n";
  }
  if (!score.missing_features().empty()) {
    // Feature codes (docs/design.md): the catalogue's names live with the
    // model, which the client does not link.
    out << "    " << words("缺少数据：", "missing data: ")
        << absl::StrJoin(score.missing_features(), ", ") << "\n";
  }
}

// A per-student error: in English the server's own words; in Chinese the
// code's meaning (the server writes its messages in English).
std::string StudentErrorText(const baoxue::v1::StudentError& error,
                             Words words) {
  if (words.english() || error.message().empty()) return error.message();
  switch (error.code()) {
    case baoxue::v1::StudentError::NOT_FOUND:
      return "查无此学生（或不在您的辖区）";
    case baoxue::v1::StudentError::PERMISSION_DENIED:
      return "无权查看";
    default:
      return error.message();
  }
}

}  // namespace

void PrintScores(const baoxue::v1::ScoreStudentsResponse& response, Words words,
                 std::ostream& out) {
  for (const baoxue::v1::StudentScore& s : response.scores()) {
    // The student as the caller named them: 全国学籍号 or Baoxue's id.
    const std::string who = s.student_number().empty()
                                ? absl::StrCat(s.student_id())
                                : s.student_number();
    if (s.has_error()) {
      out << absl::StrCat(words("学生 ", "student "), who,
                          words("：错误：", ": error: "),
                          StudentErrorText(s.error(), words), "\n");
      continue;
    }
    const baoxue::v1::RiskScore& score = s.score();
    out << absl::StrCat(
        words("学生 ", "student "), who, words("  风险 ", "  risk "),
        absl::StrFormat("%.3f", score.probability()), "  ",
        TierLabel(score.tier(), words), words("  模型 ", "  model "),
        score.model_version(), words("  日期 ", "  as of "), score.as_of_date(),
        s.school_code().empty()
            ? ""
            : absl::StrCat(words("  学校标识码 ", "  school code "),
                           s.school_code()),
        "\n");
    PrintReasons(score, words, out);
  }
}

void PrintTopRisks(const baoxue::v1::ListTopRisksResponse& response,
                   Words words, std::ostream& out) {
  if (words.english()) {
    out << absl::StrFormat("%s (%s): scored %d students; most at risk:\n",
                           response.area_name(), response.area_code(),
                           response.students_scored());
  } else {
    out << absl::StrFormat("%s（%s）：共评估 %d 名学生；风险最高：\n",
                           response.area_name(), response.area_code(),
                           response.students_scored());
  }
  int rank = 0;
  for (const baoxue::v1::AtRiskStudent& s : response.students()) {
    out << absl::StrCat(
        absl::StrFormat("%2d. ", ++rank), s.masked_name(), "  ",
        exports::GradeText(s.grade(), words.english()), "  ", s.school_name(),
        "  ", s.village_name(), words("  风险 ", "  risk "),
        absl::StrFormat("%.3f", s.score().probability()), " ",
        TierLabel(s.score().tier(), words), words("  （编号 ", "  (id "),
        s.student_id(), words("）", ")"), "\n");
    PrintReasons(s.score(), words, out);
  }
}

namespace {

// Replaces every string field "<name>_json" holding JSON (e.g. a model's
// metrics_json) by the parsed value under "<name>", so --json prints real
// objects, never JSON inside strings.
void InlineJsonStrings(google::protobuf::Value& value) {
  if (value.has_list_value()) {
    for (google::protobuf::Value& item :
         *value.mutable_list_value()->mutable_values()) {
      InlineJsonStrings(item);
    }
    return;
  }
  if (!value.has_struct_value()) return;
  auto& fields = *value.mutable_struct_value()->mutable_fields();
  std::vector<std::string> names;
  for (const auto& [name, field] : fields) names.push_back(name);
  for (const std::string& name : names) {
    google::protobuf::Value& field = fields[name];
    constexpr absl::string_view kSuffix = "_json";
    if (field.has_string_value() && absl::EndsWith(name, kSuffix)) {
      google::protobuf::Value parsed;
      if (google::protobuf::util::JsonStringToMessage(field.string_value(),
                                                      &parsed)
              .ok()) {
        fields[name.substr(0, name.size() - kSuffix.size())] =
            std::move(parsed);
        fields.erase(name);
        continue;
      }
    }
    InlineJsonStrings(field);
  }
}

}  // namespace

void PrintJson(const google::protobuf::Message& message, std::ostream& out) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  google::protobuf::Value value;
  if (google::protobuf::util::JsonStringToMessage(json, &value).ok()) {
    InlineJsonStrings(value);
    std::string inlined;
    if (google::protobuf::util::MessageToJsonString(value, &inlined, options)
            .ok()) {
      json = std::move(inlined);
    }
  }
  out << json;
}

}  // namespace baoxue::client
