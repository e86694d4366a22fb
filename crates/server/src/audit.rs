//! The audit log: who did what to which quote, and when. Written in the same transaction as
//! the change it records, so a change is never without its entry.

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
pub use configurator_api::quotes::AuditEntry as Entry;

/// The parts of a quote's detail the desk writes (`revision 3 → approved: comment`,
/// `revision 2`, `link 4, revision 2, 30 days`, `link 4`, `from Q-2026-000003 revision 2`,
/// `as Q-2026-000007`) as the entry's typed fields; other
/// details give none.
fn parts(e: &mut Entry) {
    let number = |s: &str| s.trim().parse::<i64>().ok();
    let quote = ["quote.", "link.", "customer."]
        .iter()
        .any(|p| e.action.starts_with(p));
    if !quote {
        return;
    }
    let d = e.detail.clone();
    if e.action == "quote.renew" {
        // `from Q-2026-000003 revision 2`
        if let Some((source, revision)) = d
            .strip_prefix("from ")
            .and_then(|r| r.split_once(" revision "))
        {
            e.other = Some(source.to_owned());
            e.revision = number(revision);
        }
    } else if e.action == "quote.renewed" {
        // `as Q-2026-000007`
        e.other = d.strip_prefix("as ").map(str::to_owned);
    } else if let Some(rest) = d.strip_prefix("link ") {
        let mut it = rest.split(", ");
        e.link = it.next().and_then(number);
        e.revision = it
            .next()
            .and_then(|r| r.strip_prefix("revision "))
            .and_then(number);
        e.days = it
            .next()
            .and_then(|r| r.strip_suffix(" days"))
            .and_then(number);
    } else if let Some(rest) = d.strip_prefix("revision ") {
        let (n, step) = match rest.split_once(" → ") {
            Some((n, s)) => (n, Some(s)),
            None => (rest, None),
        };
        e.revision = number(n);
        if let Some(step) = step {
            let (to, comment) = match step.split_once(": ") {
                Some((t, c)) => (t, Some(c.to_owned())),
                None => (step, None),
            };
            e.to = crate::quotes::Status::from_name(to);
            e.comment = comment;
        }
    }
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
            let mut e = Entry {
                at: clock::timestamp(r.try_get("at")?),
                actor: r.try_get("actor")?,
                action: r.try_get("action")?,
                quote: r.try_get("number")?,
                detail: r.try_get("detail")?,
                revision: None,
                to: None,
                comment: None,
                link: None,
                days: None,
                other: None,
            };
            parts(&mut e);
            Ok(e)
        })
        .collect()
}
