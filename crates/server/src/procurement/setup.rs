//! `POST /punchout/cxml`: a cXML `PunchOutSetupRequest` (operations `create`, `edit`,
//! `inspect`) answered with a `PunchOutSetupResponse` whose `StartPage/URL` is a one-time
//! start address, or a `Status` refusal.
//!
//! Read: `Header/From/Credential` and `Header/Sender/Credential/SharedSecret` (the
//! organisation), `cXML@xml:lang` (the language, when `de` or `en`; else the account's),
//! `PunchOutSetupRequest@operation`, `BuyerCookie` (echoed in the cart),
//! `BrowserFormPost/URL` (its origin must be one of the organisation's), `Contact/Name`,
//! `Contact/Email` and `Extrinsic name="UserEmail"` (the banner), `Extrinsic
//! name="ProductLine"` and `ItemOut/ItemID/SupplierPartID` (the product line of a create),
//! `ItemOut/ItemID/SupplierPartAuxiliaryID` (the configuration an edit or inspect reopens).
//! `SupplierSetup/URL` is ignored. Every request is logged with the status answered.
//!
//! The organisation is authenticated behind the desk's throttle (`guard.rs`): a client that
//! must wait gets the cXML 429 and [`Outcome::retry_after`] (HTTP 429, `Retry-After`).

use configurator_api::procurement::{Direction, Flavour, Operation};

use super::envelope::{self, Status};
use super::log::{self, Entry};
use super::orgs::{self, Org};
use super::reference::{self, ReferenceError};
use super::session::{self, Setup};
use super::xml::{self, Element};
use crate::error::ApiResult;
use crate::throttle::Client;
use crate::Desk;

/// The outcome of a setup request: the status, the answer's text, the start page.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// The status answered.
    pub status: Status,
    /// The answer document.
    pub answer: String,
    /// The start page's URL (200 only).
    pub start_page: Option<String>,
    /// With a 429: the seconds the client must wait (HTTP 429 with `Retry-After`).
    pub retry_after: Option<i64>,
}

/// The desk's public origin (where buyers' browsers reach it) and its host.
pub fn public(desk: &Desk) -> (String, String) {
    match desk.public.get().and_then(|p| p.origins().first().cloned()) {
        Some(o) => (o.to_string(), o.host.clone()),
        None => ("http://localhost".to_owned(), "localhost".to_owned()),
    }
}

/// The product line a session shows: `wanted` when it is a catalog the desk has, else the
/// manifest's first line (documented in `docs/procurement.md`).
pub fn catalog_for(desk: &Desk, wanted: &[Option<String>]) -> Option<String> {
    wanted
        .iter()
        .flatten()
        .map(|w| w.trim())
        .find(|w| desk.catalogs.current(w).is_some())
        .map(str::to_owned)
        .or_else(|| {
            desk.catalogs
                .lines()
                .lines
                .iter()
                .map(|l| l.id.clone())
                .find(|id| desk.catalogs.current(id).is_some())
        })
        .or_else(|| {
            desk.catalogs
                .list()
                .first()
                .map(|l| l.engine.catalog().id.clone())
        })
}

/// The language of an `xml:lang` (`de-DE` → `de`), if the desk speaks it.
pub fn language_of(lang: Option<&str>) -> Option<String> {
    let l = lang?.trim().to_ascii_lowercase();
    let primary = l.split(['-', '_']).next().unwrap_or_default();
    matches!(primary, "de" | "en").then(|| primary.to_owned())
}

/// Reads, authenticates (throttled for `client`) and answers a setup request, and logs it.
pub async fn setup(desk: &Desk, client: &Client, body: &str) -> Outcome {
    let (_, host) = public(desk);
    let now = desk.clock.now();
    let (kind, payload, org, retry_after, result) = match run(desk, client, body).await {
        Ok((e, org, url)) => (e.kind, e.payload_id, Some(org.id), None, Ok(url)),
        Err(f) => (
            f.kind.unwrap_or_else(|| "cXML".to_owned()),
            f.payload_id.unwrap_or_default(),
            f.org,
            f.retry_after,
            Err(f.status),
        ),
    };
    let (status, answer, start_page) = match result {
        Ok(url) => {
            let status = Status::new(200, "");
            let response = Element::new("Response")
                .child(envelope::status_element(&status))
                .child(Element::new("PunchOutSetupResponse").child(
                    Element::new("StartPage").child(Element::with_text("URL", url.clone())),
                ));
            let doc = envelope::document(&envelope::root(now, &host, "en", vec![response]));
            (status, doc, Some(url))
        }
        Err(status) => {
            let doc = envelope::status_answer(now, &host, &status);
            (status, doc, None)
        }
    };
    // The log (read by admins and the order desk) keeps the answer without the one-time
    // start token: whoever reads it within 5 minutes must not start the buyer's session.
    let logged = match &start_page {
        Some(url) => answer.replace(url.as_str(), &masked(url)),
        None => answer.clone(),
    };
    let entry = Entry {
        org,
        direction: Direction::In,
        kind: &kind,
        payload_id: &payload,
        body,
        answer: Some(&logged),
        status_code: Some(status.code),
        status_text: &status.text,
        order_id: None,
        url: None,
        delivered_at: None,
    };
    if let Err(e) = log::write_alone(desk, &entry).await {
        eprintln!("configurator-server: the procurement log failed: {e}");
    }
    Outcome {
        status,
        answer,
        start_page,
        retry_after,
    }
}

