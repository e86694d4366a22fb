//! The log of every cXML and OCI document in and out (`procurement_documents`), which is also
//! the outbox of the documents we send (`po`'s confirmations and ship notices). A document is
//! stored with its secrets replaced by `***` (`SharedSecret`'s content, OCI's `PASSWORD`):
//! [`redact`] runs on every body and answer before it is written.

use configurator_api::procurement::{Direction, Document, DocumentText, Documents};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::auth::token_hash;
use crate::error::{ApiError, ApiResult};
use crate::Desk;

/// The most entries one list answers.
pub const MAX_LIST: i64 = 500;

/// A document to log.
#[derive(Clone, Debug)]
pub struct Entry<'a> {
    /// The organisation it named, if one exists.
    pub org: Option<i64>,
    /// In or out.
    pub direction: Direction,
    /// `PunchOutSetupRequest`, `PunchOutOrderMessage`, `OCI setup`, `OCI cart`, …
    pub kind: &'a str,
    /// Its `payloadID` (empty for OCI).
    pub payload_id: &'a str,
    /// The document (redacted here).
    pub body: &'a str,
    /// The answer to it, if any (redacted here).
    pub answer: Option<&'a str>,
    /// The status code answered or received.
    pub status_code: Option<u16>,
    /// The status text.
    pub status_text: &'a str,
    /// The order it made or is about.
    pub order_id: Option<i64>,
    /// Where it goes (out) or went.
    pub url: Option<&'a str>,
    /// Out: when it was delivered (a cart through the browser is "delivered" when handed
    /// over).
    pub delivered_at: Option<i64>,
}

/// The names whose values are secret: XML elements whose content is replaced, and form
/// fields (`NAME=value` pairs) whose value is.
const SECRET_ELEMENTS: &[&str] = &["SharedSecret"];
const SECRET_FIELDS: &[&str] = &["PASSWORD"];

/// `text` with every secret replaced by `***`: the content of every `<SharedSecret …>…
/// </SharedSecret>` (found as text, so that a document that cannot be read is redacted too)
/// and the value of every `PASSWORD=` form field.
pub fn redact(text: &str) -> String {
    let mut out = text.to_owned();
    for name in SECRET_ELEMENTS {
        out = redact_element(&out, name);
    }
    for name in SECRET_FIELDS {
        out = redact_field(&out, name);
    }
    out
}

fn redact_element(text: &str, name: &str) -> String {
    let open = format!("<{name}");
    let close = format!("</{name}");
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(k) = rest.find(&open) {
        let after = &rest[k + open.len()..];
        // `<SharedSecretX` is another element.
        if !after.starts_with(['>', ' ', '\t', '\r', '\n', '/']) {
            out.push_str(&rest[..k + open.len()]);
            rest = after;
            continue;
        }
        let Some(gt) = after.find('>') else {
            out.push_str(&rest[..k]);
            out.push_str("***");
            return out;
        };
        out.push_str(&rest[..k + open.len() + gt + 1]);
        let inner = &after[gt + 1..];
        if after[..gt].ends_with('/') {
            rest = inner;
            continue;
        }
        match inner.find(&close) {
            Some(end) => {
                out.push_str("***");
                rest = &inner[end..];
            }
            None => {
                out.push_str("***");
                return out;
            }
        }
    }
    out.push_str(rest);
    out
}

