-- People and access (PostgreSQL). migrations/sqlite/ holds the same schema for SQLite:
-- change both together. Times are UTC seconds since 1970.

-- Sign-in throttling counts failures per client address as well as per name.
ALTER TABLE signin_failures ADD COLUMN client TEXT NOT NULL DEFAULT '';
CREATE INDEX signin_failures_client ON signin_failures (client, at);
CREATE INDEX signin_failures_at ON signin_failures (at);

-- A disabled user cannot sign in; when they last signed in (for the admins' list).
ALTER TABLE users ADD COLUMN disabled_at BIGINT;
ALTER TABLE users ADD COLUMN last_sign_in BIGINT;

CREATE INDEX sessions_user ON sessions (user_id);

-- One-time password reset links: the SHA-256 of the token, never the token.
CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX password_resets_user ON password_resets (user_id);
