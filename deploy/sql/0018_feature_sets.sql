-- 0018_feature_sets: feature sets as versioned objects of the model registry
-- (issue 13, docs/models.md "Feature sets").
--
-- A feature set is what data staff know about their county, written as SQL:
-- a relation keyed by student_id ($1 = the as-of date) and one expression
-- per feature, with the feature's words (zh/en), measures and valid range.
-- Versions are immutable ('fs' || id); a model records the version it was
-- trained on (and a copy of the definitions in feature_spec, so it scores
-- the same whatever happens later).
--
-- The active model's feature set is materialised per day, like the
-- catalogue's feature_snapshots (0008), in feature_set_snapshots: one row
-- per student with the values in the set's order. The catalogue keeps its
-- own typed table.

CREATE TABLE baoxue.feature_sets (
  feature_set_id bigserial PRIMARY KEY,
  version        text GENERATED ALWAYS AS ('fs' || feature_set_id) STORED UNIQUE,
  name           text NOT NULL CHECK (name <> ''),
  relation       text NOT NULL CHECK (relation <> ''),
  -- [{"name", "expression", "zh", "en", "measures", "min", "max"}]
  features       jsonb NOT NULL
    CHECK (jsonb_typeof(features) = 'array' AND jsonb_array_length(features) > 0),
  created_by     text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE baoxue.feature_sets IS
  'Feature sets of the model registry: immutable versions fs<N>.';

CREATE FUNCTION baoxue.feature_sets_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'feature set % is immutable: create a new version', OLD.version
    USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER feature_sets_immutable
  BEFORE UPDATE OR DELETE ON baoxue.feature_sets
  FOR EACH ROW EXECUTE FUNCTION baoxue.feature_sets_guard();

-- NULL for models trained on the configured set (or before 0018).
ALTER TABLE baoxue.models
  ADD COLUMN feature_set_version text REFERENCES baoxue.feature_sets (version);

-- One row per (day, feature set) present exactly when its rows are.
-- feature_key: the set's version, or 'model v<N>' for a model trained on
-- the configured set.
CREATE TABLE baoxue.feature_set_snapshot_days (
  as_of       date NOT NULL,
  feature_key text NOT NULL,
  computed_at timestamptz NOT NULL,
  students    bigint NOT NULL CHECK (students >= 0),
  computed_by text NOT NULL,
  seconds     double precision NOT NULL CHECK (seconds >= 0),
  PRIMARY KEY (as_of, feature_key)
);

CREATE TABLE baoxue.feature_set_snapshots (
  as_of        date NOT NULL,
  feature_key  text NOT NULL,
  student_id   bigint NOT NULL,
  school_id    bigint NOT NULL,
  village_code char(12) NOT NULL,
  vals         double precision[] NOT NULL,  -- the set's order; NULL = missing
  PRIMARY KEY (as_of, feature_key, student_id)
);

-- How each candidate was validated, and the plain warnings its report gives
-- (validation overlapping training, too few dropouts).
ALTER TABLE baoxue.models
  ADD COLUMN validation_method text,
  ADD COLUMN validation_warnings text[] NOT NULL DEFAULT '{}';

-- Grants (0016's baoxue.apply_role_grants, redefined): the application role
-- reads and adds feature sets (never edits them) and keeps the snapshots;
-- the feature reader, under which a feature set's expressions run (test,
-- snapshot, scoring), reads the stored snapshots as well as the registers
-- (a live evaluation reads them in the same statement), and not the
-- registry itself. The migrator calls it after every run.
CREATE OR REPLACE FUNCTION baoxue.apply_role_grants() RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, baoxue AS $$
DECLARE
  register text;
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'baoxue_app') THEN
    GRANT USAGE ON SCHEMA baoxue TO baoxue_app;
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA baoxue
      TO baoxue_app;
    GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA baoxue
      TO baoxue_app;
    GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA baoxue TO baoxue_app;
    REVOKE EXECUTE ON FUNCTION baoxue.apply_role_grants() FROM baoxue_app;
    REVOKE INSERT, UPDATE, DELETE ON baoxue.schema_migrations FROM baoxue_app;
    -- The audit: add rows and move the head; never edit or delete.
    REVOKE UPDATE, DELETE ON baoxue.audit_log FROM baoxue_app;
    REVOKE INSERT, UPDATE, DELETE ON baoxue.audit_anchor FROM baoxue_app;
    REVOKE INSERT, DELETE ON baoxue.audit_head FROM baoxue_app;
    -- Feature set versions are immutable: add, never edit or delete.
    REVOKE UPDATE, DELETE ON baoxue.feature_sets FROM baoxue_app;
    IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'staff') THEN
      GRANT USAGE ON SCHEMA staff TO baoxue_app;
      GRANT SELECT ON ALL TABLES IN SCHEMA staff TO baoxue_app;
    END IF;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'baoxue_feature_reader')
  THEN
    GRANT USAGE ON SCHEMA baoxue TO baoxue_feature_reader;
    FOREACH register IN ARRAY ARRAY[
        'areas', 'schools', 'households', 'students', 'school_days',
        'absences', 'student_routes', 'enrolment_events', 'household_members',
        'registered_children', 'feature_snapshot_days', 'feature_snapshots',
        'feature_set_snapshot_days', 'feature_set_snapshots']
    LOOP
      IF to_regclass('baoxue.' || register) IS NOT NULL THEN
        EXECUTE format('GRANT SELECT ON baoxue.%I TO baoxue_feature_reader',
                       register);
      END IF;
    END LOOP;
    IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'staff') THEN
      GRANT USAGE ON SCHEMA staff TO baoxue_feature_reader;
      GRANT SELECT ON ALL TABLES IN SCHEMA staff TO baoxue_feature_reader;
    END IF;
  END IF;
END
$$;
REVOKE EXECUTE ON FUNCTION baoxue.apply_role_grants() FROM PUBLIC;
