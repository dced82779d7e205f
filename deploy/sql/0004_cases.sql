-- 0004_cases: what the case chain needs beyond 0001's tables.
--
-- * cases carry the student's village code and school at opening, so scope
--   checks and the ledger need no joins through the registers;
-- * case_assignments record when a level stopped being in charge (ended_at)
--   and when the last overdue reminder went out;
-- * case_scores attaches every later score of a student to their open case
--   (idempotent per run);
-- * baoxue.case_person() names who is responsible for a student at a level.

ALTER TYPE baoxue.case_event_kind ADD VALUE 'opened';
ALTER TYPE baoxue.case_event_kind ADD VALUE 'reminded';
ALTER TYPE baoxue.case_event_kind ADD VALUE 'score_attached';

ALTER TABLE baoxue.cases
  ADD COLUMN village_code char(12) NOT NULL CHECK (village_code ~ '^[0-9]{12}$'),
  ADD COLUMN school_id bigint NOT NULL REFERENCES baoxue.schools (school_id),
  -- Why the case was opened: 'high_tier' or 'risk_rise'.
  ADD COLUMN opened_reason text NOT NULL CHECK (opened_reason IN ('high_tier', 'risk_rise')),
  ADD COLUMN reopen_count int NOT NULL DEFAULT 0 CHECK (reopen_count >= 0);
CREATE INDEX cases_township_idx ON baoxue.cases (left(village_code, 9), status);
CREATE INDEX cases_school_idx ON baoxue.cases (school_id, status);

ALTER TABLE baoxue.case_assignments
  ADD COLUMN ended_at timestamptz,
  ADD COLUMN last_reminded_at timestamptz,
  ADD CONSTRAINT case_assignments_end_after_assign CHECK (ended_at >= assigned_at);
-- At most one level in charge of a case at a time.
CREATE UNIQUE INDEX case_assignments_one_current ON baoxue.case_assignments (case_id)
  WHERE ended_at IS NULL;
CREATE INDEX case_assignments_due_idx ON baoxue.case_assignments (resolve_deadline)
  WHERE ended_at IS NULL;

CREATE TABLE baoxue.case_scores (
  case_id     bigint NOT NULL REFERENCES baoxue.cases (case_id),
  run_id      bigint NOT NULL REFERENCES baoxue.risk_runs (run_id),
  probability double precision NOT NULL CHECK (probability BETWEEN 0 AND 1),
  tier        baoxue.risk_tier NOT NULL,
  attached_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (case_id, run_id)
);
CREATE INDEX case_scores_run_idx ON baoxue.case_scores (run_id);

-- The responsible person for `student` at chain `level` (1 TEACHER ...
-- 6 TOWNSHIP_HEAD), or NULL when nobody is on record. With several on
-- record, the lowest person_id (the longest-serving entry) is in charge.
CREATE FUNCTION baoxue.case_person(student bigint, level int) RETURNS bigint
LANGUAGE plpgsql STABLE AS $$
DECLARE
  s baoxue.students;
  group_id bigint;
  village_id bigint;
  township_id bigint;
BEGIN
  SELECT * INTO s FROM baoxue.students WHERE student_id = student;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  IF level = 1 THEN
    RETURN (SELECT min(person_id) FROM baoxue.responsible_people
             WHERE role = 'TEACHER' AND school_id = s.school_id AND grade = s.grade);
  ELSIF level = 2 THEN
    RETURN (SELECT min(person_id) FROM baoxue.responsible_people
             WHERE role = 'PRINCIPAL' AND school_id = s.school_id);
  ELSIF level = 3 THEN
    RETURN (SELECT min(person_id) FROM baoxue.responsible_people
             WHERE role = 'PARENT' AND household_id = s.household_id);
  END IF;
  SELECT h.group_area_id, g.parent_id, v.parent_id INTO group_id, village_id, township_id
    FROM baoxue.households h
    JOIN baoxue.areas g ON g.area_id = h.group_area_id
    JOIN baoxue.areas v ON v.area_id = g.parent_id
   WHERE h.household_id = s.household_id;
  RETURN (SELECT min(person_id) FROM baoxue.responsible_people
           WHERE area_id = CASE level WHEN 4 THEN group_id WHEN 5 THEN village_id
                                      WHEN 6 THEN township_id END
             AND role = (ARRAY['GROUP_HEAD', 'VILLAGE_HEAD', 'TOWNSHIP_HEAD'])[level - 3]
                          ::baoxue.six_head_role);
END
$$;
