-- Stage 7: the six heads. A head teacher for every (school, grade) taught, a
-- principal per school, a parent per household, a head per group, village and
-- township, each with a synthetic mobile number.

INSERT INTO baoxue.responsible_people (person_id, role, school_id, grade, household_id, area_id,
                                       name, phone)
SELECT row_number() OVER (ORDER BY role, key), role, school_id, grade, household_id, area_id,
       pg_temp.person_name(
         coalesce(surname, pg_temp.pick(pg_temp.surnames(), pg_temp.u(801, key), 1.8)),
         pg_temp.u(802, key) < CASE role WHEN 'TEACHER' THEN 0.4 WHEN 'PARENT' THEN 0.6 ELSE 0.75 END,
         810, key),
       pg_temp.phone(820, key)
  FROM (
    SELECT 'TEACHER'::baoxue.six_head_role AS role, school_id * 10 + grade AS key, school_id, grade,
           NULL::bigint AS household_id, NULL::bigint AS area_id, NULL::text AS surname
      FROM (SELECT DISTINCT school_id, grade FROM gen_student) t
    UNION ALL
    SELECT 'PRINCIPAL', 1000000 + school_id, school_id, NULL, NULL, NULL, NULL FROM gen_school
    UNION ALL
    -- a parent or grandparent; mostly the family's surname
    SELECT 'PARENT', 10000000 + household_id, NULL, NULL, household_id, NULL,
           CASE WHEN pg_temp.u(803, household_id) < 0.7 THEN surname END
      FROM gen_household
    UNION ALL
    SELECT 'GROUP_HEAD', 2000000 + area_id, NULL, NULL, NULL, area_id, NULL FROM gen_group
    UNION ALL
    SELECT 'VILLAGE_HEAD', 3000000 + area_id, NULL, NULL, NULL, area_id, NULL FROM gen_village
    UNION ALL
    SELECT 'TOWNSHIP_HEAD', 4000000 + area_id, NULL, NULL, NULL, area_id, NULL FROM gen_township
  ) p;
SELECT setval(pg_get_serial_sequence('baoxue.responsible_people', 'person_id'),
              (SELECT coalesce(max(person_id), 0) + 1 FROM baoxue.responsible_people), false) AS next_id \gset gen_

SELECT pg_temp.progress(format('people: %s (%s)', sum(n),
         string_agg(role || ' ' || n, ', ' ORDER BY role)))
  FROM (SELECT role, count(*) AS n FROM baoxue.responsible_people GROUP BY role) r;
