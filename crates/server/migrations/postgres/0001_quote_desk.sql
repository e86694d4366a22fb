-- The quote desk's schema (PostgreSQL). migrations/sqlite/ holds the same schema for SQLite:
-- change both together. Times are UTC seconds since 1970; money is decimal text, with the
-- total also in thousandths (an integer) for sorting and filtering only.

CREATE TABLE users (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('rep', 'manager', 'admin')),
    team TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    csrf TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE TABLE signin_failures (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX signin_failures_name ON signin_failures (name, at);

CREATE TABLE quote_numbers (
    year BIGINT PRIMARY KEY,
    last BIGINT NOT NULL
);

CREATE TABLE quotes (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    owner_id BIGINT NOT NULL REFERENCES users (id),
    team TEXT NOT NULL,
    status TEXT NOT NULL,
    revision BIGINT NOT NULL,
    customer TEXT NOT NULL,
    catalog_id TEXT NOT NULL,
    currency TEXT NOT NULL,
    total TEXT NOT NULL,
    total_milli BIGINT NOT NULL,
    valid_until TEXT,
    needs_approval BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX quotes_owner ON quotes (owner_id, updated_at);
CREATE INDEX quotes_team ON quotes (team, updated_at);

CREATE TABLE revisions (
    quote_id BIGINT NOT NULL REFERENCES quotes (id),
    revision BIGINT NOT NULL,
    author_id BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    catalog_version TEXT NOT NULL,
    catalog_hash TEXT NOT NULL,
    body TEXT NOT NULL,
    body_sha256 TEXT NOT NULL,
    PRIMARY KEY (quote_id, revision)
);

CREATE TABLE customer_links (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    quote_id BIGINT NOT NULL REFERENCES quotes (id),
    revision BIGINT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT
);

CREATE TABLE audit (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    quote_id BIGINT REFERENCES quotes (id),
    detail TEXT NOT NULL
);
CREATE INDEX audit_quote ON audit (quote_id, id);
