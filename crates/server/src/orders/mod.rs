//! Orders: an accepted quote's exact revision placed as an order (`place.rs`), its life to
//! delivery (`life.rs`), lists and exports (`list.rs`), the messages each step sends
//! (`notify.rs`, words in `texts.rs`), lead times (`lead.rs`) and the routes (`routes.rs`).
//!
//! Who reads which order ([`scope`], the one place it is decided): a rep the orders of their
//! own quotes, a manager their team's, a director, an admin and the order desk every order, a
//! buyer (the portal) their account's. An order one may not read is "not found", exactly like
//! an order that does not exist. Only the order desk and admins take an order's steps
//! (`life.rs`); nobody changes its lines or prices once placed.

pub mod lead;
pub mod life;
pub mod list;
pub mod notify;
pub mod place;
pub mod routes;
pub mod texts;

pub use place::{place, place_in, Placer};

use configurator_api::orders::{
    OrderAction, OrderDetail, OrderEvent, OrderEventKind, OrderLine, OrderStatus, OrderSummary,
    Shipment, ShipmentLine,
};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::auth::{Role, User};
use crate::clock;
use crate::error::{ApiError, ApiResult};
use crate::Desk;

/// Whose orders a reader sees.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Every order (directors, admins, the order desk).
    All,
    /// The orders of one team's quotes and the user's own (managers).
    Team {
        /// The user.
        user: i64,
        /// Their team.
        team: String,
    },
    /// The orders of the user's own quotes (reps).
    Own(i64),
    /// The orders of one customer account (its buyers, in the portal).
    Account(i64),
}

impl Scope {
    /// Whether an order of a quote owned by `owner` in `team` for `account` is in the scope.
    pub fn holds(&self, owner: i64, team: &str, account: Option<i64>) -> bool {
        match self {
            Scope::All => true,
            Scope::Team { user, team: t } => owner == *user || team == t,
            Scope::Own(user) => owner == *user,
            Scope::Account(a) => account == Some(*a),
        }
    }

    /// The scope's name and its two values, as the list's `WHERE` binds them.
    fn binds(&self) -> (&'static str, i64, &str) {
        match self {
            Scope::All => ("all", 0, ""),
            Scope::Team { user, team } => ("team", *user, team),
            Scope::Own(user) => ("own", *user, ""),
            Scope::Account(a) => ("account", *a, ""),
        }
    }
}

/// The orders a desk user reads: reps their own quotes', managers their team's, directors,
/// admins and the order desk all.
pub fn scope(user: &User) -> Scope {
    match user.role {
        Role::Rep => Scope::Own(user.id),
        Role::Manager => Scope::Team {
            user: user.id,
            team: user.team.clone(),
        },
        Role::Director | Role::Admin | Role::OrderDesk => Scope::All,
    }
}

/// Whether `user` takes an order's steps (confirm, ship, deliver, cancel): the order desk, and
/// admins (who stand in for it; they already read every order).
pub fn fulfils(user: &User) -> bool {
    matches!(user.role, Role::OrderDesk | Role::Admin)
}

/// An order as read: what lists show, with what only the server knows.
#[derive(Clone, Debug)]
pub struct Order {
    /// What the API shows.
    pub info: OrderSummary,
    /// Database id.
    pub id: i64,
    /// The quote's database id.
    pub quote_id: i64,
    /// The quote owner's user id.
    pub owner_id: i64,
    /// Bill-to address.
    pub bill_to: String,
    /// Ship-to address.
    pub ship_to: String,
    /// The subscription term it was priced with, in months.
    pub term_months: Option<i64>,
}

impl std::ops::Deref for Order {
    type Target = OrderSummary;

    fn deref(&self) -> &OrderSummary {
        &self.info
    }
}

/// The columns of an [`Order`].
const ORDER: &str = "SELECT o.id, o.number, o.status, q.number AS quote, o.quote_revision, \
     o.quote_id, o.account_id, o.customer, o.purchase_order, o.catalog_id, o.catalog_version, \
     o.currency, o.total, u.name AS owner, q.owner_id, q.team, o.requested_date, \
     o.estimated_ship_date, o.confirmed_ship_date, o.created_at, o.updated_at, o.bill_to, \
     o.ship_to, o.term_months \
     FROM orders o JOIN quotes q ON q.id = o.quote_id JOIN users u ON u.id = q.owner_id";

/// A status as stored.
fn status(name: &str) -> ApiResult<OrderStatus> {
    OrderStatus::from_name(name)
        .ok_or_else(|| ApiError::Internal(format!("unknown order status `{name}`")))
}

