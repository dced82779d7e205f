#include "client/model_metrics_view.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "exports/text.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"

namespace baoxue::client {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;

const Value* Find(const Struct& object, const std::string& name) {
  auto it = object.fields().find(name);
  return it == object.fields().end() ? nullptr : &it->second;
}

double NumberAt(const Struct& object, const std::string& name) {
  const Value* value = Find(object, name);
  return value != nullptr && value->has_number_value() ? value->number_value()
                                                       : NAN;
}

const Struct* ObjectAt(const Struct& object, const std::string& name) {
  const Value* value = Find(object, name);
  return value != nullptr && value->has_struct_value() ? &value->struct_value()
                                                       : nullptr;
}

// The HIGH operating point's `field` of an evaluation object.
double AtHigh(const Struct* evaluation, const std::string& field) {
  if (evaluation == nullptr) return NAN;
  const Value* tiers = Find(*evaluation, "at_tiers");
  if (tiers == nullptr || !tiers->has_list_value()) return NAN;
  for (const Value& point : tiers->list_value().values()) {
    if (!point.has_struct_value()) continue;
    const Value* label = Find(point.struct_value(), "label");
    if (label != nullptr && label->string_value() == "HIGH") {
      return NumberAt(point.struct_value(), field);
    }
  }
  return NAN;
}

std::string Text(double value) {
  return std::isfinite(value) ? absl::StrFormat("%.4f", value) : "-";
}

}  // namespace

ValidationFigures FiguresOf(const baoxue::v1::ModelSummary& model) {
  ValidationFigures figures;
  Struct metrics;
  if (!google::protobuf::util::JsonStringToMessage(model.metrics_json(),
                                                   &metrics)
           .ok()) {
    metrics.Clear();
  }
  const Struct* validation = ObjectAt(metrics, "validation");
  figures.roc_auc = validation ? NumberAt(*validation, "roc_auc") : NAN;
  figures.pr_auc = validation ? NumberAt(*validation, "pr_auc") : NAN;
  figures.log_loss = validation ? NumberAt(*validation, "log_loss") : NAN;
  figures.brier = validation ? NumberAt(*validation, "brier") : NAN;
  figures.recall_at_high = AtHigh(validation, "recall");
  figures.precision_at_high = AtHigh(validation, "precision");
  const Struct* baselines = ObjectAt(metrics, "baselines");
  const Struct* absence =
      baselines ? ObjectAt(*baselines, "absence_rate_30d") : nullptr;
  figures.absence_rule_roc_auc = absence ? NumberAt(*absence, "roc_auc") : NAN;
  figures.absence_rule_recall_at_high = AtHigh(absence, "recall");
  // fairness_json is a list: wrap it to parse with the Struct parser.
  Struct fairness;
  if (google::protobuf::util::JsonStringToMessage(
          "{\"groups\": " + model.fairness_json() + "}", &fairness)
          .ok()) {
    const Value* groups = Find(fairness, "groups");
    if (groups != nullptr && groups->has_list_value() &&
        groups->list_value().values_size() > 0) {
      figures.fairness_flags = 0;
      for (const Value& group : groups->list_value().values()) {
        const Value* flags = group.has_struct_value()
                                 ? Find(group.struct_value(), "flags")
                                 : nullptr;
        if (flags != nullptr && flags->list_value().values_size() > 0) {
          ++figures.fairness_flags;
        }
      }
    }
  }
  return figures;
}

void PrintFigures(const baoxue::v1::ModelSummary& model, Words words,
                  std::ostream& out) {
  const ValidationFigures f = FiguresOf(model);
  const auto row = [&out](absl::string_view name, absl::string_view value,
                          absl::string_view baseline) {
    out << "  " << exports::PadToWidth(std::string(name), 28) << " "
        << exports::RightAligned(value, 10) << " "
        << exports::RightAligned(baseline, 12) << "\n";
  };
  row(words("验证", "validation"), words("模型", "model"),
      words("缺勤率规则", "absence rule"));
  row(words("曲线下面积", "ROC AUC"), Text(f.roc_auc),
      Text(f.absence_rule_roc_auc));
  row(words("精确率-召回率曲线下面积", "PR AUC"), Text(f.pr_auc), "");
  row(words("对数损失", "log loss"), Text(f.log_loss), "");
  row(words("布里尔分数", "Brier"), Text(f.brier), "");
  row(words("高风险召回率", "recall at HIGH"), Text(f.recall_at_high),
      Text(f.absence_rule_recall_at_high));
  row(words("高风险精确率", "precision at HIGH"), Text(f.precision_at_high),
      "");
  if (f.fairness_flags >= 0) {
    out << (words.english()
                ? absl::StrFormat("  fairness: %d group(s) flagged\n",
                                  f.fairness_flags)
                : absl::StrFormat("  公平性：%d 个群体被标记\n",
                                  f.fairness_flags));
  }
}

void PrintFigureComparison(const baoxue::v1::ModelSummary& a,
                           const baoxue::v1::ModelSummary& b, Words words,
                           std::ostream& out) {
  const ValidationFigures fa = FiguresOf(a);
  const ValidationFigures fb = FiguresOf(b);
  const auto row = [&](absl::string_view name, double x, double y) {
    out << ComparisonRow(name, Text(x), Text(y));
  };
  row(words("精确率-召回率曲线下面积", "PR AUC"), fa.pr_auc, fb.pr_auc);
  row(words("对数损失", "log loss"), fa.log_loss, fb.log_loss);
  row(words("布里尔分数", "Brier"), fa.brier, fb.brier);
  row(words("高风险召回率", "recall at HIGH"), fa.recall_at_high,
      fb.recall_at_high);
  row(words("高风险精确率", "precision at HIGH"), fa.precision_at_high,
      fb.precision_at_high);
  out << ComparisonRow(
      words("公平性标记", "fairness flags"),
      fa.fairness_flags < 0 ? "-" : absl::StrFormat("%d", fa.fairness_flags),
      fb.fairness_flags < 0 ? "-" : absl::StrFormat("%d", fb.fairness_flags));
}

std::string ComparisonRow(absl::string_view name, const std::string& a,
                          const std::string& b) {
  return absl::StrCat(exports::PadToWidth(std::string(name), 26), " ",
                      exports::RightAligned(a, 14), " ",
                      exports::RightAligned(b, 14), "\n");
}

}  // namespace baoxue::client
