//! `POST /cxml/order`: a buyer's purchase order (cXML `OrderRequest`) placed as orders of the
//! order desk, one per configured product, all of one document in ONE transaction.
//!
//! Each top-level `ItemOut` is matched to its configuration through its
//! `SupplierPartAuxiliaryID` (our signed reference to a quote number and revision), and placed
//! with `orders::place_in` (the quote accepted by the procurement system in the same
//! transaction, as the portal's accept-and-place does): the engine recomputes it (still
//! valid, same prices, not expired, not ordered yet), its price must be the one transferred
//! and its quantity the transferred one (1). Sub-items (`parentLineNumber`) are the bill of
//! materials: their line numbers are kept for ship notices, nothing else is read of them.
//!
//! Any refused line refuses the whole document (nothing written but the log entry), with the
//! cXML status code and a text naming the line and the reason:
//!
//! | code | when |
//! | --- | --- |
//! | 400 | unreadable; a line without or with a changed or forged reference; wrong quantity or price; a configuration no longer valid or expired |
//! | 401 | unknown or disabled organisation, wrong shared secret |
//! | 403 | a quote of another customer account |
//! | 409 | a quote already ordered or changed since the transfer; an update or delete of an order that has gone too far; a used `payloadID` with another document |
//! | 500 | our failure (the buyer's system retries) |
//!
//! `type="update"`: the order as it is now — lines whose configuration is already ordered
//! stay, new ones are placed, the others cancelled; refused once any of its orders is
//! confirmed. `type="delete"`: every order of it cancelled, unless one has shipped.
//!
//! Idempotent by `payloadID` per organisation (`procurement_payloads`, written in the same
//! transaction): the same document again gets the answer it got; another document with a
//! used `payloadID` is refused (409) naming the first.

use configurator_api::orders::{OrderEventKind, OrderStatus, PlaceOrder};
use configurator_engine::money::{Currency, Money};
use sqlx::{Any, AnyConnection, Row, Transaction};

use configurator_api::procurement::Direction;

use super::envelope::{self, Status};
use super::order_request::{self, ItemOut, OrderRequest, OrderType};
use super::reference::{self, Reference};
use super::{log, orgs};
use crate::error::ApiError;
use crate::orders::notify::{notify, Step};
use crate::orders::{self, Placer};
use crate::quotes::links;
use crate::Desk;

/// A refusal: the cXML status code and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// cXML status code.
    pub code: u16,
    /// The text (names the line and the reason).
    pub text: String,
}

impl Refusal {
    fn new(code: u16, text: impl Into<String>) -> Refusal {
        Refusal {
            code,
            text: text.into(),
        }
    }

    /// A refusal of line `line`, from a desk error.
    fn line(line: i64, e: ApiError) -> Refusal {
        let mut r = Refusal::from(e);
        r.text = format!("line {line}: {}", r.text);
        r
    }
}

impl From<ApiError> for Refusal {
    fn from(e: ApiError) -> Refusal {
        let code = match &e {
            ApiError::Conflict(_) => 409,
            ApiError::Forbidden(_) => 403,
            ApiError::NotFound(_)
            | ApiError::BadRequest(_)
            | ApiError::Unprocessable(_)
            | ApiError::Mismatch(_)
            | ApiError::Rejected(..) => 400,
            _ => 500,
        };
        let text = match &e {
            ApiError::Database(_) | ApiError::Internal(_) => {
                eprintln!("configurator-server: cXML order: {e}");
                "internal error: try again".to_owned()
            }
            _ => e.to_string(),
        };
        Refusal { code, text }
    }
}

impl From<sqlx::Error> for Refusal {
    fn from(e: sqlx::Error) -> Refusal {
        Refusal::from(ApiError::from(e))
    }
}

/// A cXML answer holding only `Response/Status`.
fn answer(desk: &Desk, code: u16, text: &str) -> String {
    envelope::status_answer(
        desk.clock.now(),
        &desk.cxml.host(),
        &Status::new(code, text),
    )
}

/// The organisation a document authenticated as.
#[derive(Clone, Debug)]
pub struct Buyer {
    /// Its id.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// Its customer account.
    pub account: i64,
}

