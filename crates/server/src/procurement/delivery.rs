//! The procurement outbox: our confirmations and ship notices, durable. A document is written
//! into `procurement_documents` (direction `out`, its `url`, due at once) in the same
//! transaction as the order step that causes it (`notices::on_step`), and a background task
//! ([`run`], one per process, like the mail sender) posts it as `text/xml; charset=UTF-8`.
//!
//! Delivered: an HTTP 2xx answer whose cXML `Status@code` is 200, 201 or 204. Anything else
//! (another code, no cXML, a refused connection, no answer within 10 s) is retried with
//! exponential backoff: first after `--cxml-retry` seconds (30), doubled each time, at most an
//! hour apart, given up after `--cxml-attempts` attempts (12) with the last reason kept. A
//! document is claimed with a conditional update before it is sent (`claimed_until`), so
//! several processes never send it at once, and a process that dies mid-send leaves it due
//! again once the claim lapses: delivery is at least once, and a restart resumes it.
//!
//! The stored document carries `***` for the `SharedSecret`: the organisation's outbound
//! secret is filled in when it is sent ([`fill_secret`]), so no secret is ever stored in the
//! log, and a secret changed meanwhile is the one sent.

use std::sync::Arc;
use std::time::Duration;

use quick_xml::events::{BytesText, Event};
use quick_xml::{Reader, Writer};
use sqlx::{Any, Row, Transaction};
use tokio::sync::Notify;

use super::notices::Party;
use crate::error::{ApiError, ApiResult};
use crate::Desk;

/// How long one POST may take.
pub const SEND_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a claim lasts: longer than a POST may take, so that another process takes a
/// document over only from one that died.
const LEASE: i64 = 30;

/// How many documents one round claims.
const BATCH: i64 = 20;

/// The most of an answer we read and keep.
const MAX_ANSWER: usize = 64 * 1024;

/// The longest backoff between two attempts.
const MAX_DELAY: i64 = 3600;

/// The settings of the documents we send (`--cxml-identity`, `--cxml-retry`,
/// `--cxml-attempts`).
#[derive(Clone, Debug)]
pub struct Config {
    /// Our credential in `From` and `Sender` (`DOMAIN:IDENTITY`, e.g. `NetworkID:AN0100…` or
    /// `DUNS:123456789`).
    pub identity: Party,
    /// The first retry's delay in seconds (then doubled, up to an hour).
    pub retry_seconds: i64,
    /// Attempts before a document is given up.
    pub max_attempts: i64,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            identity: Party {
                domain: "NetworkID".into(),
                identity: "configurator-quote-desk".into(),
            },
            retry_seconds: 30,
            max_attempts: 12,
        }
    }
}

impl Config {
    /// Reads `DOMAIN:IDENTITY` (`--cxml-identity`).
    pub fn identity_from(text: &str) -> Result<Party, String> {
        let (domain, identity) = text
            .split_once(':')
            .ok_or_else(|| format!("`{text}`: expected DOMAIN:IDENTITY, e.g. DUNS:123456789"))?;
        let ok = |s: &str| !s.trim().is_empty() && s.len() <= 200 && !s.contains(char::is_control);
        if !ok(domain) || !ok(identity) {
            return Err(format!(
                "`{text}`: a domain and an identity, each 1 to 200 characters"
            ));
        }
        Ok(Party {
            domain: domain.trim().to_owned(),
            identity: identity.trim().to_owned(),
        })
    }
}

/// The outbox's state in the desk: its settings and the sender's wake-up call.
#[derive(Debug)]
pub struct Outbound {
    /// The settings.
    pub config: Config,
    wake: Notify,
}

impl Outbound {
    /// The outbox with `config`.
    pub fn new(config: Config) -> Outbound {
        Outbound {
            config,
            wake: Notify::new(),
        }
    }

    /// Our credential.
    pub fn identity(&self) -> Party {
        self.config.identity.clone()
    }

    /// The host part of our `payloadID`s.
    pub fn host(&self) -> String {
        let id: String = self
            .config
            .identity
            .identity
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.'))
            .collect();
        if id.is_empty() {
            "configurator".into()
        } else {
            id
        }
    }

    /// Tells the sender a document is waiting (after the transaction that wrote it).
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    async fn sleep(&self, seconds: u64) {
        let _ = tokio::time::timeout(Duration::from_secs(seconds), self.wake.notified()).await;
    }
}

