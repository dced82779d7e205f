-- Stage 2: ~40 schools. Every township has a central primary (中心小学) and a
-- boarding junior school (中学) at its seat, except every fifth township which
-- has one boarding nine-year school (九年一贯制学校) instead. Remote villages
-- may keep a teaching point (教学点, grades 1-3) or a village primary.

CREATE TEMP TABLE gen_school ON COMMIT DROP AS
WITH s AS (
  SELECT t.t, 0 AS v, 1 AS ord, t.area_id, t.name || '九年一贯制学校' AS name,
         'nine_year'::baoxue.school_kind AS kind, true AS boarding
    FROM gen_township t WHERE t.t % 5 = 0
  UNION ALL
  SELECT t.t, 0, 1, t.area_id, t.name || '中心小学', 'primary', t.t % 3 = 0
    FROM gen_township t WHERE t.t % 5 <> 0
  UNION ALL
  SELECT t.t, 0, 2, t.area_id, t.name || '中学', 'junior', true
    FROM gen_township t WHERE t.t % 5 <> 0
  UNION ALL
  SELECT v.t, v.v, 3, v.area_id,
         v.name || CASE WHEN pg_temp.u(201, v.v) < 0.55 THEN '教学点' ELSE '小学' END,
         CASE WHEN pg_temp.u(201, v.v) < 0.55 THEN 'teaching_point' ELSE 'primary' END::baoxue.school_kind,
         false
    FROM gen_village v
   WHERE v.seat_km > 5 AND pg_temp.u(202, v.v) < 0.18
)
SELECT row_number() OVER (ORDER BY t, ord, v) AS school_id, t, v, area_id, name, kind, boarding,
       CASE kind WHEN 'junior' THEN 7 ELSE 1 END AS min_grade,
       CASE kind WHEN 'teaching_point' THEN 3 WHEN 'primary' THEN 6 ELSE 9 END AS max_grade
  FROM s;

INSERT INTO baoxue.schools (school_id, name, area_id, kind, boarding)
SELECT school_id, name, area_id, kind, boarding FROM gen_school ORDER BY school_id;

-- The school a child of village v in grade g attends: the village's own
-- school if it teaches the grade, else the township's.
CREATE TEMP TABLE gen_school_for ON COMMIT DROP AS
SELECT v.v, g.grade,
       coalesce(
         (SELECT s.school_id FROM gen_school s
           WHERE s.v = v.v AND g.grade BETWEEN s.min_grade AND s.max_grade),
         (SELECT s.school_id FROM gen_school s
           WHERE s.t = v.t AND s.v = 0 AND g.grade BETWEEN s.min_grade AND s.max_grade)) AS school_id,
       EXISTS (SELECT 1 FROM gen_school s
                WHERE s.v = v.v AND g.grade BETWEEN s.min_grade AND s.max_grade) AS in_village
  FROM gen_village v CROSS JOIN generate_series(1, 9) AS g(grade);

SELECT pg_temp.progress(format('schools: %s (%s boarding)',
  (SELECT count(*) FROM gen_school), (SELECT count(*) FROM gen_school WHERE boarding)));