/// An order placed for a line: its id, the buyer's line, and the buyer's sub-item line
/// numbers by order line position.
type NewOrder = (i64, i64, Vec<(i64, i64)>);

/// What placing a document did.
#[derive(Debug, Default)]
struct Placed {
    /// The orders placed.
    orders: Vec<NewOrder>,
    /// Orders kept by an update (order id, the buyer's line).
    kept: Vec<(i64, i64)>,
    /// Order numbers, for the log's status text.
    numbers: Vec<String>,
}

/// A placed or kept order's row.
struct Live {
    id: i64,
    number: String,
    status: String,
    quote_id: i64,
}

/// The orders of the buyer's order `order_id` not cancelled.
async fn live(tx: &mut AnyConnection, org: i64, order_id: &str) -> Result<Vec<Live>, Refusal> {
    let rows = sqlx::query(
        "SELECT o.id, o.number, o.status, o.quote_id FROM procurement_orders p \
         JOIN orders o ON o.id = p.order_id \
         WHERE p.org_id = $1 AND p.buyer_order_id = $2 AND o.status <> 'cancelled' \
         ORDER BY o.id",
    )
    .bind(org)
    .bind(order_id)
    .fetch_all(tx)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Live {
                id: r.try_get("id")?,
                number: r.try_get("number")?,
                status: r.try_get("status")?,
                quote_id: r.try_get("quote_id")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()
        .map_err(Refusal::from)
}

/// The quote a line's reference names, checked against the line: (quote id, number,
/// revision, status).
struct Referenced {
    id: i64,
    number: String,
    revision: i64,
    status: String,
}

/// The quote line `item` orders, if its reference, account, quantity and price hold.
async fn referenced(
    tx: &mut AnyConnection,
    desk: &Desk,
    buyer: &Buyer,
    item: &ItemOut,
) -> Result<Referenced, Refusal> {
    let line = item.line_number;
    if item.aux_id.is_empty() {
        return Err(Refusal::new(
            400,
            format!(
                "line {line}: no SupplierPartAuxiliaryID: only configured products transferred \
                 from our PunchOut can be ordered"
            ),
        ));
    }
    let key = reference::key(tx, desk.clock.now()).await?;
    let Ok(Reference {
        quote: number,
        revision,
    }) = reference::verify(&key, &item.aux_id)
    else {
        return Err(Refusal::new(
            400,
            format!(
                "line {line}: the SupplierPartAuxiliaryID is not one we issued (changed or forged)"
            ),
        ));
    };
    let row = sqlx::query(
        "SELECT q.id, q.status, q.revision, q.account_id, r.body, r.body_sha256 FROM quotes q \
         JOIN revisions r ON r.quote_id = q.id AND r.revision = $2 WHERE q.number = $1",
    )
    .bind(&number)
    .bind(revision)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| {
        Refusal::new(
            400,
            format!("line {line}: quote {number} revision {revision} does not exist"),
        )
    })?;
    if row.try_get::<Option<i64>, _>("account_id")? != Some(buyer.account) {
        return Err(Refusal::new(
            403,
            format!(
                "line {line}: quote {number} is not one of {}'s account",
                buyer.name
            ),
        ));
    }
    let current: i64 = row.try_get("revision")?;
    if current != revision {
        return Err(Refusal::new(
            409,
            format!(
                "line {line}: quote {number} changed since it was transferred (revision \
                 {current}, not {revision}): transfer it again"
            ),
        ));
    }
    let quantity = item.quantity.parse::<rust_decimal::Decimal>().ok();
    if quantity != Some(rust_decimal::Decimal::ONE) {
        return Err(Refusal::new(
            400,
            format!(
                "line {line}: quantity {}: a configured product is ordered as configured, \
                 quantity 1; change quantities by editing the configuration",
                order_request::short(&item.quantity)
            ),
        ));
    }
    let stored = crate::quotes::intact(
        &number,
        revision,
        &row.try_get::<String, _>("body")?,
        &row.try_get::<String, _>("body_sha256")?,
    )?;
    // The price the transfer put into the cart: the quote's net over its term.
    let price = stored.totals.contract_value;
    let currency: &Currency = &stored.totals.currency;
    let given = item.unit_price.as_ref().and_then(|m| {
        (m.currency.eq_ignore_ascii_case(currency.code()))
            .then(|| Money::parse(&m.value, currency).ok())
            .flatten()
    });
    if given != Some(price) {
        let shown = item.unit_price.as_ref().map_or("none".to_owned(), |m| {
            format!(
                "{} {}",
                order_request::short(&m.value),
                order_request::short(&m.currency)
            )
        });
        return Err(Refusal::new(
            400,
            format!(
                "line {line}: unit price {shown} is not the price transferred, {} {}",
                price.to_plain_string(currency),
                currency.code()
            ),
        ));
    }
    Ok(Referenced {
        id: row.try_get("id")?,
        number,
        revision,
        status: row.try_get("status")?,
    })
}

