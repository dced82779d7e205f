#!/usr/bin/python3
"""scikit-learn's peers of Baoxue's trainer on the same rows:

  sklearn_fit.py FILE L2 SOLVER

FILE is `bench_tool export-training` output. The rows are standardised as
Baoxue does (column mean and population standard deviation of the
non-missing values; a missing value becomes 0) and fitted with
LogisticRegression(C = 1 / L2), whose objective is Baoxue's divided by L2
(tests/model/parity/make_parity_reference.py explains the equivalence).
SOLVER is lbfgs or newton-cholesky; the tolerance is matched to Baoxue's
stop (Euclidean norm of the summed gradient <= 1e-8) as closely as sklearn
1.2 allows: lbfgs minimises the same summed objective, so gtol = 1e-8 (on
the largest gradient entry); newton-cholesky minimises it divided by n, so
tol = 1e-8 / n. lbfgs also stops on scipy's default relative decrease
(ftol ~ 2.2e-9), which LogisticRegression does not expose: it may stop
before reaching gtol. Prints one JSON line: seconds (the fit only),
seconds_with_standardising (raw rows to fitted model, as Baoxue's trainer
is timed), iterations, intercept, weights.
"""

import json
import sys
import time

import numpy as np
from sklearn.linear_model import LogisticRegression


def main(path, l2, solver):
    with open(path, "rb") as f:
        n, k = np.fromfile(f, dtype=np.int64, count=2)
        raw = np.fromfile(f, dtype=np.float64, count=n * k).reshape(n, k)
        labels = np.fromfile(f, dtype=np.float64, count=n)
    begin = time.monotonic()
    mean = np.nanmean(raw, axis=0)
    sd = np.nanstd(raw, axis=0)
    z = np.where(np.isnan(raw), 0.0, (raw - mean) / sd)
    model = LogisticRegression(penalty="l2", C=1.0 / l2, solver=solver,
                               tol=1e-8 if solver == "lbfgs" else 1e-8 / n,
                               max_iter=10000)
    start = time.monotonic()
    model.fit(z, labels)
    end = time.monotonic()
    print(json.dumps({"seconds": end - start, "seconds_with_standardising": end - begin,
                      "iterations": int(model.n_iter_[0]),
                      "intercept": float(model.intercept_[0]),
                      "weights": [float(w) for w in model.coef_[0]]}))


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(sys.argv[1], float(sys.argv[2]), sys.argv[3])
