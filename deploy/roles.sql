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

-- set_config() only for the owner and the server (lock_set_config.sql), in
-- template1 for databases created later and in an existing baoxue database.
\connect template1
\ir lock_set_config.sql
SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'baoxue') AS has_baoxue \gset
\if :has_baoxue
\connect baoxue
\ir lock_set_config.sql
\endif