/// The idempotency key of line `line` of document `payload` (the `payloadID` hashed: any
/// text fits).
fn key(payload: &str, line: i64) -> String {
    format!("cxml:{}:{line}", &crate::auth::token_hash(payload)[..32])
}

/// Accepts (if still sent) and places the quote of line `item`; the order's id.
async fn place_line(
    tx: &mut Transaction<'static, Any>,
    desk: &Desk,
    buyer: &Buyer,
    req: &OrderRequest,
    item: &ItemOut,
    q: &Referenced,
) -> Result<(i64, String), Refusal> {
    let line = item.line_number;
    if q.status == "sent" {
        let via = format!(" (cXML OrderRequest {} of {})", req.payload_id, buyer.name);
        let decision = links::Decision {
            quote_id: q.id,
            number: &q.number,
            revision: q.revision,
            name: &buyer.name,
            accept: true,
            via: &via,
        };
        links::record_decision(tx, desk, &decision)
            .await
            .map_err(|e| Refusal::line(line, e))?;
    }
    let place = PlaceOrder {
        quote: q.number.clone(),
        revision: q.revision,
        purchase_order: req.order_id.clone(),
        bill_to: req.bill_to.clone(),
        ship_to: req.ship_to.clone(),
        requested_date: None,
        idempotency_key: key(&req.payload_id, line),
    };
    let placer = Placer::Procurement {
        org: buyer.id,
        name: buyer.name.clone(),
        account: buyer.account,
    };
    let (detail, _replayed) = orders::place_in(tx, desk, &placer, &place)
        .await
        .map_err(|e| Refusal::line(line, e))?;
    let number = detail.summary.number.clone();
    let id: i64 = sqlx::query("SELECT id FROM orders WHERE number = $1")
        .bind(&number)
        .fetch_one(&mut **tx)
        .await?
        .try_get("id")?;
    Ok((id, number))
}

/// The buyer's sub-item lines of line `parent`, by the order line position they stand for
/// (in document order; only when there is one for each order line).
async fn sub_lines(
    tx: &mut AnyConnection,
    req: &OrderRequest,
    parent: i64,
    order: i64,
) -> Result<Vec<(i64, i64)>, Refusal> {
    let children: Vec<i64> = req
        .items
        .iter()
        .filter(|i| i.parent == Some(parent))
        .map(|i| i.line_number)
        .collect();
    let count: i64 = sqlx::query("SELECT COUNT(*) AS n FROM order_lines WHERE order_id = $1")
        .bind(order)
        .fetch_one(tx)
        .await?
        .try_get("n")?;
    if children.is_empty() || children.len() as i64 != count {
        return Ok(Vec::new());
    }
    Ok(children
        .into_iter()
        .enumerate()
        .map(|(k, l)| (k as i64 + 1, l))
        .collect())
}

