//! New quotes: numbers, revision 1 of a draft, what the desk fills in (the author, the date
//! of validity from the catalog's `quote_validity_days`), and the audit entries of a quote
//! made new or renewed (`renew.rs`).

use configurator_engine::quote::entitlement::Approval;
use configurator_engine::quote::Quote;
use sqlx::Row;

use super::{check, check_and_measure, find, insert_revision, stamp, Measured, Summary};
use crate::auth::User;
use crate::error::ApiResult;
use crate::{audit, clock, Desk};

/// The next number of `year`, sequential under concurrent saves (the upsert takes the row's
/// lock in PostgreSQL and the database's in SQLite).
async fn next_number(tx: &mut sqlx::Transaction<'_, sqlx::Any>, year: i64) -> ApiResult<String> {
    let n: i64 = sqlx::query(
        "INSERT INTO quote_numbers (year, last) VALUES ($1, 1) \
         ON CONFLICT (year) DO UPDATE SET last = quote_numbers.last + 1 RETURNING last",
    )
    .bind(year)
    .fetch_one(&mut **tx)
    .await?
    .try_get("last")?;
    Ok(format!("Q-{year}-{n:06}"))
}

/// Stores a checked quote as a new quote (revision 1, draft).
/// `account` names the customer account it is for (checked: it must exist, and the quote must
/// be priced in its price book). A quote that names no date of validity is valid for its
/// catalog's `quote_validity_days` from today; one that names no author was prepared by `user`.
pub async fn create(
    desk: &Desk,
    user: &User,
    body: &str,
    account: Option<i64>,
) -> ApiResult<Summary> {
    if user.role == crate::auth::Role::OrderDesk {
        return Err(crate::error::ApiError::Forbidden(
            "the order desk fulfils orders; it makes no quotes".into(),
        ));
    }
    let (mut checked, m) = check_and_measure(desk, body, account, user.role).await?;
    let number = store_new(desk, user, &mut checked, &m, account, None).await?;
    find(desk, user, &number).await
}

/// The renewal a new quote comes from: the source's summary and revision.
pub struct Origin<'a> {
    /// The quote renewed.
    pub source: &'a Summary,
    /// Its revision the new quote was made from.
    pub revision: i64,
}

/// The date `days` days after `now`'s (`YYYY-MM-DD`).
pub fn days_after(now: i64, days: u32) -> String {
    clock::date(now + i64::from(days) * 86_400)
}

/// Fills what a new quote leaves empty: its date of validity (the catalog's
/// `quote_validity_days` from `now`) and its author (`user`).
pub fn fill_new(q: &mut Quote, catalog: &configurator_engine::Catalog, user: &User, now: i64) {
    if q.meta.valid_until.as_deref().is_none_or(str::is_empty) {
        q.meta.valid_until = Some(days_after(now, catalog.pricing.quote_validity_days()));
    }
    if q.meta.prepared_by.trim().is_empty() {
        q.meta.prepared_by = user.name.clone();
    }
}

/// Writes a checked and measured quote as revision 1 of a new draft owned by `user`, with its
/// audit entry (`quote.create`; for a renewal `quote.renew` on it and `quote.renewed` on the
/// source), in one transaction. The new quote's number.
pub async fn store_new(
    desk: &Desk,
    user: &User,
    checked: &mut check::Checked,
    m: &Measured,
    account: Option<i64>,
    origin: Option<Origin<'_>>,
) -> ApiResult<String> {
    let _w = desk.db.writing().await;
    let mut tx = desk.db.pool.begin().await?;
    let (_, number) =
        insert_new(&mut tx, desk, user, &user.name, checked, m, account, origin).await?;
    tx.commit().await?;
    drop(_w);
    Ok(number)
}

/// [`store_new`] inside the caller's transaction `tx` (the caller holds the writer's turn),
/// with the audit entries written for `actor`: the new quote's id and number.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn insert_new(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    desk: &Desk,
    user: &User,
    actor: &str,
    checked: &mut check::Checked,
    m: &Measured,
    account: Option<i64>,
    origin: Option<Origin<'_>>,
) -> ApiResult<(i64, String)> {
    let now = desk.clock.now();
    fill_new(
        &mut checked.quote,
        checked.catalog.engine.catalog(),
        user,
        now,
    );
    let number = next_number(tx, clock::civil(now).0).await?;
    stamp(&mut checked.quote, &number, user);
    let q = &checked.quote;
    let id: i64 = sqlx::query(
        "INSERT INTO quotes (number, owner_id, team, status, revision, customer, catalog_id, \
         currency, total, total_milli, valid_until, needs_approval, created_at, updated_at, \
         account_id, depth, approver) \
         VALUES ($1, $2, $3, 'draft', 1, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12, $13, $14) \
         RETURNING id",
    )
    .bind(&number)
    .bind(user.id)
    .bind(&user.team)
    .bind(&q.meta.customer)
    .bind(&q.catalog.id)
    .bind(q.totals.currency.code())
    .bind(q.totals.contract_value.to_plain_string(&q.totals.currency))
    .bind(checked.total_milli)
    .bind(q.meta.valid_until.clone())
    .bind(i64::from(m.approval != Approval::Within))
    .bind(now)
    .bind(account)
    .bind(m.depth.normalize().to_string())
    .bind(m.approver())
    .fetch_one(&mut **tx)
    .await?
    .try_get("id")?;
    insert_revision(tx, id, 1, user.id, now, q).await?;
    match origin {
        None => audit::record(tx, now, actor, "quote.create", Some(id), "revision 1").await?,
        Some(o) => {
            let from = format!("from {} revision {}", o.source.number, o.revision);
            audit::record(tx, now, actor, "quote.renew", Some(id), &from).await?;
            let to = format!("as {number}");
            audit::record(tx, now, actor, "quote.renewed", Some(o.source.id), &to).await?;
        }
    }
    Ok((id, number))
}
