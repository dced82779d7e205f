-- 0007_web_accounts: accounts and sessions of the web page (docs/web.md).
--
-- Passwords are stored only as PBKDF2-HMAC-SHA256 hashes with a per-account
-- random salt and the iteration count used (so it can be raised later).
-- Session ids are random 256-bit strings stored only as SHA-256 hashes.
CREATE TYPE baoxue.web_account_kind AS ENUM ('township', 'principal', 'county');

CREATE TABLE baoxue.web_accounts (
  account_id      bigserial PRIMARY KEY,
  login           text NOT NULL CHECK (login ~ '^[A-Za-z0-9._@-]{3,64}$'),
  display_name    text NOT NULL CHECK (display_name <> ''),
  kind            baoxue.web_account_kind NOT NULL,
  area_id         bigint NOT NULL REFERENCES baoxue.areas (area_id),  -- scope
  school_id       bigint REFERENCES baoxue.schools (school_id),
  password_hash   bytea NOT NULL CHECK (octet_length(password_hash) = 32),
  password_salt   bytea NOT NULL CHECK (octet_length(password_salt) >= 16),
  password_iterations int NOT NULL CHECK (password_iterations >= 1000),
  disabled        boolean NOT NULL DEFAULT false,
  failed_logins   int NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
  locked_until    timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT web_accounts_school_iff_principal
    CHECK ((kind = 'principal') = (school_id IS NOT NULL))
);
CREATE UNIQUE INDEX web_accounts_login_key ON baoxue.web_accounts (lower(login));

CREATE TABLE baoxue.web_sessions (
  session_id     bigserial PRIMARY KEY,
  session_sha256 bytea NOT NULL UNIQUE CHECK (octet_length(session_sha256) = 32),
  account_id     bigint NOT NULL REFERENCES baoxue.web_accounts (account_id),
  created_at     timestamptz NOT NULL,
  last_seen_at   timestamptz NOT NULL,
  expires_at     timestamptz NOT NULL,  -- absolute expiry
  revoked_at     timestamptz,
  CONSTRAINT web_sessions_times CHECK (last_seen_at >= created_at AND expires_at > created_at)
);
CREATE INDEX web_sessions_account_idx ON baoxue.web_sessions (account_id);
