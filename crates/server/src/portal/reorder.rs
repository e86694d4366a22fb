//! Reordering: a past order's configuration (the exact quote revision it was placed from) as
//! a new quote for the buyer's account, revalidated and priced with today's catalog at the
//! account's contract prices (its price book and partner tier, no deal), owned by the original
//! quote's owner and sent to the buyer at once, with what changed. The pricing is the
//! renewal's (`quotes::renew::reprice`), the changes `quotes::diff`'s.

use configurator_api::orders::Reorder;
use sqlx::Row;

use super::session::BuyerInfo;
use crate::auth::{user_from_row, User};
use crate::error::{ApiError, ApiResult};
use crate::quotes::{self, diff, renew, Origin};
use crate::{audit, Desk};

/// The owner of quote `quote_id` as a user (the reorder's new quote is theirs).
async fn owner(desk: &Desk, quote_id: i64) -> ApiResult<User> {
    let r = sqlx::query(
        "SELECT u.id, u.name, u.role, u.team FROM quotes q JOIN users u ON u.id = q.owner_id \
         WHERE q.id = $1",
    )
    .bind(quote_id)
    .fetch_one(&desk.db.pool)
    .await?;
    user_from_row(&r)
}

/// Reorders order `number` of the buyer's account (not found otherwise).
pub async fn reorder(desk: &Desk, buyer: &BuyerInfo, number: &str) -> ApiResult<Reorder> {
    let row = sqlx::query(
        "SELECT o.quote_id, o.quote_revision, q.number FROM orders o \
         JOIN quotes q ON q.id = o.quote_id WHERE o.number = $1 AND o.account_id = $2",
    )
    .bind(number)
    .bind(buyer.account)
    .fetch_optional(&desk.db.pool)
    .await?
    .ok_or_else(|| ApiError::NotFound(format!("no order {number}")))?;
    let quote_number: String = row.try_get("number")?;
    let revision: i64 = row.try_get("quote_revision")?;
    let owner = owner(desk, row.try_get("quote_id")?).await?;
    let (s, _, source) = quotes::body(desk, &owner, &quote_number, Some(revision)).await?;
    let renew::Fresh {
        mut checked,
        measured,
        gone,
    } = renew::reprice(
        desk,
        &quote_number,
        &source,
        Some(buyer.account),
        &owner,
        false,
    )
    .await?;
    let actor = format!("buyer: {}", buyer.email);
    let now = desk.clock.now();
    let _w = desk.db.writing().await;
    let mut tx = desk.db.pool.begin().await?;
    let origin = Origin {
        source: &s,
        revision,
    };
    let (id, new_number) = quotes::insert_new(
        &mut tx,
        desk,
        &owner,
        &actor,
        &mut checked,
        &measured,
        Some(buyer.account),
        Some(origin),
    )
    .await?;
    // No deal: the account's own contract prices, which need no approval; sent to the buyer.
    sqlx::query("UPDATE quotes SET status = 'sent', updated_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        now,
        &actor,
        "portal.reorder",
        Some(id),
        &format!("order {number} as {new_number}, sent to the buyer"),
    )
    .await?;
    tx.commit().await?;
    drop(_w);
    let q = &checked.quote;
    Ok(Reorder {
        quote: new_number,
        revision: 1,
        source: number.to_owned(),
        source_catalog_version: source.catalog.version.clone(),
        catalog_version: q.catalog.version.clone(),
        changed: diff::typed(&source, q),
        no_longer_offered: gone,
        configuration: q.status.name().to_owned(),
    })
}
