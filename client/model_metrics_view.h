#ifndef BAOXUE_CLIENT_MODEL_METRICS_VIEW_H_
#define BAOXUE_CLIENT_MODEL_METRICS_VIEW_H_

#include <ostream>
#include <string>

#include "baoxue/v1/models.pb.h"

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

// Model beside the absence-rate rule, and the fairness flags.
void PrintFigures(const baoxue::v1::ModelSummary& model, std::ostream& out);

// One comparison row per figure: name, this model, the other.
void PrintFigureComparison(const baoxue::v1::ModelSummary& a,
                           const baoxue::v1::ModelSummary& b,
                           std::ostream& out);

}  // namespace baoxue::client

#endif  // BAOXUE_CLIENT_MODEL_METRICS_VIEW_H_
