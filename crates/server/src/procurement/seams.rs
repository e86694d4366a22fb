//! What purchase orders need of the procurement base (authentication of a document's sender,
//! the signed references, the log, the cXML answer, the placer), behind one small function
//! each.

use base64::Engine as _;
use hmac::{Hmac, Mac};
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;
use sha2::Sha256;
use sqlx::{AnyConnection, Row};

use super::notices::{payload_id, timestamp, VERSION};
use super::order_request::OrderRequest;
use super::purchase::{Buyer, Refusal};
use crate::error::{ApiError, ApiResult};
use crate::orders::Placer;
use crate::Desk;

/// The document type of our answers.
pub const CXML_DOCTYPE: &str = "cXML SYSTEM \"http://xml.cxml.org/schemas/cXML/1.2.014/cXML.dtd\"";

/// Who sent `req`: its `From` credentials name an enabled organisation whose secret is the
/// `SharedSecret` (argon2id; a decoy hash checked otherwise, so every refusal takes as long).
pub async fn authenticate(desk: &Desk, req: &OrderRequest) -> Result<Buyer, Refusal> {
    let mut found: Option<(Buyer, String, bool)> = None;
    for c in &req.from {
        let row = sqlx::query(
            "SELECT b.id, b.name, b.account_id, b.secret_hash, b.disabled_at \
             FROM buyer_org_identities i JOIN buyer_orgs b ON b.id = i.org_id \
             WHERE i.domain_key = $1 AND i.identity_key = $2",
        )
        .bind(c.domain.to_lowercase())
        .bind(c.identity.to_lowercase())
        .fetch_optional(&desk.db.pool)
        .await?;
        if let Some(r) = row {
            found = Some((
                Buyer {
                    id: r.try_get("id")?,
                    name: r.try_get("name")?,
                    account: r.try_get("account_id")?,
                },
                r.try_get("secret_hash")?,
                r.try_get::<Option<i64>, _>("disabled_at")?.is_none(),
            ));
            break;
        }
    }
    let hash = found
        .as_ref()
        .map_or_else(|| desk.decoy_hash.clone(), |f| f.1.clone());
    let secret = req.shared_secret.clone().unwrap_or_default();
    let matches =
        tokio::task::spawn_blocking(move || crate::auth::password_matches(&secret, &hash))
            .await
            .unwrap_or(false);
    match found {
        Some((buyer, _, true)) if matches && req.shared_secret.is_some() => Ok(buyer),
        _ => Err(Refusal {
            code: 401,
            text: "Unauthorized".into(),
        }),
    }
}

/// The signing key of references, made on first use.
async fn key(conn: &mut AnyConnection, desk: &Desk) -> ApiResult<Vec<u8>> {
    let row = sqlx::query("SELECT key FROM procurement_key WHERE id = 1")
        .fetch_optional(&mut *conn)
        .await?;
    let hex = match row {
        Some(r) => r.try_get::<String, _>("key")?,
        None => {
            let k = crate::auth::random_hex(32)?;
            sqlx::query(
                "INSERT INTO procurement_key (id, key, created_at) VALUES (1, $1, $2) \
                 ON CONFLICT DO NOTHING",
            )
            .bind(&k)
            .bind(desk.clock.now())
            .execute(&mut *conn)
            .await?;
            sqlx::query("SELECT key FROM procurement_key WHERE id = 1")
                .fetch_one(&mut *conn)
                .await?
                .try_get("key")?
        }
    };
    Ok(hex.into_bytes())
}

fn mac(key: &[u8], text: &str) -> ApiResult<Hmac<Sha256>> {
    let mut m =
        Hmac::<Sha256>::new_from_slice(key).map_err(|e| ApiError::Internal(e.to_string()))?;
    m.update(text.as_bytes());
    Ok(m)
}

/// The reference of quote `number` revision `revision`: `v1.<number>.<revision>.<mac>`.
pub async fn sign_reference(
    conn: &mut AnyConnection,
    desk: &Desk,
    number: &str,
    revision: i64,
) -> ApiResult<String> {
    let k = key(conn, desk).await?;
    let text = format!("v1.{number}.{revision}");
    let tag = mac(&k, &text)?.finalize().into_bytes();
    Ok(format!(
        "{text}.{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(tag)
    ))
}

