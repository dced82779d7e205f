#include "server/core/training_report.h"

#include <random>
#include <string>
#include <vector>

#include "Eigen/Core"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "model/evaluation.h"
#include "model/fairness.h"
#include "model/thresholds.h"

namespace baoxue::core {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// Checks that every element opened is closed in order (void elements and
// self-closing "/>" excepted) and returns the first problem, or "".
std::string TagBalanceProblem(const std::string& html) {
  static const std::vector<std::string> kVoid = {"meta", "br", "!DOCTYPE"};
  std::vector<std::string> open;
  size_t pos = 0;
  while ((pos = html.find('<', pos)) != std::string::npos) {
    const size_t end = html.find('>', pos);
    if (end == std::string::npos) return "unterminated tag";
    std::string tag = html.substr(pos + 1, end - pos - 1);
    pos = end + 1;
    if (tag.empty()) return "empty tag";
    if (tag.back() == '/') continue;  // <line ... />
    const bool closing = tag[0] == '/';
    std::string name = tag.substr(closing ? 1 : 0);
    name = name.substr(0, name.find_first_of(" \n"));
    if (std::find(kVoid.begin(), kVoid.end(), name) != kVoid.end()) continue;
    if (!closing) {
      open.push_back(name);
    } else if (open.empty() || open.back() != name) {
      return absl::StrCat("</", name, "> closes <",
                          open.empty() ? "nothing" : open.back(), ">");
    } else {
      open.pop_back();
    }
  }
  return open.empty() ? "" : absl::StrCat("<", open.back(), "> never closed");
}

baoxue::v1::ModelParams Params() {
  baoxue::v1::ModelParams params;
  auto* absence = params.add_features();
  absence->set_name("absence_rate_30d");
  absence->set_mean(0.08);
  absence->set_stddev(0.1);
  auto* poor = params.add_features();
  poor->set_name("registered_poor");
  poor->set_mean(0.2);
  poor->set_stddev(0.4);  // sqrt(0.2 * 0.8): a flag
  params.add_weights(0.8765);
  params.add_weights(0.3210);
  params.set_intercept(-3.25);
  params.set_l2_penalty(1.0);
  params.mutable_thresholds()->set_high(0.4321);
  params.mutable_thresholds()->set_medium(0.1234);
  return params;
}

struct Data {
  Eigen::VectorXd scores;
  Eigen::VectorXd labels;
  Eigen::MatrixXd raw;
  std::vector<std::string> township;
};

Data Make() {
  std::mt19937_64 rng(9);
  std::uniform_real_distribution<double> uniform;
  const int n = 1000;
  Data d{Eigen::VectorXd(n), Eigen::VectorXd(n), Eigen::MatrixXd(n, 1), {}};
  for (int i = 0; i < n; ++i) {
    d.scores[i] = uniform(rng) * 0.6;
    d.labels[i] = uniform(rng) < d.scores[i] ? 1 : 0;
    d.raw(i, 0) = d.scores[i] * uniform(rng);
    d.township.push_back(i % 2 ? "<b>镇</b>" : "B镇");
  }
  return d;
}

TrainingReportInput FullInput() {
  const Data d = Make();
  TrainingReportInput input;
  input.model_version = "<script>alert('x')</script> & co";
  input.county = "示例县";
  input.training_window = "as-of 2025-09-01 … 2025-11-01";
  input.validation_window = "as-of 2026-03-01";
  input.horizon_days = 120;
  input.training_rows = 4000;
  input.training_positives = 321;
  input.iterations = 7;
  input.gradient_norm = 3e-12;
  input.params = Params();
  input.model = *model::Evaluate(d.scores, d.labels, input.params.thresholds());
  input.baselines = *model::EvaluateBaselines({"absence_rate_30d"}, d.raw,
                                              d.labels, 0.3, input.model);
  input.threshold_choice = *model::ThresholdsByCapacity(
      d.scores, d.labels, d.township, {{"B镇", 50, 150}, {"<b>镇</b>", 5, 10}});
  model::FairnessOptions fairness;
  fairness.min_group_rows = 10;
  fairness.min_group_positives = 1;
  input.fairness =
      *model::AuditFairness(d.scores, d.labels, input.params.thresholds(),
                            {{"township", d.township}}, fairness);
  return input;
}

TEST(TrainingReportTest, IsOneWellFormedSelfContainedHtmlFile) {
  const std::string html = RenderTrainingReport(FullInput());
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(TagBalanceProblem(html), "");
  EXPECT_THAT(html, HasSubstr("<meta charset=\"utf-8\">"));
  // Three inline SVG plots; nothing fetched from anywhere.
  size_t plots = 0;
  for (size_t p = html.find("<svg"); p != std::string::npos;
       p = html.find("<svg", p + 1)) {
    ++plots;
  }
  EXPECT_EQ(plots, 3u);
  EXPECT_THAT(html, HasSubstr("ROC 曲线"));
  EXPECT_THAT(html, HasSubstr("<polyline"));
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, Not(HasSubstr("src=")));
  EXPECT_THAT(html, Not(HasSubstr("href=")));
  EXPECT_THAT(html, Not(HasSubstr("url(")));
  EXPECT_THAT(html, Not(HasSubstr("@import")));
}

