-- Stage 0: checks, optional wipe, session settings and the random helpers.

SET LOCAL client_min_messages = warning;
SET LOCAL synchronous_commit = off;
SET LOCAL work_mem = '256MB';

DO $$
BEGIN
  IF to_regclass('baoxue.schema_migrations') IS NULL THEN
    RAISE EXCEPTION 'the baoxue schema is missing: run the migrations first';
  END IF;
END
$$;

\if :replace
-- Everything that belongs to the county; models are kept (they reference no
-- county data). api_tokens and web accounts go too: they reference areas.
TRUNCATE baoxue.notification_outbox, baoxue.case_attachments, baoxue.ledger_reports,
         baoxue.case_events, baoxue.case_assignments,
         baoxue.case_scores, baoxue.web_sessions, baoxue.web_accounts,
         baoxue.cases, baoxue.risk_scores, baoxue.risk_runs, baoxue.api_tokens,
         baoxue.responsible_people, baoxue.enrolment_events, baoxue.absences,
         baoxue.student_routes, baoxue.students, baoxue.households, baoxue.schools,
         baoxue.school_days, baoxue.household_members,
         baoxue.registered_children, baoxue.imports, baoxue.areas
  RESTART IDENTITY;
\else
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM baoxue.students) THEN
    RAISE EXCEPTION 'the database already holds students: use --replace';
  END IF;
END
$$;
\endif

CREATE TEMP TABLE gen_clock ON COMMIT DROP AS SELECT clock_timestamp() AS t0;

CREATE FUNCTION pg_temp.progress(msg text) RETURNS text
LANGUAGE sql VOLATILE AS $$
  SELECT format('[%s s] %s',
                lpad(to_char(extract(epoch FROM clock_timestamp() - t0), 'FM99990.0'), 6),
                msg)
    FROM gen_clock
$$;

-- Randomness: every random number is a hash of (attribute stream, entity key,
-- seed), so the data depends only on the seed, never on plan order or
-- parallelism. u(stream, key) is uniform in [0, 1) from the low 52 bits of
-- hashint8extended; n(stream, key) is standard normal (Box-Muller).
-- Streams: 1xx areas, 2xx schools, 3xx households, 4xx students, 5xx routes,
-- 6xx attendance, 7xx enrolment events, 8xx people.
SELECT format($f$
  CREATE FUNCTION pg_temp.u(stream int, key bigint) RETURNS double precision
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
  'SELECT (hashint8extended(key, hashint8extended(stream, %s::bigint)) & 4503599627370495)::double precision
          / 4503599627370496.0'
$f$, :seed) \gexec

CREATE FUNCTION pg_temp.n(stream int, key bigint) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT sqrt(-2.0 * ln(1.0 - pg_temp.u(stream, key))) * cos(2.0 * pi() * pg_temp.u(stream + 10000, key))
$$;

-- pick(list, u): an element of a comma-separated list; skew > 1 favours the
-- front of the list (lists are ordered by frequency).
CREATE FUNCTION pg_temp.pick(list text, r double precision, skew double precision DEFAULT 1)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (string_to_array(list, ','))[1 + floor(power(r, skew) * cardinality(string_to_array(list, ',')))::int]
$$;

CREATE FUNCTION pg_temp.sigmoid(x double precision) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT 1.0 / (1.0 + exp(-x)) $$;

-- Name lists (ordered by frequency) and a Chinese name: surname + one or two
-- given characters. Literal lists keep the functions inlinable.
CREATE FUNCTION pg_temp.surnames() RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT '王,李,张,刘,陈,杨,黄,赵,吴,周,徐,孙,马,朱,胡,郭,何,高,林,罗,郑,梁,谢,宋,唐,许,韩,冯,邓,曹,'
         '彭,曾,肖,田,董,袁,潘,于,蒋,蔡,余,杜,叶,程,苏,魏,吕,丁,任,沈,姚,卢,姜,崔,钟,谭,陆,汪,范,金,'
         '石,廖,贾,夏,韦,付,方,白,邹,孟,熊,秦,邱,江,尹,薛,闫,段,雷,侯,龙,史,陶,黎,贺,顾,毛,郝,龚,邵,'
         '万,钱,严,覃,武,戴,莫,孔,向,汤'::text
$$;

CREATE FUNCTION pg_temp.given(male boolean) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN male
    THEN '伟,强,磊,军,勇,杰,涛,斌,超,明,刚,平,辉,鹏,华,飞,鑫,波,宇,浩,凯,健,俊,帆,帅,旭,宁,龙,林,阳,'
         '文,博,志,子,轩,泽,睿,宏,晨,然,铭,毅,豪,鸿,成,家,航,梓,振,嘉'
    ELSE '芳,娜,敏,静,丽,艳,娟,霞,玲,婷,雪,慧,颖,琳,倩,欣,悦,梦,涵,怡,佳,雨,晴,萱,诗,琪,瑶,思,彤,妍,'
         '璐,蕾,月,秀,兰,凤,洁,梅,莉,丹' END
$$;

CREATE FUNCTION pg_temp.person_name(surname text, male boolean, stream int, key bigint)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT surname
         || pg_temp.pick(pg_temp.given(male), pg_temp.u(stream, key))
         || CASE WHEN pg_temp.u(stream + 1, key) < 0.7
                 THEN pg_temp.pick(pg_temp.given(male), pg_temp.u(stream + 2, key))
                 ELSE '' END
$$;

-- A synthetic mobile number 13x xxxx xxxx (stored as 11 digits).
CREATE FUNCTION pg_temp.phone(stream int, key bigint) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT '13' || lpad(floor(pg_temp.u(stream, key) * 1e9)::bigint::text, 9, '0')
$$;

-- Bulk loading: the foreign keys of the tables this script fills are dropped
-- here and re-created (and so validated, one join each, as pg_dump restores
-- do) in 90_finish.sql, inside this same transaction. Row-by-row foreign-key
-- checks would dominate the run time for millions of absences.
CREATE TEMP TABLE gen_foreign_keys ON COMMIT DROP AS
SELECT c.conrelid::regclass::text AS table_name, c.conname, pg_get_constraintdef(c.oid) AS definition
  FROM pg_constraint c
 WHERE c.contype = 'f'
   AND c.conrelid IN ('baoxue.households'::regclass, 'baoxue.students'::regclass,
                      'baoxue.student_routes'::regclass, 'baoxue.absences'::regclass,
                      'baoxue.enrolment_events'::regclass, 'baoxue.responsible_people'::regclass);
SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', table_name, conname) FROM gen_foreign_keys
 ORDER BY table_name, conname \gexec

SELECT pg_temp.progress(format('prepared (students %s, seed %s)', :students, :seed));
