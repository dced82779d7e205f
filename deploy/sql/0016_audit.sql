-- 0016_audit: the security audit (安全审计), an append-only, hash-chained
-- record of every read of personal data and every change
-- (docs/security.md, "Security audit").
--
-- Each row stores row_hash = sha256(prev_hash || canonical row), computed by
-- the server (server/core/audit_chain.cc); audit_head holds the newest row's
-- id and hash and is locked by every writer, so concurrent writers chain in
-- order. `baoxue audit verify` recomputes the chain from audit_anchor (the
-- last pruned row) to audit_head: an edited, inserted or deleted row breaks
-- it.

CREATE TABLE baoxue.audit_log (
  audit_id    bigint PRIMARY KEY,
  at_us       bigint NOT NULL,            -- microseconds since 1970 (UTC)
  caller      text NOT NULL,              -- "token 5", "web account 3"
  role        text NOT NULL,
  caller_area text NOT NULL,
  action      text NOT NULL,              -- gRPC method or HTTP route
  student_ids bigint[] NOT NULL DEFAULT '{}',
  target      text NOT NULL DEFAULT '',   -- area code, case id, ...
  row_count   bigint NOT NULL DEFAULT 0,
  peer        text NOT NULL DEFAULT '',
  result      text NOT NULL,              -- status code name
  prev_hash   bytea NOT NULL,
  row_hash    bytea NOT NULL
);
CREATE INDEX audit_log_at_idx ON baoxue.audit_log (at_us);
CREATE INDEX audit_log_caller_idx ON baoxue.audit_log (caller, at_us);
CREATE INDEX audit_log_students_idx ON baoxue.audit_log USING gin (student_ids);

-- The newest row (one row; 0 and 32 zero bytes before the first).
CREATE TABLE baoxue.audit_head (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  last_id   bigint NOT NULL,
  last_hash bytea NOT NULL
);
INSERT INTO baoxue.audit_head VALUES (true, 0, decode(repeat('00', 32), 'hex'));

-- The last pruned row: the chain verifies from here.
CREATE TABLE baoxue.audit_anchor (
  singleton   boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  pruned_id   bigint NOT NULL,
  pruned_hash bytea NOT NULL
);
INSERT INTO baoxue.audit_anchor VALUES (true, 0, decode(repeat('00', 32), 'hex'));

-- Append-only: no UPDATE ever, no DELETE except through prune_audit.
CREATE FUNCTION baoxue.audit_log_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE'
     AND current_setting('baoxue.audit_pruning', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'baoxue.audit_log is append-only (% refused)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_append_only
  BEFORE UPDATE OR DELETE ON baoxue.audit_log
  FOR EACH ROW EXECUTE FUNCTION baoxue.audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate
  BEFORE TRUNCATE ON baoxue.audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION baoxue.audit_log_refuse_change();

-- Deletes the rows older than `before_us` (never the newest row, so the head
-- stays in the table) and moves the anchor to the last one deleted. Runs as
-- its owner: the application role may call it but not DELETE itself.
CREATE FUNCTION baoxue.prune_audit(before_us bigint) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, baoxue AS $$
DECLARE
  last_row baoxue.audit_log%ROWTYPE;
  deleted bigint;
BEGIN
  PERFORM 1 FROM baoxue.audit_head FOR UPDATE;
  SELECT * INTO last_row FROM baoxue.audit_log
   WHERE at_us < before_us
     AND audit_id < (SELECT last_id FROM baoxue.audit_head)
   ORDER BY audit_id DESC LIMIT 1;
  IF NOT FOUND THEN
    RETURN 0;
  END IF;
  PERFORM set_config('baoxue.audit_pruning', 'on', true);
  DELETE FROM baoxue.audit_log WHERE audit_id <= last_row.audit_id;
  GET DIAGNOSTICS deleted = ROW_COUNT;
  PERFORM set_config('baoxue.audit_pruning', 'off', true);
  UPDATE baoxue.audit_anchor
     SET pruned_id = last_row.audit_id, pruned_hash = last_row.row_hash;
  RETURN deleted;
END
$$;

-- prune_audit runs as its owner: nobody but the application may call it
-- (functions are executable by PUBLIC unless revoked).
REVOKE EXECUTE ON FUNCTION baoxue.prune_audit(bigint) FROM PUBLIC;

-- Least privilege (docs/security.md, "Database roles"). The roles are made
-- once per cluster by its administrator (deploy/roles.sql; deploy/pg.sh
-- for the demo cluster): the owner that migrates (this file runs as it),
-- baoxue_app (the server: DML on its tables, no DDL) and
-- baoxue_feature_reader (data staff's feature expressions, under
-- SET LOCAL ROLE: the registers and the features, nothing else). The
-- migrator calls this after every run, so later migrations' tables are
-- granted too; without the roles it does nothing.
CREATE FUNCTION baoxue.apply_role_grants() RETURNS void
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
        'registered_children', 'feature_snapshot_days', 'feature_snapshots']
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
SELECT baoxue.apply_role_grants();
