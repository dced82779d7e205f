#include "client/drift_view.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "exports/text.h"

namespace baoxue::client {
namespace {

constexpr int kMaxDayColumns = 7;
constexpr int kFeatureWidth = 28;

// A feature's words in the CLI's language; its name where it has none.
std::string FeatureText(const std::string& feature,
                        const baoxue::v1::GetDriftResponse& response,
                        Words words) {
  if (feature == "score") return std::string(words("风险分数", "risk score"));
  for (const baoxue::v1::DriftFeatureWords& w : response.feature_words()) {
    const std::string& text = words.english() ? w.en() : w.zh();
    if (w.feature() == feature && !text.empty()) return text;
  }
  return feature;
}

std::string LevelText(baoxue::v1::DriftLevel level, Words words) {
  switch (level) {
    case baoxue::v1::DRIFT_LEVEL_MAJOR:
      return std::string(words.Label(domain::DriftLevel::kMajor));
    case baoxue::v1::DRIFT_LEVEL_MODERATE:
      return std::string(words.Label(domain::DriftLevel::kModerate));
    default:
      return std::string(words.Label(domain::DriftLevel::kStable));
  }
}

std::string SourceText(const std::string& source, Words words) {
  const std::optional<domain::DriftSource> parsed =
      domain::Parse<domain::DriftSource>(source);
  return parsed.has_value() ? std::string(words.Label(*parsed)) : source;
}

}  // namespace

void PrintDrift(const baoxue::v1::GetDriftResponse& response, Words words,
                std::ostream& out) {
  out << words("模型 ", "Model ") << response.model_version()
      << words(" 的数据漂移（", " drift (") << response.from_date()
      << words(" 至 ", " to ") << response.to_date() << words("）", ")")
      << "\n";
  if (!response.has_reference()) {
    out << words(
        "此模型训练时未保存训练数据分布，无法计算漂移。请重新训练模型"
        "（baoxue model train）并启用新版本。\n",
        "This model was trained before drift references were kept, so its "
        "drift cannot be computed. Retrain it (baoxue model train) and "
        "activate the new version.\n");
    return;
  }
  const std::string moderate = absl::StrFormat("%.2f", response.moderate_psi());
  const std::string major = absl::StrFormat("%.2f", response.major_psi());
  out << (words.english()
              ? absl::StrCat(
                    "PSI (population stability index) compares each day's "
                    "data with the training data: below ",
                    moderate, " stable; ", moderate, " to ", major,
                    " a moderate shift, worth watching; ", major,
                    " or more a major shift: data staff are told once a "
                    "day, and the model should be checked and probably "
                    "retrained.\n")
              : absl::StrCat(
                    "PSI（群体稳定性指数）比较每天的数据与训练数据：低于 ",
                    moderate, " 为稳定；", moderate, " 至 ", major,
                    " 为中度偏移，需关注；", major,
                    " 及以上为显著偏移，每天推送一次给数据人员，应检查并考虑"
                    "重新训练模型。\n"));
  if (response.figures_size() == 0) {
    out << words(
        "这段时间没有漂移数据：每次特征刷新和全县风险研判后生成。\n",
        "No drift figures in these days: they are stored at each feature "
        "refresh and county-wide risk run.\n");
    return;
  }
  // The newest day: a run's figures over the refresh's.
  const std::string newest = response.figures(0).day();
  std::map<std::string, const baoxue::v1::DriftFigure*> latest;
  std::map<std::pair<std::string, std::string>, double> psi;
  std::vector<std::string> days;
  for (const baoxue::v1::DriftFigure& figure : response.figures()) {
    if (days.empty() || days.back() != figure.day()) {
      days.push_back(figure.day());
    }
    auto [at, inserted] =
        psi.insert({{figure.feature(), figure.day()}, figure.psi()});
    if (!inserted && figure.source() == "run") at->second = figure.psi();
    if (figure.day() != newest) continue;
    const baoxue::v1::DriftFigure*& slot = latest[figure.feature()];
    if (slot == nullptr || figure.source() == "run") slot = &figure;
  }
  out << "\n"
      << words("最新一天 ", "Newest day ") << newest << "\n"
      << exports::PadToWidth(std::string(words("特征", "feature")),
                             kFeatureWidth)
      << exports::RightAligned("PSI", 7) << "  "
      << exports::PadToWidth(std::string(words("水平", "level")), 16)
      << exports::RightAligned(words("均值偏移", "mean shift"), 11)
      << exports::RightAligned(words("缺失率", "missing"), 9)
      << exports::RightAligned(words("训练时", "training"), 10)
      << exports::RightAligned(words("行数", "rows"), 9) << "  "
      << words("来源", "source") << "\n";
  for (const std::string& feature : response.features()) {
    const auto found = latest.find(feature);
    if (found == latest.end()) continue;
    const baoxue::v1::DriftFigure& f = *found->second;
    out << exports::PadToWidth(FeatureText(feature, response, words),
                               kFeatureWidth)
        << exports::RightAligned(absl::StrFormat("%.3f", f.psi()), 7) << "  "
        << exports::PadToWidth(LevelText(f.level(), words), 16)
        << exports::RightAligned(absl::StrFormat("%+.2f", f.mean_shift()), 11)
        << exports::RightAligned(
               absl::StrFormat("%.1f%%", 100 * f.missing_rate()), 9)
        << exports::RightAligned(
               absl::StrFormat("%.1f%%", 100 * f.reference_missing_rate()), 10)
        << exports::RightAligned(absl::StrCat(f.rows()), 9) << "  "
        << SourceText(f.source(), words) << "\n";
  }
  if (days.size() < 2) return;
  out << "\n" << words("PSI 按日", "PSI by day") << "\n";
  out << exports::PadToWidth(std::string(words("特征", "feature")),
                             kFeatureWidth);
  const size_t columns = std::min<size_t>(days.size(), kMaxDayColumns);
  for (size_t d = 0; d < columns; ++d) {
    out << exports::RightAligned(days[d].substr(5), 7);
  }
  out << "\n";
  for (const std::string& feature : response.features()) {
    out << exports::PadToWidth(FeatureText(feature, response, words),
                               kFeatureWidth);
    for (size_t d = 0; d < columns; ++d) {
      const auto found = psi.find({feature, days[d]});
      out << exports::RightAligned(
          found == psi.end() ? "-" : absl::StrFormat("%.2f", found->second), 7);
    }
    out << "\n";
  }
}

}  // namespace baoxue::client
