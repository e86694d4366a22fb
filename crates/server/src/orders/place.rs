//! Placing an order: an accepted quote's exact revision, recomputed by the engine as every
//! stored quote is (`quotes::check`), written with its lines, its first event, its audit entry
//! and its messages in one transaction.
//!
//! Refused, with nothing written: a quote that is not accepted, another revision than the
//! accepted one, a quote past its `valid_until`, a revision the engine no longer gives the
//! same prices for, a configuration that is no longer complete and valid, a quote already
//! ordered, a requested date before the estimated ship date. Idempotent: the placer's
//! idempotency key is UNIQUE with the placer, so retries of one request (even concurrent ones)
//! make one order and are answered with it (`replayed`); the same key with another request is
//! a conflict.

use configurator_api::orders::{OrderDetail, OrderEventKind, OrderStatus, PlaceOrder};
use configurator_engine::quote::{Quote, QuoteStatus};
use sqlx::{Any, AnyConnection, Row, Transaction};

use super::{detail, field, find_in, lead, record, Order};
use crate::auth::{Role, User};
use crate::error::{ApiError, ApiResult};
use crate::quotes::{self, check, Status};
use crate::{audit, clock, Desk};

/// The longest address the desk keeps (as accounts do).
const MAX_ADDRESS: usize = 1000;

/// Who places an order.
#[derive(Clone, Debug)]
pub enum Placer {
    /// A desk user (a rep, for a customer who accepted through a link): they must be able to
    /// see the quote; the order desk never places.
    Staff(User),
    /// A buyer signed in to the portal: only their account's quotes.
    Buyer {
        /// The buyer's id.
        id: i64,
        /// Their e-mail address (the events' actor).
        email: String,
        /// Their name.
        name: String,
        /// Their customer account.
        account: i64,
    },
    /// A buyer organisation's procurement system (a cXML `OrderRequest`): only its account's
    /// quotes.
    Procurement {
        /// The organisation's id.
        org: i64,
        /// Its name (the events' actor).
        name: String,
        /// Its customer account.
        account: i64,
    },
}

impl Placer {
    /// Who the idempotency key belongs to (`user:ID`, `buyer:ID`, `procurement:ID`).
    fn key(&self) -> String {
        match self {
            Placer::Staff(u) => format!("user:{}", u.id),
            Placer::Buyer { id, .. } => format!("buyer:{id}"),
            Placer::Procurement { org, .. } => format!("procurement:{org}"),
        }
    }

    /// The name events and the audit log show.
    pub fn actor(&self) -> &str {
        match self {
            Placer::Staff(u) => &u.name,
            Placer::Buyer { email, .. } => email,
            Placer::Procurement { name, .. } => name,
        }
    }

    /// The desk user, if it is one.
    pub fn user(&self) -> Option<&User> {
        match self {
            Placer::Staff(u) => Some(u),
            Placer::Buyer { .. } | Placer::Procurement { .. } => None,
        }
    }
}

/// Places the order `req` asks for in its own transaction (see [`place_in`]); the order and
/// whether it was placed before with the same key (then nothing is written).
pub async fn place(desk: &Desk, by: &Placer, req: &PlaceOrder) -> ApiResult<(OrderDetail, bool)> {
    let w = desk.db.writing().await;
    let mut tx = desk.db.pool.begin().await?;
    let (order, replayed) = place_in(&mut tx, desk, by, req).await?;
    if replayed {
        tx.rollback().await?;
    } else {
        tx.commit().await?;
        desk.mail.wake();
    }
    drop(w);
    Ok((order, replayed))
}

