#include "server/core/reason_text.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"

namespace baoxue::core {
namespace {

// Measures named in the county report; one string each, Chinese first.
constexpr absl::string_view kHomeVisit = "家访 (home visit)";
constexpr absl::string_view kSameDayContact =
    "当日联系家长 (contact the family today)";
constexpr absl::string_view kPersuasion = "劝返复学 (persuade to return)";
constexpr absl::string_view kTeacherPairing = "教师结对帮扶 (teacher pairing)";
constexpr absl::string_view kCounselling = "心理辅导 (counselling)";
constexpr absl::string_view kStudentAid = "学生资助 (student aid)";
constexpr absl::string_view kNutrition = "营养改善计划 (nutrition meals)";
constexpr absl::string_view kPovertyRelief =
    "防返贫帮扶衔接 (link poverty-relief aid)";
constexpr absl::string_view kTransport =
    "交通或寄宿补助 (transport or boarding subsidy)";
constexpr absl::string_view kHomeDelivery =
    "送教上门 (education delivered at home)";
constexpr absl::string_view kVocational =
    "职业教育培训 (vocational training for older students)";
constexpr absl::string_view kTutoring = "学业辅导 (learning support)";

std::vector<std::string> Measures(std::initializer_list<absl::string_view> m) {
  return std::vector<std::string>(m.begin(), m.end());
}

int Days(double value) { return static_cast<int>(std::lround(value)); }

}  // namespace

ReasonText DescribeReason(absl::string_view feature, double value) {
  if (feature == "absence_rate_30d") {
    const int days = Days(value * 30);
    return {absl::StrCat("近30个上学日缺勤", days, "天"),
            absl::StrCat("absent ", days, " of the last 30 school days"),
            Measures({kHomeVisit, kTeacherPairing})};
  }
  if (feature == "unexcused_absences_30d") {
    return {absl::StrCat("近30个上学日无故缺勤", Days(value), "天"),
            absl::StrCat(Days(value),
                         " unexcused absences in the last 30 school days"),
            Measures({kSameDayContact, kHomeVisit})};
  }
  if (feature == "longest_absence_run_30d") {
    return {absl::StrCat("连续缺勤", Days(value), "天"),
            absl::StrCat("absent ", Days(value), " school days in a row"),
            Measures({kHomeVisit, kPersuasion})};
  }
  if (feature == "absence_trend_30d") {
    const int points = Days(value * 100);
    return {absl::StrCat("缺勤率比前30个上学日上升", points, "个百分点"),
            absl::StrCat("absence rate up ", points,
                         " points on the 30 school days before"),
            Measures({kTeacherPairing, kCounselling})};
  }
  if (feature == "income_poverty_ratio") {
    return {absl::StrFormat("家庭人均收入为监测线的%.1f倍", value),
            absl::StrFormat("income %.1f× the poverty line", value),
            Measures({kStudentAid, kNutrition})};
  }
  if (feature == "registered_poor") {
    return {"建档立卡户", "registered-poor household",
            Measures({kStudentAid, kNutrition})};
  }
  if (feature == "subsistence_allowance") {
    return {"低保家庭", "household on subsistence allowance",
            Measures({kStudentAid})};
  }
  if (feature == "poverty_monitoring") {
    return {"防返贫监测户", "household under return-to-poverty monitoring",
            Measures({kPovertyRelief, kStudentAid})};
  }
  if (feature == "distance_km") {
    return {absl::StrFormat("离校%.0f公里", value),
            absl::StrFormat("%.0f km to school", value),
            Measures({kTransport})};
  }
  if (feature == "travel_minutes") {
    return {absl::StrCat("上学单程", Days(value), "分钟"),
            absl::StrCat(Days(value), " minutes to school"),
            Measures({kTransport})};
  }
  if (feature == "boarding") {
    return {"寄宿生", "boarding student", Measures({kCounselling, kTransport})};
  }
  if (feature == "mountain_route") {
    return {"上学需走山路", "mountain route to school", Measures({kTransport})};
  }
  if (feature == "left_behind") {
    return {"留守儿童（父母外出务工）",
            "left-behind child (parents working away)",
            Measures({kTeacherPairing, kCounselling})};
  }
  if (feature == "relocated") {
    return {"易地扶贫搬迁随迁子女", "relocated household",
            Measures({kTeacherPairing, kStudentAid})};
  }
  if (feature == "disability") {
    return {"残疾", "disability", Measures({kHomeDelivery, kStudentAid})};
  }
  if (feature == "over_age") {
    return {"超龄或留级", "over-age or repeated a grade",
            Measures({kTutoring, kVocational})};
  }
  if (feature == "learning_difficulty") {
    return {"学习困难", "learning difficulty",
            Measures({kTutoring, kTeacherPairing})};
  }
  if (feature == "sibling_dropped_out") {
    return {"兄弟姐妹曾辍学", "a sibling dropped out",
            Measures({kHomeVisit, kPersuasion})};
  }
  return {absl::StrCat(feature, " = ", value),
          absl::StrCat(feature, " = ", value),
          {}};
}

ReasonText DescribeReason(const baoxue::v1::FeatureDefinition& feature,
                          double value) {
  ReasonText text = DescribeReason(feature.name(), value);
  const std::string shown = absl::StrFormat("%.4g", value);
  if (!feature.zh().empty()) {
    text.zh = absl::StrReplaceAll(feature.zh(), {{"{value}", shown}});
  }
  if (!feature.en().empty()) {
    text.en = absl::StrReplaceAll(feature.en(), {{"{value}", shown}});
  }
  if (feature.measures_size() > 0) {
    text.measures.assign(feature.measures().begin(), feature.measures().end());
  }
  return text;
}

}  // namespace baoxue::core
