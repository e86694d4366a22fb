-- Orders (SQLite; migrations/postgres/ holds the same for PostgreSQL: change both together).
-- An accepted quote's exact revision placed as an order, recomputed by the engine when placed;
-- its lines, shipments and immutable events. Times are UTC seconds since 1970, dates
-- `YYYY-MM-DD` text, money decimal text (the total also in thousandths, for sorting only).

-- The order desk (fulfilment): a role outside the approval ladder.
-- SQLite cannot alter a CHECK constraint: the stored schema text is edited in place (the
-- documented way for a change that no stored row can break), as 0003 did.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(sql, '''director'', ''admin'')', '''director'', ''admin'', ''orderdesk'')')
 WHERE type = 'table' AND name = 'users';
PRAGMA writable_schema = RESET;

-- Order numbers per year (`O-YYYY-NNNNNN`), like quote numbers.
CREATE TABLE order_numbers (
    year BIGINT PRIMARY KEY,
    last BIGINT NOT NULL
);

-- One order per quote (`quote_id` UNIQUE); a retried request finds its order by the placer
-- and the client's idempotency key (UNIQUE together): never two orders for one request.
CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    quote_id BIGINT NOT NULL UNIQUE REFERENCES quotes (id),
    quote_revision BIGINT NOT NULL,
    catalog_id TEXT NOT NULL,
    catalog_version TEXT NOT NULL,
    catalog_hash TEXT NOT NULL,
    account_id BIGINT REFERENCES accounts (id),
    customer TEXT NOT NULL,
    purchase_order TEXT NOT NULL,
    bill_to TEXT NOT NULL,
    ship_to TEXT NOT NULL,
    term_months BIGINT,
    requested_date TEXT,
    estimated_ship_date TEXT NOT NULL,
    confirmed_ship_date TEXT,
    status TEXT NOT NULL CHECK (status IN ('received', 'confirmed', 'partly_shipped', 'shipped',
                                           'delivered', 'cancelled')),
    currency TEXT NOT NULL,
    total TEXT NOT NULL,
    total_milli BIGINT NOT NULL,
    placed_by TEXT NOT NULL,
    placer TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    request_sha256 TEXT NOT NULL,
    body TEXT NOT NULL,
    body_sha256 TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (placer, idempotency_key)
);
CREATE INDEX orders_status ON orders (status, created_at);
CREATE INDEX orders_created ON orders (created_at);
CREATE INDEX orders_account ON orders (account_id, created_at);

CREATE TABLE order_lines (
    order_id BIGINT NOT NULL REFERENCES orders (id),
    position BIGINT NOT NULL,
    item TEXT NOT NULL,
    sku TEXT NOT NULL,
    name TEXT NOT NULL,
    quantity BIGINT NOT NULL CHECK (quantity > 0),
    unit_net TEXT NOT NULL,
    net TEXT NOT NULL,
    lead_days BIGINT NOT NULL CHECK (lead_days >= 0),
    shipped BIGINT NOT NULL CHECK (shipped >= 0 AND shipped <= quantity),
    PRIMARY KEY (order_id, position)
);

CREATE TABLE shipments (
    id INTEGER PRIMARY KEY,
    order_id BIGINT NOT NULL REFERENCES orders (id),
    number BIGINT NOT NULL,
    carrier TEXT NOT NULL,
    tracking TEXT NOT NULL,
    at BIGINT NOT NULL,
    delivered_at BIGINT,
    UNIQUE (order_id, number)
);

CREATE TABLE shipment_lines (
    shipment_id BIGINT NOT NULL REFERENCES shipments (id),
    position BIGINT NOT NULL,
    quantity BIGINT NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (shipment_id, position)
);

-- An order's life: written once, never changed (the triggers refuse it).
CREATE TABLE order_events (
    id INTEGER PRIMARY KEY,
    order_id BIGINT NOT NULL REFERENCES orders (id),
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('placed', 'confirmed', 'shipped', 'delivered', 'cancelled')),
    detail TEXT NOT NULL,
    status TEXT NOT NULL
);
CREATE INDEX order_events_order ON order_events (order_id, id);

CREATE TRIGGER order_events_no_update BEFORE UPDATE ON order_events
BEGIN
    SELECT RAISE(ABORT, 'order events are immutable');
END;

CREATE TRIGGER order_events_no_delete BEFORE DELETE ON order_events
BEGIN
    SELECT RAISE(ABORT, 'order events are immutable');
END;