/// Places the order `req` asks for inside `tx` (the caller holds `desk.db.writing()` and
/// commits; the portal accepts the quote in the same transaction first). The order, and
/// `true` when it is a retry's: an order was placed before by `by` with the same key and the
/// same request; then this call wrote nothing the caller needs (the caller should roll back,
/// which also gives back the number this call took). Refusals are typed [`ApiError`]s and
/// leave `tx` for the caller to roll back.
///
/// The estimated ship date is the placing day (the desk's clock, UTC) plus the longest lead
/// time of the lines, in calendar days ([`lead::ship_date`]).
pub async fn place_in(
    tx: &mut Transaction<'_, Any>,
    desk: &Desk,
    by: &Placer,
    req: &PlaceOrder,
) -> ApiResult<(OrderDetail, bool)> {
    let clean = validate(req)?;
    if by.user().is_some_and(|u| u.role == Role::OrderDesk) {
        return Err(ApiError::Forbidden(
            "the order desk fulfils orders; the rep or the customer places them".into(),
        ));
    }
    let now = desk.clock.now();
    // Taken first: in PostgreSQL the counter's row lock queues concurrent placings, so a retry
    // sees the order its first try committed.
    let number = next_number(tx, clock::civil(now).0).await?;
    let placer = by.key();
    let sha = request_sha(req)?;
    if let Some(found) = replay(tx, by, &placer, req, &sha).await? {
        return Ok((found, true));
    }
    let q = quote(tx, by, req).await?;
    let (checked, body) = recompute(tx, desk, &q, req).await?;
    let catalog = checked.catalog.engine.catalog();
    let longest = checked
        .quote
        .lines
        .iter()
        .map(|l| lead::days(catalog, l))
        .max()
        .unwrap_or(0);
    let estimated = lead::ship_date(now, longest);
    if let Some(d) = &clean.requested_date {
        if d.as_str() < estimated.as_str() {
            return Err(ApiError::Unprocessable(format!(
                "the requested date {d} is before the estimated ship date {estimated}"
            )));
        }
    }
    let (bill_to, ship_to) = addresses(tx, q.account, &clean).await?;
    let qt = &checked.quote;
    let inserted = sqlx::query(
        "INSERT INTO orders (number, quote_id, quote_revision, catalog_id, catalog_version, \
         catalog_hash, account_id, customer, purchase_order, bill_to, ship_to, term_months, \
         requested_date, estimated_ship_date, status, currency, total, total_milli, placed_by, \
         placer, idempotency_key, request_sha256, body, body_sha256, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'received', $15, \
         $16, $17, $18, $19, $20, $21, $22, $23, $24, $24) \
         ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(&number)
    .bind(q.id)
    .bind(q.revision)
    .bind(&qt.catalog.id)
    .bind(&qt.catalog.version)
    .bind(&qt.catalog.hash)
    .bind(q.account)
    .bind(&qt.meta.customer)
    .bind(&clean.purchase_order)
    .bind(&bill_to)
    .bind(&ship_to)
    .bind(qt.context.term_months.map(i64::from))
    .bind(clean.requested_date.clone())
    .bind(&estimated)
    .bind(qt.totals.currency.code())
    .bind(
        qt.totals
            .contract_value
            .to_plain_string(&qt.totals.currency),
    )
    .bind(checked.total_milli)
    .bind(by.actor())
    .bind(&placer)
    .bind(&req.idempotency_key)
    .bind(&sha)
    .bind(&body)
    .bind(crate::auth::token_hash(&body))
    .bind(now)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(row) = inserted else {
        // Another request made it meanwhile (only where nothing queued them, as two SQLite
        // processes): the same key is a retry, anything else a conflict.
        if let Some(found) = replay(tx, by, &placer, req, &sha).await? {
            return Ok((found, true));
        }
        return Err(already_ordered(tx, &q).await?.unwrap_or_else(|| {
            ApiError::Conflict(format!("quote {} was ordered meanwhile", q.number))
        }));
    };
    let id: i64 = row.try_get("id")?;
    write_lines(tx, id, qt, catalog).await?;
    let what = format!(
        "purchase order {}, quote {} revision {}",
        clean.purchase_order, q.number, q.revision
    );
    record(
        tx,
        id,
        now,
        by.actor(),
        OrderEventKind::Placed,
        &what,
        OrderStatus::Received,
    )
    .await?;
    let as_order = format!("as {number}");
    audit::record(tx, now, by.actor(), "order.place", Some(q.id), &as_order).await?;
    let o = super::by_id(tx, id).await?;
    super::notify::notify(tx, desk, &o, &super::notify::Step::Placed).await?;
    let actions = super::actions(by.user(), o.status);
    Ok((detail(tx, &o, actions).await?, false))
}

/// The order's lines: the recomputed quote's, numbered 1, 2, … with their lead times. A
/// line's unit net is its net divided by its quantity, rounded to the currency's minor unit
/// (for reading: the line's net, exact, is what the total sums).
async fn write_lines(
    tx: &mut AnyConnection,
    id: i64,
    qt: &Quote,
    catalog: &configurator_engine::Catalog,
) -> ApiResult<()> {
    for (k, line) in qt.lines.iter().enumerate() {
        let unit = line
            .net
            .times_ratio(1, line.quantity.max(1), &qt.totals.currency);
        sqlx::query(
            "INSERT INTO order_lines (order_id, position, item, sku, name, quantity, unit_net, \
             net, lead_days, shipped) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0)",
        )
        .bind(id)
        .bind(k as i64 + 1)
        .bind(&line.item)
        .bind(&line.sku)
        .bind(&line.name)
        .bind(i64::from(line.quantity))
        .bind(unit.to_plain_string(&qt.totals.currency))
        .bind(line.net.to_plain_string(&qt.totals.currency))
        .bind(i64::from(lead::days(catalog, line)))
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// A request's fields, checked.
struct Clean {
    purchase_order: String,
    bill_to: String,
    ship_to: String,
    requested_date: Option<String>,
}

fn validate(req: &PlaceOrder) -> ApiResult<Clean> {
    let key = &req.idempotency_key;
    if !(8..=128).contains(&key.len()) || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ApiError::Unprocessable(
            "`idempotency_key` must be 8 to 128 visible ASCII characters".into(),
        ));
    }
    let requested_date = match req.requested_date.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(d) => {
            super::date("requested_date", d)?;
            Some(d.to_owned())
        }
    };
    Ok(Clean {
        purchase_order: field("purchase_order", &req.purchase_order, 64, false, true)?,
        bill_to: field("bill_to", &req.bill_to, MAX_ADDRESS, true, false)?,
        ship_to: field("ship_to", &req.ship_to, MAX_ADDRESS, true, false)?,
        requested_date,
    })
}