/// A document to send.
#[derive(Clone, Copy, Debug)]
pub struct Outgoing<'a> {
    /// The organisation.
    pub org: i64,
    /// The order it is about.
    pub order: Option<i64>,
    /// `ConfirmationRequest`, `ShipNoticeRequest`.
    pub kind: &'a str,
    /// Its `payloadID`.
    pub payload_id: &'a str,
    /// The document (`SharedSecret` as `***`).
    pub body: &'a str,
    /// Where it goes.
    pub url: &'a str,
}

/// Writes `doc` into the outbox inside `tx` (the order step's own transaction): due now.
pub async fn enqueue(
    tx: &mut Transaction<'_, Any>,
    now: i64,
    doc: &Outgoing<'_>,
) -> ApiResult<i64> {
    let id: i64 = sqlx::query(
        "INSERT INTO procurement_documents (org_id, direction, kind, payload_id, body, \
         body_sha256, status_text, order_id, url, attempts, next_attempt, created_at) \
         VALUES ($1, 'out', $2, $3, $4, $5, 'waiting', $6, $7, 0, $8, $8) RETURNING id",
    )
    .bind(doc.org)
    .bind(doc.kind)
    .bind(doc.payload_id)
    .bind(doc.body)
    .bind(crate::auth::token_hash(doc.body))
    .bind(doc.order)
    .bind(doc.url)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?
    .try_get("id")?;
    Ok(id)
}

/// A document the sender has claimed.
#[derive(Debug)]
pub struct Claimed {
    /// Its log id.
    pub id: i64,
    /// Attempts so far, this one included.
    pub attempts: i64,
    /// Where it goes.
    pub url: String,
    /// The document as stored.
    pub body: String,
    /// The organisation's outbound secret, if set.
    pub secret: Option<String>,
}

/// Claims up to `limit` due documents for [`LEASE`] seconds, each with a conditional update
/// (of several processes only one sends a document).
pub async fn claim_due(desk: &Desk, limit: i64) -> ApiResult<Vec<Claimed>> {
    let now = desk.clock.now();
    let rows = sqlx::query(
        "SELECT d.id, d.attempts, d.next_attempt, d.url, d.body, b.outbound_secret \
         FROM procurement_documents d JOIN buyer_orgs b ON b.id = d.org_id \
         WHERE d.direction = 'out' AND d.delivered_at IS NULL AND d.url IS NOT NULL \
         AND d.next_attempt <= $1 ORDER BY d.next_attempt, d.id LIMIT $2",
    )
    .bind(now)
    .bind(limit)
    .fetch_all(&desk.db.pool)
    .await?;
    let mut claimed = Vec::new();
    for r in &rows {
        let id: i64 = r.try_get("id")?;
        let seen: i64 = r.try_get("next_attempt")?;
        let attempts = r.try_get::<i64, _>("attempts")? + 1;
        let won = {
            let _w = desk.db.writing().await;
            sqlx::query(
                "UPDATE procurement_documents SET attempts = $1, next_attempt = $2, \
                 claimed_until = $2 WHERE id = $3 AND delivered_at IS NULL AND next_attempt = $4",
            )
            .bind(attempts)
            .bind(now + LEASE)
            .bind(id)
            .bind(seen)
            .execute(&desk.db.pool)
            .await?
            .rows_affected()
                == 1
        };
        if won {
            claimed.push(Claimed {
                id,
                attempts,
                url: r.try_get("url")?,
                body: r.try_get("body")?,
                secret: r
                    .try_get::<Option<String>, _>("outbound_secret")?
                    .filter(|s| !s.is_empty()),
            });
        }
    }
    Ok(claimed)
}

/// Whether `url` is one we post to: `https://`, or `http://` to a loopback host only.
pub fn allowed_url(url: &str) -> Result<reqwest::Url, String> {
    let u = reqwest::Url::parse(url).map_err(|e| format!("`{url}` is not a URL: {e}"))?;
    let host = u.host_str().unwrap_or_default();
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let loopback = host.eq_ignore_ascii_case("localhost")
        || bare
            .parse::<std::net::IpAddr>()
            .is_ok_and(|a| a.is_loopback());
    match u.scheme() {
        "https" if !host.is_empty() => Ok(u),
        "http" if loopback => Ok(u),
        "http" => Err(format!(
            "`{url}`: plain http only to this machine (loopback); use https"
        )),
        _ => Err(format!("`{url}`: only http(s) URLs")),
    }
}

