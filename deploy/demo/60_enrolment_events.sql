-- Stage 6: the labels. Dropouts after the label date 2026-07-10 are drawn
-- from a ground-truth logistic model over the features as of that date (as
-- computed by baoxue.student_features) plus hashed normal noise. The true
-- coefficients (raw feature units) are in gen_truth and in README.md.

CREATE TEMP TABLE gen_truth (feature text PRIMARY KEY, coefficient double precision)
  ON COMMIT DROP;
INSERT INTO gen_truth VALUES
  ('intercept', -5.6),
  ('absence_rate_30d', 3.0),
  ('unexcused_absences_30d', 0.10),
  ('longest_absence_run_30d', 0.08),
  ('absence_trend_30d', 2.0),
  ('income_poverty_ratio', -0.6),
  ('registered_poor', 0.4),
  ('subsistence_allowance', 0.3),
  ('poverty_monitoring', 0.5),
  ('distance_km', 0.03),
  ('travel_minutes', 0.006),
  ('boarding', 0.25),
  ('mountain_route', 0.3),
  ('left_behind', 0.5),
  ('relocated', 0.35),
  ('disability', 0.9),
  ('over_age', 0.8),
  ('learning_difficulty', 0.6),
  ('sibling_dropped_out', 1.2),
  ('noise_sd', 0.5),
  ('missing_income_ratio', 1.3);

-- Fresh statistics so the planner runs the feature function as designed
-- (index lookups per student) over the tables filled in this transaction.
ANALYZE baoxue.areas, baoxue.households, baoxue.students, baoxue.student_routes,
        baoxue.school_days, baoxue.absences, baoxue.enrolment_events;
CREATE TEMP TABLE gen_features ON COMMIT DROP AS
SELECT * FROM baoxue.student_features('2026-07-10');

CREATE TEMP TABLE gen_dropout ON COMMIT DROP AS
WITH c AS (SELECT jsonb_object_agg(feature, coefficient) AS b FROM gen_truth),
logit AS (
  SELECT f.student_id,
         (b->>'intercept')::float8
         + (b->>'absence_rate_30d')::float8 * coalesce(f.absence_rate_30d, 0)
         + (b->>'unexcused_absences_30d')::float8 * coalesce(f.unexcused_absences_30d, 0)
         + (b->>'longest_absence_run_30d')::float8 * coalesce(f.longest_absence_run_30d, 0)
         + (b->>'absence_trend_30d')::float8 * coalesce(f.absence_trend_30d, 0)
         + (b->>'income_poverty_ratio')::float8
             * coalesce(f.income_poverty_ratio, (b->>'missing_income_ratio')::float8)
         + (b->>'registered_poor')::float8 * f.registered_poor
         + (b->>'subsistence_allowance')::float8 * f.subsistence_allowance
         + (b->>'poverty_monitoring')::float8 * f.poverty_monitoring
         + (b->>'distance_km')::float8 * f.distance_km
         + (b->>'travel_minutes')::float8 * f.travel_minutes
         + (b->>'boarding')::float8 * f.boarding
         + (b->>'mountain_route')::float8 * f.mountain_route
         + (b->>'left_behind')::float8 * f.left_behind
         + (b->>'relocated')::float8 * f.relocated
         + (b->>'disability')::float8 * f.disability
         + (b->>'over_age')::float8 * f.over_age
         + (b->>'learning_difficulty')::float8 * f.learning_difficulty
         + (b->>'sibling_dropped_out')::float8 * f.sibling_dropped_out
         + (b->>'noise_sd')::float8 * pg_temp.n(720, f.student_id) AS z
    FROM gen_features f CROSS JOIN c
   -- in school on 2026-07-10: no unreturned spring dropout, never left the county
   WHERE NOT EXISTS (SELECT 1 FROM gen_moves m WHERE m.student_id = f.student_id)
     AND coalesce((SELECT e.kind <> 'dropout' FROM baoxue.enrolment_events e
                    WHERE e.student_id = f.student_id AND e.event_date <= '2026-07-10'
                    ORDER BY e.event_date DESC, e.event_id DESC LIMIT 1), true)
), drawn AS (
  SELECT l.student_id, l.z,
         CASE WHEN r < 0.15  -- over the summer
              THEN '2026-07-11'::date + floor(51 * pg_temp.u(723, l.student_id))::int
              WHEN r < 0.75  -- not back for the autumn term
              THEN (SELECT day FROM gen_day WHERE term = 'autumn'
                     ORDER BY day OFFSET floor(5 * pg_temp.u(723, l.student_id))::int LIMIT 1)
              ELSE (SELECT day FROM gen_day WHERE day BETWEEN '2026-09-08' AND '2026-10-31'
                     ORDER BY day
                    OFFSET floor(pg_temp.u(723, l.student_id)
                                 * (SELECT count(*) FROM gen_day
                                     WHERE day BETWEEN '2026-09-08' AND '2026-10-31'))::int
                     LIMIT 1)
         END AS dropout_date
    FROM logit l CROSS JOIN LATERAL (SELECT pg_temp.u(722, l.student_id) AS r) x
   WHERE pg_temp.u(721, l.student_id) < pg_temp.sigmoid(l.z)
)
SELECT d.*,
       CASE WHEN pg_temp.u(724, d.student_id) < 0.3 THEN
         (SELECT min(day) FROM gen_day
           WHERE day >= greatest(d.dropout_date, '2026-09-01')
                        + 14 + floor(28 * pg_temp.u(725, d.student_id))::int)
       END AS return_date
  FROM drawn d;

INSERT INTO baoxue.enrolment_events (event_id, student_id, event_date, kind, note)
SELECT (SELECT coalesce(max(event_id), 0) FROM baoxue.enrolment_events)
         + row_number() OVER (ORDER BY event_date, student_id, kind),
       student_id, event_date, kind, note
  FROM (SELECT student_id, dropout_date AS event_date, 'dropout'::baoxue.enrolment_event_kind AS kind,
               '未到校，经核实辍学' AS note
          FROM gen_dropout
        UNION ALL
        SELECT student_id, return_date, 'return', '劝返复学'
          FROM gen_dropout WHERE return_date IS NOT NULL) e;
SELECT setval(pg_get_serial_sequence('baoxue.enrolment_events', 'event_id'),
              (SELECT coalesce(max(event_id), 0) + 1 FROM baoxue.enrolment_events), false) AS next_id \gset gen_

-- After dropping out a student is absent (unexcused) every school day until
-- the return, if any.
INSERT INTO baoxue.absences (student_id, day, kind)
SELECT d.student_id, gd.day, 'unexcused'
  FROM gen_dropout d JOIN gen_day gd
    ON gd.day >= d.dropout_date AND (d.return_date IS NULL OR gd.day < d.return_date)
 ORDER BY d.student_id, gd.day
ON CONFLICT (student_id, day) DO UPDATE SET kind = 'unexcused';

SELECT pg_temp.progress(format(
  'labels: %s dropouts after 2026-07-10 (%s%% of %s students in school; %s return), mean true p %s%%',
  (SELECT count(*) FROM gen_dropout),
  round(100.0 * (SELECT count(*) FROM gen_dropout)
        / greatest(1, (SELECT count(*) FROM gen_features)), 2),
  (SELECT count(*) FROM gen_features),
  (SELECT count(*) FROM gen_dropout WHERE return_date IS NOT NULL),
  (SELECT round(100 * avg(pg_temp.sigmoid(z))::numeric, 2) FROM gen_dropout)));
