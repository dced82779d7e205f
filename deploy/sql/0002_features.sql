-- 0002_features: the model inputs of docs/design.md ("The feature catalogue"),
-- computed from the registers as of a date, and the labelled training set.
--
-- Both functions are LANGUAGE sql STABLE with a single SELECT and are neither
-- STRICT nor SECURITY DEFINER, so the planner inlines them into the caller's
-- query: a filter such as `WHERE student_id = ANY($2)` or
-- `WHERE left(village_code, 9) = $2` is pushed down to the students /
-- areas scans, and the per-student attendance aggregates then read only
-- those students' rows of the absences primary key. Keep it that way (no
-- plpgsql, no SET clauses, no top-level aggregation or window functions).

-- Attendance windows: the 30 latest school days <= as_of ("last 30") and the
-- 30 school days before them ("previous 30"); either can be shorter (or empty)
-- early in the calendar. Rates divide by the days the window actually has;
-- attendance features are NULL when the last-30 window is empty, the trend
-- also when the previous-30 window is empty.
--
-- Absences are read once per student over both windows. The longest run uses
-- each absent day's position k in the school calendar (1 = latest school day)
-- so that a Friday + Monday absence is a run of 2 (gaps-and-islands: in an
-- island of consecutive school days k + row_number() is constant). A run that
-- crosses into the previous window counts only its last-30 days.
CREATE FUNCTION baoxue.student_features(as_of date)
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
  WITH calendar AS (
    SELECT d.day
      FROM baoxue.school_days d
     WHERE d.day <= as_of
     ORDER BY d.day DESC
     LIMIT 60
  ),
  windows AS (
    -- days: the (up to) 60 school days, latest first, so array_position = k.
    SELECT array_agg(c.day ORDER BY c.day DESC) AS days,
           least(count(*), 30)::double precision AS last_days,
           greatest(count(*) - 30, 0)::double precision AS previous_days
      FROM calendar c
  )
  SELECT s.student_id,
         s.school_id,
         (left(g.division_code, 9) || '000')::char(12),
         g.division_code,
         CASE WHEN w.last_days > 0 THEN att.last_absent / w.last_days END,
         CASE WHEN w.last_days > 0 THEN att.last_unexcused END,
         CASE WHEN w.last_days > 0 THEN att.longest_run END,
         CASE WHEN w.last_days > 0 AND w.previous_days > 0
              THEN att.last_absent / w.last_days - att.previous_absent / w.previous_days END,
         -- (least() would ignore a NULL income and return 100)
         CASE WHEN h.per_capita_income IS NOT NULL
              THEN least(h.per_capita_income / h.poverty_line, 100)::double precision END,
         h.registered_poor::int::double precision,
         h.subsistence_allowance::int::double precision,
         h.poverty_monitoring::int::double precision,
         r.distance_km::double precision,
         r.travel_minutes::double precision,
         s.boarding::int::double precision,
         r.mountain_route::int::double precision,
         h.parents_working_away::int::double precision,
         h.relocated::int::double precision,
         s.disability::int::double precision,
         (s.repeated_grade
          OR date_part('year', age(as_of, s.birth_date)) >= s.grade + 8)::int::double precision,
         s.learning_difficulty::int::double precision,
         (EXISTS (SELECT 1
                    FROM baoxue.students sib
                    JOIN baoxue.enrolment_events e ON e.student_id = sib.student_id
                   WHERE sib.household_id = s.household_id
                     AND sib.student_id <> s.student_id
                     AND e.kind = 'dropout'
                     AND e.event_date <= as_of))::int::double precision
    FROM baoxue.students s
    JOIN baoxue.households h ON h.household_id = s.household_id
    JOIN baoxue.areas g ON g.area_id = h.group_area_id
    CROSS JOIN windows w
    LEFT JOIN baoxue.student_routes r ON r.student_id = s.student_id
    CROSS JOIN LATERAL (
      SELECT coalesce(sum(island.last_n), 0)::double precision AS last_absent,
             coalesce(sum(island.last_unexcused), 0)::double precision AS last_unexcused,
             coalesce(sum(island.n - island.last_n), 0)::double precision AS previous_absent,
             coalesce(max(island.last_n), 0)::double precision AS longest_run
        FROM (
          SELECT count(*) AS n,
                 count(*) FILTER (WHERE a.k <= 30) AS last_n,
                 count(*) FILTER (WHERE a.k <= 30 AND a.kind = 'unexcused') AS last_unexcused
            FROM (
              SELECT ab.kind, array_position(w.days, ab.day) AS k,
                     array_position(w.days, ab.day) + row_number() OVER (ORDER BY ab.day) AS island
                FROM baoxue.absences ab
               WHERE ab.student_id = s.student_id
                 AND ab.day >= w.days[cardinality(w.days)]
                 AND ab.day <= as_of
            ) a
           GROUP BY a.island
        ) island
    ) att
$$;

COMMENT ON FUNCTION baoxue.student_features(date) IS
  'The 18 model features (docs/design.md) of every student as of a date; '
  'NULL where the raw data is missing. Inlined by the planner: filter it.';

-- Training rows: students in school at as_of, with label = a dropout event in
-- (as_of, as_of + horizon_days].
--
-- "In school at as_of": the student's latest enrolment event on or before
-- as_of (by date, then event_id) is neither a dropout, a transfer out nor a
-- move out of the county; a dropout followed by a return counts as in school.
-- (The brief only names dropout/return; transferred and moved-out students
-- are no longer the county's pupils either, so they are left out as well.)
CREATE FUNCTION baoxue.training_examples(as_of date, horizon_days int)
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
   WHERE coalesce((SELECT e.kind NOT IN ('dropout', 'transfer_out', 'moved_out')
                     FROM baoxue.enrolment_events e
                    WHERE e.student_id = f.student_id
                      AND e.event_date <= as_of
                    ORDER BY e.event_date DESC, e.event_id DESC
                    LIMIT 1), true)
$$;

COMMENT ON FUNCTION baoxue.training_examples(date, int) IS
  'Students in school at as_of with their features and label = dropout in '
  '(as_of, as_of + horizon_days].';
