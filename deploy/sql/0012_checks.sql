-- 0012_checks: the 四查三比对 check (核查, issue 12, docs/checks.md).
--
-- * baoxue.case_kind gains 'verification' (核查任务) and baoxue.case_outcome
--   the reasons a verification task closes with. Each migration runs in one
--   transaction and a value added by ALTER TYPE ... ADD VALUE cannot be used
--   before that transaction commits, so nothing below names the new values.
-- * A verification task is a case whose subject is either a student
--   (名在人不在) or a registered child without a student row (户籍 suspect):
--   cases.student_id becomes nullable next to registered_child_hash, with a
--   CHECK that exactly one is set; a case has a school exactly when it has a
--   student. Dropout-risk cases keep both set, so every read that joins
--   students for them stays as it was.
-- * check_comparison names the comparison that found the subject and
--   check_evidence the subject's data at the time (see docs/checks.md,
--   "Re-running"): a closed task is not raised again for the same evidence.
-- * baoxue.registered_child_person() names the village and township heads of
--   a registered child (the levels a 户籍 task can reach in person).

ALTER TYPE baoxue.case_kind ADD VALUE 'verification';
ALTER TYPE baoxue.case_outcome ADD VALUE 'deceased';
ALTER TYPE baoxue.case_outcome ADD VALUE 'empty_registration';
ALTER TYPE baoxue.case_outcome ADD VALUE 'dual_registration';
ALTER TYPE baoxue.case_outcome ADD VALUE 'wrong_identity';
ALTER TYPE baoxue.case_outcome ADD VALUE 'no_such_person';
ALTER TYPE baoxue.case_outcome ADD VALUE 'in_school_with_xueji';
ALTER TYPE baoxue.case_outcome ADD VALUE 'in_province_without_xueji';
ALTER TYPE baoxue.case_outcome ADD VALUE 'outside_province';
ALTER TYPE baoxue.case_outcome ADD VALUE 'over_age';
ALTER TYPE baoxue.case_outcome ADD VALUE 'abroad';
ALTER TYPE baoxue.case_outcome ADD VALUE 'moved_unreachable';
ALTER TYPE baoxue.case_outcome ADD VALUE 'confirmed_out';

ALTER TABLE baoxue.cases
  ALTER COLUMN student_id DROP NOT NULL,
  ALTER COLUMN school_id DROP NOT NULL,
  ADD COLUMN registered_child_hash bytea
    CONSTRAINT cases_registered_child_hash_size CHECK (octet_length(registered_child_hash) = 32),
  ADD COLUMN check_comparison text
    CONSTRAINT cases_check_comparison_code CHECK (check_comparison IN ('registration_vs_roll', 'roll_vs_attendance')),
  ADD COLUMN check_evidence text,
  ADD CONSTRAINT cases_one_subject CHECK ((student_id IS NULL) <> (registered_child_hash IS NULL)),
  ADD CONSTRAINT cases_school_iff_student CHECK ((student_id IS NULL) = (school_id IS NULL)),
  ADD CONSTRAINT cases_check_fields CHECK ((check_comparison IS NULL) = (check_evidence IS NULL)),
  DROP CONSTRAINT cases_opened_reason_check,
  ADD CONSTRAINT cases_opened_reason_check CHECK (opened_reason IN (
    'high_tier', 'risk_rise', 'not_on_roll', 'absent_streak', 'missing_from_roster',
    'confirmed_out'));

-- One open task per registered child and comparison (students: the
-- (student_id, kind) index of 0009).
CREATE UNIQUE INDEX cases_one_open_per_registered_child ON baoxue.cases
  (registered_child_hash, check_comparison) WHERE status = 'open';
CREATE INDEX cases_check_idx ON baoxue.cases (check_comparison, left(village_code, 9))
  WHERE check_comparison IS NOT NULL;

CREATE FUNCTION baoxue.registered_child_person(child bytea, chain_level int) RETURNS bigint
LANGUAGE sql STABLE AS $$
  SELECT min(p.person_id)
    FROM baoxue.registered_children rc
    JOIN baoxue.areas v ON v.area_id = rc.village_area_id
    JOIN baoxue.responsible_people p
      ON (chain_level = 5 AND p.role = 'VILLAGE_HEAD' AND p.area_id = v.area_id)
      OR (chain_level = 6 AND p.role = 'TOWNSHIP_HEAD' AND p.area_id = v.parent_id)
   WHERE rc.id_hash = child
$$;