fn redact_field(text: &str, name: &str) -> String {
    text.split('&')
        .map(|pair| match pair.split_once('=') {
            Some((k, _)) if k.eq_ignore_ascii_case(name) => format!("{k}=***"),
            _ => pair.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// Writes a log entry (redacted); its id.
pub async fn write(conn: &mut AnyConnection, now: i64, e: &Entry<'_>) -> ApiResult<i64> {
    let body = redact(e.body);
    let answer = e.answer.map(redact);
    let row = sqlx::query(
        "INSERT INTO procurement_documents (org_id, direction, kind, payload_id, body, \
         body_sha256, answer, status_code, status_text, order_id, url, delivered_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
    )
    .bind(e.org)
    .bind(direction_name(e.direction))
    .bind(e.kind)
    .bind(e.payload_id)
    .bind(&body)
    .bind(token_hash(e.body))
    .bind(answer)
    .bind(e.status_code.map(i64::from))
    .bind(e.status_text)
    .bind(e.order_id)
    .bind(e.url)
    .bind(e.delivered_at)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.try_get("id")?)
}

/// [`write`] on its own connection (a refused request has no transaction to join).
pub async fn write_alone(desk: &Desk, e: &Entry<'_>) -> ApiResult<i64> {
    let _w = desk.db.writing().await;
    let mut conn = desk.db.pool.acquire().await?;
    write(&mut conn, desk.clock.now(), e).await
}

/// The stored name of a direction.
pub fn direction_name(d: Direction) -> &'static str {
    match d {
        Direction::In => "in",
        Direction::Out => "out",
    }
}

const COLUMNS: &str = "d.id, d.created_at, d.direction, d.kind, d.org_id, o.name AS org_name, \
     d.payload_id, d.status_code, d.status_text, r.number AS order_number, d.attempts, \
     d.delivered_at, d.next_attempt";
const FROM: &str = "FROM procurement_documents d LEFT JOIN buyer_orgs o ON o.id = d.org_id \
     LEFT JOIN orders r ON r.id = d.order_id";

fn document(r: &AnyRow) -> ApiResult<Document> {
    let direction: String = r.try_get("direction")?;
    let code: Option<i64> = r.try_get("status_code")?;
    Ok(Document {
        id: r.try_get("id")?,
        at: r.try_get("created_at")?,
        direction: if direction == "in" {
            Direction::In
        } else {
            Direction::Out
        },
        kind: r.try_get("kind")?,
        organisation: r.try_get("org_id")?,
        organisation_name: r.try_get("org_name")?,
        payload_id: r.try_get("payload_id")?,
        status_code: code.and_then(|c| u16::try_from(c).ok()),
        status_text: r.try_get("status_text")?,
        order_number: r.try_get("order_number")?,
        attempts: r.try_get("attempts")?,
        delivered_at: r.try_get("delivered_at")?,
        next_attempt: r.try_get("next_attempt")?,
    })
}

/// The log, newest first: of one organisation and one direction when given, at most `limit`
/// entries (at most [`MAX_LIST`]).
pub async fn list(
    desk: &Desk,
    org: Option<i64>,
    direction: Option<Direction>,
    limit: Option<i64>,
) -> ApiResult<Documents> {
    let limit = limit.unwrap_or(100).clamp(1, MAX_LIST);
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} {FROM} WHERE ($1 = 0 OR d.org_id = $1) \
         AND ($2 = '' OR d.direction = $2) ORDER BY d.id DESC LIMIT $3"
    ))
    // 0 and '' stand for "any" (ids start at 1).
    .bind(org.unwrap_or(0))
    .bind(direction.map_or("", direction_name))
    .bind(limit)
    .fetch_all(&desk.db.pool)
    .await?;
    Ok(Documents {
        documents: rows.iter().map(document).collect::<ApiResult<_>>()?,
    })
}

/// One document with its (redacted) text and answer.
pub async fn one(desk: &Desk, id: i64) -> ApiResult<DocumentText> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS}, d.body, d.answer {FROM} WHERE d.id = $1"
    ))
    .bind(id)
    .fetch_optional(&desk.db.pool)
    .await?
    .ok_or_else(|| ApiError::NotFound(format!("no procurement document {id}")))?;
    Ok(DocumentText {
        document: document(&row)?,
        body: row.try_get("body")?,
        answer: row.try_get("answer")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_redacted() {
        let doc = "<Sender><Credential domain=\"N\"><Identity>A</Identity>\
                   <SharedSecret>top secret</SharedSecret></Credential></Sender>\
                   <SharedSecretary>x</SharedSecretary><SharedSecret/><SharedSecret a=\"1\"><![CDATA[s]]></SharedSecret>";
        let r = redact(doc);
        assert!(!r.contains("top secret"));
        assert!(r.contains("<SharedSecret>***</SharedSecret>"));
        assert!(r.contains("<SharedSecretary>x</SharedSecretary>"));
        assert!(r.contains("<SharedSecret a=\"1\">***</SharedSecret>"));
        assert_eq!(redact("<SharedSecret>cut"), "<SharedSecret>***");
        assert_eq!(
            redact("USERNAME=u&PASSWORD=p%26q&HOOK_URL=h"),
            "USERNAME=u&PASSWORD=***&HOOK_URL=h"
        );
    }
}
