#!/usr/bin/python3
"""scikit-learn's peers of Baoxue's trainer on the same rows:

  sklearn_fit.py FILE L2 SOLVER [TOLERANCE]

FILE is `bench_tool export-training` output. The rows are standardised as
Baoxue does (column mean and population standard deviation of the
non-missing values; a missing value becomes 0) and fitted with
LogisticRegression(C = 1 / L2), whose objective is Baoxue's divided by L2
(tests/model/parity/make_parity_reference.py explains the equivalence).
SOLVER is lbfgs or newton-cholesky. TOLERANCE (default 1e-8, Baoxue's) is
the stop on the gradient of Baoxue's objective (a sum over rows), matched
to each solver's own scale in scikit-learn 1.2: lbfgs minimises the same
sum, so gtol = TOLERANCE (on the largest component, which is at most the
norm Baoxue tests); newton-cholesky minimises the mean over rows, so its
tol = TOLERANCE / rows. L-BFGS-B also stops when the objective's relative
decrease falls below its ftol (not settable through scikit-learn), which
may come first. Prints one JSON line: seconds (the fit only), iterations,
intercept, weights.
"""

import json
import sys
import time

import numpy as np
from sklearn.linear_model import LogisticRegression


def main(path, l2, solver, tolerance):
    with open(path, "rb") as f:
        n, k = np.fromfile(f, dtype=np.int64, count=2)
        raw = np.fromfile(f, dtype=np.float64, count=n * k).reshape(n, k)
        labels = np.fromfile(f, dtype=np.float64, count=n)
    mean = np.nanmean(raw, axis=0)
    sd = np.nanstd(raw, axis=0)
    z = np.where(np.isnan(raw), 0.0, (raw - mean) / sd)
    model = LogisticRegression(penalty="l2", C=1.0 / l2, solver=solver,
                               tol=tolerance if solver == "lbfgs" else tolerance / n,
                               max_iter=10000)
    start = time.monotonic()
    model.fit(z, labels)
    seconds = time.monotonic() - start
    print(json.dumps({"seconds": seconds, "iterations": int(model.n_iter_[0]),
                      "intercept": float(model.intercept_[0]),
                      "weights": [float(w) for w in model.coef_[0]]}))


if __name__ == "__main__":
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    main(sys.argv[1], float(sys.argv[2]), sys.argv[3],
         float(sys.argv[4]) if len(sys.argv) == 5 else 1e-8)