/// A start page's URL with its token replaced by `***`.
fn masked(url: &str) -> String {
    match url.rsplit_once('/') {
        Some((head, _)) => format!("{head}/***"),
        None => "***".to_owned(),
    }
}

/// A refused setup, with what was learnt before the refusal (for the log).
struct Failed {
    status: Status,
    kind: Option<String>,
    payload_id: Option<String>,
    org: Option<i64>,
    retry_after: Option<i64>,
}

impl From<Status> for Failed {
    fn from(status: Status) -> Failed {
        Failed {
            status,
            kind: None,
            payload_id: None,
            org: None,
            retry_after: None,
        }
    }
}

fn internal(e: crate::error::ApiError) -> Status {
    eprintln!("configurator-server: PunchOut setup: {e}");
    Status::new(500, "the supplier failed; nothing was changed; try again")
}

async fn run(
    desk: &Desk,
    client: &Client,
    body: &str,
) -> Result<(envelope::Envelope, Org, String), Failed> {
    let doc = xml::read(body).map_err(Status::from)?;
    let (env, request) = envelope::read(&doc).map_err(Status::from)?;
    let known = |status: Status, org: Option<i64>| Failed {
        status,
        kind: Some(env.kind.clone()),
        payload_id: Some(env.payload_id.clone()),
        org,
        retry_after: None,
    };
    if env.kind != "PunchOutSetupRequest" {
        return Err(known(
            Status::new(
                400,
                format!(
                    "this address reads PunchOutSetupRequest, not {}; purchase orders go to \
                     /cxml/order",
                    env.kind
                ),
            ),
            None,
        ));
    }
    let org = orgs::authenticate_throttled(desk, client, &env.from, &env.sender)
        .await
        .map_err(|r| Failed {
            retry_after: r.retry_after,
            ..known(r.status, r.org)
        })?;
    let setup = read_setup(desk, &env, request, &org)
        .await
        .map_err(|s| known(s, Some(org.id)))?;
    let now = desk.clock.now();
    let start = {
        let _w = desk.db.writing().await;
        let mut conn = desk
            .db
            .pool
            .acquire()
            .await
            .map_err(|e| known(internal(e.into()), Some(org.id)))?;
        session::open(&mut conn, now, &setup)
            .await
            .map_err(|e| known(internal(e), Some(org.id)))?
    };
    let (origin, _) = public(desk);
    let url = format!("{origin}/punchout/start/{start}");
    Ok((env, org, url))
}

/// The session a setup request asks for, or the status refusing it.
async fn read_setup(
    desk: &Desk,
    env: &envelope::Envelope,
    request: &Element,
    org: &Org,
) -> Result<Setup, Status> {
    let operation = match request.get("operation").map(str::trim) {
        Some("create") => Operation::Create,
        Some("edit") => Operation::Edit,
        Some("inspect") => Operation::Inspect,
        other => {
            return Err(Status::new(
                400,
                format!(
                    "PunchOutSetupRequest@operation must be create, edit or inspect, not {}",
                    other.unwrap_or("missing")
                ),
            ))
        }
    };
    let buyer_cookie = request
        .find("BuyerCookie")
        .map(Element::text_content)
        .ok_or_else(|| Status::new(400, "PunchOutSetupRequest/BuyerCookie is required"))?;
    if buyer_cookie.len() > 1000 {
        return Err(Status::new(
            400,
            "BuyerCookie is longer than 1000 characters",
        ));
    }
    let return_url = request.text_at("BrowserFormPost/URL").unwrap_or_default();
    if return_url.is_empty() && operation != Operation::Inspect {
        return Err(Status::new(
            400,
            "PunchOutSetupRequest/BrowserFormPost/URL is required: the cart is posted there",
        ));
    }
    if !return_url.is_empty() && !org.allows(&return_url) {
        return Err(Status::new(
            403,
            "the BrowserFormPost URL's origin is not one of this organisation's form-post \
             origins: the supplier's admin must add it",
        ));
    }
    let extrinsic = |name: &str| {
        request
            .all("Extrinsic")
            .find(|e| e.get("name").is_some_and(|n| n.eq_ignore_ascii_case(name)))
            .map(Element::text_content)
            .filter(|t| !t.is_empty())
    };
    let contact = request
        .first("Contact")
        .and_then(|c| c.text_at("Name").or_else(|| c.text_at("Email")))
        .or_else(|| extrinsic("UserEmail"))
        .map(|c| c.chars().take(200).collect());
    let language = language_of(env.lang.as_deref()).unwrap_or_else(|| org.language.clone());
    let items: Vec<&Element> = request.all("ItemOut").collect();
    let (edit_quote, catalog, kept) = match operation {
        Operation::Create => {
            let part = items
                .iter()
                .find_map(|i| i.text_at("ItemID/SupplierPartID"));
            let catalog = catalog_for(desk, &[part, extrinsic("ProductLine")])
                .ok_or_else(|| Status::new(500, "the supplier has no product line to offer"))?;
            (None, catalog, Vec::new())
        }
        Operation::Edit | Operation::Inspect => reopen(desk, &items, org).await?,
    };
    let kept_items = serde_json::to_string(&kept)
        .map_err(|e| internal(crate::error::ApiError::Internal(e.to_string())))?;
    Ok(Setup {
        org: org.id,
        flavour: Flavour::Cxml,
        operation,
        buyer_cookie,
        return_url,
        target: None,
        language,
        contact,
        catalog,
        edit_quote,
        kept_items,
    })
}

