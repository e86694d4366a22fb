//! Customer links: a read-only view of one sent quote behind a random 256-bit token, with an
//! expiry and revocation. The database keeps only the token's SHA-256. The customer may accept
//! or decline through it; the link opens that one quote and nothing else.

use configurator_api::quotes::QuoteDocument;
use sqlx::Row;

use crate::auth::{self, User};
use crate::clock;
use crate::error::{ApiError, ApiResult};
use crate::mail::contacts::Given;
use crate::{audit, Desk};

use super::{find, intact, owned, Status};

/// The longest a link may stay open, in days.
pub const MAX_DAYS: i64 = 90;

/// A link as its owner sees it (the contract's; the token only once, when made).
pub use configurator_api::links::Link;

/// Makes a link to quote `number` (sent, its owner only), open for `days`; the quote goes by
/// mail to the customer's contact (`given`, or what `mail::contacts::customer` knows).
pub async fn create(
    desk: &Desk,
    user: &User,
    number: &str,
    days: i64,
    given: &Given,
) -> ApiResult<Link> {
    let s = find(desk, user, number).await?;
    owned(user, &s)?;
    if s.status != Status::Sent {
        return Err(ApiError::Conflict(format!(
            "quote {number} is {}: customer links are for sent quotes",
            s.status.name()
        )));
    }
    if !(1..=MAX_DAYS).contains(&days) {
        return Err(ApiError::Unprocessable(format!(
            "a link stays open 1 to {MAX_DAYS} days"
        )));
    }
    let token = auth::random_hex(32)?;
    let now = desk.clock.now();
    let expires = now + days * 86_400;
    let _w = desk.db.writing().await;
    let mut tx = desk.db.pool.begin().await?;
    let id: i64 = sqlx::query(
        "INSERT INTO customer_links (token_hash, quote_id, revision, created_by, created_at, \
         expires_at, email, language) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(auth::token_hash(&token))
    .bind(s.id)
    .bind(s.revision)
    .bind(user.id)
    .bind(now)
    .bind(expires)
    .bind(given.email.as_deref())
    .bind(given.locale.map(|l| l.tag()))
    .fetch_one(&mut *tx)
    .await?
    .try_get("id")?;
    audit::record(
        &mut tx,
        now,
        &user.name,
        "link.create",
        Some(s.id),
        &format!("link {id}, revision {}, {days} days", s.revision),
    )
    .await?;
    let closes = clock::timestamp(expires);
    crate::mail::events::link_made(&mut tx, desk, &s, user, &token, &closes, given).await?;
    tx.commit().await?;
    desk.mail.wake();
    Ok(Link {
        id,
        revision: s.revision,
        created_at: clock::timestamp(now),
        expires_at: clock::timestamp(expires),
        revoked_at: None,
        token: Some(token),
    })
}

/// The links of a quote.
pub async fn list(desk: &Desk, user: &User, number: &str) -> ApiResult<Vec<Link>> {
    let s = find(desk, user, number).await?;
    let rows = sqlx::query(
        "SELECT id, revision, created_at, expires_at, revoked_at FROM customer_links \
         WHERE quote_id = $1 ORDER BY id",
    )
    .bind(s.id)
    .fetch_all(&desk.db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Link {
                id: r.try_get("id")?,
                revision: r.try_get("revision")?,
                created_at: clock::timestamp(r.try_get("created_at")?),
                expires_at: clock::timestamp(r.try_get("expires_at")?),
                revoked_at: r
                    .try_get::<Option<i64>, _>("revoked_at")?
                    .map(clock::timestamp),
                token: None,
            })
        })
        .collect()
}

