-- 0001_schema: the county's registers, the labels, models, tokens and the
-- case chain. Everything lives in schema `baoxue`.
--
-- Applied by server/store/migrations.cc inside one transaction together with
-- its row in baoxue.schema_migrations; the migrator creates the schema and
-- that table before it runs any file, so the IF NOT EXISTS below only matter
-- when this file is run by hand with psql.

CREATE SCHEMA IF NOT EXISTS baoxue;

CREATE TABLE IF NOT EXISTS baoxue.schema_migrations (
  version    int PRIMARY KEY,
  name       text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
);

-- ---------------------------------------------------------------------------
-- Enumerations
-- ---------------------------------------------------------------------------

CREATE TYPE baoxue.area_level AS ENUM ('county', 'township', 'village', 'group');
CREATE TYPE baoxue.school_kind AS ENUM ('teaching_point', 'primary', 'junior', 'nine_year');
CREATE TYPE baoxue.absence_kind AS ENUM ('excused', 'unexcused');
CREATE TYPE baoxue.enrolment_event_kind AS ENUM ('dropout', 'return', 'transfer_out', 'moved_out');
-- The six heads in escalation order (level 1 = TEACHER ... level 6 = TOWNSHIP_HEAD).
CREATE TYPE baoxue.six_head_role AS ENUM (
  'TEACHER', 'PRINCIPAL', 'PARENT', 'GROUP_HEAD', 'VILLAGE_HEAD', 'TOWNSHIP_HEAD');
CREATE TYPE baoxue.model_state AS ENUM ('candidate', 'active', 'retired');
CREATE TYPE baoxue.caller_role AS ENUM ('system', 'official', 'data_staff', 'admin');
CREATE TYPE baoxue.risk_run_status AS ENUM ('running', 'succeeded', 'failed');
CREATE TYPE baoxue.risk_tier AS ENUM ('low', 'medium', 'high');
CREATE TYPE baoxue.case_status AS ENUM ('open', 'closed');
CREATE TYPE baoxue.case_outcome AS ENUM (
  'returned', 'transferred', 'home_delivery', 'not_at_risk', 'moved_out');
CREATE TYPE baoxue.case_event_kind AS ENUM (
  'call', 'home_visit', 'aid_referral', 'commitment_signed', 'return_notice',
  'escalated', 'acknowledged', 'resolved', 'reopened', 'note');

-- ---------------------------------------------------------------------------
-- Areas: county > township > village > villager group
-- ---------------------------------------------------------------------------

-- Division codes follow the statistical division code: 6-digit county prefix,
-- 3-digit township, 3-digit village (county 360799000000, township
-- 360799101000, village 360799101201). A villager group has no code of its
-- own: it carries its village's code and a group number.
CREATE TABLE baoxue.areas (
  area_id       bigint PRIMARY KEY,
  level         baoxue.area_level NOT NULL,
  division_code char(12) NOT NULL CHECK (division_code ~ '^[0-9]{12}$'),
  group_no      smallint CHECK (group_no BETWEEN 1 AND 999),
  parent_id     bigint REFERENCES baoxue.areas (area_id),
  name          text NOT NULL CHECK (name <> ''),
  CONSTRAINT areas_group_no_iff_group CHECK ((level = 'group') = (group_no IS NOT NULL)),
  CONSTRAINT areas_parent_iff_not_county CHECK ((level = 'county') = (parent_id IS NULL)),
  CONSTRAINT areas_code_matches_level CHECK (
    CASE level
      WHEN 'county' THEN substr(division_code, 7) = '000000'
      WHEN 'township' THEN substr(division_code, 7, 3) <> '000' AND substr(division_code, 10) = '000'
      ELSE substr(division_code, 7, 3) <> '000' AND substr(division_code, 10) <> '000'
    END),
  -- Target of the (area_id, level) foreign keys that pin a referencing row to
  -- one level (households -> group, responsible_people -> their level).
  CONSTRAINT areas_id_level_key UNIQUE (area_id, level)
);
CREATE UNIQUE INDEX areas_division_code_key ON baoxue.areas (division_code) WHERE level <> 'group';
CREATE UNIQUE INDEX areas_group_key ON baoxue.areas (division_code, group_no) WHERE level = 'group';
CREATE INDEX areas_parent_idx ON baoxue.areas (parent_id);