fn order(r: &AnyRow) -> ApiResult<Order> {
    let s: String = r.try_get("status")?;
    Ok(Order {
        id: r.try_get("id")?,
        quote_id: r.try_get("quote_id")?,
        owner_id: r.try_get("owner_id")?,
        bill_to: r.try_get("bill_to")?,
        ship_to: r.try_get("ship_to")?,
        term_months: r.try_get("term_months")?,
        info: OrderSummary {
            number: r.try_get("number")?,
            status: status(&s)?,
            quote: r.try_get("quote")?,
            quote_revision: r.try_get("quote_revision")?,
            account: r.try_get("account_id")?,
            customer: r.try_get("customer")?,
            purchase_order: r.try_get("purchase_order")?,
            catalog: r.try_get("catalog_id")?,
            catalog_version: r.try_get("catalog_version")?,
            currency: r.try_get("currency")?,
            total: r.try_get("total")?,
            owner: r.try_get("owner")?,
            team: r.try_get("team")?,
            requested_date: r.try_get("requested_date")?,
            estimated_ship_date: r.try_get("estimated_ship_date")?,
            confirmed_ship_date: r.try_get("confirmed_ship_date")?,
            created_at: clock::timestamp(r.try_get("created_at")?),
            updated_at: clock::timestamp(r.try_get("updated_at")?),
        },
    })
}

/// The order numbered `number`, whoever may read it.
pub async fn find_in(conn: &mut AnyConnection, number: &str) -> ApiResult<Option<Order>> {
    let row = sqlx::query(&format!("{ORDER} WHERE o.number = $1"))
        .bind(number)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(order).transpose()
}

/// The order with database id `id`.
async fn by_id(conn: &mut AnyConnection, id: i64) -> ApiResult<Order> {
    let row = sqlx::query(&format!("{ORDER} WHERE o.id = $1"))
        .bind(id)
        .fetch_one(conn)
        .await?;
    order(&row)
}

/// The order numbered `number` if it is in `scope` (else "not found", like no order).
pub async fn find_scoped(
    conn: &mut AnyConnection,
    scope: &Scope,
    number: &str,
) -> ApiResult<Order> {
    match find_in(conn, number).await? {
        Some(o) if scope.holds(o.owner_id, &o.team, o.account) => Ok(o),
        _ => Err(ApiError::NotFound(format!("no order {number}"))),
    }
}

/// The order numbered `number`, if `user` may read it.
pub async fn find(desk: &Desk, user: &User, number: &str) -> ApiResult<Order> {
    let mut conn = desk.db.pool.acquire().await?;
    find_scoped(&mut conn, &scope(user), number).await
}

/// The steps an order in `status` allows, whoever asks.
pub fn next_steps(status: OrderStatus) -> &'static [OrderAction] {
    match status {
        OrderStatus::Received => &[OrderAction::Confirm, OrderAction::Cancel],
        OrderStatus::Confirmed => &[OrderAction::Ship, OrderAction::Cancel],
        OrderStatus::PartlyShipped => &[OrderAction::Ship],
        OrderStatus::Shipped => &[OrderAction::Deliver],
        OrderStatus::Delivered | OrderStatus::Cancelled => &[],
    }
}

/// What `user` may do to an order in `status` now (nothing unless they fulfil orders).
pub fn actions(user: Option<&User>, status: OrderStatus) -> Vec<OrderAction> {
    match user {
        Some(u) if fulfils(u) => next_steps(status).to_vec(),
        _ => Vec::new(),
    }
}

/// The terms an order was priced with, in words (`24 months`; empty when none).
pub fn terms(term_months: Option<i64>) -> String {
    term_months
        .map(|m| format!("{m} months"))
        .unwrap_or_default()
}

/// An order's whole page: lines, shipments, events, and the actions given.
pub async fn detail(
    conn: &mut AnyConnection,
    o: &Order,
    actions: Vec<OrderAction>,
) -> ApiResult<OrderDetail> {
    let lines = sqlx::query(
        "SELECT position, item, sku, name, quantity, unit_net, net, lead_days, shipped \
         FROM order_lines WHERE order_id = $1 ORDER BY position",
    )
    .bind(o.id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok(OrderLine {
            line: r.try_get("position")?,
            item: r.try_get("item")?,
            sku: r.try_get("sku")?,
            name: r.try_get("name")?,
            quantity: r.try_get("quantity")?,
            unit_net: r.try_get("unit_net")?,
            net: r.try_get("net")?,
            lead_days: r.try_get("lead_days")?,
            shipped: r.try_get("shipped")?,
        })
    })
    .collect::<ApiResult<Vec<_>>>()?;
    let shipments = shipments(conn, o.id).await?;
    let events = sqlx::query(
        "SELECT at, actor, kind, detail, status FROM order_events WHERE order_id = $1 \
         ORDER BY id",
    )
    .bind(o.id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        let kind: String = r.try_get("kind")?;
        let s: String = r.try_get("status")?;
        Ok(OrderEvent {
            at: clock::timestamp(r.try_get("at")?),
            actor: r.try_get("actor")?,
            kind: event_kind(&kind)?,
            detail: r.try_get("detail")?,
            status: status(&s)?,
        })
    })
    .collect::<ApiResult<Vec<_>>>()?;
    Ok(OrderDetail {
        summary: o.info.clone(),
        bill_to: o.bill_to.clone(),
        ship_to: o.ship_to.clone(),
        terms: terms(o.term_months),
        term_months: o.term_months,
        lines,
        shipments,
        events,
        actions,
    })
}

