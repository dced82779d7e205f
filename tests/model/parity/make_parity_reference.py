#!/usr/bin/python3
"""Regenerates the parity dataset and reference coefficients for
tests/model/parity_test.cc.

    /usr/bin/python3 tests/model/parity/make_parity_reference.py

Needs Debian's python3-sklearn and python3-numpy (run it with /usr/bin/python3,
not a virtualenv). Writes, next to this script:

  parity_data.csv       2,000 students x the 18 catalogue features + label,
                        drawn deterministically (numpy PCG64, seed 20260310);
                        an empty field is a missing value.
  parity_reference.csv  intercept and weights fitted by scikit-learn's
                        LogisticRegression for each configuration below.

The objective Baoxue minimises (model/trainer.h) is

  f(w, b) = sum_i c_i log(1 + exp(-y'_i (z_i . w + b))) + (lambda / 2) ||w||^2

on features standardised with the column mean and population standard
deviation of the non-missing values (a missing value becomes z = 0), with
c_i = positive_class_weight for label 1 and 1 otherwise, and an unpenalised
intercept. scikit-learn's L2 LogisticRegression minimises

  C * sum_i s_i log(1 + exp(-y'_i (z_i . w + b))) + (1 / 2) ||w||^2

(intercept unpenalised with the lbfgs / newton-cg / newton-cholesky
solvers), which is f / lambda when C = 1 / lambda and s_i = c_i. Both have the
same unique minimiser. We standardise here ourselves rather than with
StandardScaler so the missing-value rule is exactly Baoxue's.
"""

import csv
import os
import sys

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 20260310
ROWS = 2000

FEATURES = [
    "absence_rate_30d", "unexcused_absences_30d", "longest_absence_run_30d",
    "absence_trend_30d", "income_poverty_ratio", "registered_poor",
    "subsistence_allowance", "poverty_monitoring", "distance_km",
    "travel_minutes", "boarding", "mountain_route", "left_behind",
    "relocated", "disability", "over_age", "learning_difficulty",
    "sibling_dropped_out",
]

# (name, l2_penalty = lambda, positive_class_weight)
CONFIGS = [
    ("lambda1", 1.0, 1.0),
    ("lambda10_weighted", 10.0, 5.0),
    ("lambda0.01", 0.01, 1.0),
]


def draw(rng):
    n = ROWS
    x = {}
    poor = rng.random(n) < 0.3
    x["registered_poor"] = poor.astype(float)
    x["subsistence_allowance"] = (rng.random(n) < np.where(poor, 0.4, 0.05)).astype(float)
    x["poverty_monitoring"] = (rng.random(n) < 0.1).astype(float)
    x["income_poverty_ratio"] = np.round(rng.lognormal(np.where(poor, 0.2, 0.9), 0.5), 2)
    rate = np.round(np.clip(rng.beta(1.2, 12, n), 0, 1) * 30) / 30
    x["absence_rate_30d"] = rate
    x["unexcused_absences_30d"] = np.floor(rate * 30 * rng.random(n))
    x["longest_absence_run_30d"] = np.minimum(
        rate * 30, np.floor(rate * 30 * rng.uniform(0.2, 1.0, n)) + (rate > 0))
    x["absence_trend_30d"] = np.round(np.clip(rate - np.round(rng.beta(1.2, 12, n) * 30) / 30, -1, 1), 6)
    km = np.round(rng.gamma(2.0, 3.0, n), 1)
    x["distance_km"] = km
    x["travel_minutes"] = np.round(np.clip(km * rng.uniform(3, 8, n), 0, 600))
    x["boarding"] = (km > 10).astype(float) * (rng.random(n) < 0.7)
    x["mountain_route"] = (rng.random(n) < 0.25).astype(float)
    x["left_behind"] = (rng.random(n) < 0.2).astype(float)
    x["relocated"] = (rng.random(n) < 0.08).astype(float)
    x["disability"] = (rng.random(n) < 0.03).astype(float)
    x["over_age"] = (rng.random(n) < 0.1).astype(float)
    x["learning_difficulty"] = (rng.random(n) < 0.12).astype(float)
    x["sibling_dropped_out"] = (rng.random(n) < 0.05).astype(float)
    raw = np.column_stack([x[f] for f in FEATURES]).astype(float)
    logit = (-3.2 + 6.0 * rate + 0.08 * x["unexcused_absences_30d"]
             - 0.5 * np.minimum(x["income_poverty_ratio"], 5) + 0.6 * poor
             + 0.03 * km + 0.5 * x["left_behind"] + 0.7 * x["over_age"]
             + 0.8 * x["sibling_dropped_out"] + 0.4 * x["learning_difficulty"]
             + 0.3 * x["disability"])
    labels = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(float)
    # Missing values as the SQL function produces them: unknown income, no
    # route on record.
    raw[rng.random(n) < 0.05, FEATURES.index("income_poverty_ratio")] = np.nan
    no_route = rng.random(n) < 0.03
    raw[no_route, FEATURES.index("distance_km")] = np.nan
    raw[no_route, FEATURES.index("travel_minutes")] = np.nan
    return raw, labels


