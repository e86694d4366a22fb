//! PunchOut sessions: bearer tokens in the path, never cookies (procurement systems open the
//! configurator in frames and pop-ups, where third-party cookies are blocked).
//!
//! A setup (cXML or OCI) opens a session with a one-time start token (valid
//! [`START_SECONDS`]); the start page's GET consumes it and gives the browser a fresh session
//! token (valid [`SESSION_SECONDS`]) in the address it is sent on to. The database keeps the
//! SHA-256 of each token, never the token.

use configurator_api::procurement::{Flavour, Operation};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::orgs::{self, Org};
use crate::auth::{random_hex, token_hash};
use crate::error::{ApiError, ApiResult};
use crate::Desk;

/// How long a start token may wait to be used (5 minutes).
pub const START_SECONDS: i64 = 300;
/// How long a session lasts once started (8 hours).
pub const SESSION_SECONDS: i64 = 8 * 3600;

/// What a setup asks a session for.
#[derive(Clone, Debug)]
pub struct Setup {
    /// The organisation.
    pub org: i64,
    /// cXML or OCI.
    pub flavour: Flavour,
    /// Create, edit or inspect.
    pub operation: Operation,
    /// The `BuyerCookie` to echo (empty for OCI).
    pub buyer_cookie: String,
    /// Where the cart goes (`BrowserFormPost/URL`, `HOOK_URL`).
    pub return_url: String,
    /// The form's target (OCI `~TARGET`).
    pub target: Option<String>,
    /// `en` or `de`.
    pub language: String,
    /// Who is shopping, as the procurement system named them.
    pub contact: Option<String>,
    /// The product line.
    pub catalog: String,
    /// The quote an edit or inspect reopens.
    pub edit_quote: Option<i64>,
    /// The other cart items of an edit, returned unchanged (JSON array of XML texts); OCI:
    /// the echoed `~OkCode` and `~caller` (JSON object).
    pub kept_items: String,
}

/// A live session.
#[derive(Clone, Debug)]
pub struct Session {
    /// Id.
    pub id: i64,
    /// The organisation (as it is now).
    pub org: Org,
    /// What it was opened for.
    pub setup: Setup,
    /// When it ends.
    pub expires_at: i64,
}

/// The names of the contract's enums as stored.
pub fn flavour_name(f: Flavour) -> &'static str {
    match f {
        Flavour::Cxml => "cxml",
        Flavour::Oci => "oci",
    }
}

/// The stored name of an operation.
pub fn operation_name(o: Operation) -> &'static str {
    match o {
        Operation::Create => "create",
        Operation::Edit => "edit",
        Operation::Inspect => "inspect",
    }
}

/// Opens a session for `setup`; the one-time start token.
pub async fn open(conn: &mut AnyConnection, now: i64, s: &Setup) -> ApiResult<String> {
    let start = random_hex(32)?;
    // The session token is made when the start page is used; until then the row holds the
    // hash of a token nobody has.
    let placeholder = random_hex(32)?;
    sqlx::query(
        "INSERT INTO punchout_sessions (token_hash, start_hash, start_expires_at, org_id, \
         flavour, operation, buyer_cookie, return_url, target, language, contact, catalog_id, \
         edit_quote_id, kept_items, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $3)",
    )
    .bind(token_hash(&placeholder))
    .bind(token_hash(&start))
    .bind(now + START_SECONDS)
    .bind(s.org)
    .bind(flavour_name(s.flavour))
    .bind(operation_name(s.operation))
    .bind(&s.buyer_cookie)
    .bind(&s.return_url)
    .bind(&s.target)
    .bind(&s.language)
    .bind(&s.contact)
    .bind(&s.catalog)
    .bind(s.edit_quote)
    .bind(&s.kept_items)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(start)
}

/// Uses a start token (once, before it expires): the new session token and the session.
pub async fn start(desk: &Desk, start: &str) -> ApiResult<Option<(String, Session)>> {
    let now = desk.clock.now();
    let token = random_hex(32)?;
    let _w = desk.db.writing().await;
    let row = sqlx::query(
        "UPDATE punchout_sessions SET token_hash = $1, start_hash = NULL, expires_at = $2 \
         WHERE start_hash = $3 AND start_expires_at > $4 RETURNING id",
    )
    .bind(token_hash(&token))
    .bind(now + SESSION_SECONDS)
    .bind(token_hash(start))
    .bind(now)
    .fetch_optional(&desk.db.pool)
    .await?;
    drop(_w);
    if row.is_none() {
        return Ok(None);
    }
    Ok(find(desk, &token).await?.map(|s| (token, s)))
}

const COLUMNS: &str = "id, org_id, flavour, operation, buyer_cookie, return_url, target, \
    language, contact, catalog_id, edit_quote_id, kept_items, expires_at";

fn setup(r: &AnyRow) -> ApiResult<Setup> {
    let flavour: String = r.try_get("flavour")?;
    let operation: String = r.try_get("operation")?;
    Ok(Setup {
        org: r.try_get("org_id")?,
        flavour: if flavour == "oci" {
            Flavour::Oci
        } else {
            Flavour::Cxml
        },
        operation: match operation.as_str() {
            "edit" => Operation::Edit,
            "inspect" => Operation::Inspect,
            _ => Operation::Create,
        },
        buyer_cookie: r.try_get("buyer_cookie")?,
        return_url: r.try_get("return_url")?,
        target: r.try_get("target")?,
        language: r.try_get("language")?,
        contact: r.try_get("contact")?,
        catalog: r.try_get("catalog_id")?,
        edit_quote: r.try_get("edit_quote_id")?,
        kept_items: r.try_get("kept_items")?,
    })
}

/// The live session of a token (started, not expired, its organisation enabled).
pub async fn find(desk: &Desk, token: &str) -> ApiResult<Option<Session>> {
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM punchout_sessions WHERE token_hash = $1 AND start_hash IS NULL \
         AND expires_at > $2"
    ))
    .bind(token_hash(token))
    .bind(desk.clock.now())
    .fetch_optional(&desk.db.pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let s = setup(&row)?;
    let Some(org) = orgs::find(desk, s.org).await? else {
        return Ok(None);
    };
    if org.disabled {
        return Ok(None);
    }
    Ok(Some(Session {
        id: row.try_get("id")?,
        org,
        setup: s,
        expires_at: row.try_get("expires_at")?,
    }))
}

/// [`find`], or the 404 every unknown or expired token gets.
pub async fn live(desk: &Desk, token: &str) -> ApiResult<Session> {
    find(desk, token).await?.ok_or_else(|| {
        ApiError::NotFound(
            "this PunchOut session is unknown or has expired: start again from your \
             procurement system"
                .into(),
        )
    })
}
