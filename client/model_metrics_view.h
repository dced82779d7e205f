#ifndef BAOXUE_CLIENT_MODEL_METRICS_VIEW_H_
#define BAOXUE_CLIENT_MODEL_METRICS_VIEW_H_

#include <ostream>
#include <string>

#include "absl/strings/string_view.h"
#include "baoxue/v1/models.pb.h"
#include "client/words.h"

namespace baoxue::client {

// The validation figures of a model version, read from its stored metrics
// and fairness JSON; NaN where a figure is absent (e.g. older versions).
struct ValidationFigures {
  double roc_auc = 0;
  double pr_auc = 0;
  double log_loss = 0;
  double brier = 0;
  double recall_at_high = 0;
  double precision_at_high = 0;
  double absence_rule_roc_auc = 0;  // the absence-rate baseline
  double absence_rule_recall_at_high = 0;
  int fairness_flags = -1;  // groups flagged; -1 = not audited
};

ValidationFigures FiguresOf(const baoxue::v1::ModelSummary& model);

// Model beside the absence-rate rule, and the fairness flags, in the
// language of `words`.
void PrintFigures(const baoxue::v1::ModelSummary& model, Words words,
                  std::ostream& out);

// One comparison row per figure: name, this model, the other.
void PrintFigureComparison(const baoxue::v1::ModelSummary& a,
                           const baoxue::v1::ModelSummary& b, Words words,
                           std::ostream& out);

// A row of `model compare`: the name padded to 26 terminal columns, then
// the two values right-aligned in 14 each.
std::string ComparisonRow(absl::string_view name, const std::string& a,
                          const std::string& b);

}  // namespace baoxue::client

#endif  // BAOXUE_CLIENT_MODEL_METRICS_VIEW_H_
