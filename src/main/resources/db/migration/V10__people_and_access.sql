-- People and access. Users get a password for the web (an Argon2id hash, never the password) and
-- a count of failed logins that locks them out for a while. API tokens and web sessions are kept
-- only as SHA-256 hashes of their random values: the clear value is shown once and never stored.
ALTER TABLE users ADD COLUMN password_hash VARCHAR(255);
ALTER TABLE users ADD COLUMN failed_logins INT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN locked_until ${instant};

CREATE TABLE api_tokens (
  id ${id},
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name VARCHAR(255) NOT NULL,
  token_sha256 VARCHAR(64) NOT NULL,
  created_on ${instant} NOT NULL,
  expires_on ${instant},
  last_used_on ${instant},
  revoked_on ${instant},
  CONSTRAINT api_tokens_sha256_uq UNIQUE (token_sha256)
);
CREATE INDEX api_tokens_user_ix ON api_tokens (user_id);

CREATE TABLE web_sessions (
  id ${id},
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  session_sha256 VARCHAR(64) NOT NULL,
  csrf_token VARCHAR(64) NOT NULL,
  created_on ${instant} NOT NULL,
  expires_on ${instant} NOT NULL,
  CONSTRAINT web_sessions_sha256_uq UNIQUE (session_sha256)
);
CREATE INDEX web_sessions_user_ix ON web_sessions (user_id);
