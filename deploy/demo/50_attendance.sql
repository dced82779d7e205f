-- Stage 5: the 2026 school calendar, the enrolment history before the label
-- date (spring-term dropouts, transfers, moves) and daily absences.

-- Spring term 2026-03-02..07-10 and autumn term 09-01..11-20, Monday to
-- Friday, without 清明 04-06, 劳动节 05-01..05, 端午 06-19, 中秋 09-25 and
-- 国庆 10-01..07.
CREATE TEMP TABLE gen_day ON COMMIT DROP AS
SELECT (row_number() OVER (ORDER BY d) - 1)::int AS idx, d::date AS day,
       CASE WHEN d < '2026-08-01' THEN 'spring' ELSE 'autumn' END AS term
  FROM (SELECT generate_series('2026-03-02'::date, '2026-07-10'::date, interval '1 day')
        UNION ALL
        SELECT generate_series('2026-09-01'::date, '2026-11-20'::date, interval '1 day')) AS c(d)
 WHERE extract(isodow FROM d) < 6
   AND d::date NOT IN ('2026-04-06', '2026-05-01', '2026-05-04', '2026-05-05', '2026-06-19',
                       '2026-09-25', '2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06',
                       '2026-10-07');
INSERT INTO baoxue.school_days (day) SELECT day FROM gen_day ORDER BY day;

-- Latent daily absence propensity (log-odds): the risk factors plus a
-- personal term. Baseline ~3% of days; high-risk students far more.
ALTER TABLE gen_student ADD COLUMN a double precision;
UPDATE gen_student s
   SET a = -3.6 + 0.55 * s.registered_poor::int + 0.3 * s.subsistence_allowance::int
           + 0.45 * s.parents_working_away::int + 0.3 * s.mountain_route::int
           + 0.015 * s.distance_km + 0.5 * s.learning_difficulty::int + 0.7 * s.disability::int
           + 0.4 * (s.repeated_grade OR s.late_start)::int + 0.3 * (s.grade >= 7)::int
           + 0.6 * pg_temp.n(601, s.student_id);

-- History before the label date: a few spring-term dropouts (some come back
-- 10-30 school days later), transfers out and moves out of the county.
CREATE TEMP TABLE gen_history ON COMMIT DROP AS
SELECT s.student_id, 'dropout'::baoxue.enrolment_event_kind AS kind,
       5 + floor(pg_temp.u(702, s.student_id)
                 * ((SELECT count(*) FROM gen_day WHERE term = 'spring') - 10))::int AS idx
  FROM gen_student s
 WHERE pg_temp.u(701, s.student_id) < least(0.5, 0.004 * exp(s.a + 3.2));
CREATE TEMP TABLE gen_moves ON COMMIT DROP AS
SELECT s.student_id,
       CASE WHEN pg_temp.u(710, s.student_id) < 0.005 THEN 'transfer_out'
            ELSE 'moved_out' END::baoxue.enrolment_event_kind AS kind,
       '2026-03-16'::date + floor(pg_temp.u(712, s.student_id) * 242)::int AS event_date
  FROM gen_student s
 WHERE pg_temp.u(710, s.student_id) < 0.008
   AND NOT EXISTS (SELECT 1 FROM gen_history h WHERE h.student_id = s.student_id);