/// The SHA-256 of a request as the contract writes it (a retry must send the same).
fn request_sha(req: &PlaceOrder) -> ApiResult<String> {
    let text = serde_json::to_string(req).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(crate::auth::token_hash(&text))
}

/// The next order number of `year`, sequential under concurrent placings (the upsert takes
/// the row's lock in PostgreSQL and the database's in SQLite).
async fn next_number(tx: &mut AnyConnection, year: i64) -> ApiResult<String> {
    let n: i64 = sqlx::query(
        "INSERT INTO order_numbers (year, last) VALUES ($1, 1) \
         ON CONFLICT (year) DO UPDATE SET last = order_numbers.last + 1 RETURNING last",
    )
    .bind(year)
    .fetch_one(tx)
    .await?
    .try_get("last")?;
    Ok(format!("O-{year}-{n:06}"))
}

/// The order `placer` placed before with `req`'s key: answered again when the request is the
/// same, refused when it is another.
async fn replay(
    tx: &mut AnyConnection,
    by: &Placer,
    placer: &str,
    req: &PlaceOrder,
    sha: &str,
) -> ApiResult<Option<OrderDetail>> {
    let row = sqlx::query(
        "SELECT number, request_sha256 FROM orders WHERE placer = $1 AND idempotency_key = $2",
    )
    .bind(placer)
    .bind(&req.idempotency_key)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let number: String = row.try_get("number")?;
    if row.try_get::<String, _>("request_sha256")? != sha {
        return Err(ApiError::Conflict(format!(
            "this idempotency key was used for another request (order {number}): a new order \
             needs a new key"
        )));
    }
    let o = find_in(tx, &number)
        .await?
        .ok_or_else(|| ApiError::Internal(format!("order {number} vanished")))?;
    let actions = super::actions(by.user(), o.status);
    Ok(Some(detail(tx, &o, actions).await?))
}

/// The quote an order is placed from, as read inside the transaction.
struct Placing {
    id: i64,
    number: String,
    revision: i64,
    account: Option<i64>,
}

/// The quote `req` names, if `by` may order it: accepted, at the revision accepted, not
/// ordered yet.
async fn quote(tx: &mut AnyConnection, by: &Placer, req: &PlaceOrder) -> ApiResult<Placing> {
    let number = &req.quote;
    let not_found = || ApiError::NotFound(format!("no quote {number}"));
    let row = sqlx::query(
        "SELECT id, status, revision, owner_id, team, account_id FROM quotes WHERE number = $1",
    )
    .bind(number)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(not_found)?;
    let owner: i64 = row.try_get("owner_id")?;
    let team: String = row.try_get("team")?;
    let account: Option<i64> = row.try_get("account_id")?;
    let may = match by {
        Placer::Staff(u) => quotes::visible(u, owner, &team),
        Placer::Buyer { account: a, .. } | Placer::Procurement { account: a, .. } => {
            account == Some(*a)
        }
    };
    if !may {
        return Err(not_found());
    }
    let status: String = row.try_get("status")?;
    let q = Placing {
        id: row.try_get("id")?,
        number: number.clone(),
        revision: row.try_get("revision")?,
        account,
    };
    if status != Status::Accepted.name() {
        return Err(ApiError::Conflict(format!(
            "quote {number} is {status}: only an accepted quote can be ordered"
        )));
    }
    if req.revision != q.revision {
        return Err(ApiError::Conflict(format!(
            "revision {} of quote {number} is not the one accepted (revision {}): order the \
             accepted revision",
            req.revision, q.revision
        )));
    }
    if let Some(e) = already_ordered(tx, &q).await? {
        return Err(e);
    }
    Ok(q)
}

