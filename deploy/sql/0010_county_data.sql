-- County data in (docs/imports.md): the registries' own identifiers, resident
-- ID numbers kept only as keyed hashes (HMAC-SHA256 with the county's secret)
-- and their last four characters, the household registration (户籍) roster
-- of children, and the record of every import.

-- 学校标识码: the Ministry's 10-digit school identifier.
ALTER TABLE baoxue.schools ADD COLUMN school_code text
  CONSTRAINT schools_school_code_format CHECK (school_code ~ '^[0-9]{10}$');
CREATE UNIQUE INDEX schools_school_code_key ON baoxue.schools (school_code);

-- 户编号: the poverty-alleviation system's household number.
ALTER TABLE baoxue.households ADD COLUMN household_number text
  CONSTRAINT households_number_not_empty CHECK (household_number <> '');
CREATE UNIQUE INDEX households_number_key ON baoxue.households (household_number);

ALTER TABLE baoxue.students
  ADD COLUMN id_hash bytea CONSTRAINT students_id_hash_size CHECK (octet_length(id_hash) = 32),
  ADD COLUMN id_last4 text CONSTRAINT students_id_last4_format CHECK (id_last4 ~ '^[0-9]{3}[0-9X]$'),
  ADD COLUMN class_name text,
  ADD COLUMN ethnicity smallint CONSTRAINT students_ethnicity_code CHECK (ethnicity BETWEEN 1 AND 98),
  -- 0 not left behind, 1 one parent away, 2 both parents away (留守)
  ADD COLUMN left_behind smallint CONSTRAINT students_left_behind_code CHECK (left_behind BETWEEN 0 AND 2),
  ADD COLUMN enrolled_on date,
  -- Set when a full roster of the student's area lacked them; cleared when a
  -- roster has them again. Read by the 四查三比对 check.
  ADD COLUMN missing_from_roster_since date;
CREATE UNIQUE INDEX students_id_hash_key ON baoxue.students (id_hash);

-- Who belongs to a household, by keyed ID hash: how a student from the
-- roster is linked to the poverty household they live in.
CREATE TABLE baoxue.household_members (
  household_id bigint NOT NULL REFERENCES baoxue.households (household_id),
  id_hash      bytea NOT NULL CHECK (octet_length(id_hash) = 32),
  relation     text,  -- 与户主关系
  PRIMARY KEY (household_id, id_hash)
);
CREATE INDEX household_members_id_hash_idx ON baoxue.household_members (id_hash);

-- The household registration (户籍) roster of school-age children, as public
-- security provides it.
CREATE TABLE baoxue.registered_children (
  id_hash           bytea PRIMARY KEY CHECK (octet_length(id_hash) = 32),
  id_last4          text NOT NULL CHECK (id_last4 ~ '^[0-9]{3}[0-9X]$'),
  name              text NOT NULL CHECK (name <> ''),
  gender            char(1) NOT NULL CHECK (gender IN ('M', 'F')),
  birth_date        date NOT NULL,
  village_area_id   bigint NOT NULL REFERENCES baoxue.areas (area_id),
  registration_book text,  -- 户号
  guardian_name     text
);
CREATE INDEX registered_children_village_idx ON baoxue.registered_children (village_area_id);

CREATE TYPE baoxue.import_kind AS ENUM (
  'areas', 'schools', 'students', 'households', 'household_registration',
  'attendance', 'school_calendar', 'routes', 'heads', 'enrolment_events');

CREATE TABLE baoxue.imports (
  import_id           bigserial PRIMARY KEY,
  kind                baoxue.import_kind NOT NULL,
  file_name           text NOT NULL,
  file_sha256         bytea NOT NULL CHECK (octet_length(file_sha256) = 32),
  full_roster         boolean NOT NULL,
  actor               text NOT NULL,
  -- The caller's area; NULL only for the areas that bootstrap a county.
  area_id             bigint REFERENCES baoxue.areas (area_id),
  started_at          timestamptz NOT NULL,
  finished_at         timestamptz NOT NULL DEFAULT now(),
  rows_read           int NOT NULL,
  accepted            int NOT NULL,
  rejected            int NOT NULL,
  inserted            int NOT NULL,
  updated             int NOT NULL,
  unchanged           int NOT NULL,
  missing_from_roster int NOT NULL,
  -- The first 200 reasons {row, column, reason}: never a value from the file.
  errors              jsonb NOT NULL DEFAULT '[]'
);
CREATE INDEX imports_started_idx ON baoxue.imports (started_at DESC);
