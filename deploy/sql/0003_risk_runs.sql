-- 0003_risk_runs: what a resumable, idempotent risk run needs on top of the
-- risk_runs / risk_scores tables of 0001.
--
-- One run per (scope, as_of, model): starting the same run again finds this
-- row instead of scoring twice. A scope is an area or a school (exactly one,
-- see risk_runs_one_scope), hence two partial unique indexes.
CREATE UNIQUE INDEX risk_runs_one_per_area
  ON baoxue.risk_runs (scope_area_id, as_of, model_id)
  WHERE scope_area_id IS NOT NULL;
CREATE UNIQUE INDEX risk_runs_one_per_school
  ON baoxue.risk_runs (scope_school_id, as_of, model_id)
  WHERE scope_school_id IS NOT NULL;
CREATE INDEX risk_runs_started_idx ON baoxue.risk_runs (started_at DESC, run_id DESC);

ALTER TABLE baoxue.risk_runs
  -- Students in the scope when the run was created (the progress total).
  ADD COLUMN students_total bigint NOT NULL DEFAULT 0 CHECK (students_total >= 0),
  -- Scores are committed in student_id order, one chunk per transaction,
  -- together with this resume point: a resumed run reads students after it.
  ADD COLUMN last_student_id bigint,
  -- Set when every score is stored; a run that then failed in the case step
  -- only re-invokes that step.
  ADD COLUMN scores_complete boolean NOT NULL DEFAULT false;

-- Counters may pass 2^31 in a 4M-student province-wide test.
ALTER TABLE baoxue.risk_runs
  ALTER COLUMN students_scored TYPE bigint,
  ALTER COLUMN students_medium TYPE bigint,
  ALTER COLUMN students_high TYPE bigint;