TEST(TrainingReportTest, ShowsTheNumbersOfEverySection) {
  const TrainingReportInput input = FullInput();
  const std::string html = RenderTrainingReport(input);
  EXPECT_THAT(html, HasSubstr(absl::StrFormat("%.3f", input.model.roc_auc)));
  EXPECT_THAT(html, HasSubstr(absl::StrFormat("%.3f", input.model.pr_auc)));
  EXPECT_THAT(html, HasSubstr(absl::StrFormat("%.4f", input.model.brier)));
  EXPECT_THAT(html, HasSubstr(absl::StrFormat(
                        "%.3f", input.baselines[0].evaluation.roc_auc)));
  EXPECT_THAT(html, HasSubstr("基线 baseline: absence_rate_30d"));
  EXPECT_THAT(html, HasSubstr("top 5%"));
  EXPECT_THAT(html, HasSubstr("0.4321"));  // HIGH threshold
  EXPECT_THAT(html, HasSubstr("0.1234"));  // MEDIUM threshold
  EXPECT_THAT(html, HasSubstr("capacity: 2 townships, 55 HIGH / 160 MEDIUM+"));
  EXPECT_THAT(html, HasSubstr("over capacity"));
  // Coefficients with their meaning: weight, plain words, odds ratio.
  EXPECT_THAT(html, HasSubstr("0.8765"));
  EXPECT_THAT(html, HasSubstr("近30个上学日缺勤率"));
  EXPECT_THAT(html, HasSubstr("registered-poor household"));
  EXPECT_THAT(html, HasSubstr(absl::StrFormat("×%.2f", std::exp(0.321 / 0.4))));
  EXPECT_THAT(html, HasSubstr("120 天 days"));
  EXPECT_THAT(html, HasSubstr("公平性审查"));
}

TEST(TrainingReportTest, EscapesEveryCallerString) {
  const std::string html = RenderTrainingReport(FullInput());
  EXPECT_THAT(html, Not(HasSubstr("<script>alert")));
  EXPECT_THAT(html, HasSubstr("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; "
                              "&amp; co"));
  EXPECT_THAT(html, Not(HasSubstr("<b>镇</b>")));
  EXPECT_THAT(html, HasSubstr("&lt;b&gt;镇&lt;/b&gt;"));
}

TEST(TrainingReportTest, SaysWhichPartsWereNotRun) {
  TrainingReportInput input;
  input.model_version = "m1";
  input.params = Params();
  Eigen::VectorXd scores(4), labels(4);
  scores << 0.1, 0.2, 0.3, 0.4;
  labels << 0, 0, 1, 1;
  input.model = *model::Evaluate(scores, labels, input.params.thresholds());
  const std::string html = RenderTrainingReport(input);
  EXPECT_EQ(TagBalanceProblem(html), "");
  EXPECT_THAT(html, HasSubstr("cross-validation was not run"));
  EXPECT_THAT(html, HasSubstr("the fairness audit was not run"));
  EXPECT_THAT(html, HasSubstr("no baselines were evaluated"));
}

}  // namespace
}  // namespace baoxue::core
