#ifndef BAOXUE_MODEL_SIGMOID_H_
#define BAOXUE_MODEL_SIGMOID_H_

// Numerically stable logistic helpers (header-only, pure functions).

#include <cmath>

#include "Eigen/Core"

namespace baoxue::model {

// 1 / (1 + exp(-m)), never NaN for finite m and exact 0/1 only in the limit.
// exp() is only ever taken of a non-positive number, so it cannot overflow.
inline double Sigmoid(double m) {
  if (m >= 0) return 1.0 / (1.0 + std::exp(-m));
  const double e = std::exp(m);
  return e / (1.0 + e);
}

// log(1 + exp(-m)), the logistic loss of margin m (= y' * log-odds), computed
// as log1p(exp(-m)) for m >= 0 and -m + log1p(exp(m)) otherwise (liblinear).
inline double LogLoss1p(double m) {
  return m >= 0 ? std::log1p(std::exp(-m)) : -m + std::log1p(std::exp(m));
}

// Elementwise Sigmoid(), vectorised: 1/(1+e) or e/(1+e) with e = exp(-|m|).
inline Eigen::ArrayXd Sigmoid(const Eigen::Ref<const Eigen::ArrayXd>& m) {
  const Eigen::ArrayXd e = (-m.abs()).exp();
  return (m >= 0).select(1.0 / (1.0 + e), e / (1.0 + e));
}

// Elementwise LogLoss1p(), vectorised: max(-m, 0) + log1p(exp(-|m|)).
inline Eigen::ArrayXd LogLoss1p(const Eigen::Ref<const Eigen::ArrayXd>& m) {
  return (-m).max(0.0) + (-m.abs()).exp().log1p();
}

}  // namespace baoxue::model

#endif  // BAOXUE_MODEL_SIGMOID_H_