-- The parent must be the level just above, and the codes must nest.
CREATE FUNCTION baoxue.areas_check_parent() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  p baoxue.areas;
BEGIN
  IF NEW.parent_id IS NULL THEN
    RETURN NEW;
  END IF;
  SELECT * INTO p FROM baoxue.areas WHERE area_id = NEW.parent_id;
  IF NOT FOUND THEN
    RETURN NEW;  -- the foreign key reports it
  END IF;
  IF NOT (
      (NEW.level = 'township' AND p.level = 'county'
         AND left(NEW.division_code, 6) = left(p.division_code, 6))
      OR (NEW.level = 'village' AND p.level = 'township'
         AND left(NEW.division_code, 9) = left(p.division_code, 9))
      OR (NEW.level = 'group' AND p.level = 'village'
         AND NEW.division_code = p.division_code)) THEN
    RAISE EXCEPTION 'area %: a % (code %) cannot have the % % (code %) as parent',
      NEW.area_id, NEW.level, NEW.division_code, p.level, p.area_id, p.division_code
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER areas_check_parent BEFORE INSERT OR UPDATE ON baoxue.areas
  FOR EACH ROW EXECUTE FUNCTION baoxue.areas_check_parent();

-- ---------------------------------------------------------------------------
-- Schools, households, students
-- ---------------------------------------------------------------------------

CREATE TABLE baoxue.schools (
  school_id bigint PRIMARY KEY,
  name      text NOT NULL CHECK (name <> ''),
  area_id   bigint NOT NULL REFERENCES baoxue.areas (area_id),  -- township or village where it is
  kind      baoxue.school_kind NOT NULL,
  boarding  boolean NOT NULL DEFAULT false
);
CREATE INDEX schools_area_idx ON baoxue.schools (area_id);

-- Household registers (incl. the poverty registers). Money in yuan per year.
CREATE TABLE baoxue.households (
  household_id          bigint PRIMARY KEY,
  group_area_id         bigint NOT NULL,
  -- Always 'group': with the foreign key below it pins group_area_id to a
  -- villager group.
  group_level           baoxue.area_level NOT NULL DEFAULT 'group' CHECK (group_level = 'group'),
  members               smallint NOT NULL CHECK (members BETWEEN 1 AND 20),
  per_capita_income     numeric(12, 2) CHECK (per_capita_income >= 0),  -- NULL = unknown
  poverty_line          numeric(12, 2) NOT NULL CHECK (poverty_line > 0),
  registered_poor       boolean NOT NULL DEFAULT false,  -- 建档立卡
  subsistence_allowance boolean NOT NULL DEFAULT false,  -- 低保
  poverty_monitoring    boolean NOT NULL DEFAULT false,  -- 防返贫监测
  relocated             boolean NOT NULL DEFAULT false,  -- 易地扶贫搬迁
  parents_working_away  boolean NOT NULL DEFAULT false,  -- both parents away: left-behind children
  CONSTRAINT households_group_fkey FOREIGN KEY (group_area_id, group_level)
    REFERENCES baoxue.areas (area_id, level)
);
CREATE INDEX households_group_idx ON baoxue.households (group_area_id);

CREATE TABLE baoxue.students (
  student_id          bigint PRIMARY KEY,
  student_number      text NOT NULL UNIQUE CHECK (student_number <> ''),  -- 学籍号
  name                text NOT NULL CHECK (name <> ''),
  gender              char(1) NOT NULL CHECK (gender IN ('M', 'F')),
  ethnic_minority     boolean NOT NULL DEFAULT false,
  birth_date          date NOT NULL CHECK (birth_date >= '1990-01-01'),
  grade               smallint NOT NULL CHECK (grade BETWEEN 1 AND 9),
  school_id           bigint NOT NULL REFERENCES baoxue.schools (school_id),
  household_id        bigint NOT NULL REFERENCES baoxue.households (household_id),
  boarding            boolean NOT NULL DEFAULT false,  -- 寄宿生
  disability          boolean NOT NULL DEFAULT false,
  learning_difficulty boolean NOT NULL DEFAULT false,
  repeated_grade      boolean NOT NULL DEFAULT false
);
CREATE INDEX students_school_idx ON baoxue.students (school_id, grade);
CREATE INDEX students_household_idx ON baoxue.students (household_id);

-- ---------------------------------------------------------------------------
-- Attendance
-- ---------------------------------------------------------------------------

