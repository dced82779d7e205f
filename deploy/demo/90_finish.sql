-- Stage 9: re-create (and so validate) the foreign keys dropped in
-- 00_prepare.sql, refresh the planner statistics; psql then commits.
SELECT format('ALTER TABLE %s ADD CONSTRAINT %I %s', table_name, conname, definition)
  FROM gen_foreign_keys ORDER BY table_name, conname \gexec
SELECT pg_temp.progress(format('foreign keys validated (%s)', count(*))) FROM gen_foreign_keys;

ANALYZE baoxue.areas, baoxue.schools, baoxue.households, baoxue.students, baoxue.student_routes,
        baoxue.school_days, baoxue.absences, baoxue.enrolment_events, baoxue.responsible_people;
SELECT pg_temp.progress('analyzed; committing');