/// An order's shipments, first first, each with its lines.
async fn shipments(conn: &mut AnyConnection, order: i64) -> ApiResult<Vec<Shipment>> {
    let rows = sqlx::query(
        "SELECT s.number, s.carrier, s.tracking, s.at, s.delivered_at, l.position, l.quantity \
         FROM shipments s JOIN shipment_lines l ON l.shipment_id = s.id \
         WHERE s.order_id = $1 ORDER BY s.number, l.position",
    )
    .bind(order)
    .fetch_all(conn)
    .await?;
    let mut out: Vec<Shipment> = Vec::new();
    for r in &rows {
        let number: i64 = r.try_get("number")?;
        let line = ShipmentLine {
            line: r.try_get("position")?,
            quantity: r.try_get("quantity")?,
        };
        match out.last_mut() {
            Some(s) if s.number == number => s.lines.push(line),
            _ => out.push(Shipment {
                number,
                lines: vec![line],
                carrier: r.try_get("carrier")?,
                tracking: r.try_get("tracking")?,
                at: clock::timestamp(r.try_get("at")?),
                delivered_at: r
                    .try_get::<Option<i64>, _>("delivered_at")?
                    .map(clock::timestamp),
            }),
        }
    }
    Ok(out)
}

fn event_kind(name: &str) -> ApiResult<OrderEventKind> {
    Ok(match name {
        "placed" => OrderEventKind::Placed,
        "confirmed" => OrderEventKind::Confirmed,
        "shipped" => OrderEventKind::Shipped,
        "delivered" => OrderEventKind::Delivered,
        "cancelled" => OrderEventKind::Cancelled,
        other => return Err(ApiError::Internal(format!("unknown order event `{other}`"))),
    })
}

/// An event's kind as stored.
pub fn event_name(kind: OrderEventKind) -> &'static str {
    match kind {
        OrderEventKind::Placed => "placed",
        OrderEventKind::Confirmed => "confirmed",
        OrderEventKind::Shipped => "shipped",
        OrderEventKind::Delivered => "delivered",
        OrderEventKind::Cancelled => "cancelled",
    }
}

/// Appends an event to order `order` (the only write the events table takes: its triggers
/// refuse UPDATE and DELETE).
pub async fn record(
    conn: &mut AnyConnection,
    order: i64,
    at: i64,
    actor: &str,
    kind: OrderEventKind,
    detail: &str,
    after: OrderStatus,
) -> ApiResult<()> {
    sqlx::query(
        "INSERT INTO order_events (order_id, at, actor, kind, detail, status) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(order)
    .bind(at)
    .bind(actor)
    .bind(event_name(kind))
    .bind(detail)
    .bind(after.name())
    .execute(conn)
    .await?;
    Ok(())
}

/// Text a person typed into one field: trimmed, at most `max` characters, no control
/// characters (line breaks allowed when `lines`), and not empty when `required`.
pub fn field(name: &str, text: &str, max: usize, lines: bool, required: bool) -> ApiResult<String> {
    let t = text.trim().replace("\r\n", "\n");
    if required && t.is_empty() {
        return Err(ApiError::Unprocessable(format!("`{name}` is required")));
    }
    if t.chars().count() > max {
        return Err(ApiError::Unprocessable(format!(
            "`{name}` has more than {max} characters"
        )));
    }
    if t.chars().any(|c| c.is_control() && !(lines && c == '\n')) {
        return Err(ApiError::Unprocessable(format!(
            "`{name}` holds a control character"
        )));
    }
    Ok(t)
}

/// A `YYYY-MM-DD` date a request gives, checked.
pub fn date(name: &str, text: &str) -> ApiResult<i64> {
    clock::parse_date(text).ok_or_else(|| {
        ApiError::Unprocessable(format!(
            "`{name}` must be a date like 2026-12-31, not `{}`",
            text.chars().take(20).collect::<String>()
        ))
    })
}
