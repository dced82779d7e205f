-- The database roles of a production deployment (docs/security.md,
-- "Database roles"). Run once per cluster by its administrator, e.g.
--   psql -h db.county.local -U postgres -v app_password="$(cat app.pw)" \
--        -f deploy/roles.sql
-- then `baoxue-server migrate --database_url <owner URL>` grants the tables.
-- deploy/pg.sh does the same for the private demo cluster.

-- The owner: DDL, used by `baoxue-server migrate` only.
SELECT 'CREATE ROLE baoxue LOGIN'
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'baoxue') \gexec

-- The server: DML on its tables (granted by baoxue.apply_role_grants()).
SELECT 'CREATE ROLE baoxue_app LOGIN'
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'baoxue_app') \gexec
SET password_encryption = 'scram-sha-256';
ALTER ROLE baoxue_app PASSWORD :'app_password';

-- Data staff's feature expressions, under SET LOCAL ROLE from baoxue_app.
SELECT 'CREATE ROLE baoxue_feature_reader NOLOGIN'
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'baoxue_feature_reader') \gexec
GRANT baoxue_feature_reader TO baoxue_app;

-- set_config() would let a feature expression leave the reader role
-- mid-statement (SET ROLE checks only the session user, baoxue_app): only the
-- owner and the server may call it. Per database: template1 passes it on to
-- databases created later; an existing baoxue database gets it here too.
\connect template1
REVOKE EXECUTE ON FUNCTION pg_catalog.set_config(text, text, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pg_catalog.set_config(text, text, boolean) TO baoxue, baoxue_app;
SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'baoxue') AS has_baoxue \gset
\if :has_baoxue
\connect baoxue
REVOKE EXECUTE ON FUNCTION pg_catalog.set_config(text, text, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pg_catalog.set_config(text, text, boolean) TO baoxue, baoxue_app;
\endif