/// The quote number and revision a reference names, if we signed it (constant-time check).
pub async fn verify_reference(
    conn: &mut AnyConnection,
    desk: &Desk,
    aux: &str,
) -> ApiResult<Option<(String, i64)>> {
    let Some((text, tag)) = aux.rsplit_once('.') else {
        return Ok(None);
    };
    let mut parts = text.splitn(3, '.');
    let (Some("v1"), Some(number), Some(revision)) = (parts.next(), parts.next(), parts.next())
    else {
        return Ok(None);
    };
    let Ok(revision) = revision.parse::<i64>() else {
        return Ok(None);
    };
    let Ok(tag) = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(tag) else {
        return Ok(None);
    };
    let k = key(conn, desk).await?;
    Ok(mac(&k, text)?
        .verify_slice(&tag)
        .is_ok()
        .then(|| (number.to_owned(), revision)))
}

/// The price a configured product was transferred at: its quote's net (the contract value).
pub fn transferred_price(
    q: &configurator_engine::quote::Quote,
) -> configurator_engine::money::Money {
    q.totals.contract_value
}

/// The placer of an organisation's orders.
pub fn placer(b: &Buyer) -> Placer {
    Placer::Buyer {
        id: -b.id,
        email: format!("procurement: {}", b.name),
        name: b.name.clone(),
        account: b.account,
    }
}

fn xml_error(e: std::io::Error) -> ApiError {
    ApiError::Internal(format!("writing cXML: {e}"))
}

/// A cXML answer: `<Response><Status code text>`.
pub fn answer(desk: &Desk, code: u16, text: &str) -> ApiResult<String> {
    let now = desk.clock.now();
    let payload = payload_id(now, &desk.cxml.host())?;
    let stamp = timestamp(now);
    let code_text = code.to_string();
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
        .map_err(xml_error)?;
    w.write_event(Event::DocType(BytesText::from_escaped(CXML_DOCTYPE)))
        .map_err(xml_error)?;
    w.create_element("cXML")
        .with_attribute(("payloadID", payload.as_str()))
        .with_attribute(("timestamp", stamp.as_str()))
        .with_attribute(("version", VERSION))
        .with_attribute(("xml:lang", "en-US"))
        .write_inner_content(|w| {
            w.create_element("Response").write_inner_content(|w| {
                w.create_element("Status")
                    .with_attribute(("code", code_text.as_str()))
                    .with_attribute(("text", if code == 200 { "OK" } else { text }))
                    .write_text_content(BytesText::new(text))?;
                Ok(())
            })?;
            Ok(())
        })
        .map_err(xml_error)?;
    String::from_utf8(w.into_inner()).map_err(|e| ApiError::Internal(e.to_string()))
}

/// A document received, for the log.
#[derive(Clone, Copy, Debug)]
pub struct LogEntry<'a> {
    /// The organisation, if known.
    pub org: Option<i64>,
    /// `OrderRequest`.
    pub kind: &'a str,
    /// Its `payloadID`.
    pub payload_id: &'a str,
    /// The document as received (its secret is replaced before it is stored).
    pub body: &'a str,
    /// Our answer.
    pub answer: &'a str,
    /// The answer's code.
    pub status_code: u16,
    /// Its text.
    pub status_text: &'a str,
    /// The order it made.
    pub order: Option<i64>,
}

/// The document with its `SharedSecret` replaced by `***` (an unreadable one is not kept,
/// only its size).
pub fn masked(body: &str) -> String {
    super::delivery::fill_secret(body, Some("***"))
        .unwrap_or_else(|_| format!("(an unreadable document of {} bytes, not kept)", body.len()))
}

/// Logs a received document inside `conn`'s transaction; its log id.
pub async fn log_in(conn: &mut AnyConnection, now: i64, e: &LogEntry<'_>) -> ApiResult<i64> {
    let body = masked(e.body);
    let text: String = e.status_text.chars().take(1000).collect();
    let id: i64 = sqlx::query(
        "INSERT INTO procurement_documents (org_id, direction, kind, payload_id, body, \
         body_sha256, answer, status_code, status_text, order_id, created_at) \
         VALUES ($1, 'in', $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(e.org)
    .bind(e.kind)
    .bind(e.payload_id.chars().take(250).collect::<String>())
    .bind(&body)
    .bind(crate::auth::token_hash(&body))
    .bind(e.answer)
    .bind(i64::from(e.status_code))
    .bind(text)
    .bind(e.order)
    .bind(now)
    .fetch_one(conn)
    .await?
    .try_get("id")?;
    Ok(id)
}

/// Logs a received document in its own transaction.
pub async fn log_alone(desk: &Desk, e: &LogEntry<'_>) -> ApiResult<i64> {
    let _w = desk.db.writing().await;
    let mut conn = desk.db.pool.acquire().await?;
    log_in(&mut conn, desk.clock.now(), e).await
}
