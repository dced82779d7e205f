-- set_config() would let a feature expression leave the reader role
-- mid-statement (SET ROLE checks only the session user, baoxue_app): only the
-- owner and the server may call it. Per database, as a superuser: in
-- template1 it passes on to every database created later
-- (docs/security.md, "Database roles"). Used by deploy/roles.sql and
-- deploy/pg.sh.
REVOKE EXECUTE ON FUNCTION pg_catalog.set_config(text, text, boolean) FROM PUBLIC;
SELECT format('GRANT EXECUTE ON FUNCTION pg_catalog.set_config(text, text, boolean) TO %I', rolname)
  FROM pg_roles WHERE rolname IN ('baoxue', 'baoxue_app') \gexec
