//! An order's life after it is placed:
//!
//! | step | from | to |
//! | --- | --- | --- |
//! | confirm (a ship date, not in the past) | received | confirmed |
//! | ship (some units of some lines, carrier, tracking) | confirmed, partly shipped | partly shipped, or shipped once every unit has |
//! | deliver | shipped | delivered |
//! | cancel (a reason) | received, confirmed | cancelled |
//!
//! Only the order desk and admins take these steps (`super::fulfils`); they change no line or
//! price. Each step is one transaction: the order's row is updated first, on the condition of
//! the status it was decided from (so two concurrent steps cannot both happen, and in
//! PostgreSQL the second waits for the first), then its lines and shipments, its immutable
//! event and its messages. An illegal step is refused (409, with why) and changes nothing.

use configurator_api::orders::{
    Cancellation, Confirmation, NewShipment, OrderAction, OrderDetail, OrderEventKind, OrderStatus,
};
use sqlx::{Any, Row, Transaction};

use super::notify::{notify, Step};
use super::{detail, field, find_scoped, fulfils, record, scope, Order};
use crate::auth::User;
use crate::error::{ApiError, ApiResult};
use crate::{clock, Desk};

/// The most lines one shipment may list.
const MAX_SHIPMENT_LINES: usize = 5000;

/// Confirms a received order with its ship date.
pub async fn confirm(
    desk: &Desk,
    user: &User,
    number: &str,
    c: &Confirmation,
) -> ApiResult<OrderDetail> {
    let day = super::date("ship_date", c.ship_date.trim())?;
    let today = clock::parse_date(&clock::date(desk.clock.now())).unwrap_or_default();
    if day < today {
        return Err(ApiError::Unprocessable(format!(
            "the ship date {} is in the past",
            c.ship_date.trim()
        )));
    }
    let date = clock::date(day);
    step(desk, user, number, OrderAction::Confirm, |tx, o, now| {
        Box::pin(async move {
            sqlx::query("UPDATE orders SET confirmed_ship_date = $1 WHERE id = $2")
                .bind(&date)
                .bind(o.id)
                .execute(&mut **tx)
                .await?;
            Ok(Done {
                to: OrderStatus::Confirmed,
                kind: OrderEventKind::Confirmed,
                detail: format!("ship date {date}"),
                step: Step::Confirmed(date.clone()),
                at: now,
            })
        })
    })
    .await
}

/// Ships some units of some lines of a confirmed (or partly shipped) order.
pub async fn ship(
    desk: &Desk,
    user: &User,
    number: &str,
    s: &NewShipment,
) -> ApiResult<OrderDetail> {
    let carrier = field("carrier", &s.carrier, 100, false, true)?;
    let tracking = field("tracking", &s.tracking, 100, false, true)?;
    if s.lines.is_empty() || s.lines.len() > MAX_SHIPMENT_LINES {
        return Err(ApiError::Unprocessable(
            "a shipment ships at least one unit of one line".into(),
        ));
    }
    let mut seen = std::collections::BTreeSet::new();
    for l in &s.lines {
        if l.quantity < 1 {
            return Err(ApiError::Unprocessable(format!(
                "line {}: a shipment ships at least one unit of each line it lists",
                l.line
            )));
        }
        if !seen.insert(l.line) {
            return Err(ApiError::Unprocessable(format!(
                "line {} is listed twice in one shipment",
                l.line
            )));
        }
    }
    let lines = s.lines.clone();
    step(desk, user, number, OrderAction::Ship, |tx, o, now| {
        Box::pin(async move {
            let mut what = Vec::new();
            for l in &lines {
                what.push(ship_line(tx, o, l.line, l.quantity).await?);
            }
            let left: i64 = sqlx::query(
                "SELECT CAST(COALESCE(SUM(quantity - shipped), 0) AS BIGINT) AS left_units \
                 FROM order_lines \
                 WHERE order_id = $1",
            )
            .bind(o.id)
            .fetch_one(&mut **tx)
            .await?
            .try_get("left_units")?;
            let shipment: i64 = sqlx::query(
                "INSERT INTO shipments (order_id, number, carrier, tracking, at) \
                 SELECT $1, COALESCE(MAX(number), 0) + 1, $2, $3, $4 FROM shipments \
                 WHERE order_id = $1 RETURNING id",
            )
            .bind(o.id)
            .bind(&carrier)
            .bind(&tracking)
            .bind(now)
            .fetch_one(&mut **tx)
            .await?
            .try_get("id")?;
            for l in &lines {
                sqlx::query(
                    "INSERT INTO shipment_lines (shipment_id, position, quantity) \
                     VALUES ($1, $2, $3)",
                )
                .bind(shipment)
                .bind(l.line)
                .bind(l.quantity)
                .execute(&mut **tx)
                .await?;
            }
            let listed: Vec<String> = lines
                .iter()
                .map(|l| format!("line {} × {}", l.line, l.quantity))
                .collect();
            Ok(Done {
                to: if left == 0 {
                    OrderStatus::Shipped
                } else {
                    OrderStatus::PartlyShipped
                },
                kind: OrderEventKind::Shipped,
                detail: format!("{}; {carrier} {tracking}", listed.join(", ")),
                step: Step::Shipped {
                    what,
                    carrier: carrier.clone(),
                    tracking: tracking.clone(),
                    complete: left == 0,
                },
                at: now,
            })
        })
    })
    .await
}

