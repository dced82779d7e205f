-- 0015_access_and_authentication: separation of duties, token lifetime and
-- revocation, and the web page's second factor (docs/access.md,
-- docs/security.md).
--
-- Roles (三权分立): 'admin' stays the value of the former all-round
-- administrator and now means the system administrator (tokens, accounts,
-- configuration); existing admin tokens keep working as system
-- administrators. Security and audit administrators are new.
ALTER TYPE baoxue.caller_role ADD VALUE IF NOT EXISTS 'security_admin';
ALTER TYPE baoxue.caller_role ADD VALUE IF NOT EXISTS 'audit_admin';

-- Tokens expire and say who created them. Tokens made before this migration
-- never expire (their holders were not told a date); `baoxue token revoke`
-- ends them.
ALTER TABLE baoxue.api_tokens
  ADD COLUMN expires_at timestamptz,
  ADD COLUMN created_by text NOT NULL DEFAULT 'before 0015',
  ADD COLUMN revoked_by text,
  ADD CONSTRAINT api_tokens_expiry CHECK (expires_at IS NULL OR expires_at > created_at);
ALTER TABLE baoxue.api_tokens ALTER COLUMN created_by DROP DEFAULT;

-- Every server drops its token cache when a token is revoked (or its expiry
-- changed): LISTEN baoxue_token_changed (server/store/pg_token_listener.cc).
CREATE FUNCTION baoxue.api_tokens_notify_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('baoxue_token_changed', NEW.token_id::text);
  RETURN NULL;
END $$;
CREATE TRIGGER api_tokens_notify_change
  AFTER UPDATE OF revoked_at, expires_at, role, area_id ON baoxue.api_tokens
  FOR EACH ROW EXECUTE FUNCTION baoxue.api_tokens_notify_change();

-- Web accounts: a role (officials by default; administrator accounts must
-- use the second factor) and the TOTP secret (RFC 6238), usable once
-- confirmed with a code; totp_last_step refuses a code's replay.
ALTER TABLE baoxue.web_accounts
  ADD COLUMN role baoxue.caller_role NOT NULL DEFAULT 'official',
  ADD COLUMN totp_secret bytea CHECK (totp_secret IS NULL OR octet_length(totp_secret) >= 20),
  ADD COLUMN totp_confirmed_at timestamptz,
  ADD COLUMN totp_last_step bigint,
  ADD CONSTRAINT web_accounts_totp_confirmed_has_secret
    CHECK (totp_confirmed_at IS NULL OR totp_secret IS NOT NULL);
