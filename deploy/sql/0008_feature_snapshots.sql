-- 0008_feature_snapshots: baoxue.student_features(as_of) materialised per
-- day (docs/risk-runs.md, "Feature snapshots").
--
-- Computing the features aggregates a school year of absences: ~47 s for
-- 1,000,000 students. A risk run computes them once into the day's snapshot
-- (or finds a fresh one) and reads the rows back; ScoreStudents reads one
-- row by primary key instead of ~10 index probes and aggregations.
--
-- A day's snapshot is written in one transaction (delete the day's rows,
-- INSERT ... SELECT from student_features, record the day), so readers see
-- the old snapshot or the new one, never a mix. Days older than the
-- retention (feature_snapshots.retention_days in the server config) are
-- pruned by the same transaction.

-- One row per snapshot day: present exactly when the day's rows are.
CREATE TABLE baoxue.feature_snapshot_days (
  as_of       date PRIMARY KEY,
  computed_at timestamptz NOT NULL,  -- when its transaction started
  students    bigint NOT NULL CHECK (students >= 0),
  computed_by text NOT NULL,         -- e.g. 'risk run 42', 'features refresh'
  seconds     double precision NOT NULL CHECK (seconds >= 0)
);

-- The features of every student as of a day, typed as the raw data is (the
-- function returns every feature as double precision; flags are stored as
-- boolean, counts as smallint). NULL where the feature is missing: the
-- attendance features when the school calendar has no day in the window
-- (the trend also without a previous window), the income ratio when the
-- income is unknown, the route features when no route is on record.
-- Columns are ordered widest first so rows carry no alignment padding.
-- No foreign keys: the rows are a derived copy, replaced wholesale, and a
-- per-row check would cost as much as writing them.
CREATE TABLE baoxue.feature_snapshots (
  student_id              bigint NOT NULL,
  school_id               bigint NOT NULL,
  absence_rate_30d        double precision,
  absence_trend_30d       double precision,
  income_poverty_ratio    double precision,
  distance_km             double precision,
  as_of                   date NOT NULL,
  travel_minutes          integer,
  unexcused_absences_30d  smallint,
  longest_absence_run_30d smallint,
  registered_poor         boolean NOT NULL,
  subsistence_allowance   boolean NOT NULL,
  poverty_monitoring      boolean NOT NULL,
  boarding                boolean NOT NULL,
  mountain_route          boolean,
  left_behind             boolean NOT NULL,
  relocated               boolean NOT NULL,
  disability              boolean NOT NULL,
  over_age                boolean NOT NULL,
  learning_difficulty     boolean NOT NULL,
  sibling_dropped_out     boolean NOT NULL,
  village_code            char(12) NOT NULL,
  PRIMARY KEY (as_of, student_id)
);

COMMENT ON TABLE baoxue.feature_snapshots IS
  'baoxue.student_features(as_of) stored per day; read it through '
  'baoxue.snapshot_features(as_of), which returns the same columns.';

-- A day's snapshot in the shape of student_features(as_of) (every feature
-- double precision, the township derived from the village), so readers
-- switch between the two without changing their SELECT lists. Inlined by
-- the planner like student_features: filter it.
CREATE FUNCTION baoxue.snapshot_features(as_of date)
RETURNS TABLE (
  student_id              bigint,
  school_id               bigint,
  township_code           char(12),
  village_code            char(12),
  absence_rate_30d        double precision,
  unexcused_absences_30d  double precision,
  longest_absence_run_30d double precision,
  absence_trend_30d       double precision,
  income_poverty_ratio    double precision,
  registered_poor         double precision,
  subsistence_allowance   double precision,
  poverty_monitoring      double precision,
  distance_km             double precision,
  travel_minutes          double precision,
  boarding                double precision,
  mountain_route          double precision,
  left_behind             double precision,
  relocated               double precision,
  disability              double precision,
  over_age                double precision,
  learning_difficulty     double precision,
  sibling_dropped_out     double precision)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT f.student_id, f.school_id,
         (left(f.village_code, 9) || '000')::char(12), f.village_code,
         f.absence_rate_30d,
         f.unexcused_absences_30d::double precision,
         f.longest_absence_run_30d::double precision,
         f.absence_trend_30d,
         f.income_poverty_ratio,
         f.registered_poor::int::double precision,
         f.subsistence_allowance::int::double precision,
         f.poverty_monitoring::int::double precision,
         f.distance_km,
         f.travel_minutes::double precision,
         f.boarding::int::double precision,
         f.mountain_route::int::double precision,
         f.left_behind::int::double precision,
         f.relocated::int::double precision,
         f.disability::int::double precision,
         f.over_age::int::double precision,
         f.learning_difficulty::int::double precision,
         f.sibling_dropped_out::int::double precision
    FROM baoxue.feature_snapshots f
   WHERE f.as_of = snapshot_features.as_of
$$;

COMMENT ON FUNCTION baoxue.snapshot_features(date) IS
  'The stored snapshot of student_features(as_of), same columns; empty if '
  'the day has no snapshot (see baoxue.feature_snapshot_days).';