/// The stored document with the organisation's outbound secret in place of `***` in
/// `SharedSecret` (the element dropped when none is set): an XML rewrite with quick-xml,
/// the secret escaped by it.
pub fn fill_secret(body: &str, secret: Option<&str>) -> Result<String, String> {
    let mut reader = Reader::from_str(body);
    let mut writer = Writer::new(Vec::new());
    let mut inside = false;
    loop {
        let event = reader.read_event().map_err(|e| e.to_string())?;
        match event {
            Event::Eof => break,
            Event::Start(s) if s.name().as_ref() == b"SharedSecret" => {
                inside = true;
                if secret.is_some() {
                    writer
                        .write_event(Event::Start(s))
                        .map_err(|e| e.to_string())?;
                }
            }
            Event::End(e) if inside && e.name().as_ref() == b"SharedSecret" => {
                inside = false;
                if let Some(s) = secret {
                    writer
                        .write_event(Event::Text(BytesText::new(s)))
                        .map_err(|e| e.to_string())?;
                    writer
                        .write_event(Event::End(e))
                        .map_err(|e| e.to_string())?;
                }
            }
            _ if inside => {}
            other => writer.write_event(other).map_err(|e| e.to_string())?,
        }
    }
    String::from_utf8(writer.into_inner()).map_err(|e| e.to_string())
}

/// The cXML `Status` (code, text) of an answer, if it is one (read by the safe reader).
pub fn answer_status(answer: &str) -> Option<(u16, String)> {
    super::envelope::read_status(answer)
        .ok()
        .map(|s| (s.code, s.text))
}

/// How one attempt went.
#[derive(Debug)]
enum Outcome {
    /// Delivered: the cXML status.
    Delivered(u16, String, String),
    /// Not: why, and the cXML status and answer if any.
    Failed(String, Option<u16>, Option<String>),
}

/// Posts one claimed document.
async fn post(http: &reqwest::Client, c: &Claimed) -> Outcome {
    let url = match allowed_url(&c.url) {
        Ok(u) => u,
        Err(e) => return Outcome::Failed(e, None, None),
    };
    let body = match fill_secret(&c.body, c.secret.as_deref()) {
        Ok(b) => b,
        Err(e) => return Outcome::Failed(format!("the stored document: {e}"), None, None),
    };
    let sent = http
        .post(url)
        .header("Content-Type", "text/xml; charset=UTF-8")
        .body(body)
        .send()
        .await;
    let response = match sent {
        Ok(r) => r,
        Err(e) if e.is_timeout() => {
            return Outcome::Failed(
                format!("no answer within {} s", SEND_TIMEOUT.as_secs()),
                None,
                None,
            )
        }
        Err(e) => return Outcome::Failed(format!("cannot reach it: {e}"), None, None),
    };
    let http_status = response.status();
    let bytes = match response.bytes().await {
        Ok(b) => b,
        Err(e) => return Outcome::Failed(format!("reading the answer: {e}"), None, None),
    };
    let answer = String::from_utf8_lossy(&bytes[..bytes.len().min(MAX_ANSWER)]).into_owned();
    match answer_status(&answer) {
        Some((code, text)) if http_status.is_success() && matches!(code, 200 | 201 | 204) => {
            Outcome::Delivered(code, text, answer)
        }
        Some((code, text)) => Outcome::Failed(
            format!("HTTP {}, cXML status {code} {text}", http_status.as_u16()),
            Some(code),
            Some(answer),
        ),
        None => Outcome::Failed(
            format!("HTTP {} without a cXML status", http_status.as_u16()),
            None,
            Some(answer),
        ),
    }
}

/// The delay before attempt `attempts + 1`: `2^(attempts-1) × first`, at most an hour.
pub fn backoff(first: i64, attempts: i64) -> i64 {
    let exponent = u32::try_from(attempts.clamp(1, 30) - 1).unwrap_or(0);
    first
        .max(1)
        .saturating_mul(1i64.checked_shl(exponent).unwrap_or(i64::MAX))
        .min(MAX_DELAY)
}