/// Revokes link `id` of quote `number` (its owner only).
pub async fn revoke(desk: &Desk, user: &User, number: &str, id: i64) -> ApiResult<()> {
    let s = find(desk, user, number).await?;
    owned(user, &s)?;
    let now = desk.clock.now();
    let _w = desk.db.writing().await;
    let mut tx = desk.db.pool.begin().await?;
    let n = sqlx::query(
        "UPDATE customer_links SET revoked_at = $1 WHERE id = $2 AND quote_id = $3 \
         AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .bind(s.id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if n != 1 {
        return Err(ApiError::NotFound(format!(
            "quote {number} has no open link {id}"
        )));
    }
    audit::record(
        &mut tx,
        now,
        &user.name,
        "link.revoke",
        Some(s.id),
        &format!("link {id}"),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// What a customer sees (the contract's).
pub use configurator_api::links::CustomerView;

struct Opened {
    quote_id: i64,
    number: String,
    status: Status,
    revision: i64,
    latest: i64,
    body: String,
    sha: String,
    expires_at: i64,
    language: Option<String>,
}

/// The quote behind a token, if the link is open.
async fn open(desk: &Desk, token: &str) -> ApiResult<Opened> {
    let gone =
        || ApiError::NotFound("this link is not valid: it may have expired or been revoked".into());
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(gone());
    }
    let row = sqlx::query(&format!(
        "SELECT q.id, q.number, {} AS status, q.revision AS latest, l.revision, l.expires_at, \
         l.language, r.body, r.body_sha256 FROM customer_links l JOIN quotes q ON q.id = l.quote_id \
         JOIN revisions r ON r.quote_id = l.quote_id AND r.revision = l.revision \
         WHERE l.token_hash = $2 AND l.revoked_at IS NULL AND l.expires_at > $3",
        super::EFFECTIVE
    ))
    .bind(super::today(desk))
    .bind(auth::token_hash(token))
    .bind(desk.clock.now())
    .fetch_optional(&desk.db.pool)
    .await?
    .ok_or_else(gone)?;
    let status: String = row.try_get("status")?;
    Ok(Opened {
        quote_id: row.try_get("id")?,
        number: row.try_get("number")?,
        status: Status::from_name(&status)
            .ok_or_else(|| ApiError::Internal(format!("unknown status `{status}`")))?,
        revision: row.try_get("revision")?,
        latest: row.try_get("latest")?,
        body: row.try_get("body")?,
        sha: row.try_get("body_sha256")?,
        expires_at: row.try_get("expires_at")?,
        language: row.try_get("language")?,
    })
}

/// The revision behind `token` for its document: number, revision, the quote (checked) and
/// the language the link was sent in.
pub async fn document(
    desk: &Desk,
    token: &str,
) -> ApiResult<(
    String,
    i64,
    configurator_engine::quote::Quote,
    Option<String>,
)> {
    let o = open(desk, token).await?;
    let quote = intact(&o.number, o.revision, &o.body, &o.sha)?;
    Ok((o.number, o.revision, quote, o.language))
}

/// The customer's view of the quote behind `token`.
pub async fn view(desk: &Desk, token: &str) -> ApiResult<CustomerView> {
    let o = open(desk, token).await?;
    let quote = intact(&o.number, o.revision, &o.body, &o.sha)?;
    let decided = sqlx::query(
        "SELECT actor, at FROM audit WHERE quote_id = $1 AND action IN \
         ('customer.accept', 'customer.decline') ORDER BY id DESC LIMIT 1",
    )
    .bind(o.quote_id)
    .fetch_optional(&desk.db.pool)
    .await?
    .map(|r| -> ApiResult<String> {
        let at: i64 = r.try_get("at")?;
        Ok(format!(
            "{} on {}",
            r.try_get::<String, _>("actor")?,
            clock::timestamp(at)
        ))
    })
    .transpose()?;
    Ok(CustomerView {
        number: o.number,
        status: o.status,
        revision: o.revision,
        current: o.revision == o.latest,
        quote: QuoteDocument(quote),
        expires_at: clock::timestamp(o.expires_at),
        decided,
    })
}

/// The customer accepts (or declines) the quote behind `token`, signing with `name`.
pub async fn decide(desk: &Desk, token: &str, name: &str, accept: bool) -> ApiResult<CustomerView> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > super::check::MAX_CUSTOMER {
        return Err(ApiError::Unprocessable(
            "give your name (up to 200 characters) to sign the decision".into(),
        ));
    }
    let o = open(desk, token).await?;
    if o.status != Status::Sent {
        return Err(ApiError::Conflict(format!(
            "quote {} is {}: it can no longer be accepted or declined",
            o.number,
            o.status.name()
        )));
    }
    if o.revision != o.latest {
        return Err(ApiError::Conflict(format!(
            "quote {} was revised after this link was made: ask for the new one",
            o.number
        )));
    }
    let _w = desk.db.writing().await;
    let mut tx = desk.db.pool.begin().await?;
    let decision = Decision {
        quote_id: o.quote_id,
        number: &o.number,
        revision: o.revision,
        name,
        accept,
        via: "",
    };
    record_decision(&mut tx, desk, &decision).await?;
    tx.commit().await?;
    drop(_w);
    desk.mail.wake();
    view(desk, token).await
}

/// A customer's decision on one revision of a quote.
pub(crate) struct Decision<'a> {
    /// The quote's id.
    pub quote_id: i64,
    /// Its number.
    pub number: &'a str,
    /// The revision decided on (it must be the latest).
    pub revision: i64,
    /// The signature: the customer's name.
    pub name: &'a str,
    /// Accepted (else declined).
    pub accept: bool,
    /// Where it was decided, for the audit entry (empty: through a customer link).
    pub via: &'a str,
}

/// Records a customer's decision inside `tx`: the quote accepted or rejected if it is still
/// sent at that revision (else a conflict, nothing written), the audit entry
/// (`customer.accept` / `customer.decline` by `customer: NAME`) and the owner's message.
pub(crate) async fn record_decision(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    desk: &Desk,
    d: &Decision<'_>,
) -> ApiResult<()> {
    let to = if d.accept {
        Status::Accepted
    } else {
        Status::Rejected
    };
    let now = desk.clock.now();
    let n = sqlx::query(
        "UPDATE quotes SET status = $1, updated_at = $2 WHERE id = $3 AND status = 'sent' \
         AND revision = $4",
    )
    .bind(to.name())
    .bind(now)
    .bind(d.quote_id)
    .bind(d.revision)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if n != 1 {
        return Err(ApiError::Conflict(format!(
            "quote {} changed while this was asked: reload the page",
            d.number
        )));
    }
    let action = if d.accept {
        "customer.accept"
    } else {
        "customer.decline"
    };
    audit::record(
        tx,
        now,
        &format!("customer: {}", d.name),
        action,
        Some(d.quote_id),
        &format!("revision {}{}", d.revision, d.via),
    )
    .await?;
    crate::mail::events::customer_decided(tx, desk, d.quote_id, d.revision, d.name, d.accept).await
}
