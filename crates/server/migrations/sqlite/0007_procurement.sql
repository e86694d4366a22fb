-- Procurement systems: cXML PunchOut and purchase orders, SAP OCI (sqlite). migrations/postgres/
-- holds the same schema for the other database: change both together. Times are UTC seconds
-- since 1970.

-- A buyer organisation: a customer account's procurement system. Its shared secret is kept as
-- an argon2id hash only; `outbound_secret` is the one the organisation's order-response URL
-- expects from us (kept as it is: we must send it; never shown after it is set). `form_post_origins` are origins (`https://host[:port]`), one a line.
CREATE TABLE buyer_orgs (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    owner_id BIGINT NOT NULL REFERENCES users (id),
    form_post_origins TEXT NOT NULL,
    order_url TEXT,
    outbound_secret TEXT,
    oci_username TEXT UNIQUE,
    sub_items BIGINT NOT NULL DEFAULT 0,
    secret_hash TEXT NOT NULL,
    secret_set_at BIGINT NOT NULL,
    disabled_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- The credentials that name an organisation in `From` and `Sender`; the keys are lower case
-- (one organisation per credential, whatever its case).
CREATE TABLE buyer_org_identities (
    org_id BIGINT NOT NULL REFERENCES buyer_orgs (id),
    position BIGINT NOT NULL,
    domain TEXT NOT NULL,
    identity TEXT NOT NULL,
    domain_key TEXT NOT NULL,
    identity_key TEXT NOT NULL,
    UNIQUE (domain_key, identity_key)
);
CREATE INDEX buyer_org_identities_org ON buyer_org_identities (org_id);

-- PunchOut sessions: the SHA-256 of the one-time start token (cleared when used) and of the
-- session token, never the tokens. `edit_quote_id` is the configured product reopened (edit,
-- inspect); `kept_items` the other cart items of an edit, returned as they came (JSON).
CREATE TABLE punchout_sessions (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    start_hash TEXT UNIQUE,
    start_expires_at BIGINT NOT NULL,
    org_id BIGINT NOT NULL REFERENCES buyer_orgs (id),
    flavour TEXT NOT NULL CHECK (flavour IN ('cxml', 'oci')),
    operation TEXT NOT NULL CHECK (operation IN ('create', 'edit', 'inspect')),
    buyer_cookie TEXT NOT NULL,
    return_url TEXT NOT NULL,
    target TEXT,
    language TEXT NOT NULL CHECK (language IN ('en', 'de')),
    contact TEXT,
    catalog_id TEXT NOT NULL,
    edit_quote_id BIGINT REFERENCES quotes (id),
    kept_items TEXT NOT NULL DEFAULT '[]',
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX punchout_sessions_org ON punchout_sessions (org_id, created_at);

-- The key that signs `SupplierPartAuxiliaryID`s (HMAC-SHA256), made on first use.
CREATE TABLE procurement_key (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    key TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- Every cXML or OCI document in and out, with its status (secrets replaced by `***`). Out:
-- a durable outbox (confirmations, ship notices) written in the order step's transaction,
-- claimed until `claimed_until`, retried with backoff at `next_attempt`.
CREATE TABLE procurement_documents (
    id INTEGER PRIMARY KEY,
    org_id BIGINT REFERENCES buyer_orgs (id),
    direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    kind TEXT NOT NULL,
    payload_id TEXT NOT NULL,
    body TEXT NOT NULL,
    body_sha256 TEXT NOT NULL,
    answer TEXT,
    status_code BIGINT,
    status_text TEXT NOT NULL,
    order_id BIGINT REFERENCES orders (id),
    url TEXT,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt BIGINT,
    claimed_until BIGINT,
    delivered_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX procurement_documents_created ON procurement_documents (created_at);
CREATE INDEX procurement_documents_org ON procurement_documents (org_id, id);
CREATE INDEX procurement_documents_due ON procurement_documents (direction, delivered_at, next_attempt);

-- Purchase orders by `payloadID`: a retried document (same text) gets the answer it got; a
-- different document with a used `payloadID` is refused. Written in the order's transaction.
CREATE TABLE procurement_payloads (
    org_id BIGINT NOT NULL REFERENCES buyer_orgs (id),
    payload_id TEXT NOT NULL,
    body_sha256 TEXT NOT NULL,
    document_id BIGINT NOT NULL REFERENCES procurement_documents (id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (org_id, payload_id)
);

-- The desk's orders a cXML `OrderRequest` made (one per configured product it ordered): the
-- buyer's order (`orderID`, `orderDate`, the document's `payloadID`) and its line of the
-- configured product, which our confirmations and ship notices name.
CREATE TABLE procurement_orders (
    order_id BIGINT PRIMARY KEY REFERENCES orders (id),
    org_id BIGINT NOT NULL REFERENCES buyer_orgs (id),
    document_id BIGINT NOT NULL REFERENCES procurement_documents (id),
    payload_id TEXT NOT NULL,
    buyer_order_id TEXT NOT NULL,
    buyer_order_date TEXT,
    line_number BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX procurement_orders_buyer ON procurement_orders (org_id, buyer_order_id);
CREATE INDEX procurement_orders_document ON procurement_orders (document_id);

-- The buyer's line numbers of an order's lines, when its `OrderRequest` listed the bill of
-- materials as sub-items (`parentLineNumber`): a ship notice names the lines shipped.
CREATE TABLE procurement_order_lines (
    order_id BIGINT NOT NULL REFERENCES orders (id),
    position BIGINT NOT NULL,
    line_number BIGINT NOT NULL,
    PRIMARY KEY (order_id, position)
);
