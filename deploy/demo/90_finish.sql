-- The Ministry's 10-digit 学校标识码 of each school (county prefix + id), so
-- the county's files (county_files.sh) can name schools as real exports do.
UPDATE baoxue.schools SET school_code = '360799' || lpad(school_id::text, 4, '0');

-- Stage 9: re-create (and so validate) the foreign keys dropped in
-- 00_prepare.sql, refresh the planner statistics; psql then commits.
SELECT format('ALTER TABLE %s ADD CONSTRAINT %I %s', table_name, conname, definition)
  FROM gen_foreign_keys ORDER BY table_name, conname \gexec
SELECT pg_temp.progress(format('foreign keys validated (%s)', count(*))) FROM gen_foreign_keys;

ANALYZE baoxue.areas, baoxue.schools, baoxue.households, baoxue.students, baoxue.student_routes,
        baoxue.school_days, baoxue.absences, baoxue.enrolment_events, baoxue.responsible_people;
SELECT pg_temp.progress('analyzed; committing');
