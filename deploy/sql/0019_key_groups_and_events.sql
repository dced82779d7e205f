-- 0019_key_groups_and_events: what the 学籍 roster, the 学籍异动 file and the
-- six heads roster say that the database could not keep (issue 12,
-- docs/imports.md, docs/checks.md).
--
-- * Enrolment events: a transfer into a school of the county (转入), a death
--   (死亡) and an emigration (出国/移居境外) are their own kinds; both of the
--   last two used to be stored as 'moved_out'. Like 'moved_out' they end a
--   student's time on the roll without being a dropout; a 'transfer_in', like
--   'return', puts a student back on it. The migration runs in one
--   transaction and a value added by ALTER TYPE ... ADD VALUE cannot be used
--   before it commits, so the function below compares the kinds as text.
-- * Key groups (重点群体) the roster carries: orphan (孤儿), child without
--   de facto carers (事实无人抚养儿童), child in distress (困境儿童) and migrant
--   child (进城务工人员随迁子女), read by the 四查三比对 check for each suspect.
-- * Head teachers per class (below).

ALTER TYPE baoxue.enrolment_event_kind ADD VALUE IF NOT EXISTS 'transfer_in';
ALTER TYPE baoxue.enrolment_event_kind ADD VALUE IF NOT EXISTS 'deceased';
ALTER TYPE baoxue.enrolment_event_kind ADD VALUE IF NOT EXISTS 'emigrated';

ALTER TABLE baoxue.students
  ADD COLUMN orphan boolean NOT NULL DEFAULT false,
  ADD COLUMN de_facto_unsupported boolean NOT NULL DEFAULT false,
  ADD COLUMN in_distress boolean NOT NULL DEFAULT false,
  ADD COLUMN migrant_child boolean NOT NULL DEFAULT false;

COMMENT ON COLUMN baoxue.students.orphan IS '孤儿 (学籍: 是否孤儿)';
COMMENT ON COLUMN baoxue.students.de_facto_unsupported IS
  '事实无人抚养儿童 (学籍: 是否事实无人抚养儿童)';
COMMENT ON COLUMN baoxue.students.in_distress IS '困境儿童 (学籍: 是否困境儿童)';
COMMENT ON COLUMN baoxue.students.migrant_child IS
  '进城务工人员随迁子女 (学籍: 是否进城务工人员随迁子女)';

-- Training rows as in 0002, with death and emigration leaving the roll like
-- a move out: "in school at as_of" = the latest enrolment event on or before
-- as_of (by date, then event_id) is none of dropout, transfer out, move out,
-- death, emigration.
CREATE OR REPLACE FUNCTION baoxue.training_examples(as_of date, horizon_days int)
RETURNS TABLE (
  student_id              bigint,
  township_code           char(12),
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
  sibling_dropped_out     double precision,
  label                   boolean)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT f.student_id, f.township_code,
         f.absence_rate_30d, f.unexcused_absences_30d, f.longest_absence_run_30d,
         f.absence_trend_30d, f.income_poverty_ratio, f.registered_poor,
         f.subsistence_allowance, f.poverty_monitoring, f.distance_km, f.travel_minutes,
         f.boarding, f.mountain_route, f.left_behind, f.relocated, f.disability,
         f.over_age, f.learning_difficulty, f.sibling_dropped_out,
         EXISTS (SELECT 1
                   FROM baoxue.enrolment_events d
                  WHERE d.student_id = f.student_id
                    AND d.kind = 'dropout'
                    AND d.event_date > as_of
                    AND d.event_date <= as_of + horizon_days)
    FROM baoxue.student_features(as_of) f
   WHERE coalesce((SELECT e.kind::text NOT IN ('dropout', 'transfer_out', 'moved_out',
                                               'deceased', 'emigrated')
                     FROM baoxue.enrolment_events e
                    WHERE e.student_id = f.student_id
                      AND e.event_date <= as_of
                    ORDER BY e.event_date DESC, e.event_id DESC
                    LIMIT 1), true)
$$;

COMMENT ON FUNCTION baoxue.training_examples(date, int) IS
  'Students in school at as_of with their features and label = dropout in '
  '(as_of, as_of + horizon_days].';

-- Head teachers per class (班主任 of a 班级): a TEACHER row may name the
-- class it answers for (the same text as the students' class_name); without
-- one it is the grade's head teacher, as before. The responsible teacher of
-- a student is the head teacher of their class, else of their grade.
ALTER TABLE baoxue.responsible_people
  ADD COLUMN class_name text
    CONSTRAINT responsible_people_class_of_teacher
    CHECK (class_name IS NULL OR (role = 'TEACHER' AND class_name <> ''));

CREATE OR REPLACE FUNCTION baoxue.case_person(student bigint, level int) RETURNS bigint
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
    -- The class's head teacher first, then the grade's (no class named).
    RETURN (SELECT person_id FROM baoxue.responsible_people
             WHERE role = 'TEACHER' AND school_id = s.school_id AND grade = s.grade
               AND (class_name IS NULL OR class_name = s.class_name)
             ORDER BY class_name IS NULL, person_id LIMIT 1);
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
