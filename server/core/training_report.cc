#include "server/core/training_report.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "base/html_escape.h"
#include "server/core/catalogue_feature_names.h"

namespace baoxue::core {
namespace {

constexpr const char* kModelColour = "#c0392b";
const char* const kBaselineColours[] = {"#2471a3", "#7d8c8d", "#8e44ad"};

std::string Num(double value, int decimals = 3) {
  if (std::isnan(value)) return "—";
  if (std::isinf(value)) return value > 0 ? "∞" : "−∞";
  return absl::StrFormat("%.*f", decimals, value);
}

std::string Pct(double value) {
  if (std::isnan(value)) return "—";
  return absl::StrFormat("%.1f%%", 100 * value);
}

std::string Cell(absl::string_view text) {
  return absl::StrCat("<td>", text, "</td>");
}

std::string Heading(int level, absl::string_view zh, absl::string_view en) {
  return absl::StrFormat("<h%d>%s <span class=\"en\">%s</span></h%d>\n", level,
                         zh, en, level);
}

std::string HeaderRow(const std::vector<std::string>& cells) {
  std::string row = "<tr>";
  for (const std::string& cell : cells)
    absl::StrAppend(&row, "<th>", cell, "</th>");
  return absl::StrCat(row, "</tr>\n");
}

std::string NotRun(absl::string_view zh, absl::string_view en) {
  return absl::StrCat("<p class=\"note\">", zh, "（", en, "）</p>\n");
}

// --- SVG plots ---------------------------------------------------------------

struct Series {
  std::string name;  // already escaped
  const char* colour;
  std::vector<std::pair<double, double>> points;
  bool markers = false;
  bool dashed = false;
};

constexpr double kPlotWidth = 340;
constexpr double kPlotHeight = 300;
constexpr double kLeft = 48;
constexpr double kRight = 12;
constexpr double kTop = 28;
constexpr double kBottom = 44;

// A square-axis line plot from (0, 0) to (x_max, y_max) with a grid every
// quarter, an optional diagonal, and a legend.
std::string Plot(absl::string_view title, absl::string_view x_label,
                 absl::string_view y_label, double x_max, double y_max,
                 bool diagonal, const std::vector<Series>& series) {
  const double w = kPlotWidth - kLeft - kRight;
  const double h = kPlotHeight - kTop - kBottom;
  auto px = [&](double x) { return kLeft + w * x / x_max; };
  auto py = [&](double y) { return kTop + h * (1 - y / y_max); };
  std::string svg = absl::StrFormat(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" "
      "height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" role=\"img\">"
      "<title>%s</title>\n",
      kPlotWidth, kPlotHeight, kPlotWidth, kPlotHeight, title);
  absl::StrAppendFormat(
      &svg, "<text x=\"%.1f\" y=\"16\" class=\"t\">%s</text>\n", kLeft, title);
  for (int k = 0; k <= 4; ++k) {
    const double fx = x_max * k / 4;
    const double fy = y_max * k / 4;
    absl::StrAppendFormat(
        &svg,
        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
        "class=\"g\"/><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
        "class=\"g\"/>\n"
        "<text x=\"%.1f\" y=\"%.1f\" class=\"a\" "
        "text-anchor=\"middle\">%s</text><text x=\"%.1f\" y=\"%.1f\" "
        "class=\"a\" text-anchor=\"end\">%s</text>\n",
        px(fx), py(0), px(fx), py(y_max), px(0), py(fy), px(x_max), py(fy),
        px(fx), py(0) + 14, Num(fx, 2), px(0) - 4, py(fy) + 4, Num(fy, 2));
  }
  absl::StrAppendFormat(
      &svg,
      "<text x=\"%.1f\" y=\"%.1f\" class=\"a\" "
      "text-anchor=\"middle\">%s</text>\n"
      "<text x=\"12\" y=\"%.1f\" class=\"a\" text-anchor=\"middle\" "
      "transform=\"rotate(-90 12 %.1f)\">%s</text>\n",
      kLeft + w / 2, kPlotHeight - 8, x_label, kTop + h / 2, kTop + h / 2,
      y_label);
  if (diagonal) {
    const double d = std::min(x_max, y_max);
    absl::StrAppendFormat(&svg,
                          "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                          "y2=\"%.1f\" class=\"d\"/>\n",
                          px(0), py(0), px(d), py(d));
  }
  int legend = 0;
  for (const Series& s : series) {
    if (s.points.empty()) continue;
    std::vector<std::string> coords;
    for (const auto& [x, y] : s.points) {
      if (std::isnan(x) || std::isnan(y)) continue;
      coords.push_back(absl::StrFormat("%.1f,%.1f",
                                       px(std::clamp(x, 0.0, x_max)),
                                       py(std::clamp(y, 0.0, y_max))));
    }
    absl::StrAppendFormat(
        &svg,
        "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s "
        "points=\"%s\"/>\n",
        s.colour, s.dashed ? " stroke-dasharray=\"5 3\"" : "",
        absl::StrJoin(coords, " "));
    if (s.markers) {
      for (const std::string& c : coords) {
        const size_t comma = c.find(',');
        absl::StrAppendFormat(
            &svg, "<circle cx=\"%s\" cy=\"%s\" r=\"3\" fill=\"%s\"/>",
            c.substr(0, comma), c.substr(comma + 1), s.colour);
      }
      svg += "\n";
    }
    const double ly = kTop + 12 + 14 * legend++;
    absl::StrAppendFormat(
        &svg,
        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
        "stroke-width=\"2\"/><text x=\"%.1f\" y=\"%.1f\" "
        "class=\"l\">%s</text>\n",
        kPlotWidth - 150, ly - 4, kPlotWidth - 134, ly - 4, s.colour,
        kPlotWidth - 130, ly, s.name);
  }
  svg += "</svg>\n";
  return svg;
}

std::vector<std::pair<double, double>> Points(
    const std::vector<model::CurvePoint>& curve) {
  std::vector<std::pair<double, double>> points;
  points.reserve(curve.size());
  for (const model::CurvePoint& p : curve) points.emplace_back(p.x, p.y);
  return points;
}

std::string Plots(const TrainingReportInput& input) {
  std::vector<Series> roc = {
      {"模型 model", kModelColour, Points(input.model.roc)}};
  std::vector<Series> pr = {
      {"模型 model", kModelColour, Points(input.model.pr)}};
  size_t colour = 0;
  for (const model::BaselineEvaluation& b : input.baselines) {
    if (b.name == "prevalence") continue;  // its curves are the chance lines
    const char* c = kBaselineColours[colour++ % 3];
    roc.push_back(
        {HtmlEscape(b.name), c, Points(b.evaluation.roc), false, true});
    pr.push_back({HtmlEscape(b.name), c, Points(b.evaluation.pr), false, true});
  }
  if (input.model.positives > 0) {
    pr.push_back({"基准率 prevalence",
                  kBaselineColours[2],
                  {{0, input.model.prevalence}, {1, input.model.prevalence}},
                  false,
                  true});
  }
  std::vector<std::pair<double, double>> calibration;
  double top = 0;
  for (const model::CalibrationBin& bin : input.model.calibration) {
    calibration.emplace_back(bin.mean_predicted, bin.observed_rate);
    top = std::max({top, bin.mean_predicted, bin.observed_rate});
  }
  // Calibration axes: the next tenth above the largest value, at most 1.
  const double axis = std::clamp(std::ceil(top * 10 + 1e-9) / 10, 0.1, 1.0);
  std::string html = "<div class=\"plots\">\n";
  html += Plot("ROC 曲线 (ROC curve)", "假阳性率 false-positive rate",
               "真阳性率 true-positive rate", 1, 1, true, roc);
  html += Plot("精确率-召回率 (precision-recall)", "召回率 recall",
               "精确率 precision", 1, 1, false, pr);
  html += Plot("校准 (calibration, deciles)", "平均预测 mean predicted",
               "实际辍学率 observed", axis, axis, true,
               {{"模型 model", kModelColour, calibration, true, false}});
  html += "</div>\n";
  return html;
}

// --- tables ------------------------------------------------------------------

const model::OperatingPoint* Tier(const model::Evaluation& e, size_t i) {
  return i < e.at_tiers.size() ? &e.at_tiers[i] : nullptr;
}

std::string MetricsRow(absl::string_view name, const model::Evaluation& e) {
  std::string row = absl::StrCat("<tr><th>", name, "</th>");
  absl::StrAppend(&row, Cell(Num(e.roc_auc)), Cell(Num(e.pr_auc)),
                  Cell(Num(e.log_loss, 4)), Cell(Num(e.brier, 4)));
  for (size_t i = 0; i < 2; ++i) {
    const model::OperatingPoint* p = Tier(e, i);
    absl::StrAppend(&row, Cell(p ? Pct(p->share) : "—"),
                    Cell(p ? Pct(p->precision) : "—"),
                    Cell(p ? Pct(p->recall) : "—"));
  }
  return absl::StrCat(row, "</tr>\n");
}

std::string MetricsTable(const TrainingReportInput& input) {
  std::string html =
      Heading(2, "验证集指标与基线", "Validation metrics beside baselines");
  absl::StrAppendFormat(
      &html,
      "<p>验证集 %d 名学生，其中 %d 名在期限内辍学（%s）。"
      "<span class=\"en\">%d students validated, %d dropped out within the "
      "horizon (%s).</span></p>\n",
      input.model.rows, input.model.positives, Pct(input.model.prevalence),
      input.model.rows, input.model.positives, Pct(input.model.prevalence));
  html += "<table>\n";
  html += HeaderRow({"", "ROC AUC", "PR AUC", "对数损失 log loss", "Brier",
                     "高风险占比 HIGH share", "高 精确率 precision",
                     "高 召回率 recall", "中及以上占比 MEDIUM+ share",
                     "中+ 精确率 precision", "中+ 召回率 recall"});
  html += MetricsRow("模型 model", input.model);
  for (const model::BaselineEvaluation& b : input.baselines) {
    html += MetricsRow(
        absl::StrCat("基线 baseline: ", HtmlEscape(b.name), "<br><small>",
                     HtmlEscape(b.description_zh), " / ",
                     HtmlEscape(b.description_en), "</small>"),
        b.evaluation);
  }
  html += "</table>\n";
  if (input.baselines.empty()) {
    html += NotRun("未评估基线", "no baselines were evaluated");
  }
  // Top k%: model beside each ranking baseline.
  if (!input.model.at_top_share.empty()) {
    html += Heading(3, "前k%学生的精确率与召回率",
                    "Precision and recall in the top k%");
    std::vector<std::string> header = {"", "模型 精确率 precision",
                                       "模型 召回率 recall"};
    for (const model::BaselineEvaluation& b : input.baselines) {
      header.push_back(absl::StrCat(HtmlEscape(b.name), " 精确率 precision"));
      header.push_back(absl::StrCat(HtmlEscape(b.name), " 召回率 recall"));
    }
    html += "<table>\n" + HeaderRow(header);
    for (size_t k = 0; k < input.model.at_top_share.size(); ++k) {
      const model::OperatingPoint& p = input.model.at_top_share[k];
      absl::StrAppend(&html, "<tr><th>", HtmlEscape(p.label), "</th>",
                      Cell(Pct(p.precision)), Cell(Pct(p.recall)));
      for (const model::BaselineEvaluation& b : input.baselines) {
        const auto& points = b.evaluation.at_top_share;
        const bool has = k < points.size();
        absl::StrAppend(&html, Cell(has ? Pct(points[k].precision) : "—"),
                        Cell(has ? Pct(points[k].recall) : "—"));
      }
      html += "</tr>\n";
    }
    html += "</table>\n";
  }
  return html;
}

std::string CalibrationTable(const model::Evaluation& e) {
  std::string html = Heading(3, "校准表（按预测值十等分）",
                             "Calibration table (deciles of the score)");
  if (e.calibration.empty()) {
    return html + NotRun("无校准表", "no calibration table");
  }
  html += "<table>\n" + HeaderRow({"组 bin", "预测范围 score range",
                                   "人数 rows", "辍学 dropouts",
                                   "平均预测 mean predicted", "实际 observed"});
  for (size_t i = 0; i < e.calibration.size(); ++i) {
    const model::CalibrationBin& b = e.calibration[i];
    absl::StrAppend(
        &html, "<tr>", Cell(absl::StrCat(i + 1)),
        Cell(absl::StrCat(Num(b.min_score, 4), " – ", Num(b.max_score, 4))),
        Cell(absl::StrCat(b.rows)), Cell(absl::StrCat(b.positives)),
        Cell(Pct(b.mean_predicted)), Cell(Pct(b.observed_rate)), "</tr>\n");
  }
  return html + "</table>\n";
}

std::string ThresholdSection(const TrainingReportInput& input) {
  std::string html = Heading(2, "风险等级阈值", "Tier thresholds");
  absl::StrAppendFormat(
      &html,
      "<p>高风险 HIGH：预测概率 ≥ <b>%s</b>；中风险 MEDIUM：≥ <b>%s</b>"
      "（随模型版本保存 / stored with the model version）。</p>\n",
      Num(input.params.thresholds().high(), 4),
      Num(input.params.thresholds().medium(), 4));
  if (!input.threshold_choice.has_value()) {
    return html + NotRun("阈值按训练集得分的前5%/前15%确定",
                         "thresholds are the training scores' top 5% / 15% "
                         "(no precision or capacity target was given)");
  }
  const model::ThresholdChoice& c = *input.threshold_choice;
  absl::StrAppend(
      &html, "<p>选取方法 method: ", HtmlEscape(c.method), "</p>\n<table>\n",
      HeaderRow({"", "阈值 threshold", "标记人数 flagged", "占比 share",
                 "精确率 precision", "召回率 recall"}));
  for (const model::OperatingPoint* p : {&c.high, &c.medium}) {
    absl::StrAppend(&html, "<tr><th>", HtmlEscape(p->label), "</th>",
                    Cell(Num(p->threshold, 4)), Cell(absl::StrCat(p->flagged)),
                    Cell(Pct(p->share)), Cell(Pct(p->precision)),
                    Cell(Pct(p->recall)), "</tr>\n");
  }
  html += "</table>\n";
  if (!c.townships.empty()) {
    html += Heading(3, "各乡镇工作量", "Caseload per township");
    html += "<table>\n" + HeaderRow({"乡镇 township", "学生 students",
                                     "高 标记/容量 HIGH "
                                     "flagged/capacity",
                                     "中+ 标记/容量 MEDIUM+ flagged/capacity"});
    for (const model::TownshipLoad& t : c.townships) {
      const bool over = t.high_flagged > t.high_capacity ||
                        t.medium_flagged > t.medium_capacity;
      absl::StrAppend(
          &html, over ? "<tr class=\"flag\">" : "<tr>",
          Cell(HtmlEscape(t.township)), Cell(absl::StrCat(t.students)),
          Cell(absl::StrCat(t.high_flagged, " / ", t.high_capacity)),
          Cell(absl::StrCat(t.medium_flagged, " / ", t.medium_capacity,
                            over ? " ⚠ 超出容量 over capacity" : "")),
          "</tr>\n");
    }
    html += "</table>\n";
  }
  return html;
}

std::string CrossValidationSection(const TrainingReportInput& input) {
  std::string html = Heading(2, "交叉验证", "Cross-validation");
  if (!input.cross_validation.has_value()) {
    return html + NotRun("未运行交叉验证", "cross-validation was not run");
  }
  const model::CrossValidation& cv = *input.cross_validation;
  html += "<table>\n" +
          HeaderRow({"划分 split", "训练 train rows", "验证 validation rows",
                     "ROC AUC", "PR AUC", "对数损失 log loss", "Brier"});
  for (const model::SplitResult& s : cv.splits) {
    absl::StrAppend(
        &html, "<tr>", Cell(HtmlEscape(s.name)),
        Cell(absl::StrCat(s.train_rows)), Cell(absl::StrCat(s.validation.rows)),
        Cell(Num(s.validation.roc_auc)), Cell(Num(s.validation.pr_auc)),
        Cell(Num(s.validation.log_loss, 4)), Cell(Num(s.validation.brier, 4)),
        "</tr>\n");
  }
  auto summary = [](const model::MetricSummary& m, int decimals) {
    return Cell(
        absl::StrCat(Num(m.mean, decimals), " ± ", Num(m.stddev, decimals)));
  };
  absl::StrAppend(&html,
                  "<tr><th>均值 ± 标准差 mean ± sd</th><td></td><td></td>",
                  summary(cv.roc_auc, 3), summary(cv.pr_auc, 3),
                  summary(cv.log_loss, 4), summary(cv.brier, 4), "</tr>\n");
  return html + "</table>\n";
}

std::string OptionalNum(const std::optional<double>& value) {
  return value.has_value() ? Num(*value) : "—";
}

std::string OptionalPct(const std::optional<double>& value) {
  return value.has_value() ? Pct(*value) : "—";
}

// The candidate on what really happened after past risk runs (issue 13).
std::string BackTestSection(const TrainingReportInput& input) {
  std::string html = Heading(2, "回测：以往风险研判的实际结果",
                             "Back-test on past risk runs' realised outcomes");
  if (input.back_test.empty()) {
    const std::string note = input.back_test_note.empty()
                                 ? "no past risk run whose horizon has passed"
                                 : input.back_test_note;
    return html + NotRun("没有可回测的以往研判", HtmlEscape(note));
  }
  html +=
      "<p class=\"note\">每次研判：当时的学生与当日特征，期限内实际辍学为标签；"
      "本模型按该次研判的预警比例（高+中）标记 / each run: its students with "
      "their features as of its date, labelled by the dropouts that really "
      "followed within the horizon; the candidate flags the same share the "
      "run flagged (HIGH + MEDIUM).</p>\n<table>\n" +
      HeaderRow({"研判 run", "日期 as of", "期限 horizon", "学生 students",
                 "辍学 dropouts", "预警比例 flagged share",
                 "当时模型 run's model", "其 AUC", "其精确率 precision",
                 "其召回率 recall", "本模型 AUC", "本模型精确率 precision",
                 "本模型召回率 recall"});
  for (const BackTestRow& row : input.back_test) {
    absl::StrAppend(
        &html, "<tr>", Cell(absl::StrCat(row.run_id)),
        Cell(absl::FormatCivilTime(row.as_of)),
        Cell(absl::StrCat(row.horizon_days)), Cell(absl::StrCat(row.students)),
        Cell(absl::StrCat(row.dropped_out)), Cell(Pct(row.flagged_share)),
        Cell(HtmlEscape(row.run_model_version)), Cell(OptionalNum(row.run_auc)),
        Cell(OptionalPct(row.run_precision)), Cell(OptionalPct(row.run_recall)),
        Cell(OptionalNum(row.candidate_auc)),
        Cell(OptionalPct(row.candidate_precision)),
        Cell(OptionalPct(row.candidate_recall)), "</tr>\n");
  }
  return html + "</table>\n";
}

std::string FairnessSection(const TrainingReportInput& input) {
  std::string html = Heading(2, "公平性审查", "Fairness audit");
  if (!input.fairness.has_value()) {
    return html + NotRun("未运行公平性审查", "the fairness audit was not run");
  }
  const model::FairnessAudit& audit = *input.fairness;
  const model::FairnessOptions& o = audit.options;
  absl::StrAppendFormat(
      &html,
      "<p>标记规则 gap rule: 组内人数 ≥ %d 且辍学 ≥ %d 时，若 AUC 与总体相差 "
      "&gt; %s、高风险召回率相差 &gt; %s 个百分点，或实际/预测辍学率之比超出 "
      "%s–%s，则标记。<span class=\"en\">Groups with at least %d rows and %d "
      "dropouts are flagged when their AUC differs from the overall by more "
      "than %s, their recall at HIGH by more than %s points, or their observed "
      "/ predicted dropout rate lies outside %s–%s. Smaller groups are shown "
      "but not flagged.</span></p>\n",
      o.min_group_rows, o.min_group_positives, Num(o.max_auc_gap, 2),
      Num(100 * o.max_recall_gap, 0), Num(1 / o.max_calibration_ratio, 2),
      Num(o.max_calibration_ratio, 2), o.min_group_rows, o.min_group_positives,
      Num(o.max_auc_gap, 2), Num(100 * o.max_recall_gap, 0),
      Num(1 / o.max_calibration_ratio, 2), Num(o.max_calibration_ratio, 2));
  absl::StrAppendFormat(&html,
                        "<p><b>%d</b> 个组被标记 / groups flagged.</p>\n",
                        audit.flagged_groups);
  html += "<table>\n" +
          HeaderRow({"属性 attribute", "组 group", "人数 rows", "辍学 dropouts",
                     "辍学率 rate", "平均预测 predicted", "ROC AUC",
                     "高 召回率 recall", "高 精确率 precision", "标记 flags"});
  auto row = [](absl::string_view attribute, absl::string_view value,
                const model::Evaluation& e, absl::string_view flags,
                bool flagged) {
    const double predicted = e.calibration.empty() ? std::nan("") : [&] {
      double sum = 0;
      for (const auto& b : e.calibration) {
        sum += b.mean_predicted * static_cast<double>(b.rows);
      }
      return sum / static_cast<double>(e.rows);
    }();
    const model::OperatingPoint* high = Tier(e, 0);
    return absl::StrCat(
        flagged ? "<tr class=\"flag\">" : "<tr>", Cell(attribute), Cell(value),
        Cell(absl::StrCat(e.rows)), Cell(absl::StrCat(e.positives)),
        Cell(Pct(e.prevalence)), Cell(Pct(predicted)), Cell(Num(e.roc_auc)),
        Cell(high ? Pct(high->recall) : "—"),
        Cell(high ? Pct(high->precision) : "—"), Cell(flags), "</tr>\n");
  };
  html += row("总体 overall", "", audit.overall, "", false);
  for (const model::GroupFairness& g : audit.groups) {
    std::string flags;
    if (g.small) {
      flags = "样本少，不标记 small, not flagged";
    } else {
      std::vector<std::string> escaped;
      for (const std::string& f : g.flags) escaped.push_back(HtmlEscape(f));
      flags = absl::StrJoin(escaped, "<br>");
    }
    html += row(HtmlEscape(g.attribute), HtmlEscape(g.value), g.evaluation,
                flags, !g.flags.empty());
  }
  return html + "</table>\n";
}

// A definition's own words without the value placeholder.
std::string Wording(const std::string& text) {
  std::string out = absl::StrReplaceAll(text, {{"{value}", "…"}});
  return out;
}

std::string CoefficientSection(
    const baoxue::v1::ModelParams& params,
    const std::vector<baoxue::v1::FeatureDefinition>& features) {
  std::string html =
      Heading(2, "系数及其含义", "Coefficients and what they mean");
  html +=
      "<p>权重作用于标准化特征 z = (x − 均值)/标准差；exp(权重) 是特征高出一个"
      "标准差时辍学几率（odds）的倍数，标志类特征给出“是”相对“否”的倍数 "
      "exp(权重/标准差)。按影响大小排序。<span class=\"en\">Weights apply to "
      "standardised features z = (x − mean) / sd. exp(weight) multiplies the "
      "odds of dropping out for one standard deviation more; for a yes/no "
      "flag the report gives yes versus no, exp(weight / sd). Largest effect "
      "first.</span></p>\n";
  absl::StrAppendFormat(
      &html, "<p>截距 intercept: %s；L2 惩罚 penalty λ = %s</p>\n",
      Num(params.intercept(), 4), Num(params.l2_penalty(), 4));
  std::vector<int> order(static_cast<size_t>(params.weights_size()));
  for (int j = 0; j < params.weights_size(); ++j)
    order[static_cast<size_t>(j)] = j;
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    return std::abs(params.weights(a)) > std::abs(params.weights(b));
  });
  html += "<table>\n" +
          HeaderRow({"特征 feature", "含义 meaning", "均值 mean", "标准差 sd",
                     "权重 weight", "几率倍数 odds ratio", "解读 reading"});
  for (int j : order) {
    if (j >= params.features_size()) continue;
    const baoxue::v1::FeatureStat& stat = params.features(j);
    const double weight = params.weights(j);
    const std::optional<CatalogueFeatureName> label =
        FindCatalogueFeatureName(stat.name());
    std::string zh = label.has_value() ? label->zh : stat.name();
    std::string en = label.has_value() ? label->en : stat.name();
    for (const baoxue::v1::FeatureDefinition& f : features) {
      if (f.name() != stat.name()) continue;
      if (!f.zh().empty()) zh = Wording(f.zh());
      if (!f.en().empty()) en = Wording(f.en());
    }
    // A 0/1 flag has mean in (0, 1) and sd = sqrt(m (1 - m)).
    const bool flag =
        stat.mean() > 0 && stat.mean() < 1 &&
        std::abs(stat.stddev() - std::sqrt(stat.mean() * (1 - stat.mean()))) <
            1e-9;
    const double odds =
        flag ? std::exp(weight / stat.stddev()) : std::exp(weight);
    const char* direction_zh = weight > 0 ? "提高" : "降低";
    const char* direction_en = weight > 0 ? "raises" : "lowers";
    const std::string reading =
        flag ? absl::StrFormat(
                   "“%s”使辍学几率%s为 ×%s<br><small>%s %s the "
                   "odds ×%s</small>",
                   HtmlEscape(zh), direction_zh, Num(odds, 2), HtmlEscape(en),
                   direction_en, Num(odds, 2))
             : absl::StrFormat(
                   "每高 %s，辍学几率 ×%s<br><small>%s more "
                   "%s the odds ×%s</small>",
                   Num(stat.stddev(), 3), Num(odds, 2), Num(stat.stddev(), 3),
                   direction_en, Num(odds, 2));
    absl::StrAppend(&html, "<tr>", Cell(HtmlEscape(stat.name())),
                    Cell(absl::StrCat(HtmlEscape(zh), "<br><small>",
                                      HtmlEscape(en), "</small>")),
                    Cell(Num(stat.mean(), 4)), Cell(Num(stat.stddev(), 4)),
                    Cell(Num(weight, 4)), Cell(Num(odds, 3)), Cell(reading),
                    "</tr>\n");
  }
  return html + "</table>\n";
}