-- Daily attendance is stored sparsely: school_days is the county's school
-- calendar (one row per day schools are open) and absences holds one row per
-- (student, school day) the student was absent. A school day with no absence
-- row for a student means the student was present. The foreign key to
-- school_days means no absence can be recorded on a day schools are closed.
-- Attendance features count SCHOOL days (rows of school_days), never calendar
-- days: a streak Friday -> Monday is two consecutive school days.
CREATE TABLE baoxue.school_days (
  day date PRIMARY KEY
);

CREATE TABLE baoxue.absences (
  student_id bigint NOT NULL REFERENCES baoxue.students (student_id),
  day        date NOT NULL REFERENCES baoxue.school_days (day),
  kind       baoxue.absence_kind NOT NULL,
  -- The primary key is also the index every attendance feature reads:
  -- one student's absences in a date range.
  PRIMARY KEY (student_id, day)
);

CREATE TABLE baoxue.student_routes (
  student_id     bigint PRIMARY KEY REFERENCES baoxue.students (student_id),
  distance_km    numeric(6, 2) NOT NULL CHECK (distance_km BETWEEN 0 AND 300),
  travel_minutes int NOT NULL CHECK (travel_minutes BETWEEN 0 AND 600),  -- one way
  mountain_route boolean NOT NULL DEFAULT false
);

-- Enrolment changes: the labels of the risk model ('dropout') and the events
-- that end or resume a student's presence in the county's schools.
CREATE TABLE baoxue.enrolment_events (
  event_id   bigserial PRIMARY KEY,
  student_id bigint NOT NULL REFERENCES baoxue.students (student_id),
  event_date date NOT NULL,
  kind       baoxue.enrolment_event_kind NOT NULL,
  note       text
);
CREATE INDEX enrolment_events_student_idx ON baoxue.enrolment_events (student_id, event_date);
CREATE INDEX enrolment_events_kind_idx ON baoxue.enrolment_events (kind, event_date);

-- ---------------------------------------------------------------------------
-- The six heads (六长责任制)
-- ---------------------------------------------------------------------------

CREATE TABLE baoxue.responsible_people (
  person_id    bigserial PRIMARY KEY,
  role         baoxue.six_head_role NOT NULL,
  school_id    bigint REFERENCES baoxue.schools (school_id),        -- TEACHER, PRINCIPAL
  grade        smallint CHECK (grade BETWEEN 1 AND 9),             -- TEACHER: head teacher of this grade
  household_id bigint REFERENCES baoxue.households (household_id),  -- PARENT
  area_id      bigint,                                              -- *_HEAD
  -- The level area_id must have for the role; with the foreign key below a
  -- GROUP_HEAD can only point at a group, a VILLAGE_HEAD at a village, ...
  area_level   baoxue.area_level GENERATED ALWAYS AS (
                 CASE role
                   WHEN 'GROUP_HEAD' THEN 'group'::baoxue.area_level
                   WHEN 'VILLAGE_HEAD' THEN 'village'::baoxue.area_level
                   WHEN 'TOWNSHIP_HEAD' THEN 'township'::baoxue.area_level
                 END) STORED,
  name         text NOT NULL CHECK (name <> ''),
  phone        text CHECK (phone ~ '^[0-9+][0-9 -]{4,19}$'),
  CONSTRAINT responsible_people_area_fkey FOREIGN KEY (area_id, area_level)
    REFERENCES baoxue.areas (area_id, level),
  CONSTRAINT responsible_people_role_fields CHECK (
    CASE role
      WHEN 'TEACHER' THEN school_id IS NOT NULL AND household_id IS NULL AND area_id IS NULL
      WHEN 'PRINCIPAL' THEN school_id IS NOT NULL AND grade IS NULL
                            AND household_id IS NULL AND area_id IS NULL
      WHEN 'PARENT' THEN household_id IS NOT NULL AND school_id IS NULL AND grade IS NULL
                         AND area_id IS NULL
      ELSE area_id IS NOT NULL AND school_id IS NULL AND grade IS NULL AND household_id IS NULL
    END)
);
CREATE INDEX responsible_people_school_idx ON baoxue.responsible_people (school_id, grade)
  WHERE school_id IS NOT NULL;
CREATE INDEX responsible_people_household_idx ON baoxue.responsible_people (household_id)
  WHERE household_id IS NOT NULL;
CREATE INDEX responsible_people_area_idx ON baoxue.responsible_people (area_id)
  WHERE area_id IS NOT NULL;

