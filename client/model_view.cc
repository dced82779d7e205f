#include "client/model_view.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "client/model_metrics_view.h"
#include "exports/text.h"

namespace baoxue::client {
namespace {

// Model states are not in domain/vocabulary.h yet: the proto's three here.
absl::string_view StateLabel(baoxue::v1::ModelState state, Words words) {
  switch (state) {
    case baoxue::v1::MODEL_STATE_CANDIDATE:
      return words("候选", "candidate");
    case baoxue::v1::MODEL_STATE_ACTIVE:
      return words("使用中", "active");
    case baoxue::v1::MODEL_STATE_RETIRED:
      return words("已退役", "retired");
    default:
      return "?";
  }
}

std::string AucText(const baoxue::v1::ModelSummary& m) {
  return m.has_validation_auc() ? absl::StrFormat("%.4f", m.validation_auc())
                                : "-";
}

std::string Threshold(double value) { return absl::StrFormat("%.4f", value); }

std::string Weight(bool has, double weight) {
  return has ? absl::StrFormat("%+.4f", weight) : "-";
}

}  // namespace

void PrintModelSummary(const baoxue::v1::ModelSummary& m, Words words,
                       std::ostream& out) {
  const std::string dates = absl::StrJoin(m.training_as_of_dates(), ", ");
  // The server's plain words in the reader's language, or the default
  // method for models saved before the server wrote them in Chinese.
  const std::string& server_method =
      words.english() ? m.validation_method() : m.validation_method_zh();
  const std::string method =
      server_method.empty() ? std::string(words("以后的快照", "later snapshot"))
                            : server_method;
  const std::string feature_set =
      m.feature_set_version().empty()
          ? std::string(words("配置的", "(configured)"))
          : m.feature_set_version();
  const absl::string_view high = words.Label(domain::RiskTier::kHigh);
  const absl::string_view medium = words.Label(domain::RiskTier::kMedium);
  if (words.english()) {
    out << absl::StrFormat(
        "version %s  %s\n"
        "  trained %s by %s\n"
        "  training snapshots %s  (%d rows, %d dropouts)\n"
        "  validation %s  (%d rows, %d dropouts)  AUC %s\n"
        "  validation by %s\n",
        m.version(), StateLabel(m.state(), words), m.created_at(),
        m.created_by(), dates, m.training_rows(), m.positive_rows(),
        m.validation_as_of_date(), m.validation_rows(),
        m.validation_positive_rows(), AucText(m), method);
  } else {
    out << absl::StrFormat(
        "版本 %s  %s\n"
        "  训练于 %s，由 %s\n"
        "  训练快照 %s（%d 行，辍学 %d）\n"
        "  验证 %s（%d 行，辍学 %d）  曲线下面积 %s\n"
        "  验证方式：%s\n",
        m.version(), StateLabel(m.state(), words), m.created_at(),
        m.created_by(), dates, m.training_rows(), m.positive_rows(),
        m.validation_as_of_date(), m.validation_rows(),
        m.validation_positive_rows(), AucText(m), method);
  }
  for (const std::string& warning :
       words.english() ? m.validation_warnings() : m.validation_warnings_zh()) {
    out << words("  注意：", "  WARNING: ") << warning << "\n";
  }
  if (words.english()) {
    out << absl::StrFormat(
        "  horizon %d days, l2 %g, class weight %g\n"
        "  feature set %s, %d features\n"
        "  tiers: %s >= %s, %s >= %s\n",
        m.horizon_days(), m.l2_penalty(), m.positive_class_weight(),
        feature_set, m.features_size(), high, Threshold(m.thresholds().high()),
        medium, Threshold(m.thresholds().medium()));
  } else {
    out << absl::StrFormat(
        "  预测期 %d 天，正则化系数 %g，辍学样本权重 %g\n"
        "  特征集 %s，%d 个特征\n"
        "  阈值：%s ≥ %s，%s ≥ %s\n",
        m.horizon_days(), m.l2_penalty(), m.positive_class_weight(),
        feature_set, m.features_size(), high, Threshold(m.thresholds().high()),
        medium, Threshold(m.thresholds().medium()));
  }
  PrintFigures(m, words, out);
}

void PrintModel(const baoxue::v1::GetModelResponse& r, Words words,
                std::ostream& out) {
  PrintModelSummary(r.model(), words, out);
  out << words("  系数（每个标准差的对数几率）：\n",
               "  coefficients (log-odds per standard deviation):\n");
  out << "    "
      << exports::PadToWidth(std::string(words("（截距）", "(intercept)")), 26)
      << absl::StrFormat(" %+10.4f\n", r.params().intercept());
  for (int j = 0; j < r.params().features_size(); ++j) {
    const baoxue::v1::FeatureStat& f = r.params().features(j);
    const double weight =
        j < r.params().weights_size() ? r.params().weights(j) : 0.0;
    out << absl::StrFormat("    %-26s %+10.4f  ", f.name(), weight)
        << (words.english() ? absl::StrFormat("(mean %.4g, sd %.4g)\n",
                                              f.mean(), f.stddev())
                            : absl::StrFormat("（均值 %.4g，标准差 %.4g）\n",
                                              f.mean(), f.stddev()));
  }
}

void PrintModelList(const baoxue::v1::ListModelsResponse& r, Words words,
                    std::ostream& out) {
  const auto line = [&out](const std::string& version, absl::string_view state,
                           const std::string& trained, const std::string& auc,
                           const std::string& as_of) {
    out << exports::PadToWidth(version, 8) << " "
        << exports::PadToWidth(std::string(state), 10) << " "
        << exports::PadToWidth(trained, 25) << " "
        << exports::PadToWidth(auc, 12) << " " << as_of << "\n";
  };
  line(std::string(words("版本", "version")), words("状态", "state"),
       std::string(words("训练时间", "trained")),
       std::string(words("验证曲线下面积", "val AUC")),
       std::string(words("验证日期", "validation as of")));
  for (const baoxue::v1::ModelSummary& m : r.models()) {
    line(m.version(), StateLabel(m.state(), words), m.created_at(), AucText(m),
         m.validation_as_of_date());
  }
}

void PrintModelComparison(const baoxue::v1::CompareModelsResponse& r,
                          Words words, std::ostream& out) {
  const baoxue::v1::ModelSummary& a = r.model();
  const baoxue::v1::ModelSummary& b = r.other();
  out << ComparisonRow("", a.version(), b.version())
      << ComparisonRow(words("状态", "state"),
                       std::string(StateLabel(a.state(), words)),
                       std::string(StateLabel(b.state(), words)));
  std::string auc = ComparisonRow(words("验证曲线下面积", "validation AUC"),
                                  AucText(a), AucText(b));
  if (r.has_auc_difference()) {
    auc.pop_back();  // the difference goes on the same line
    absl::StrAppend(&auc, absl::StrFormat("   (%+.4f)\n", r.auc_difference()));
  }
  out << auc
      << ComparisonRow(words("验证日期", "validation as of"),
                       a.validation_as_of_date(), b.validation_as_of_date())
      << ComparisonRow(words("训练行数", "training rows"),
                       absl::StrCat(a.training_rows()),
                       absl::StrCat(b.training_rows()))
      << ComparisonRow(words("高风险阈值", "high threshold"),
                       Threshold(a.thresholds().high()),
                       Threshold(b.thresholds().high()))
      << ComparisonRow(words("中风险阈值", "medium threshold"),
                       Threshold(a.thresholds().medium()),
                       Threshold(b.thresholds().medium()));
  PrintFigureComparison(a, b, words, out);
  out << words("系数\n", "coefficients\n");
  for (const baoxue::v1::CoefficientComparison& c : r.coefficients()) {
    out << absl::StrFormat("  %-24s %14s %14s\n", c.feature(),
                           Weight(c.has_weight(), c.weight()),
                           Weight(c.has_other_weight(), c.other_weight()));
  }
}

void PrintActivation(const baoxue::v1::ActivateModelResponse& r, Words words,
                     std::ostream& out) {
  out << words("使用中：", "active: ") << r.version();
  if (!r.previous_version().empty()) {
    out << words("（已退役：", "  (retired: ") << r.previous_version()
        << words("）", ")");
  }
  out << "\n";
}

}  // namespace baoxue::client
