//! The outbox table: messages written with the change that causes them, sent by the sender,
//! listed for managers and admins.

use configurator_api::mail::{Outbox, OutboxMessage};
use sqlx::{Any, Row, Transaction};

use crate::auth::{Role, User};
use crate::clock;
use crate::error::{ApiError, ApiResult};
use crate::Desk;

/// How many attempts before a message is given up (about a day with the backoff's cap).
pub const MAX_ATTEMPTS: i64 = 30;

/// `next_attempt` of a message given up: never.
pub const NEVER: i64 = i64::MAX;

/// A message to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// The address.
    pub recipient: String,
    /// Subject line.
    pub subject: String,
    /// Plain text.
    pub body: String,
    /// What it is about: `approval.requested`, `quote.approved`, `quote.rejected`,
    /// `quote.sent`, `customer.accepted`, `customer.declined`.
    pub kind: &'static str,
    /// The quote it is about.
    pub quote_id: Option<i64>,
}

/// Writes `message` into the outbox inside `tx` (the change's own transaction): due now. A
/// subject is one line (a customer's name with a line break in it cannot add a header).
pub async fn enqueue(tx: &mut Transaction<'_, Any>, now: i64, message: &Message) -> ApiResult<()> {
    let subject: String = message
        .subject
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    sqlx::query(
        "INSERT INTO outbox (recipient, subject, body, kind, quote_id, created_at, attempts, \
         next_attempt) VALUES ($1, $2, $3, $4, $5, $6, 0, $7)",
    )
    .bind(&message.recipient)
    .bind(subject)
    .bind(&message.body)
    .bind(message.kind)
    .bind(message.quote_id)
    .bind(now)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The outbox as `user` may read it: an admin or a director every message, a manager those
/// about their team's quotes; newest first, at most `limit`.
pub async fn list(desk: &Desk, user: &User, limit: i64) -> ApiResult<Outbox> {
    let team = match user.role {
        Role::Admin | Role::Director => None,
        Role::Manager => Some(user.team.as_str()),
        Role::Rep | Role::OrderDesk => {
            return Err(ApiError::Forbidden(
                "only managers and admins read the outbox".into(),
            ))
        }
    };
    let rows = sqlx::query(
        "SELECT o.id, o.recipient, o.subject, o.body, o.kind, q.number, o.created_at, \
         o.attempts, o.next_attempt, o.sent_at, o.last_error FROM outbox o \
         LEFT JOIN quotes q ON q.id = o.quote_id \
         WHERE ($1 = 0 OR q.team = $2) ORDER BY o.id DESC LIMIT $3",
    )
    .bind(i64::from(team.is_some()))
    .bind(team.unwrap_or_default())
    .bind(limit)
    .fetch_all(&desk.db.pool)
    .await?;
    let messages = rows
        .iter()
        .map(|r| {
            let sent_at: Option<i64> = r.try_get("sent_at")?;
            let next: i64 = r.try_get("next_attempt")?;
            let state = match (sent_at, next) {
                (Some(_), _) => "sent",
                (None, NEVER) => "failed",
                (None, _) => "waiting",
            };
            Ok(OutboxMessage {
                id: r.try_get("id")?,
                recipient: r.try_get("recipient")?,
                subject: r.try_get("subject")?,
                body: r.try_get("body")?,
                kind: r.try_get("kind")?,
                quote: r.try_get("number")?,
                created_at: clock::timestamp(r.try_get("created_at")?),
                attempts: r.try_get("attempts")?,
                next_attempt: (sent_at.is_none() && next != NEVER).then(|| clock::timestamp(next)),
                sent_at: sent_at.map(clock::timestamp),
                last_error: r.try_get("last_error")?,
                state: state.into(),
            })
        })
        .collect::<ApiResult<Vec<_>>>()?;
    Ok(Outbox {
        smtp: desk.mail.config.smtp.is_some(),
        messages,
    })
}

/// A message the sender has claimed.
#[derive(Debug)]
pub struct Claimed {
    /// Its id.
    pub id: i64,
    /// Attempts so far, this one included.
    pub attempts: i64,
    /// What to send.
    pub message: Message,
}

/// Claims up to `limit` due messages for `lease` seconds: each with a conditional update, so
/// that of several instances only one sends a message; a claim that lapses (the process died
/// mid-send) makes it due again.
pub async fn claim_due(desk: &Desk, lease: i64, limit: i64) -> ApiResult<Vec<Claimed>> {
    let now = desk.clock.now();
    let rows = sqlx::query(
        "SELECT id, recipient, subject, body, kind, quote_id, attempts, next_attempt FROM outbox \
         WHERE sent_at IS NULL AND next_attempt <= $1 ORDER BY next_attempt, id LIMIT $2",
    )
    .bind(now)
    .bind(limit)
    .fetch_all(&desk.db.pool)
    .await?;
    let mut claimed = Vec::new();
    for r in &rows {
        let id: i64 = r.try_get("id")?;
        let seen: i64 = r.try_get("next_attempt")?;
        let attempts: i64 = r.try_get::<i64, _>("attempts")? + 1;
        let won = {
            let _w = desk.db.writing().await;
            sqlx::query(
                "UPDATE outbox SET attempts = $1, next_attempt = $2 WHERE id = $3 \
                 AND sent_at IS NULL AND next_attempt = $4",
            )
            .bind(attempts)
            .bind(now + lease)
            .bind(id)
            .bind(seen)
            .execute(&desk.db.pool)
            .await?
            .rows_affected()
                == 1
        };
        if !won {
            continue; // another instance has it
        }
        let kind: String = r.try_get("kind")?;
        claimed.push(Claimed {
            id,
            attempts,
            message: Message {
                recipient: r.try_get("recipient")?,
                subject: r.try_get("subject")?,
                body: r.try_get("body")?,
                kind: known_kind(&kind),
                quote_id: r.try_get("quote_id")?,
            },
        });
    }
    Ok(claimed)
}

fn known_kind(kind: &str) -> &'static str {
    super::texts::KINDS
        .into_iter()
        .find(|k| *k == kind)
        .unwrap_or("other")
}

/// Marks a claimed message sent.
pub async fn sent(desk: &Desk, id: i64) -> ApiResult<()> {
    let _w = desk.db.writing().await;
    sqlx::query("UPDATE outbox SET sent_at = $1, last_error = NULL WHERE id = $2")
        .bind(desk.clock.now())
        .bind(id)
        .execute(&desk.db.pool)
        .await?;
    Ok(())
}

/// Records a failed attempt: due again after `2^(attempts-1) × retry` seconds (at most an
/// hour), or never after [`MAX_ATTEMPTS`].
pub async fn failed(desk: &Desk, claimed: &Claimed, error: &str) -> ApiResult<()> {
    let retry = desk.mail.config.retry_seconds.max(1);
    let exponent = u32::try_from(claimed.attempts.clamp(1, 20) - 1).unwrap_or(0);
    let delay = retry.saturating_mul(1i64 << exponent).min(3600);
    let next = if claimed.attempts >= MAX_ATTEMPTS {
        NEVER
    } else {
        desk.clock.now() + delay
    };
    let error: String = error.chars().take(1000).collect();
    let _w = desk.db.writing().await;
    sqlx::query(
        "UPDATE outbox SET next_attempt = $1, last_error = $2 WHERE id = $3 AND sent_at IS NULL",
    )
    .bind(next)
    .bind(error)
    .bind(claimed.id)
    .execute(&desk.db.pool)
    .await?;
    Ok(())
}