constexpr absl::string_view kStyle =
    "body{font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;"
    "margin:2em;color:#222;max-width:1200px}"
    "h1{font-size:1.6em}h2{margin-top:1.6em;border-bottom:1px solid #ccc}"
    ".en{color:#555;font-weight:normal}"
    "table{border-collapse:collapse;margin:.6em 0;font-size:.9em}"
    "th,td{border:1px solid #ccc;padding:3px 8px;text-align:right}"
    "th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}"
    "tr.flag td{background:#fdecea}p.flag{background:#fdecea;padding:.4em}"
    ".note{color:#777;font-style:italic}"
    ".plots{display:flex;flex-wrap:wrap;gap:12px}"
    "svg{border:1px solid #ddd;background:#fff}"
    "svg .g{stroke:#eee}svg .d{stroke:#999;stroke-dasharray:4 3}"
    "svg .a{font-size:10px;fill:#444}svg .t{font-size:12px;font-weight:bold}"
    "svg .l{font-size:10px}";

}  // namespace

std::string RenderTrainingReport(const TrainingReportInput& input) {
  std::string html = absl::StrCat(
      "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta "
      "charset=\"utf-8\">\n"
      "<title>模型训练报告 Training report ",
      HtmlEscape(input.model_version), "</title>\n<style>", kStyle,
      "</style>\n</head>\n<body>\n");
  absl::StrAppend(&html,
                  "<h1>保学 模型训练报告 <span class=\"en\">Baoxue "
                  "training report</span></h1>\n<table>\n");
  auto fact = [&html](absl::string_view zh_en, absl::string_view value) {
    absl::StrAppend(&html, "<tr><th>", zh_en, "</th><td>", value,
                    "</td></tr>\n");
  };
  fact("模型版本 model version", HtmlEscape(input.model_version));
  if (!input.trained_by.empty()) {
    fact("训练者 trained by", HtmlEscape(input.trained_by));
  }
  if (!input.feature_set_version.empty()) {
    fact("特征集 feature set", HtmlEscape(input.feature_set_version));
  }
  if (!input.label_source.empty()) {
    fact("标签来源 labels", HtmlEscape(input.label_source));
  }
  if (!input.county.empty()) fact("县 county", HtmlEscape(input.county));
  if (!input.generated_at.empty()) {
    fact("生成时间 generated", HtmlEscape(input.generated_at));
  }
  fact("训练期 training window", HtmlEscape(input.training_window));
  fact("验证方式 validation", HtmlEscape(input.validation_window));
  if (input.horizon_days > 0) {
    fact("标签期限 label horizon",
         absl::StrCat(input.horizon_days, " 天 days"));
  }
  fact("训练样本 training rows",
       absl::StrCat(input.training_rows, "（辍学 dropouts ",
                    input.training_positives, "）"));
  fact("验证样本 validation rows",
       absl::StrCat(input.model.rows, "（辍学 dropouts ", input.model.positives,
                    "）"));
  fact("L2 惩罚 penalty λ", Num(input.params.l2_penalty(), 4));
  fact("正类权重 positive class weight", Num(input.positive_class_weight, 2));
  if (input.iterations > 0) {
    fact("牛顿迭代 Newton iterations", absl::StrCat(input.iterations));
  }
  if (input.gradient_norm >= 0) {
    fact("梯度范数 gradient norm",
         absl::StrFormat("%.2e", input.gradient_norm));
  }
  html += "</table>\n";
  for (const std::string& warning : input.validation_warnings) {
    absl::StrAppend(&html, "<p class=\"flag\"><b>注意 Warning:</b> ",
                    HtmlEscape(warning), "</p>\n");
  }

  html += MetricsTable(input);
  html += Plots(input);
  html += CalibrationTable(input.model);
  html += ThresholdSection(input);
  html += CrossValidationSection(input);
  html += BackTestSection(input);
  html += FairnessSection(input);
  html += CoefficientSection(input.params, input.features);
  html +=
      "<p class=\"note\">指标定义见 docs/evaluation.md / metric definitions: "
      "docs/evaluation.md</p>\n</body>\n</html>\n";
  return html;
}

