-- 0006_model_registry: the model registry of issue 3.
--
-- Every trained model is an immutable numbered version (model_id; version =
-- 'v' || model_id) in baoxue.models. Only `state` may change, and only along
--   candidate -> active -> retired -> active (a rollback or re-activation);
-- rows are never deleted. Exactly one model is active once any model has ever
-- been active (checked at commit, so retiring the old and activating the new
-- one happen in one transaction). Every activation is appended to
-- baoxue.model_activations, and every change of the active model sends
-- NOTIFY baoxue_model_activated (payload: the version) at commit, which every
-- running server LISTENs to for hot reload.

ALTER TABLE baoxue.models
  -- [{"name": ..., "expression": ...}] as configured when it was trained.
  ADD COLUMN feature_spec jsonb NOT NULL DEFAULT '[]'
    CHECK (jsonb_typeof(feature_spec) = 'array'),
  -- The relation the feature expressions were evaluated over.
  ADD COLUMN feature_relation text,
  -- Training window: the as-of dates whose snapshots were stacked for
  -- training, and the later as-of date held out for validation.
  ADD COLUMN training_as_of_dates date[],
  ADD COLUMN validation_as_of date,
  ADD COLUMN validation_rows bigint CHECK (validation_rows >= 0),
  ADD COLUMN validation_positive_rows bigint
    CHECK (validation_positive_rows >= 0
           AND validation_positive_rows <= validation_rows),
  -- ROC AUC on the validation snapshot: what Activate compares.
  ADD COLUMN validation_auc double precision
    CHECK (validation_auc BETWEEN 0 AND 1),
  ADD COLUMN l2_penalty double precision CHECK (l2_penalty >= 0),
  ADD COLUMN positive_class_weight double precision
    CHECK (positive_class_weight > 0),
  -- Fairness audit rows and tier thresholds (also inside params).
  ADD COLUMN fairness jsonb NOT NULL DEFAULT '[]'
    CHECK (jsonb_typeof(fairness) = 'array'),
  ADD COLUMN thresholds jsonb NOT NULL DEFAULT '{}'
    CHECK (jsonb_typeof(thresholds) = 'object'),
  -- The self-contained HTML training report, stored with the version.
  ADD COLUMN report_html text;

COMMENT ON TABLE baoxue.models IS
  'Model registry: immutable versions; only state changes '
  '(candidate -> active -> retired -> active); exactly one active.';

-- Append-only history of activations (and the source of rollbacks).
CREATE TABLE baoxue.model_activations (
  activation_id     bigserial PRIMARY KEY,
  model_id          bigint NOT NULL REFERENCES baoxue.models (model_id),
  -- The model that was active before (NULL for the very first activation).
  previous_model_id bigint REFERENCES baoxue.models (model_id),
  kind              text NOT NULL CHECK (kind IN ('activate', 'rollback')),
  forced            boolean NOT NULL DEFAULT false,
  activated_by      text NOT NULL,
  activated_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (previous_model_id IS DISTINCT FROM model_id)
);
CREATE INDEX model_activations_model_idx
  ON baoxue.model_activations (model_id, activation_id);

-- Rows of baoxue.models never change except their state, along the allowed
-- transitions, and are never deleted.
CREATE FUNCTION baoxue.models_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'model % is immutable and cannot be deleted', OLD.version
      USING ERRCODE = 'restrict_violation';
  END IF;
  IF (to_jsonb(NEW) - 'state') IS DISTINCT FROM (to_jsonb(OLD) - 'state') THEN
    RAISE EXCEPTION 'model % is immutable: only its state may change', OLD.version
      USING ERRCODE = 'restrict_violation';
  END IF;
  IF NEW.state <> OLD.state AND NOT (
       (OLD.state = 'candidate' AND NEW.state = 'active') OR
       (OLD.state = 'active' AND NEW.state = 'retired') OR
       (OLD.state = 'retired' AND NEW.state = 'active')) THEN
    RAISE EXCEPTION 'model %: state % cannot become %', OLD.version,
      OLD.state, NEW.state USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER models_guard
  BEFORE UPDATE OR DELETE ON baoxue.models
  FOR EACH ROW EXECUTE FUNCTION baoxue.models_guard();

-- Exactly one active model once any has been active: checked at commit.
CREATE FUNCTION baoxue.models_one_active_check() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM baoxue.models WHERE state <> 'candidate')
     AND (SELECT count(*) FROM baoxue.models WHERE state = 'active') <> 1 THEN
    RAISE EXCEPTION 'exactly one model must be active'
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER models_exactly_one_active
  AFTER INSERT OR UPDATE OF state ON baoxue.models
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION baoxue.models_one_active_check();

-- Tells every listening server that the active model changed (delivered at
-- commit, never for a rolled-back transaction).
CREATE FUNCTION baoxue.models_notify_activation() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.state = 'active' AND (TG_OP = 'INSERT' OR OLD.state <> 'active') THEN
    PERFORM pg_notify('baoxue_model_activated', NEW.version);
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER models_notify_activation
  AFTER INSERT OR UPDATE OF state ON baoxue.models
  FOR EACH ROW EXECUTE FUNCTION baoxue.models_notify_activation();

-- The activation history is append-only.
CREATE FUNCTION baoxue.model_activations_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'baoxue.model_activations is append-only'
    USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER model_activations_append_only
  BEFORE UPDATE OR DELETE ON baoxue.model_activations
  FOR EACH ROW EXECUTE FUNCTION baoxue.model_activations_append_only();

-- Models already active before this migration get their activation recorded,
-- so that a rollback from the next one finds them.
INSERT INTO baoxue.model_activations (model_id, kind, activated_by, activated_at)
SELECT model_id, 'activate', created_by, created_at
  FROM baoxue.models WHERE state = 'active';
