#!/usr/bin/python3
"""In-database SQL scoring, the peer a county DBA might write: prints one
INSERT ... SELECT that scores every student's features with the model's
coefficients and stores the probability and tier in baoxue.risk_scores (the
same table the engine fills).

  sql_peer.py MODEL_JSON [snapshot|live]
      (then run with psql -v run_id=N -v as_of=D)

snapshot (the default) reads the day's feature snapshot, as the engine's run
does; live computes the features with baoxue.student_features.

The coefficients come from the county's own trusted model (bench_tool
model-json), not from any request, so writing them into the statement is
safe here. The statement stores no reasons ('[]'): explaining in SQL would
make it slower still, so the comparison favours the SQL peer.
"""

import json
import sys


def main(path, source):
    with open(path) as f:
        params = json.load(f)
    terms = []
    for feature, weight in zip(params["features"], params["weights"]):
        name = feature["name"]
        mean = feature.get("mean", 0.0)
        sd = feature["stddev"]
        # A missing value scores as the average student (z = 0).
        terms.append(f"({weight!r}) * coalesce(({name} - ({mean!r})) / {sd!r}, 0)")
    logit = " + ".join([repr(params.get("intercept", 0.0))] + terms)
    high = params["thresholds"].get("high", 0.0)
    medium = params["thresholds"].get("medium", 0.0)
    print(f"""INSERT INTO baoxue.risk_scores (run_id, student_id, probability, tier, reasons)
SELECT :run_id, student_id, p,
       CASE WHEN p >= {high!r} THEN 'high' WHEN p >= {medium!r} THEN 'medium'
            ELSE 'low' END::baoxue.risk_tier,
       '[]'::jsonb
  FROM (SELECT student_id, 1 / (1 + exp(-({logit}))) AS p
          FROM {source}(:'as_of')) scored;""")


SOURCES = {"snapshot": "baoxue.snapshot_features", "live": "baoxue.student_features"}

if __name__ == "__main__":
    if len(sys.argv) not in (2, 3) or sys.argv[2:] and sys.argv[2] not in SOURCES:
        sys.exit(__doc__)
    main(sys.argv[1], SOURCES[sys.argv[2] if len(sys.argv) == 3 else "snapshot"])