/// The refusal of a quote ordered already, if it is.
async fn already_ordered(tx: &mut AnyConnection, q: &Placing) -> ApiResult<Option<ApiError>> {
    let row = sqlx::query("SELECT number FROM orders WHERE quote_id = $1")
        .bind(q.id)
        .fetch_optional(tx)
        .await?;
    Ok(match row {
        Some(r) => Some(ApiError::Conflict(format!(
            "quote {} is already ordered as {}",
            q.number,
            r.try_get::<String, _>("number")?
        ))),
        None => None,
    })
}

/// The accepted revision recomputed by the engine from the exact catalog version it names:
/// refused when past its date, when the engine gives other prices, or when the configuration is
/// not complete and valid. The quote checked and its text as stored with the order.
async fn recompute(
    tx: &mut AnyConnection,
    desk: &Desk,
    q: &Placing,
    req: &PlaceOrder,
) -> ApiResult<(check::Checked, String)> {
    let row = sqlx::query(
        "SELECT body, body_sha256 FROM revisions WHERE quote_id = $1 AND revision = $2",
    )
    .bind(q.id)
    .bind(req.revision)
    .fetch_one(&mut *tx)
    .await?;
    let text: String = row.try_get("body")?;
    let stored: Quote = quotes::intact(
        &q.number,
        req.revision,
        &text,
        &row.try_get::<String, _>("body_sha256")?,
    )?;
    let today = quotes::today(desk);
    if let Some(until) = stored.meta.valid_until.as_deref() {
        if !until.is_empty() && until < today.as_str() {
            return Err(ApiError::Unprocessable(format!(
                "quote {} was valid until {until}, which has passed: it can no longer be \
                 ordered; renew it at today's prices",
                q.number
            )));
        }
    }
    let checked = check::check(desk, &text, &today).await?;
    if checked.quote.status != QuoteStatus::Complete {
        return Err(ApiError::Unprocessable(format!(
            "the configuration of quote {} revision {} is no longer valid ({}): it cannot be \
             ordered; renew it and complete it",
            q.number,
            req.revision,
            checked.quote.status.name()
        )));
    }
    let body = checked.quote.to_json();
    Ok((checked, body))
}

/// The addresses an order ships and bills to: the request's, else the account's (its bill-to
/// address where it gives no ship-to). Without an account the request must give a bill-to.
async fn addresses(
    tx: &mut AnyConnection,
    account: Option<i64>,
    clean: &Clean,
) -> ApiResult<(String, String)> {
    let (mut bill, mut ship) = (clean.bill_to.clone(), clean.ship_to.clone());
    if let Some(a) = account {
        let row = sqlx::query("SELECT bill_to, ship_to FROM accounts WHERE id = $1")
            .bind(a)
            .fetch_one(&mut *tx)
            .await?;
        if bill.is_empty() {
            bill = row.try_get("bill_to")?;
        }
        if ship.is_empty() {
            ship = row.try_get("ship_to")?;
        }
    }
    if bill.is_empty() {
        return Err(ApiError::Unprocessable(
            "`bill_to` is required: the quote names no customer account to take it from".into(),
        ));
    }
    if ship.is_empty() {
        ship = bill.clone();
    }
    Ok((bill, ship))
}

/// The order placed from quote `quote_id`, if any (for the portal's and the desk's quote
/// pages).
pub async fn of_quote(conn: &mut AnyConnection, quote_id: i64) -> ApiResult<Option<Order>> {
    let row = sqlx::query("SELECT number FROM orders WHERE quote_id = $1")
        .bind(quote_id)
        .fetch_optional(&mut *conn)
        .await?;
    match row {
        Some(r) => find_in(conn, &r.try_get::<String, _>("number")?).await,
        None => Ok(None),
    }
}
