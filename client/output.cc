#include "client/output.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"

namespace baoxue::client {
namespace {

std::string TierLabel(baoxue::v1::RiskTier tier) {
  switch (tier) {
    case baoxue::v1::RISK_TIER_HIGH:
      return "高 HIGH";
    case baoxue::v1::RISK_TIER_MEDIUM:
      return "中 MEDIUM";
    case baoxue::v1::RISK_TIER_LOW:
      return "低 LOW";
    default:
      return "? UNKNOWN";
  }
}

void PrintReasons(const baoxue::v1::RiskScore& score, std::ostream& out) {
  int n = 0;
  for (const baoxue::v1::Reason& reason : score.reasons()) {
    out << absl::StrFormat("    %d. %s | %s  (%+.2f)\n", ++n, reason.text_zh(),
                           reason.text_en(), reason.contribution());
    if (!reason.measures().empty()) {
      out << "       措施 measures: " << absl::StrJoin(reason.measures(), "; ")
          << "\n";
    }
  }
  if (n == 0) out << "    (无突出风险因素 no factor above average)\n";
  if (!score.missing_features().empty()) {
    out << "    缺少数据 missing data: "
        << absl::StrJoin(score.missing_features(), ", ") << "\n";
  }
}

}  // namespace

void PrintScores(const baoxue::v1::ScoreStudentsResponse& response,
                 std::ostream& out) {
  for (const baoxue::v1::StudentScore& s : response.scores()) {
    // The student as the caller named them: 全国学籍号 or Baoxue's id.
    const std::string who = s.student_number().empty()
                                ? absl::StrCat(s.student_id())
                                : s.student_number();
    if (s.has_error()) {
      out << absl::StrFormat("学生 student %s: 错误 error: %s\n", who,
                             s.error().message());
      continue;
    }
    const baoxue::v1::RiskScore& score = s.score();
    out << absl::StrFormat(
        "学生 student %s  风险 risk %.3f  %s  模型 model %s  日期 as of %s%s\n",
        who, score.probability(), TierLabel(score.tier()),
        score.model_version(), score.as_of_date(),
        s.school_code().empty() ? "" : "  学校标识码 " + s.school_code());
    PrintReasons(score, out);
  }
}

void PrintTopRisks(const baoxue::v1::ListTopRisksResponse& response,
                   std::ostream& out) {
  out << absl::StrFormat(
      "%s (%s): 共评估 %d 名学生 scored %d students; 风险最高 most at risk:\n",
      response.area_name(), response.area_code(), response.students_scored(),
      response.students_scored());
  int rank = 0;
  for (const baoxue::v1::AtRiskStudent& s : response.students()) {
    out << absl::StrFormat(
        "%2d. %s  %d年级 grade %d  %s  %s  风险 risk %.3f %s  (id %d)\n",
        ++rank, s.masked_name(), s.grade(), s.grade(), s.school_name(),
        s.village_name(), s.score().probability(), TierLabel(s.score().tier()),
        s.student_id());
    PrintReasons(s.score(), out);
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
