//! What buyers are told: their notification choices (e-mail on confirmation, shipment,
//! delivery; all on by default), in-portal alerts, and the two pieces `orders::notify` calls
//! inside each step's transaction: [`buyers_to_tell`] (the buyers its one recipients function
//! adds: those who chose that kind; a placed order's message goes to the buyer who placed it,
//! whatever their choices) and [`write_alerts`] (an alert for every buyer of the account).

use configurator_api::orders::{OrderEventKind, OrderStatus};
use configurator_api::portal::{Alert, Alerts, Notifications};
use configurator_engine::locale::Locale;
use sqlx::{Any, Row, Transaction};

use super::session::BuyerInfo;
use crate::error::{ApiError, ApiResult};
use crate::mail::contacts::Recipient;
use crate::orders::notify::Step;
use crate::orders::Order;
use crate::{clock, Desk};

/// The most alerts listed.
const MAX_ALERTS: i64 = 200;

/// The buyer's notification choices.
pub async fn notifications(desk: &Desk, buyer: &BuyerInfo) -> ApiResult<Notifications> {
    let r = sqlx::query(
        "SELECT notify_confirmed, notify_shipped, notify_delivered FROM buyers WHERE id = $1",
    )
    .bind(buyer.id)
    .fetch_one(&desk.db.pool)
    .await?;
    Ok(Notifications {
        confirmed: r.try_get::<i64, _>("notify_confirmed")? != 0,
        shipped: r.try_get::<i64, _>("notify_shipped")? != 0,
        delivered: r.try_get::<i64, _>("notify_delivered")? != 0,
    })
}

/// Sets the buyer's notification choices.
pub async fn set_notifications(
    desk: &Desk,
    buyer: &BuyerInfo,
    n: &Notifications,
) -> ApiResult<Notifications> {
    let _w = desk.db.writing().await;
    sqlx::query(
        "UPDATE buyers SET notify_confirmed = $1, notify_shipped = $2, notify_delivered = $3 \
         WHERE id = $4",
    )
    .bind(i64::from(n.confirmed))
    .bind(i64::from(n.shipped))
    .bind(i64::from(n.delivered))
    .bind(buyer.id)
    .execute(&desk.db.pool)
    .await?;
    drop(_w);
    notifications(desk, buyer).await
}

/// The buyer's alerts, newest first, with how many are unread.
pub async fn list(desk: &Desk, buyer: &BuyerInfo) -> ApiResult<Alerts> {
    let rows = sqlx::query(
        "SELECT id, at, subject, status, read_at FROM portal_alerts WHERE buyer_id = $1 \
         ORDER BY id DESC LIMIT $2",
    )
    .bind(buyer.id)
    .bind(MAX_ALERTS)
    .fetch_all(&desk.db.pool)
    .await?;
    let alerts = rows
        .iter()
        .map(|r| {
            let status: String = r.try_get("status")?;
            Ok(Alert {
                id: r.try_get("id")?,
                at: clock::timestamp(r.try_get("at")?),
                subject: r.try_get("subject")?,
                status: OrderStatus::from_name(&status)
                    .ok_or_else(|| ApiError::Internal(format!("unknown status `{status}`")))?,
                read: r.try_get::<Option<i64>, _>("read_at")?.is_some(),
            })
        })
        .collect::<ApiResult<Vec<_>>>()?;
    let unread: i64 = sqlx::query(
        "SELECT COUNT(*) AS n FROM portal_alerts WHERE buyer_id = $1 AND read_at IS NULL",
    )
    .bind(buyer.id)
    .fetch_one(&desk.db.pool)
    .await?
    .try_get("n")?;
    Ok(Alerts { alerts, unread })
}

/// Marks all the buyer's alerts read.
pub async fn read_all(desk: &Desk, buyer: &BuyerInfo) -> ApiResult<Alerts> {
    let _w = desk.db.writing().await;
    sqlx::query("UPDATE portal_alerts SET read_at = $1 WHERE buyer_id = $2 AND read_at IS NULL")
        .bind(desk.clock.now())
        .bind(buyer.id)
        .execute(&desk.db.pool)
        .await?;
    drop(_w);
    list(desk, buyer).await
}

/// The kind of event a step of an order's life is.
pub fn event(step: &Step) -> OrderEventKind {
    match step {
        Step::Placed => OrderEventKind::Placed,
        Step::Confirmed(_) => OrderEventKind::Confirmed,
        Step::Shipped { .. } => OrderEventKind::Shipped,
        Step::Delivered => OrderEventKind::Delivered,
        Step::Cancelled(_) => OrderEventKind::Cancelled,
    }
}

/// The buyers of order `o`'s account to tell of `step` by mail (for `orders::notify`'s
/// recipients, the one place that decides them): those who chose its kind (confirmed, shipped,
/// delivered), every buyer for a cancellation, and for a placed order the buyer who placed it.
/// Only buyers who set a password and are not disabled.
pub async fn buyers_to_tell(
    tx: &mut Transaction<'_, Any>,
    o: &Order,
    step: &Step,
) -> ApiResult<Vec<Recipient>> {
    let Some(account) = o.account else {
        return Ok(Vec::new());
    };
    let placer: String = sqlx::query("SELECT placer FROM orders WHERE id = $1")
        .bind(o.id)
        .fetch_one(&mut **tx)
        .await?
        .try_get("placer")?;
    let rows = sqlx::query(
        "SELECT id, email, language, notify_confirmed, notify_shipped, notify_delivered \
         FROM buyers WHERE account_id = $1 AND disabled_at IS NULL \
         AND password_hash IS NOT NULL ORDER BY id",
    )
    .bind(account)
    .fetch_all(&mut **tx)
    .await?;
    let mut out = Vec::new();
    for b in &rows {
        let id: i64 = b.try_get("id")?;
        let chose = |column: &str| -> ApiResult<bool> { Ok(b.try_get::<i64, _>(column)? != 0) };
        let tell = match event(step) {
            OrderEventKind::Placed => placer == format!("buyer:{id}"),
            OrderEventKind::Confirmed => chose("notify_confirmed")?,
            OrderEventKind::Shipped => chose("notify_shipped")?,
            OrderEventKind::Delivered => chose("notify_delivered")?,
            OrderEventKind::Cancelled => true,
        };
        if tell {
            let language: String = b.try_get("language")?;
            out.push(Recipient {
                email: b.try_get("email")?,
                locale: Locale::from_tag(&language).unwrap_or_default(),
            });
        }
    }
    Ok(out)
}

/// After a step of order `o` (its status the one after the step), inside the step's
/// transaction: an in-portal alert for every buyer of its account.
pub async fn write_alerts(tx: &mut Transaction<'_, Any>, desk: &Desk, o: &Order) -> ApiResult<()> {
    let Some(account) = o.account else {
        return Ok(());
    };
    sqlx::query(
        "INSERT INTO portal_alerts (buyer_id, at, subject, status) \
         SELECT id, $1, $2, $3 FROM buyers WHERE account_id = $4 AND disabled_at IS NULL",
    )
    .bind(desk.clock.now())
    .bind(&o.number)
    .bind(o.status.name())
    .bind(account)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