std::string RenderDriftSection(const DriftReport& report,
                               const DriftSettings& settings) {
  std::string html = Heading(2, "数据漂移", "Drift");
  if (!report.has_reference) {
    absl::StrAppend(
        &html,
        "<p class=\"flag\">此模型训练时未保存训练数据分布，无法计算漂移；"
        "请重新训练。 This model was trained before drift "
        "references were kept: retrain it to watch drift.</p>\n");
    return html;
  }
  absl::StrAppend(
      &html, "<p>PSI（群体稳定性指数）比较每天的数据与训练数据：&lt; ",
      Num(settings.moderate_psi, 2), " 稳定，", Num(settings.moderate_psi, 2),
      "–", Num(settings.major_psi, 2), " 中度偏移，≥ ",
      Num(settings.major_psi, 2),
      " 显著偏移（已推送给数据人员）。<br><span class=\"en\">PSI compares each "
      "day's data with the training data: below ",
      Num(settings.moderate_psi, 2), " stable, up to ",
      Num(settings.major_psi, 2), " a moderate shift, from ",
      Num(settings.major_psi, 2),
      " a major shift (pushed to data staff).</span></p>\n");
  // Days newest first; a run's figure over the refresh's of the same day.
  std::vector<absl::CivilDay> days;
  std::map<std::pair<std::string, absl::CivilDay>, const store::DriftRow*>
      cells;
  for (const store::DriftRow& row : report.rows) {
    if (days.empty() || days.back() != row.day) days.push_back(row.day);
    const store::DriftRow*& cell = cells[{row.feature, row.day}];
    if (cell == nullptr || row.source == domain::DriftSource::kRun) {
      cell = &row;
    }
  }
  if (days.empty()) {
    absl::StrAppend(
        &html,
        "<p>尚无漂移数据（特征刷新或全县风险研判后生成）。 No drift "
        "figures yet: they come with each feature refresh and "
        "county-wide risk run.</p>\n");
    return html;
  }
  std::vector<std::string> header = {"特征 feature"};
  for (absl::CivilDay day : days) header.push_back(absl::FormatCivilTime(day));
  html += "<table>\n" + HeaderRow(header);
  for (const std::string& feature : report.features) {
    std::string words =
        feature.empty() ? "风险分数 score" : HtmlEscape(feature);
    if (const auto catalogue = FindCatalogueFeatureName(feature)) {
      words = absl::StrCat(HtmlEscape(catalogue->zh), "<br><small>",
                           HtmlEscape(feature), "</small>");
    }
    absl::StrAppend(&html, "<tr>", Cell(words));
    for (absl::CivilDay day : days) {
      const auto found = cells.find({feature, day});
      if (found == cells.end()) {
        html += Cell("—");
        continue;
      }
      const double psi = found->second->figures.psi;
      const domain::DriftLevel level = DriftLevelOf(psi, settings);
      absl::StrAppend(
          &html,
          level == domain::DriftLevel::kMajor ? "<td class=\"flag\">" : "<td>",
          Num(psi, 3), "<br><small>",
          domain::Label(level, domain::Language::kZh), " ",
          domain::Label(level, domain::Language::kEn), "</small></td>");
    }
    html += "</tr>\n";
  }
  html += "</table>\n";
  return html;
}

std::string InsertSection(std::string html, const std::string& section) {
  const size_t end = html.rfind("</body>");
  if (end == std::string::npos) return html + section;
  html.insert(end, section);
  return html;
}

}  // namespace baoxue::core
