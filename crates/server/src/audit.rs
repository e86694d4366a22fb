//! The audit log: who did what to which quote, and when. Written in the same transaction as
//! the change it records, so a change is never without its entry.

use serde::Serialize;
use sqlx::{Any, Row, Transaction};

use crate::clock;
use crate::error::ApiResult;
use crate::Desk;

/// Appends an entry.
pub async fn record(
    tx: &mut Transaction<'_, Any>,
    at: i64,
    actor: &str,
    action: &str,
    quote: Option<i64>,
    detail: &str,
) -> ApiResult<()> {
    sqlx::query(
        "INSERT INTO audit (at, actor, action, quote_id, detail) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(at)
    .bind(actor)
    .bind(action)
    .bind(quote)
    .bind(detail)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// One entry, as the API shows it.
#[derive(Debug, Serialize)]
pub struct Entry {
    /// When (UTC).
    pub at: String,
    /// Who (a user name, or `customer: NAME` for a customer link).
    pub actor: String,
    /// What: `quote.create`, `quote.revise`, `quote.submit`, ...
    pub action: String,
    /// The quote's number, if about a quote.
    pub quote: Option<String>,
    /// Details (a comment, a revision number, ...).
    pub detail: String,
}

/// Entries, newest first: of one quote, or all (`None`), at most `limit`.
pub async fn entries(desk: &Desk, quote: Option<i64>, limit: i64) -> ApiResult<Vec<Entry>> {
    let rows = sqlx::query(
        "SELECT a.at, a.actor, a.action, q.number, a.detail FROM audit a \
         LEFT JOIN quotes q ON q.id = a.quote_id \
         WHERE ($1 = 0 OR a.quote_id = $2) ORDER BY a.id DESC LIMIT $3",
    )
    .bind(i64::from(quote.is_some()))
    .bind(quote.unwrap_or(0))
    .bind(limit)
    .fetch_all(&desk.db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Entry {
                at: clock::timestamp(r.try_get("at")?),
                actor: r.try_get("actor")?,
                action: r.try_get("action")?,
                quote: r.try_get("number")?,
                detail: r.try_get("detail")?,
            })
        })
        .collect()
}
