-- Stage 3: households (about 1.6 school-age children each) with the poverty
-- registers. A latent wealth score w (standard normal, lower in remote and
-- mountain villages) drives income and the register flags, so they agree the
-- way they do in real registers without being identical.

CREATE TEMP TABLE gen_household ON COMMIT DROP AS
WITH h AS (
  SELECT h,
         CASE WHEN r < 0.55 THEN 1 WHEN r < 0.87 THEN 2 WHEN r < 0.97 THEN 3 ELSE 4 END AS kids,
         1 + floor(pg_temp.u(302, h) * (SELECT count(*) FROM gen_group))::bigint AS g
    FROM generate_series(1, ceil(:students / 1.61 * 1.05)::bigint + 20) AS h,
         LATERAL (SELECT pg_temp.u(301, h) AS r) x
), c AS (
  SELECT h.*, sum(kids) OVER (ORDER BY h) - kids AS students_before FROM h
)
SELECT c.h AS household_id, least(c.kids, :students - c.students_before)::int AS kids,
       c.students_before, grp.area_id AS group_area_id, v.v, v.t, v.seat_km, v.mountain,
       v.minority_share,
       pg_temp.n(303, c.h) - 0.03 * v.seat_km - 0.3 * v.mountain::int AS w
  FROM c
  JOIN gen_group grp ON grp.g = c.g
  JOIN gen_village v ON v.v = grp.v
 WHERE c.students_before < :students;

ALTER TABLE gen_household
  ADD COLUMN registered_poor boolean, ADD COLUMN subsistence_allowance boolean,
  ADD COLUMN poverty_monitoring boolean, ADD COLUMN income numeric(12, 2),
  ADD COLUMN relocated boolean, ADD COLUMN parents_working_away boolean,
  ADD COLUMN members int, ADD COLUMN surname text, ADD COLUMN minority boolean;

UPDATE gen_household h
   SET registered_poor       = h.w + 0.5 * pg_temp.n(304, h.household_id) < -1.62,
       subsistence_allowance = h.w + 0.5 * pg_temp.n(305, h.household_id) < -2.2,
       poverty_monitoring    = h.w + 0.7 * pg_temp.n(306, h.household_id) < -2.8,
       -- per-capita yuan a year against the 7200 line: median ~1.3x, poor ~0.8x
       income = CASE WHEN pg_temp.u(307, h.household_id) < 0.02 THEN NULL  -- unknown
                     ELSE round((7200 * exp(0.35 + 0.35 * h.w + 0.25 * pg_temp.n(308, h.household_id)))::numeric, -1)
                END,
       parents_working_away = pg_temp.u(310, h.household_id)
                              < 0.17 + 0.10 * h.mountain::int + 0.10 * (h.w < -1)::int,
       members = h.kids + 1 + (pg_temp.u(311, h.household_id) < 0.85)::int
                 + (pg_temp.u(312, h.household_id) < 0.45)::int
                 + (pg_temp.u(313, h.household_id) < 0.25)::int,
       surname = pg_temp.pick(pg_temp.surnames(), pg_temp.u(314, h.household_id), 1.8),
       minority = pg_temp.u(315, h.household_id) < h.minority_share;
-- 易地扶贫搬迁: poor households moved down from the mountains.
UPDATE gen_household h
   SET relocated = pg_temp.u(309, h.household_id)
                   < 0.01 + 0.12 * h.registered_poor::int + 0.05 * h.mountain::int;

INSERT INTO baoxue.households (household_id, group_area_id, members, per_capita_income,
                               poverty_line, registered_poor, subsistence_allowance,
                               poverty_monitoring, relocated, parents_working_away)
SELECT household_id, group_area_id, least(members, 20), income, 7200, registered_poor,
       subsistence_allowance, poverty_monitoring, relocated, parents_working_away
  FROM gen_household ORDER BY household_id;

SELECT pg_temp.progress(format(
  'households: %s (registered poor %s%%, 低保 %s%%, monitoring %s%%, relocated %s%%, parents away %s%%, income unknown %s%%)',
  count(*),
  round(100.0 * avg(registered_poor::int), 1), round(100.0 * avg(subsistence_allowance::int), 1),
  round(100.0 * avg(poverty_monitoring::int), 1), round(100.0 * avg(relocated::int), 1),
  round(100.0 * avg(parents_working_away::int), 1), round(100.0 * avg((income IS NULL)::int), 1)))
  FROM gen_household;
