-- The customer's portal (sqlite). migrations/postgres/ holds the same schema for the other database:
-- change both together. Times are UTC seconds since 1970.

-- Buyers: a customer account's people who sign in to the portal. Not desk users: their own
-- sessions and cookie. `email_key` is the address in lower case (unique: one buyer per
-- address, whatever its case); the password hash is NULL until the invitation is accepted.
CREATE TABLE buyers (
    id INTEGER PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    email_key TEXT NOT NULL UNIQUE,
    language TEXT NOT NULL CHECK (language IN ('en', 'de')),
    password_hash TEXT,
    disabled_at BIGINT,
    last_sign_in BIGINT,
    created_at BIGINT NOT NULL,
    notify_confirmed BIGINT NOT NULL DEFAULT 1,
    notify_shipped BIGINT NOT NULL DEFAULT 1,
    notify_delivered BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX buyers_account ON buyers (account_id);

-- A buyer's sessions: the SHA-256 of the cookie's token, never the token.
CREATE TABLE buyer_sessions (
    token_hash TEXT PRIMARY KEY,
    buyer_id BIGINT NOT NULL REFERENCES buyers (id),
    csrf TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX buyer_sessions_buyer ON buyer_sessions (buyer_id);

-- One-time invitation links (SHA-256 of the token); closed when used or replaced.
CREATE TABLE invitations (
    token_hash TEXT PRIMARY KEY,
    buyer_id BIGINT NOT NULL REFERENCES buyers (id),
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    closed_at BIGINT
);
CREATE INDEX invitations_buyer ON invitations (buyer_id);

-- In-portal alerts: one per buyer of the account per order step.
CREATE TABLE portal_alerts (
    id INTEGER PRIMARY KEY,
    buyer_id BIGINT NOT NULL REFERENCES buyers (id),
    at BIGINT NOT NULL,
    subject TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('received', 'confirmed', 'partly_shipped', 'shipped', 'delivered', 'cancelled')),
    read_at BIGINT
);
CREATE INDEX portal_alerts_buyer ON portal_alerts (buyer_id, id);

-- Configurations a buyer saved, shared by the account's buyers.
CREATE TABLE saved_configurations (
    id INTEGER PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    buyer_id BIGINT NOT NULL REFERENCES buyers (id),
    name TEXT NOT NULL,
    catalog_id TEXT NOT NULL,
    choices TEXT NOT NULL,
    saved_at BIGINT NOT NULL
);
CREATE INDEX saved_configurations_account ON saved_configurations (account_id, id);
