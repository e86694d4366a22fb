//! A buyer's session: the `portal_session` cookie (HttpOnly, SameSite=Strict, `Secure` as the
//! desk's), its live row in `buyer_sessions` (only the token's SHA-256 is stored), signing in
//! (throttled like the desk's, `throttle.rs`) and out, and the [`Buyer`] extractor every
//! portal route takes. A buyer's cookie opens no desk route (the desk reads `desk_session`);
//! a desk user's cookie opens no portal route.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::Method;
use sqlx::Row;

use crate::auth;
use crate::error::{ApiError, ApiResult};
use crate::{audit, password, throttle, Desk};

/// The portal's session cookie.
pub const COOKIE: &str = "portal_session";

/// How long a buyer's session lasts, in seconds (12 hours, like the desk's).
pub const SESSION_SECONDS: i64 = auth::SESSION_SECONDS;

/// The longest e-mail address accepted.
pub const MAX_EMAIL: usize = 254;

/// A buyer as the pages know them (the contract's).
pub use configurator_api::portal::Buyer as BuyerInfo;

/// A signed-in buyer with their session's CSRF token. As an extractor it refuses requests
/// without a live portal session (a disabled buyer has none), and state-changing ones without
/// the CSRF header or from another origin.
#[derive(Clone, Debug)]
pub struct Buyer {
    /// Who.
    pub buyer: BuyerInfo,
    /// The session's CSRF token.
    pub csrf: String,
}

impl FromRequestParts<Arc<Desk>> for Buyer {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, desk: &Arc<Desk>) -> ApiResult<Buyer> {
        let token = auth::cookie(&parts.headers, COOKIE).ok_or(ApiError::Unauthenticated)?;
        let signed = session(desk, token)
            .await?
            .ok_or(ApiError::Unauthenticated)?;
        if !matches!(parts.method, Method::GET | Method::HEAD) {
            auth::same_origin(desk, &parts.headers)?;
            let sent = parts
                .headers
                .get("x-csrf-token")
                .and_then(|v| v.to_str().ok())
                .ok_or(ApiError::Csrf("this request lacks the X-CSRF-Token header"))?;
            if auth::token_hash(sent) != auth::token_hash(&signed.csrf) {
                return Err(ApiError::Csrf(
                    "this request's CSRF token is not the session's",
                ));
            }
        }
        Ok(signed)
    }
}

/// The columns of a [`BuyerInfo`] (`b` the buyer, `a` their account).
pub(crate) const BUYER: &str = "b.id, b.name, b.email, b.language, b.account_id, \
     a.name AS account_name FROM buyers b JOIN accounts a ON a.id = b.account_id";

/// A [`BuyerInfo`] from a row of [`BUYER`].
pub(crate) fn buyer_info(r: &sqlx::any::AnyRow) -> ApiResult<BuyerInfo> {
    Ok(BuyerInfo {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        email: r.try_get("email")?,
        language: r.try_get("language")?,
        account: r.try_get("account_id")?,
        account_name: r.try_get("account_name")?,
    })
}

/// The live session of a cookie's token (none for a disabled buyer).
pub async fn session(desk: &Desk, token: &str) -> ApiResult<Option<Buyer>> {
    let row = sqlx::query(&format!(
        "SELECT s.csrf, {BUYER} JOIN buyer_sessions s ON s.buyer_id = b.id \
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND b.disabled_at IS NULL"
    ))
    .bind(auth::token_hash(token))
    .bind(desk.clock.now())
    .fetch_optional(&desk.db.pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    Ok(Some(Buyer {
        buyer: buyer_info(&row)?,
        csrf: row.try_get("csrf")?,
    }))
}

/// An e-mail address as the portal keys it: trimmed, in lower case.
pub fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

/// The name the sign-in throttle counts a buyer's tries under (apart from desk users').
fn throttle_name(email: &str) -> String {
    format!("portal:{}", email_key(email))
}

/// Signs a buyer in from the address `client`: the new session's cookie token and the buyer.
/// Throttled before the password is checked; an unknown address costs the same hashing time
/// as a wrong password; a disabled buyer is refused once their password is right.
pub async fn sign_in(
    desk: &Desk,
    client: &str,
    email: &str,
    pass: &str,
) -> ApiResult<(String, Buyer)> {
    if email.len() > MAX_EMAIL || pass.len() > password::MAX_BYTES {
        return Err(ApiError::BadCredentials);
    }
    let name = throttle_name(email);
    throttle::check(desk, client, &name).await?;
    let row = sqlx::query(&format!(
        "SELECT b.password_hash, b.disabled_at, {BUYER} WHERE b.email_key = $1"
    ))
    .bind(email_key(email))
    .fetch_optional(&desk.db.pool)
    .await?;
    let stored = match &row {
        Some(r) => r
            .try_get::<Option<String>, _>("password_hash")?
            .unwrap_or_else(|| desk.decoy_hash.clone()),
        None => desk.decoy_hash.clone(),
    };
    let has_password = match &row {
        Some(r) => r.try_get::<Option<String>, _>("password_hash")?.is_some(),
        None => false,
    };
    let matches = password::matches(pass, &stored).await? && has_password;
    let (Some(row), true) = (row, matches) else {
        throttle::failed(desk, client, &name).await?;
        return Err(ApiError::BadCredentials);
    };
    if row.try_get::<Option<i64>, _>("disabled_at")?.is_some() {
        return Err(ApiError::Disabled);
    }
    let buyer = buyer_info(&row)?;
    let _w = desk.db.writing().await;
    let mut tx = desk.db.pool.begin().await?;
    let (token, csrf) = start(&mut tx, desk, buyer.id).await?;
    throttle::succeeded(&mut tx, client, &name).await?;
    audit::record(
        &mut tx,
        desk.clock.now(),
        &format!("buyer: {}", buyer.email),
        "portal.sign_in",
        None,
        client,
    )
    .await?;
    tx.commit().await?;
    Ok((token, Buyer { buyer, csrf }))
}

/// A new session of buyer `id` inside `tx`: its cookie token and CSRF token (expired sessions
/// are cleared on the way).
pub(crate) async fn start(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    desk: &Desk,
    id: i64,
) -> ApiResult<(String, String)> {
    let now = desk.clock.now();
    let token = auth::random_hex(32)?;
    let csrf = auth::random_hex(32)?;
    sqlx::query("DELETE FROM buyer_sessions WHERE expires_at <= $1")
        .bind(now)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO buyer_sessions (token_hash, buyer_id, csrf, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(auth::token_hash(&token))
    .bind(id)
    .bind(&csrf)
    .bind(now)
    .bind(now + SESSION_SECONDS)
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE buyers SET last_sign_in = $1 WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok((token, csrf))
}

/// Ends the session of a cookie's token.
pub async fn sign_out(desk: &Desk, token: &str) -> ApiResult<()> {
    let _w = desk.db.writing().await;
    sqlx::query("DELETE FROM buyer_sessions WHERE token_hash = $1")
        .bind(auth::token_hash(token))
        .execute(&desk.db.pool)
        .await?;
    Ok(())
}

/// The `Set-Cookie` value of a portal session: HttpOnly, SameSite=Strict, `Secure` when
/// `secure`; an empty token with `max_age` 0 ends it.
pub fn cookie(token: &str, max_age: i64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}")
}
