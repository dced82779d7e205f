-- Stage 4: students, their school (by village and grade) and their route.

CREATE TEMP TABLE gen_student ON COMMIT DROP AS
SELECT h.students_before + k AS student_id, h.household_id, h.v, h.t, h.seat_km, h.mountain,
       h.surname, h.minority, h.w, h.registered_poor, h.subsistence_allowance,
       h.parents_working_away, k AS child_no
  FROM gen_household h CROSS JOIN LATERAL generate_series(1, h.kids) AS k;

ALTER TABLE gen_student
  ADD COLUMN male boolean, ADD COLUMN grade int, ADD COLUMN learning_difficulty boolean,
  ADD COLUMN disability boolean, ADD COLUMN repeated_grade boolean, ADD COLUMN late_start boolean,
  ADD COLUMN school_id bigint, ADD COLUMN in_village boolean, ADD COLUMN distance_km numeric(6, 2),
  ADD COLUMN travel_minutes int, ADD COLUMN mountain_route boolean, ADD COLUMN boarding boolean;

UPDATE gen_student s
   SET male = pg_temp.u(401, s.student_id) < 0.53,
       grade = 1 + floor(pg_temp.u(402, s.student_id) * 9)::int,
       learning_difficulty = pg_temp.u(403, s.student_id) < 0.06 + 0.05 * (s.w < -1)::int,
       disability = pg_temp.u(404, s.student_id) < 0.015,
       late_start = pg_temp.u(406, s.student_id) < 0.01;
UPDATE gen_student s
   SET repeated_grade = pg_temp.u(405, s.student_id) < 0.035 + 0.2 * s.learning_difficulty::int;

UPDATE gen_student s
   SET school_id = f.school_id, in_village = f.in_village
  FROM gen_school_for f
 WHERE f.v = s.v AND f.grade = s.grade;

-- Routes: a village school is 0.3-3 km away on foot; the township school is
-- the village's distance to the seat plus a stretch inside the village.
-- Minutes: walking under 3 km (~14 min/km), else road travel, slower on
-- mountain roads.
UPDATE gen_student s
   SET distance_km = least(300, round((CASE WHEN s.in_village
                                             THEN 0.3 + 2.7 * pg_temp.u(501, s.student_id)
                                             ELSE s.seat_km + 3 * power(pg_temp.u(501, s.student_id), 2)
                                        END)::numeric, 1)),
       mountain_route = s.mountain AND (NOT s.in_village OR pg_temp.u(502, s.student_id) < 0.4);
UPDATE gen_student s
   SET travel_minutes = least(600, round(
         CASE WHEN s.distance_km < 3 THEN s.distance_km * 14
              ELSE 10 + s.distance_km * CASE WHEN s.mountain_route THEN 5.0 ELSE 2.6 END
         END * (0.85 + 0.3 * pg_temp.u(503, s.student_id)))::int),
       boarding = (SELECT sc.boarding FROM gen_school sc WHERE sc.school_id = s.school_id)
                  AND ((s.grade >= 7 AND s.distance_km > 5 AND pg_temp.u(504, s.student_id) < 0.85)
                    OR (s.grade BETWEEN 4 AND 6 AND s.distance_km > 10
                        AND pg_temp.u(504, s.student_id) < 0.3));

INSERT INTO baoxue.students (student_id, student_number, name, gender, ethnic_minority,
                             birth_date, grade, school_id, household_id, boarding, disability,
                             learning_difficulty, repeated_grade)
SELECT s.student_id,
       'G360799' || lpad(s.student_id::text, 11, '0'),
       pg_temp.person_name(s.surname, s.male, 410, s.student_id),
       CASE WHEN s.male THEN 'M' ELSE 'F' END,
       s.minority,
       -- Grade g in school year 2025/26 started school in September 2026 - g
       -- at 6; repeaters are a year older, late starters two more.
       make_date(2019 - s.grade, 9, 1) + floor(pg_temp.u(407, s.student_id) * 365)::int
         - 365 * s.repeated_grade::int - 730 * s.late_start::int,
       s.grade, s.school_id, s.household_id, s.boarding, s.disability, s.learning_difficulty,
       s.repeated_grade
  FROM gen_student s ORDER BY s.student_id;

INSERT INTO baoxue.student_routes (student_id, distance_km, travel_minutes, mountain_route)
SELECT student_id, distance_km, travel_minutes, mountain_route FROM gen_student ORDER BY student_id;

SELECT pg_temp.progress(format(
  'students: %s (minority %s%%, boarding %s%%, learning difficulty %s%%, disability %s%%, repeated %s%%, mean route %s km)',
  count(*), round(100.0 * avg(minority::int), 1), round(100.0 * avg(boarding::int), 1),
  round(100.0 * avg(learning_difficulty::int), 1), round(100.0 * avg(disability::int), 1),
  round(100.0 * avg(repeated_grade::int), 1), round(avg(distance_km), 1)))
  FROM gen_student;