/// Cancels order `o` (received or confirmed) inside `tx`, with its event and messages.
async fn cancel(
    tx: &mut Transaction<'static, Any>,
    desk: &Desk,
    o: &Live,
    actor: &str,
    reason: &str,
) -> Result<(), Refusal> {
    let now = desk.clock.now();
    let n = sqlx::query(
        "UPDATE orders SET status = 'cancelled', updated_at = $1 WHERE id = $2 AND status = $3",
    )
    .bind(now)
    .bind(o.id)
    .bind(&o.status)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if n != 1 {
        return Err(Refusal::new(
            409,
            format!("order {} changed meanwhile: send it again", o.number),
        ));
    }
    orders::record(
        tx,
        o.id,
        now,
        actor,
        OrderEventKind::Cancelled,
        reason,
        OrderStatus::Cancelled,
    )
    .await?;
    let after = orders::find_in(tx, &o.number)
        .await?
        .ok_or_else(|| Refusal::new(500, "internal error: try again"))?;
    notify(tx, desk, &after, &Step::Cancelled(reason.to_owned())).await?;
    Ok(())
}

/// Places a `new` document's lines.
async fn new_order(
    tx: &mut Transaction<'static, Any>,
    desk: &Desk,
    buyer: &Buyer,
    req: &OrderRequest,
) -> Result<Placed, Refusal> {
    if !live(tx, buyer.id, &req.order_id).await?.is_empty() {
        return Err(Refusal::new(
            409,
            format!(
                "order {} was received before: change it with type=\"update\"",
                req.order_id
            ),
        ));
    }
    let mut placed = Placed::default();
    let tops: Vec<&ItemOut> = req.items.iter().filter(|i| i.parent.is_none()).collect();
    if tops.is_empty() {
        return Err(Refusal::new(400, "the order has no lines"));
    }
    for item in tops {
        let q = referenced(tx, desk, buyer, item).await?;
        let (id, number) = place_line(tx, desk, buyer, req, item, &q).await?;
        let subs = sub_lines(tx, req, item.line_number, id).await?;
        placed.orders.push((id, item.line_number, subs));
        placed.numbers.push(number);
    }
    Ok(placed)
}

/// Applies an `update`: lines already ordered stay, new ones are placed, the others' orders
/// cancelled; refused once any order of it went past received.
async fn update_order(
    tx: &mut Transaction<'static, Any>,
    desk: &Desk,
    buyer: &Buyer,
    req: &OrderRequest,
) -> Result<Placed, Refusal> {
    let before = live(tx, buyer.id, &req.order_id).await?;
    if before.is_empty() {
        return Err(Refusal::new(
            409,
            format!("there is no order {} to update", req.order_id),
        ));
    }
    if let Some(o) = before.iter().find(|o| o.status != "received") {
        return Err(Refusal::new(
            409,
            format!(
                "order {} is {}: it can no longer be changed",
                o.number, o.status
            ),
        ));
    }
    let mut placed = Placed::default();
    let mut kept_quotes = Vec::new();
    for item in req.items.iter().filter(|i| i.parent.is_none()) {
        let q = referenced(tx, desk, buyer, item).await?;
        if let Some(o) = before.iter().find(|o| o.quote_id == q.id) {
            placed.kept.push((o.id, item.line_number));
            placed.numbers.push(o.number.clone());
            kept_quotes.push(q.id);
            continue;
        }
        let (id, number) = place_line(tx, desk, buyer, req, item, &q).await?;
        let subs = sub_lines(tx, req, item.line_number, id).await?;
        placed.orders.push((id, item.line_number, subs));
        placed.numbers.push(number);
    }
    let reason = format!("removed by the buyer's change order {}", req.payload_id);
    for o in before.iter().filter(|o| !kept_quotes.contains(&o.quote_id)) {
        cancel(tx, desk, o, &buyer.name, &reason).await?;
    }
    Ok(placed)
}

/// Applies a `delete`: every order of it cancelled, unless one has shipped.
async fn delete_order(
    tx: &mut Transaction<'static, Any>,
    desk: &Desk,
    buyer: &Buyer,
    req: &OrderRequest,
) -> Result<Placed, Refusal> {
    let before = live(tx, buyer.id, &req.order_id).await?;
    if before.is_empty() {
        return Err(Refusal::new(
            409,
            format!("there is no order {} to delete", req.order_id),
        ));
    }
    if let Some(o) = before
        .iter()
        .find(|o| !matches!(o.status.as_str(), "received" | "confirmed"))
    {
        return Err(Refusal::new(
            409,
            format!(
                "order {} is {}: it can no longer be cancelled",
                o.number, o.status
            ),
        ));
    }
    let mut placed = Placed::default();
    for o in &before {
        cancel(
            tx,
            desk,
            o,
            &buyer.name,
            "cancelled by the buyer's procurement system",
        )
        .await?;
        placed.numbers.push(o.number.clone());
    }
    Ok(placed)
}

