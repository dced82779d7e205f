-- Driver of deploy/demo/generate.sh: run by psql in ONE transaction
-- (--single-transaction, ON_ERROR_STOP) with variables :students, :seed,
-- :replace. Each stage prints one progress line with the elapsed seconds.
\ir 00_prepare.sql
\ir 10_areas.sql
\ir 20_schools.sql
\ir 30_households.sql
\ir 40_students.sql
\ir 50_attendance.sql
\ir 60_enrolment_events.sql
\ir 70_people.sql
\ir 90_finish.sql