/// Records the outcome of an attempt.
async fn record(desk: &Desk, c: &Claimed, outcome: Outcome) -> ApiResult<()> {
    let now = desk.clock.now();
    let _w = desk.db.writing().await;
    match outcome {
        Outcome::Delivered(code, text, answer) => {
            sqlx::query(
                "UPDATE procurement_documents SET delivered_at = $1, status_code = $2, \
                 status_text = $3, answer = $4, next_attempt = NULL, claimed_until = NULL \
                 WHERE id = $5",
            )
            .bind(now)
            .bind(i64::from(code))
            .bind(if text.is_empty() {
                "OK".to_owned()
            } else {
                text
            })
            .bind(answer)
            .bind(c.id)
            .execute(&desk.db.pool)
            .await?;
        }
        Outcome::Failed(why, code, answer) => {
            let max = desk.cxml.config.max_attempts.max(1);
            let (next, text) = if c.attempts >= max {
                (
                    None,
                    format!("given up after {} attempts: {why}", c.attempts),
                )
            } else {
                let delay = backoff(desk.cxml.config.retry_seconds, c.attempts);
                (
                    Some(now + delay),
                    format!("attempt {} failed: {why}", c.attempts),
                )
            };
            let text: String = text.chars().take(1000).collect();
            sqlx::query(
                "UPDATE procurement_documents SET next_attempt = $1, status_code = $2, \
                 status_text = $3, answer = $4, claimed_until = NULL \
                 WHERE id = $5 AND delivered_at IS NULL",
            )
            .bind(next)
            .bind(code.map(i64::from))
            .bind(text)
            .bind(answer)
            .bind(c.id)
            .execute(&desk.db.pool)
            .await?;
        }
    }
    Ok(())
}

/// The HTTP client of the outbox: 10 s per request, no redirects followed (a document goes
/// to the URL the organisation gave, nowhere else).
pub fn client() -> Result<reqwest::Client, ApiError> {
    reqwest::Client::builder()
        .timeout(SEND_TIMEOUT)
        .connect_timeout(SEND_TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(super::notices::USER_AGENT)
        .build()
        .map_err(|e| ApiError::Internal(format!("the procurement outbox's client: {e}")))
}

/// Runs until the process ends: sends what is due, then sleeps until woken or the next poll.
pub async fn run(desk: Arc<Desk>) {
    let http = match client() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("configurator-server: cXML documents are not sent: {e}");
            return;
        }
    };
    let poll = u64::try_from(desk.cxml.config.retry_seconds.clamp(1, 10)).unwrap_or(10);
    loop {
        match claim_due(&desk, BATCH).await {
            Ok(batch) => {
                let full = batch.len() as i64 == BATCH;
                for c in batch {
                    let outcome = post(&http, &c).await;
                    if let Err(e) = record(&desk, &c, outcome).await {
                        eprintln!("configurator-server: cXML document {}: {e}", c.id);
                    }
                }
                if full {
                    continue;
                }
            }
            Err(e) => eprintln!("configurator-server: cXML outbox: {e}"),
        }
        desk.cxml.sleep(poll).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        assert_eq!(backoff(30, 1), 30);
        assert_eq!(backoff(30, 2), 60);
        assert_eq!(backoff(30, 5), 480);
        assert_eq!(backoff(30, 8), 3600);
        assert_eq!(backoff(30, 40), 3600);
        assert_eq!(backoff(0, 1), 1);
    }

    #[test]
    fn only_https_or_loopback_http() {
        assert!(allowed_url("https://buyer.example/cxml").is_ok());
        assert!(allowed_url("http://127.0.0.1:9000/x").is_ok());
        assert!(allowed_url("http://[::1]:9000/x").is_ok());
        assert!(allowed_url("http://localhost/x").is_ok());
        assert!(allowed_url("http://buyer.example/cxml").is_err());
        assert!(allowed_url("ftp://127.0.0.1/x").is_err());
        assert!(allowed_url("file:///etc/passwd").is_err());
    }

    #[test]
    fn the_secret_is_filled_in_escaped_or_dropped() {
        let body = "<?xml version=\"1.0\"?><cXML><Header><Sender><Credential domain=\"d\">\
                    <Identity>i</Identity><SharedSecret>***</SharedSecret></Credential>\
                    </Sender></Header></cXML>";
        let filled = fill_secret(body, Some("a<b&c")).unwrap();
        assert!(
            filled.contains("<SharedSecret>a&lt;b&amp;c</SharedSecret>"),
            "{filled}"
        );
        assert!(!filled.contains("***"));
        let dropped = fill_secret(body, None).unwrap();
        assert!(!dropped.contains("SharedSecret"), "{dropped}");
        assert!(
            dropped.contains("<Identity>i</Identity></Credential>"),
            "{dropped}"
        );
    }

    #[test]
    fn answers_are_read_for_their_status() {
        let ok = "<?xml version=\"1.0\"?><cXML><Response><Status code=\"200\" text=\"OK\"/>\
                  </Response></cXML>";
        assert_eq!(answer_status(ok), Some((200, String::new())));
        assert_eq!(answer_status("<html>busy</html>"), None);
        assert_eq!(answer_status("not xml at all <"), None);
    }
}
