//! Who is asking: passwords (argon2id), session cookies, CSRF tokens, and
//! the [`Signed`] extractor every signed-in route takes.
//!
//! A session is a random 256-bit token in an HttpOnly, SameSite=Strict cookie; the database
//! keeps only its SHA-256, with the session's CSRF token. Every state-changing request
//! (anything but GET and HEAD) must carry that CSRF token in `X-CSRF-Token` and, when the
//! browser sends an `Origin`, come from the desk's own origin.

use std::sync::Arc;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, Method};
use sha2::{Digest, Sha256};
use sqlx::Row;

use crate::error::{ApiError, ApiResult};
use crate::Desk;

/// The session cookie's name.
pub const COOKIE: &str = "desk_session";
/// How long a session lasts, in seconds (12 hours).
pub const SESSION_SECONDS: i64 = 12 * 3600;

/// A user's role (the contract's closed set: `rep`, `manager`, `director`, `admin`).
pub use configurator_api::session::Role;

/// The role stored as `name` (the schema allows no other: anything else is a bug).
pub fn stored_role(name: &str) -> ApiResult<Role> {
    Role::from_name(name).ok_or_else(|| ApiError::Internal(format!("unknown role `{name}`")))
}

/// A signed-in user: id, name, role and team (the contract's `SessionUser`).
pub use configurator_api::session::SessionUser as User;

/// The user a row holds in its `id`, `name`, `role` and `team` columns.
pub fn user_from_row(r: &sqlx::any::AnyRow) -> ApiResult<User> {
    let role: String = r.try_get("role")?;
    Ok(User {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        role: stored_role(&role)?,
        team: r.try_get("team")?,
    })
}

/// `count` random bytes from the operating system, as hex.
pub fn random_hex(count: usize) -> ApiResult<String> {
    let mut bytes = vec![0u8; count];
    getrandom::fill(&mut bytes).map_err(|e| ApiError::Internal(format!("random: {e}")))?;
    Ok(hex(&bytes))
}

/// Lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The SHA-256 of a token, as stored.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// An argon2id hash (PHC string) of a password.
pub fn hash_password(password: &str) -> ApiResult<String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| ApiError::Internal(format!("random: {e}")))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| ApiError::Internal(e.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| ApiError::Internal(format!("argon2: {e}")))
}

/// Whether `password` matches a stored hash.
pub fn password_matches(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// Equal in time independent of where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The value of a cookie.
pub fn cookie<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// Refuses a state-changing request whose `Origin` is not one of the desk's public origins
/// (`--public-origin`; the browser sends it on every cross-origin POST). A request without
/// `Origin` is not a browser's cross-site request and passes (the CSRF token still applies).
pub fn same_origin(desk: &Desk, headers: &HeaderMap) -> ApiResult<()> {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return Ok(());
    };
    let origin = origin.to_str().unwrap_or_default();
    match desk.public.get() {
        Some(public) if public.is_public(origin) => Ok(()),
        _ => Err(ApiError::Csrf("this request comes from another site")),
    }
}

/// The `Set-Cookie` value of a session: HttpOnly, SameSite=Strict, `Secure` when `secure`
/// (see [`Desk::secure_cookies`]); an empty token with `max_age` 0 ends it.
pub fn session_cookie(token: &str, max_age: i64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}")
}

/// A signed-in user with their session's CSRF token; as an extractor it refuses requests
/// without a live session, and state-changing ones without the CSRF header or from another
/// origin.
#[derive(Clone, Debug)]
pub struct Signed {
    /// Who.
    pub user: User,
    /// The session's CSRF token.
    pub csrf: String,
}

impl FromRequestParts<Arc<Desk>> for Signed {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, desk: &Arc<Desk>) -> ApiResult<Signed> {
        let token = cookie(&parts.headers, COOKIE).ok_or(ApiError::Unauthenticated)?;
        let signed = session(desk, token)
            .await?
            .ok_or(ApiError::Unauthenticated)?;
        if !matches!(parts.method, Method::GET | Method::HEAD) {
            same_origin(desk, &parts.headers)?;
            let sent = parts
                .headers
                .get("x-csrf-token")
                .and_then(|v| v.to_str().ok())
                .ok_or(ApiError::Csrf("this request lacks the X-CSRF-Token header"))?;
            if !same(sent, &signed.csrf) {
                return Err(ApiError::Csrf(
                    "this request's CSRF token is not the session's",
                ));
            }
        }
        Ok(signed)
    }
}

/// The live session of a cookie's token.
pub async fn session(desk: &Desk, token: &str) -> ApiResult<Option<Signed>> {
    let row = sqlx::query(
        "SELECT u.id, u.name, u.role, u.team, s.csrf FROM sessions s \
         JOIN users u ON u.id = s.user_id \
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.disabled_at IS NULL",
    )
    .bind(token_hash(token))
    .bind(desk.clock.now())
    .fetch_optional(&desk.db.pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    Ok(Some(Signed {
        user: user_from_row(&row)?,
        csrf: row.try_get("csrf")?,
    }))
}