/// The quote an edit or inspect reopens (the first `ItemOut` whose auxiliary id is this
/// supplier's), its product line, and the other items (as XML) an edit keeps.
async fn reopen(
    desk: &Desk,
    items: &[&Element],
    org: &Org,
) -> Result<(Option<i64>, String, Vec<String>), Status> {
    let key = reference::key_alone(desk).await.map_err(internal)?;
    let mut found: Option<(i64, String)> = None;
    let mut kept = Vec::new();
    for item in items {
        let aux = item
            .text_at("ItemID/SupplierPartAuxiliaryID")
            .unwrap_or_default();
        match reference::verify(&key, &aux) {
            Ok(r) if found.is_none() => {
                found = Some(quote_of(desk, &r, org).await?);
            }
            Err(ReferenceError::Forged) => {
                return Err(Status::new(
                    400,
                    "an ItemOut's SupplierPartAuxiliaryID was changed or forged: its signature \
                     does not match",
                ))
            }
            _ => kept.push(xml::write(None, item)),
        }
    }
    let (id, catalog) = found.ok_or_else(|| {
        Status::new(
            400,
            "no ItemOut names a configuration of this supplier \
             (ItemID/SupplierPartAuxiliaryID): nothing to reopen",
        )
    })?;
    Ok((Some(id), catalog, kept))
}

/// The quote a verified reference names, if it is the organisation's account's.
async fn quote_of(
    desk: &Desk,
    r: &reference::Reference,
    org: &Org,
) -> Result<(i64, String), Status> {
    let row: ApiResult<Option<sqlx::any::AnyRow>> =
        sqlx::query("SELECT id, catalog_id FROM quotes WHERE number = $1 AND account_id = $2")
            .bind(&r.quote)
            .bind(org.account)
            .fetch_optional(&desk.db.pool)
            .await
            .map_err(Into::into);
    use sqlx::Row;
    match row.map_err(internal)? {
        Some(row) => Ok((
            row.try_get("id").map_err(|e| internal(e.into()))?,
            row.try_get("catalog_id").map_err(|e| internal(e.into()))?,
        )),
        None => Err(Status::new(
            404,
            format!(
                "there is no configuration {} for this organisation",
                r.quote
            ),
        )),
    }
}

/// The setup request a procurement system would send (the admins' "test" button): the
/// organisation's first identity as `From` and `Sender`, `secret` as the shared secret, a
/// `create` with `form_post_url`.
pub fn test_request(
    desk: &Desk,
    identity: (&str, &str),
    secret: &str,
    form_post_url: &str,
) -> String {
    let (_, host) = public(desk);
    let now = desk.clock.now();
    let (domain, id) = identity;
    let header = Element::new("Header")
        .child(Element::new("From").child(envelope::credential(domain, id, None)))
        .child(Element::new("To").child(envelope::credential("DomainName", &host, None)))
        .child(
            Element::new("Sender")
                .child(envelope::credential(domain, id, Some(secret)))
                .child(Element::with_text(
                    "UserAgent",
                    "Quote desk connection test",
                )),
        );
    let request = Element::new("Request")
        .attr("deploymentMode", "test")
        .child(
            Element::new("PunchOutSetupRequest")
                .attr("operation", "create")
                .child(Element::with_text("BuyerCookie", "connection-test"))
                .child(
                    Element::new("BrowserFormPost").child(Element::with_text("URL", form_post_url)),
                )
                .child(Element::new("SupplierSetup").child(Element::with_text(
                    "URL",
                    format!("https://{host}/punchout/cxml"),
                ))),
        );
    envelope::document(&envelope::root(now, &host, "en-US", vec![header, request]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages() {
        assert_eq!(language_of(Some("de-DE")).as_deref(), Some("de"));
        assert_eq!(language_of(Some("EN_us")).as_deref(), Some("en"));
        assert_eq!(language_of(Some("fr-FR")), None);
        assert_eq!(language_of(None), None);
    }
}
