#include "server/core/catalogue_feature_names.h"

#include <utility>

namespace baoxue::core {
namespace {

constexpr std::pair<absl::string_view, CatalogueFeatureName> kNames[] = {
    {"absence_rate_30d",
     {"近30个上学日缺勤率", "absence rate, last 30 school days"}},
    {"unexcused_absences_30d",
     {"近30个上学日无故缺勤天数",
      "unexcused absent days, last 30 school days"}},
    {"longest_absence_run_30d",
     {"最长连续缺勤天数", "longest run of absent days"}},
    {"absence_trend_30d",
     {"缺勤率变化（与前30日比）",
      "change in absence rate on the 30 days before"}},
    {"income_poverty_ratio",
     {"家庭人均收入/监测线", "household income / poverty line"}},
    {"registered_poor", {"建档立卡户", "registered-poor household"}},
    {"subsistence_allowance", {"低保家庭", "subsistence-allowance household"}},
    {"poverty_monitoring", {"防返贫监测户", "return-to-poverty monitoring"}},
    {"distance_km", {"家校距离（公里）", "distance to school (km)"}},
    {"travel_minutes",
     {"单程上学时间（分钟）", "travel time to school (minutes)"}},
    {"boarding", {"寄宿生", "boarding student"}},
    {"mountain_route", {"上学路线经山路", "mountain route to school"}},
    {"left_behind", {"留守儿童", "left-behind child"}},
    {"relocated", {"易地扶贫搬迁户", "relocated household"}},
    {"disability", {"残疾", "disability"}},
    {"over_age", {"留级或超龄", "repeated a grade or over-age"}},
    {"learning_difficulty", {"学习困难", "learning difficulty"}},
    {"sibling_dropped_out", {"兄弟姐妹曾辍学", "a sibling dropped out"}},
};

}  // namespace

std::optional<CatalogueFeatureName> FindCatalogueFeatureName(
    absl::string_view feature) {
  for (const auto& [name, words] : kNames) {
    if (name == feature) return words;
  }
  return std::nullopt;
}

}  // namespace baoxue::core