-- ---------------------------------------------------------------------------
-- Models and API tokens
-- ---------------------------------------------------------------------------

CREATE TABLE baoxue.models (
  model_id       bigserial PRIMARY KEY,
  version        text NOT NULL UNIQUE CHECK (version <> ''),
  params         bytea NOT NULL,  -- serialized baoxue.v1.ModelParams
  state          baoxue.model_state NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  created_by     text NOT NULL,
  training_as_of date,
  horizon_days   int CHECK (horizon_days > 0),
  training_rows  bigint CHECK (training_rows >= 0),
  positive_rows  bigint CHECK (positive_rows >= 0 AND positive_rows <= training_rows),
  metrics        jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metrics) = 'object')
);
-- At most one active model.
CREATE UNIQUE INDEX models_one_active ON baoxue.models ((true)) WHERE state = 'active';

CREATE TABLE baoxue.api_tokens (
  token_id     bigserial PRIMARY KEY,
  token_sha256 bytea NOT NULL UNIQUE CHECK (octet_length(token_sha256) = 32),
  role         baoxue.caller_role NOT NULL,
  area_id      bigint NOT NULL REFERENCES baoxue.areas (area_id),  -- the caller's scope
  description  text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  revoked_at   timestamptz
);
CREATE INDEX api_tokens_area_idx ON baoxue.api_tokens (area_id);

-- ---------------------------------------------------------------------------
-- Risk runs and scores
-- ---------------------------------------------------------------------------

-- One scoring of an area or a school with one model version.
CREATE TABLE baoxue.risk_runs (
  run_id           bigserial PRIMARY KEY,
  scope_area_id    bigint REFERENCES baoxue.areas (area_id),
  scope_school_id  bigint REFERENCES baoxue.schools (school_id),
  as_of            date NOT NULL,
  model_id         bigint NOT NULL REFERENCES baoxue.models (model_id),
  status           baoxue.risk_run_status NOT NULL DEFAULT 'running',
  students_scored  int NOT NULL DEFAULT 0 CHECK (students_scored >= 0),
  students_medium  int NOT NULL DEFAULT 0 CHECK (students_medium >= 0),
  students_high    int NOT NULL DEFAULT 0 CHECK (students_high >= 0),
  cases_opened     int NOT NULL DEFAULT 0 CHECK (cases_opened >= 0),
  requested_by     text,
  error            text,
  started_at       timestamptz NOT NULL DEFAULT now(),
  finished_at      timestamptz,
  CONSTRAINT risk_runs_one_scope CHECK (num_nonnulls(scope_area_id, scope_school_id) = 1),
  CONSTRAINT risk_runs_finished CHECK ((status = 'running') = (finished_at IS NULL)),
  CONSTRAINT risk_runs_finished_after_start CHECK (finished_at >= started_at)
);
CREATE INDEX risk_runs_area_idx ON baoxue.risk_runs (scope_area_id, as_of);
CREATE INDEX risk_runs_school_idx ON baoxue.risk_runs (scope_school_id, as_of);
CREATE INDEX risk_runs_model_idx ON baoxue.risk_runs (model_id);

CREATE TABLE baoxue.risk_scores (
  run_id      bigint NOT NULL REFERENCES baoxue.risk_runs (run_id) ON DELETE CASCADE,
  student_id  bigint NOT NULL REFERENCES baoxue.students (student_id),
  probability double precision NOT NULL CHECK (probability BETWEEN 0 AND 1),
  tier        baoxue.risk_tier NOT NULL,
  reasons     jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(reasons) = 'array'),
  PRIMARY KEY (run_id, student_id)
);
CREATE INDEX risk_scores_student_idx ON baoxue.risk_scores (student_id);

-- ---------------------------------------------------------------------------
-- Cases: the six-heads chain
-- ---------------------------------------------------------------------------

CREATE TABLE baoxue.cases (
  case_id           bigserial PRIMARY KEY,
  student_id        bigint NOT NULL REFERENCES baoxue.students (student_id),
  opened_at         timestamptz NOT NULL DEFAULT now(),
  opened_by_run_id  bigint REFERENCES baoxue.risk_runs (run_id),
  opened_probability double precision CHECK (opened_probability BETWEEN 0 AND 1),
  current_level     smallint NOT NULL DEFAULT 1 CHECK (current_level BETWEEN 1 AND 6),
  status            baoxue.case_status NOT NULL DEFAULT 'open',
  outcome           baoxue.case_outcome,
  closed_at         timestamptz,
  CONSTRAINT cases_closed_has_outcome CHECK ((status = 'closed') = (outcome IS NOT NULL)),
  CONSTRAINT cases_closed_has_time CHECK ((status = 'closed') = (closed_at IS NOT NULL)),
  CONSTRAINT cases_closed_after_open CHECK (closed_at >= opened_at)
);
-- At most one open case per student.
CREATE UNIQUE INDEX cases_one_open_per_student ON baoxue.cases (student_id) WHERE status = 'open';
CREATE INDEX cases_student_idx ON baoxue.cases (student_id);

