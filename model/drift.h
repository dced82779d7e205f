#ifndef BAOXUE_MODEL_DRIFT_H_
#define BAOXUE_MODEL_DRIFT_H_

#include <cstdint>
#include <vector>

#include "Eigen/Core"
#include "absl/status/statusor.h"

namespace baoxue::model {

// A feature's (or the score's) distribution in the training data, kept to
// compare later data with: quantile bins of the non-missing values, their
// shares, the missing rate, mean and standard deviation. Value type.
struct DriftReference {
  // Interior cut points, ascending and distinct: bin b holds values v with
  // edges[b-1] < v <= edges[b] (first bin: v <= edges[0]; last: v >
  // edges.back()). Fewer than bins-1 cuts when values repeat (e.g. flags).
  std::vector<double> edges;
  std::vector<double> shares;  // edges.size() + 1 shares of non-missing rows
  double missing_rate = 0;     // NaN rows / rows
  double mean = 0;             // of non-missing values
  double stddev = 0;           // population, of non-missing values
};

// What changed between the reference and current data.
struct DriftFigures {
  // Population stability index over the reference bins:
  //   PSI = sum_b (c_b - r_b) ln(c_b / r_b),
  // shares floored at 1e-4 so an empty bin stays finite. Rules of thumb:
  // < 0.1 stable, 0.1..0.25 moderate, > 0.25 major shift.
  double psi = 0;
  double missing_rate = 0;  // current NaN rows / rows
  double reference_missing_rate = 0;
  // (current mean - reference mean) / reference stddev; 0 when the
  // reference is constant.
  double mean_shift = 0;
  int64_t rows = 0;
};

// The reference of `values` (NaN = missing) with up to `bins` quantile bins
// (2..100). InvalidArgument if there are no rows, every value is missing, a
// value is infinite, or bins is out of range.
absl::StatusOr<DriftReference> BuildDriftReference(
    const Eigen::Ref<const Eigen::VectorXd>& values, int bins = 10);

// `current` (NaN = missing) against `reference`. InvalidArgument if there
// are no rows or the reference's shares do not match its edges.
absl::StatusOr<DriftFigures> CompareToReference(
    const DriftReference& reference,
    const Eigen::Ref<const Eigen::VectorXd>& current);

// CompareToReference over values that arrive in pieces (a risk run's
// chunks): counts per reference bin, missing rows and the sum, so memory
// stays constant in the number of rows. Figures() over every value added
// equals CompareToReference over them all. Not thread-safe; value type.
class DriftAccumulator {
 public:
  // `reference` is copied.
  explicit DriftAccumulator(DriftReference reference);

  void Add(double value);  // NaN = missing
  void Add(const Eigen::Ref<const Eigen::VectorXd>& values);

  int64_t rows() const { return rows_; }
  // InvalidArgument as CompareToReference (no rows, bad reference).
  absl::StatusOr<DriftFigures> Figures() const;

 private:
  DriftReference reference_;
  std::vector<double> counts_;
  int64_t rows_ = 0;
  double present_ = 0;
  double sum_ = 0;
};

}  // namespace baoxue::model

#endif  // BAOXUE_MODEL_DRIFT_H_