/// Adds `quantity` shipped units to line `line` of `o`: its words for the message
/// (`2 × Name (SKU)`), or why not.
async fn ship_line(
    tx: &mut Transaction<'_, Any>,
    o: &Order,
    line: i64,
    quantity: i64,
) -> ApiResult<String> {
    let row = sqlx::query(
        "SELECT quantity, shipped, sku, name FROM order_lines WHERE order_id = $1 \
         AND position = $2",
    )
    .bind(o.id)
    .bind(line)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or_else(|| ApiError::Unprocessable(format!("order {} has no line {line}", o.number)))?;
    let (ordered, shipped): (i64, i64) = (row.try_get("quantity")?, row.try_get("shipped")?);
    // Compared with what is left (`shipped <= ordered`): `shipped + quantity` can overflow.
    if quantity > ordered - shipped {
        return Err(ApiError::Conflict(format!(
            "line {line} of order {} has {} of {ordered} units left to ship, not {quantity}",
            o.number,
            ordered - shipped
        )));
    }
    let changed = sqlx::query(
        "UPDATE order_lines SET shipped = shipped + $1 WHERE order_id = $2 AND position = $3 \
         AND shipped = $4",
    )
    .bind(quantity)
    .bind(o.id)
    .bind(line)
    .bind(shipped)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if changed != 1 {
        return Err(ApiError::Conflict(format!(
            "order {} changed while this was asked: reload it",
            o.number
        )));
    }
    let sku: String = row.try_get("sku")?;
    let name: String = row.try_get("name")?;
    Ok(format!("{quantity} × {name} ({sku})"))
}

/// Records the delivery of a shipped order.
pub async fn deliver(desk: &Desk, user: &User, number: &str) -> ApiResult<OrderDetail> {
    step(desk, user, number, OrderAction::Deliver, |tx, o, now| {
        Box::pin(async move {
            sqlx::query(
                "UPDATE shipments SET delivered_at = $1 WHERE order_id = $2 \
                 AND delivered_at IS NULL",
            )
            .bind(now)
            .bind(o.id)
            .execute(&mut **tx)
            .await?;
            Ok(Done {
                to: OrderStatus::Delivered,
                kind: OrderEventKind::Delivered,
                detail: String::new(),
                step: Step::Delivered,
                at: now,
            })
        })
    })
    .await
}

/// Cancels an order nothing of which shipped, with the reason.
pub async fn cancel(
    desk: &Desk,
    user: &User,
    number: &str,
    c: &Cancellation,
) -> ApiResult<OrderDetail> {
    let reason = field("reason", &c.reason, 1000, true, true)?;
    step(desk, user, number, OrderAction::Cancel, |_tx, _o, now| {
        Box::pin(async move {
            Ok(Done {
                to: OrderStatus::Cancelled,
                kind: OrderEventKind::Cancelled,
                detail: reason.clone(),
                step: Step::Cancelled(reason.clone()),
                at: now,
            })
        })
    })
    .await
}

