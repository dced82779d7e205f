-- 0020_model_drift: how far today's data has moved from a model's training
-- data (issue 13 point 4, docs/models.md "Drift").
--
-- At training, each feature's distribution (and the score's) over the
-- training rows is kept as a reference: quantile bin edges and shares, the
-- missing rate, mean and standard deviation (model/drift.h). At every
-- feature refresh and risk run the active model's figures against it (PSI,
-- missing rates, mean shift) are stored per day and source; a figure past
-- the major threshold is pushed to data staff once per version, feature and
-- day (model_drift_alerts records that it was). Aggregates only: nothing
-- here names or counts a student beyond the row count.

CREATE TABLE baoxue.model_drift_references (
  model_version text NOT NULL REFERENCES baoxue.models (version),
  -- A feature name of the model's spec, or '' for the score.
  feature       text NOT NULL,
  position      integer NOT NULL CHECK (position >= 0),
  edges         float8[] NOT NULL,
  shares        float8[] NOT NULL
    CHECK (cardinality(shares) = cardinality(edges) + 1),
  missing_rate  float8 NOT NULL CHECK (missing_rate >= 0 AND missing_rate <= 1),
  mean          float8 NOT NULL,
  stddev        float8 NOT NULL CHECK (stddev >= 0),
  PRIMARY KEY (model_version, feature)
);

COMMENT ON TABLE baoxue.model_drift_references IS
  'Training-data distribution of each feature (feature '''' = the score) of a model version.';

CREATE TABLE baoxue.model_drift (
  model_version          text NOT NULL REFERENCES baoxue.models (version),
  day                    date NOT NULL,
  source                 text NOT NULL CHECK (source IN ('refresh', 'run')),
  feature                text NOT NULL,  -- '' = the score
  psi                    float8 NOT NULL,
  missing_rate           float8 NOT NULL,
  reference_missing_rate float8 NOT NULL,
  mean_shift             float8 NOT NULL,
  rows                   bigint NOT NULL CHECK (rows >= 0),
  computed_at            timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (model_version, day, source, feature)
);

COMMENT ON TABLE baoxue.model_drift IS
  'Drift figures of a model version per day and source (refresh | run); recomputing a day replaces its row.';

CREATE INDEX model_drift_day_idx ON baoxue.model_drift (day DESC);

-- One push per (version, feature, day), whichever source crossed first.
CREATE TABLE baoxue.model_drift_alerts (
  model_version text NOT NULL REFERENCES baoxue.models (version),
  day           date NOT NULL,
  feature       text NOT NULL,
  psi           float8 NOT NULL,
  alerted_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (model_version, day, feature)
);

COMMENT ON TABLE baoxue.model_drift_alerts IS
  'Major drift already pushed to data staff: at most one message per version, feature and day.';
