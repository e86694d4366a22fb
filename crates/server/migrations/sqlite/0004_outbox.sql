-- Mail and documents (SQLite; migrations/postgres/ holds the same for PostgreSQL): users' addresses and
-- languages, and the outbox. A message is written in the same transaction as the change that
-- causes it and sent later by the desk's sender (src/mail/sender.rs), retried until sent.

ALTER TABLE users ADD COLUMN email TEXT;
ALTER TABLE users ADD COLUMN language TEXT;
-- The customer's contact a link was sent to, and the language of its messages and documents.
ALTER TABLE customer_links ADD COLUMN email TEXT;
ALTER TABLE customer_links ADD COLUMN language TEXT;

CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    kind TEXT NOT NULL,
    quote_id BIGINT REFERENCES quotes (id),
    created_at BIGINT NOT NULL,
    attempts BIGINT NOT NULL,
    next_attempt BIGINT NOT NULL,
    sent_at BIGINT,
    last_error TEXT
);
CREATE INDEX outbox_due ON outbox (sent_at, next_attempt);