/// Records what a document made: the orders' cXML origin (pointing at log entry `doc`).
async fn remember(
    tx: &mut AnyConnection,
    desk: &Desk,
    buyer: &Buyer,
    req: &OrderRequest,
    doc: i64,
    placed: &Placed,
) -> Result<(), Refusal> {
    let now = desk.clock.now();
    for (order, line, subs) in &placed.orders {
        sqlx::query(
            "INSERT INTO procurement_orders (order_id, org_id, document_id, payload_id, \
             buyer_order_id, buyer_order_date, line_number, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(order)
        .bind(buyer.id)
        .bind(doc)
        .bind(&req.payload_id)
        .bind(&req.order_id)
        .bind(req.order_date.as_deref())
        .bind(line)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        for (position, line_number) in subs {
            sqlx::query(
                "INSERT INTO procurement_order_lines (order_id, position, line_number) \
                 VALUES ($1, $2, $3)",
            )
            .bind(order)
            .bind(position)
            .bind(line_number)
            .execute(&mut *tx)
            .await?;
        }
    }
    for (order, line) in &placed.kept {
        sqlx::query(
            "UPDATE procurement_orders SET document_id = $1, payload_id = $2, \
             buyer_order_date = $3, line_number = $4 WHERE order_id = $5",
        )
        .bind(doc)
        .bind(&req.payload_id)
        .bind(req.order_date.as_deref())
        .bind(line)
        .bind(order)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// The stored answer of document `payload` of `org`: `Ok(Some(answer))` for the same text
/// again, a refusal naming the first for another text.
async fn replayed(
    conn: &mut AnyConnection,
    org: i64,
    payload: &str,
    sha: &str,
) -> Result<Option<String>, Refusal> {
    let row = sqlx::query(
        "SELECT p.body_sha256, p.document_id, d.answer FROM procurement_payloads p \
         JOIN procurement_documents d ON d.id = p.document_id \
         WHERE p.org_id = $1 AND p.payload_id = $2",
    )
    .bind(org)
    .bind(payload)
    .fetch_optional(conn)
    .await?;
    let Some(r) = row else { return Ok(None) };
    if r.try_get::<String, _>("body_sha256")? != sha {
        let first: i64 = r.try_get("document_id")?;
        return Err(Refusal::new(
            409,
            format!(
                "payloadID {} was used for another document (log entry {first}): a new \
                 document needs a new payloadID",
                order_request::short(payload)
            ),
        ));
    }
    Ok(Some(
        r.try_get::<Option<String>, _>("answer")?
            .unwrap_or_default(),
    ))
}

/// Places document `req` in one transaction. The answer (cXML text) and the log entry's id.
async fn apply(
    desk: &Desk,
    buyer: &Buyer,
    req: &OrderRequest,
    body: &str,
    sha: &str,
) -> Result<(String, i64), Refusal> {
    let w = desk.db.writing().await;
    let mut tx = desk.db.pool.begin().await?;
    if let Some(answer) = replayed(&mut tx, buyer.id, &req.payload_id, sha).await? {
        return Ok((answer, 0));
    }
    let placed = match req.kind {
        OrderType::New => new_order(&mut tx, desk, buyer, req).await?,
        OrderType::Update => update_order(&mut tx, desk, buyer, req).await?,
        OrderType::Delete => delete_order(&mut tx, desk, buyer, req).await?,
    };
    let text = format!("OK: {} ({})", placed.numbers.join(", "), req.kind.name());
    let answer = answer(desk, 200, "OK");
    let now = desk.clock.now();
    let entry = log::Entry {
        org: Some(buyer.id),
        direction: Direction::In,
        kind: "OrderRequest",
        payload_id: &req.payload_id,
        body,
        answer: Some(&answer),
        status_code: Some(200),
        status_text: &text,
        order_id: placed.orders.first().map(|o| o.0),
        url: None,
        delivered_at: None,
    };
    let doc = log::write(&mut tx, now, &entry).await?;
    remember(&mut tx, desk, buyer, req, doc, &placed).await?;
    let fresh = sqlx::query(
        "INSERT INTO procurement_payloads (org_id, payload_id, body_sha256, document_id, \
         created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
    )
    .bind(buyer.id)
    .bind(&req.payload_id)
    .bind(sha)
    .bind(doc)
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if fresh != 1 {
        // The same document, placed meanwhile by a concurrent retry: its answer.
        tx.rollback().await?;
        let mut conn = desk.db.pool.acquire().await?;
        let again = replayed(&mut conn, buyer.id, &req.payload_id, sha).await?;
        return Ok((again.unwrap_or(answer), 0));
    }
    tx.commit().await?;
    drop(w);
    desk.mail.wake();
    Ok((answer, doc))
}

/// Answers one posted document: the cXML answer and the HTTP status to send it with (always
/// 200, the outcome in `Status@code`, as `envelope.rs` says; a cXML 500 is retried by the
/// buyer's system).
pub async fn receive(desk: &Desk, body: &str) -> (u16, String) {
    // The secret never counts: a document is the same one whatever secret it carries.
    let sha = crate::auth::token_hash(&log::redact(body));
    // A refusal comes with the organisation (for the log only) and the payloadID, if known.
    let outcome = async {
        let req =
            order_request::read(body).map_err(|e| (None, String::new(), Refusal::new(400, e.0)))?;
        let payload = req.payload_id.clone();
        let buyer = orgs::authenticate(desk, &req.from, &req.sender)
            .await
            .map(|o| Buyer {
                id: o.id,
                name: o.name,
                account: o.account,
            })
            .map_err(|r| {
                let st = r.status;
                (r.org, payload.clone(), Refusal::new(st.code, st.text))
            })?;
        let mut round = 0;
        loop {
            round += 1;
            match apply(desk, &buyer, &req, body, &sha).await {
                // A concurrent copy of the document won: the second round answers as it did.
                Err(r)
                    if r.code == 409
                        && round == 1
                        && (r.text.contains("meanwhile") || r.text.contains("changed while")) =>
                {
                    continue
                }
                Err(r) => return Err((Some(buyer.id), payload, r)),
                Ok(done) => return Ok(done),
            }
        }
    }
    .await;
    match outcome {
        Ok((answer, _)) => (200, answer),
        Err((org, payload, refusal)) => {
            let answer = answer(desk, refusal.code, &refusal.text);
            let entry = log::Entry {
                org,
                direction: Direction::In,
                kind: "OrderRequest",
                payload_id: &payload,
                body,
                answer: Some(&answer),
                status_code: Some(refusal.code),
                status_text: &refusal.text,
                order_id: None,
                url: None,
                delivered_at: None,
            };
            if let Err(e) = log::write_alone(desk, &entry).await {
                eprintln!("configurator-server: cXML log: {e}");
            }
            (200, answer)
        }
    }
}

/// The routes of purchase orders: `POST /cxml/order` (bodies up to [`crate::BODY_LIMIT`]).
pub fn router() -> axum::Router<std::sync::Arc<Desk>> {
    axum::Router::new()
        .route("/cxml/order", axum::routing::post(post_order))
        .layer(axum::extract::DefaultBodyLimit::max(crate::BODY_LIMIT))
}

/// `POST /cxml/order`: a cXML `OrderRequest`; the answer is a cXML `Response` (`text/xml`).
async fn post_order(
    axum::extract::State(desk): axum::extract::State<std::sync::Arc<Desk>>,
    body: axum::body::Bytes,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let (status, answer) = match std::str::from_utf8(&body) {
        Ok(text) => receive(&desk, text).await,
        Err(_) => {
            let text = "the document is not UTF-8";
            (200, answer(&desk, 400, text))
        }
    };
    (
        axum::http::StatusCode::from_u16(status).unwrap_or(axum::http::StatusCode::OK),
        [(axum::http::header::CONTENT_TYPE, "text/xml; charset=UTF-8")],
        answer,
    )
        .into_response()
}
