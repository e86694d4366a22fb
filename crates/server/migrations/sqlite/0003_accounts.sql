-- Customer accounts, approval levels and the approval record (sqlite). The other folder holds the
-- same schema for the other database: change both together. Times are UTC seconds since 1970.

-- The director: an approval level between manager and admin, organisation-wide.
-- SQLite cannot alter a CHECK constraint: the stored schema text is edited in place (the
-- documented way for a change that no stored row can break), whatever columns later
-- migrations added to the table.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(sql, '''manager'', ''admin'')', '''manager'', ''director'', ''admin'')')
 WHERE type = 'table' AND name = 'users';
PRAGMA writable_schema = RESET;

-- Organisations the desk quotes: what they are entitled to pay (a price book, a partner tier).
CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    bill_to TEXT NOT NULL,
    ship_to TEXT NOT NULL,
    language TEXT NOT NULL CHECK (language IN ('en', 'de')),
    price_book TEXT NOT NULL,
    partner_tier TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX accounts_name ON accounts (name);

CREATE TABLE account_contacts (
    id INTEGER PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    position BIGINT NOT NULL,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    language TEXT NOT NULL CHECK (language IN ('en', 'de'))
);
CREATE INDEX account_contacts_account ON account_contacts (account_id, position);

-- A quote is for an account (NULL: older quotes, and clients that name none); its depth below
-- the entitled price (decimal text) and the level that must approve it ('' when none must).
ALTER TABLE quotes ADD COLUMN account_id BIGINT REFERENCES accounts (id);
ALTER TABLE quotes ADD COLUMN depth TEXT NOT NULL DEFAULT '0';
ALTER TABLE quotes ADD COLUMN approver TEXT NOT NULL DEFAULT '';

-- Who approved or rejected which revision, at what depth, above which limit, and why.
CREATE TABLE approvals (
    id INTEGER PRIMARY KEY,
    quote_id BIGINT NOT NULL REFERENCES quotes (id),
    revision BIGINT NOT NULL,
    decision TEXT NOT NULL CHECK (decision IN ('approved', 'rejected')),
    approver_id BIGINT NOT NULL REFERENCES users (id),
    approver_role TEXT NOT NULL,
    depth TEXT NOT NULL,
    above_role TEXT NOT NULL,
    above_limit TEXT NOT NULL,
    comment TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX approvals_quote ON approvals (quote_id, id);