-- Absences: K single days (Poisson-like around 70% of the expected count)
-- plus 0-3 multi-day episodes for risky students; "drifting" students have
-- their episodes late in the spring term (a rising trend before the label
-- date). Single days are mostly excused (sick leave), episodes of risky
-- students mostly not.
CREATE TEMP TABLE gen_absence ON COMMIT DROP AS
WITH d AS (
  SELECT count(*) AS days, count(*) FILTER (WHERE term = 'spring') AS spring_days FROM gen_day
), singles AS (
  SELECT s.student_id,
         floor(d.days * pg_temp.u(603, s.student_id * 1000 + j))::int AS idx,
         pg_temp.u(604, s.student_id * 1000 + j) < pg_temp.sigmoid(s.a + 1.5) AS unexcused
    FROM gen_student s CROSS JOIN d
   CROSS JOIN LATERAL generate_series(1, least(d.days / 3, greatest(0, round(
           0.7 * d.days * pg_temp.sigmoid(s.a)
           + sqrt(0.7 * d.days * pg_temp.sigmoid(s.a)) * pg_temp.n(602, s.student_id)))::int)) AS j
), episodes AS (
  SELECT s.student_id, e,
         CASE WHEN pg_temp.u(608, s.student_id) < 0.35
              THEN floor(d.spring_days * (0.55 + 0.45 * pg_temp.u(609, s.student_id * 10 + e)))
              ELSE floor(d.days * pg_temp.u(609, s.student_id * 10 + e)) END::int AS start_idx,
         2 + floor(-ln(1 - pg_temp.u(607, s.student_id * 10 + e))
                   * (1.5 + 4 * pg_temp.sigmoid(s.a + 1.5)))::int AS len,
         pg_temp.u(610, s.student_id * 10 + e) < pg_temp.sigmoid(s.a + 3) AS unexcused
    FROM gen_student s CROSS JOIN d
   CROSS JOIN LATERAL generate_series(1,
           (pg_temp.u(605, s.student_id) < pg_temp.sigmoid(1.5 * (s.a + 2.3)))::int
           + (pg_temp.u(606, s.student_id) < pg_temp.sigmoid(1.5 * (s.a + 1.6)))::int
           + (pg_temp.u(611, s.student_id) < pg_temp.sigmoid(1.5 * (s.a + 1.0)))::int) AS e
), history AS (
  SELECT h.student_id, i AS idx, true AS unexcused
    FROM gen_history h
   CROSS JOIN LATERAL (
     SELECT CASE WHEN pg_temp.u(703, h.student_id) < 0.3
                 THEN h.idx + 10 + floor(20 * pg_temp.u(704, h.student_id))::int END AS return_idx) r
   CROSS JOIN LATERAL generate_series(h.idx, coalesce(r.return_idx, (SELECT days FROM d)) - 1) AS i
), all_days AS (
  SELECT student_id, idx, unexcused FROM singles
  UNION ALL
  SELECT student_id, start_idx + k, unexcused FROM episodes CROSS JOIN LATERAL generate_series(0, len - 1) AS k
  UNION ALL
  SELECT student_id, idx, unexcused FROM history
)
SELECT a.student_id, gd.day, bool_or(a.unexcused) AS unexcused
  FROM all_days a JOIN gen_day gd ON gd.idx = a.idx
 GROUP BY a.student_id, gd.day;

-- Students who left the county are not absent after they left.
DELETE FROM gen_absence a USING gen_moves m
 WHERE m.student_id = a.student_id AND a.day >= m.event_date;

INSERT INTO baoxue.absences (student_id, day, kind)
SELECT student_id, day, CASE WHEN unexcused THEN 'unexcused' ELSE 'excused' END::baoxue.absence_kind
  FROM gen_absence ORDER BY student_id, day;

-- Event ids are assigned in (date, student, kind) order so they do not
-- depend on the plan.
INSERT INTO baoxue.enrolment_events (event_id, student_id, event_date, kind, note)
SELECT row_number() OVER (ORDER BY event_date, student_id, kind), student_id, event_date, kind, note
  FROM (
    SELECT h.student_id, gd.day AS event_date, h.kind, '春季学期辍学' AS note
      FROM gen_history h JOIN gen_day gd ON gd.idx = h.idx
    UNION ALL
    SELECT h.student_id, gd.day, 'return', '劝返复学'
      FROM gen_history h
      JOIN gen_day gd ON gd.idx = h.idx + 10 + floor(20 * pg_temp.u(704, h.student_id))::int
     WHERE pg_temp.u(703, h.student_id) < 0.3
    UNION ALL
    SELECT m.student_id, m.event_date, m.kind,
           CASE m.kind WHEN 'transfer_out' THEN '转学（接收学校已确认）' ELSE '随家庭迁出本县' END
      FROM gen_moves m
  ) e;

SELECT pg_temp.progress(format(
  'attendance: %s school days, %s absences (%s%% of student-days, %s%% unexcused); history: %s spring dropouts, %s transfers/moves',
  (SELECT count(*) FROM gen_day),
  (SELECT count(*) FROM gen_absence),
  round(100.0 * (SELECT count(*) FROM gen_absence)
        / ((SELECT count(*) FROM gen_day) * (SELECT count(*) FROM gen_student)), 2),
  round(100.0 * (SELECT avg(unexcused::int) FROM gen_absence), 1),
  (SELECT count(*) FROM gen_history), (SELECT count(*) FROM gen_moves)));