/// What a step did: the status after it, its event and its message.
struct Done {
    to: OrderStatus,
    kind: OrderEventKind,
    detail: String,
    step: Step,
    at: i64,
}

/// A step's own writes, after the order's row is taken.
type Writes<'a> = std::pin::Pin<Box<dyn std::future::Future<Output = ApiResult<Done>> + Send + 'a>>;

/// The statuses `action` starts from.
fn starts(action: OrderAction) -> &'static [OrderStatus] {
    match action {
        OrderAction::Confirm => &[OrderStatus::Received],
        OrderAction::Ship => &[OrderStatus::Confirmed, OrderStatus::PartlyShipped],
        OrderAction::Deliver => &[OrderStatus::Shipped],
        OrderAction::Cancel => &[OrderStatus::Received, OrderStatus::Confirmed],
    }
}

/// Why `action` cannot be taken on an order in `status`.
fn illegal(number: &str, action: OrderAction, status: OrderStatus) -> ApiError {
    let from: Vec<&str> = starts(action).iter().map(|s| s.name()).collect();
    ApiError::Conflict(format!(
        "order {number} is {}: only a {} order can be {}",
        status.name(),
        from.join(" or "),
        match action {
            OrderAction::Confirm => "confirmed",
            OrderAction::Ship => "shipped",
            OrderAction::Deliver => "delivered",
            OrderAction::Cancel => "cancelled",
        }
    ))
}

/// Takes `action` on order `number`: who may, from which status, the order's row taken on
/// that condition, then `writes`, the status, the event and the messages, in one transaction.
async fn step<F>(
    desk: &Desk,
    user: &User,
    number: &str,
    action: OrderAction,
    writes: F,
) -> ApiResult<OrderDetail>
where
    F: for<'a> FnOnce(&'a mut Transaction<'static, Any>, &'a Order, i64) -> Writes<'a>,
{
    if !fulfils(user) {
        // Reading the order first: an order one may not read stays "not found".
        super::find(desk, user, number).await?;
        return Err(ApiError::Forbidden(
            "only the order desk confirms, ships, delivers and cancels orders".into(),
        ));
    }
    let now = desk.clock.now();
    let w = desk.db.writing().await;
    let mut tx = desk.db.pool.begin().await?;
    let o = find_scoped(&mut tx, &scope(user), number).await?;
    if !starts(action).contains(&o.status) {
        return Err(illegal(number, action, o.status));
    }
    // The order's row first: the condition holds, and concurrent steps queue behind it.
    let taken = sqlx::query("UPDATE orders SET updated_at = $1 WHERE id = $2 AND status = $3")
        .bind(now)
        .bind(o.id)
        .bind(o.status.name())
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if taken != 1 {
        return Err(ApiError::Conflict(format!(
            "order {number} changed while this was asked: reload it"
        )));
    }
    let done = writes(&mut tx, &o, now).await?;
    sqlx::query("UPDATE orders SET status = $1 WHERE id = $2")
        .bind(done.to.name())
        .bind(o.id)
        .execute(&mut *tx)
        .await?;
    record(
        &mut tx,
        o.id,
        done.at,
        &user.name,
        done.kind,
        &done.detail,
        done.to,
    )
    .await?;
    let after = super::by_id(&mut tx, o.id).await?;
    notify(&mut tx, desk, &after, &done.step).await?;
    // An order from a buyer's procurement system: its cXML notice, in the same transaction.
    let cxml = crate::procurement::notices::on_step(&mut tx, desk, &after, &done.step).await?;
    let answer = detail(&mut tx, &after, super::actions(Some(user), after.status)).await?;
    tx.commit().await?;
    drop(w);
    desk.mail.wake();
    if cxml {
        desk.cxml.wake();
    }
    Ok(answer)
}