-- Who is in charge of a case at a level, with the level's deadlines.
-- Level n belongs to the n-th of the six heads (1 TEACHER ... 6 TOWNSHIP_HEAD).
CREATE TABLE baoxue.case_assignments (
  assignment_id    bigserial PRIMARY KEY,
  case_id          bigint NOT NULL REFERENCES baoxue.cases (case_id),
  level            smallint NOT NULL CHECK (level BETWEEN 1 AND 6),
  role             baoxue.six_head_role NOT NULL,
  person_id        bigint REFERENCES baoxue.responsible_people (person_id),  -- NULL: nobody on record
  assigned_at      timestamptz NOT NULL DEFAULT now(),
  ack_deadline     timestamptz NOT NULL,
  resolve_deadline timestamptz NOT NULL,
  acknowledged_at  timestamptz,
  CONSTRAINT case_assignments_role_matches_level CHECK (
    CASE role
      WHEN 'TEACHER' THEN level = 1
      WHEN 'PRINCIPAL' THEN level = 2
      WHEN 'PARENT' THEN level = 3
      WHEN 'GROUP_HEAD' THEN level = 4
      WHEN 'VILLAGE_HEAD' THEN level = 5
      WHEN 'TOWNSHIP_HEAD' THEN level = 6
    END),
  CONSTRAINT case_assignments_deadlines CHECK (
    ack_deadline >= assigned_at AND resolve_deadline >= ack_deadline),
  CONSTRAINT case_assignments_ack_after_assign CHECK (acknowledged_at >= assigned_at)
);
CREATE INDEX case_assignments_case_idx ON baoxue.case_assignments (case_id, level);
CREATE INDEX case_assignments_person_idx ON baoxue.case_assignments (person_id);
CREATE INDEX case_assignments_open_ack_idx ON baoxue.case_assignments (ack_deadline)
  WHERE acknowledged_at IS NULL;

-- The case ledger: append-only (UPDATE and DELETE raise), so every action
-- stays attributable.
CREATE TABLE baoxue.case_events (
  event_id        bigserial PRIMARY KEY,
  case_id         bigint NOT NULL REFERENCES baoxue.cases (case_id),
  at              timestamptz NOT NULL DEFAULT now(),
  actor           text NOT NULL CHECK (actor <> ''),  -- caller or system component
  actor_person_id bigint REFERENCES baoxue.responsible_people (person_id),
  kind            baoxue.case_event_kind NOT NULL,
  level           smallint CHECK (level BETWEEN 1 AND 6),
  note            text,
  details         jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(details) = 'object')
);
CREATE INDEX case_events_case_idx ON baoxue.case_events (case_id, at);

CREATE FUNCTION baoxue.case_events_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'baoxue.case_events is append-only: % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER case_events_append_only BEFORE UPDATE OR DELETE ON baoxue.case_events
  FOR EACH ROW EXECUTE FUNCTION baoxue.case_events_append_only();

-- ---------------------------------------------------------------------------
-- Notifications: transactional outbox
-- ---------------------------------------------------------------------------

CREATE TABLE baoxue.notification_outbox (
  message_id      bigserial PRIMARY KEY,
  idempotency_key text NOT NULL UNIQUE,
  channel         text NOT NULL CHECK (channel <> ''),  -- e.g. sms, wecom, dingtalk
  recipient_person_id bigint REFERENCES baoxue.responsible_people (person_id),
  case_id         bigint REFERENCES baoxue.cases (case_id),
  payload         jsonb NOT NULL,  -- masked names only, never ID numbers
  created_at      timestamptz NOT NULL DEFAULT now(),
  attempts        int NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  delivered_at    timestamptz,
  last_error      text
);
CREATE INDEX notification_outbox_pending_idx ON baoxue.notification_outbox (next_attempt_at)
  WHERE delivered_at IS NULL;
