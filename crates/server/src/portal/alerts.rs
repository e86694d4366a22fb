//! What buyers are told: their notification choices (e-mail on confirmation, shipment,
//! delivery; all on by default), in-portal alerts, and [`order_step`], which the orders'
//! notify function calls inside each step's transaction: an alert for every buyer of the
//! order's account, and a message to each buyer who chose that kind (a placed order's message
//! goes to the buyer who placed it, whatever their choices).

use configurator_api::orders::{OrderEventKind, OrderStatus};
use configurator_api::portal::{Alert, Alerts, Notifications};
use configurator_engine::locale::Locale;
use sqlx::{Any, Row, Transaction};

use super::session::BuyerInfo;
use crate::error::{ApiError, ApiResult};
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

/// One step of an order's life, as the portal tells the account's buyers.
pub struct Step<'a> {
    /// The order's customer account (no account: nobody to tell).
    pub account: Option<i64>,
    /// The order's number.
    pub order: &'a str,
    /// What happened.
    pub kind: OrderEventKind,
    /// The order's status after it.
    pub status: OrderStatus,
    /// The step's data in words.
    pub detail: &'a str,
    /// The buyer who placed it (for [`OrderEventKind::Placed`]).
    pub placed_by: Option<i64>,
}

/// After an order step, inside its transaction: an alert for every buyer of the account, and
/// a message to each buyer who chose this kind (placed: the buyer who placed it).
pub async fn order_step(
    tx: &mut Transaction<'_, Any>,
    desk: &Desk,
    step: &Step<'_>,
) -> ApiResult<()> {
    let Some(account) = step.account else {
        return Ok(());
    };
    let now = desk.clock.now();
    let buyers = sqlx::query(
        "SELECT id, email, language, notify_confirmed, notify_shipped, notify_delivered, \
         password_hash FROM buyers WHERE account_id = $1 AND disabled_at IS NULL ORDER BY id",
    )
    .bind(account)
    .fetch_all(&mut **tx)
    .await?;
    let link = format!("{}/portal/#/orders/{}", desk.mail.public_url(), step.order);
    let news = super::mail::OrderNews {
        order: step.order,
        kind: step.kind,
        detail: step.detail,
        link: &link,
    };
    for b in &buyers {
        let id: i64 = b.try_get("id")?;
        sqlx::query(
            "INSERT INTO portal_alerts (buyer_id, at, subject, status) VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(now)
        .bind(step.order)
        .bind(step.status.name())
        .execute(&mut **tx)
        .await?;
        let chose = |column: &str| -> ApiResult<bool> { Ok(b.try_get::<i64, _>(column)? != 0) };
        let mail = match step.kind {
            OrderEventKind::Placed => step.placed_by == Some(id),
            OrderEventKind::Confirmed => chose("notify_confirmed")?,
            OrderEventKind::Shipped => chose("notify_shipped")?,
            OrderEventKind::Delivered => chose("notify_delivered")?,
            OrderEventKind::Cancelled => true,
        };
        // Someone invited who never set a password is not a buyer yet: no message.
        let active = b.try_get::<Option<String>, _>("password_hash")?.is_some();
        if mail && active {
            let language: String = b.try_get("language")?;
            let l = Locale::from_tag(&language).unwrap_or_default();
            let email: String = b.try_get("email")?;
            super::mail::order_step(tx, desk, &email, l, &news).await?;
        }
    }
    Ok(())
}