def standardise(raw):
    mean = np.nanmean(raw, axis=0)
    std = np.nanstd(raw, axis=0)  # population (ddof = 0), as FeatureSpec
    z = (raw - mean) / std
    z[np.isnan(z)] = 0.0
    return z


def baoxue_gradient(z, y, c, lam, w, b):
    m = z @ w + b
    r = c * (1 / (1 + np.exp(-m)) - y)
    return np.concatenate([z.T @ r + lam * w, [r.sum()]])


def fit(z, y, lam, weight):
    c = np.where(y == 1, weight, 1.0)
    model = LogisticRegression(penalty="l2", C=1.0 / lam, solver="newton-cholesky",
                               tol=1e-14, max_iter=10000, fit_intercept=True)
    model.fit(z, y, sample_weight=c)
    w, b = model.coef_[0], model.intercept_[0]
    grad = np.linalg.norm(baoxue_gradient(z, y, c, lam, w, b))
    # The reference must sit at the optimum of Baoxue's objective, to far
    # better than the 1e-6 the test allows.
    assert grad < 1e-7, f"sklearn stopped at gradient norm {grad}"
    # Relative comparison needs coefficients clear of zero.
    assert np.min(np.abs(w)) > 1e-4, f"a coefficient is near zero: {w}"
    return b, w, grad


def main():
    rng = np.random.Generator(np.random.PCG64(SEED))
    raw, labels = draw(rng)
    with open(os.path.join(HERE, "parity_data.csv"), "w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(FEATURES + ["label"])
        for row, label in zip(raw, labels):
            out.writerow(["" if np.isnan(v) else repr(float(v)) for v in row] + [int(label)])
    # Fit on exactly what the C++ test reads back.
    data = np.genfromtxt(os.path.join(HERE, "parity_data.csv"), delimiter=",",
                         skip_header=1, missing_values="", filling_values=np.nan)
    raw, labels = data[:, :-1], data[:, -1]
    z = standardise(raw)
    with open(os.path.join(HERE, "parity_reference.csv"), "w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["config", "l2_penalty", "positive_class_weight", "term", "value"])
        for name, lam, weight in CONFIGS:
            b, w, grad = fit(z, labels, lam, weight)
            print(f"{name}: lambda={lam} weight={weight} gradient norm {grad:.2e} "
                  f"(sklearn {sklearn.__version__}, numpy {np.__version__})",
                  file=sys.stderr)
            out.writerow([name, lam, weight, "intercept", repr(float(b))])
            for feature, value in zip(FEATURES, w):
                out.writerow([name, lam, weight, feature, repr(float(value))])
    print(f"{int(labels.sum())} positives of {len(labels)} rows", file=sys.stderr)


if __name__ == "__main__":
    main()
