//! SAP OCI (Open Catalog Interface 4.0/5.0), the second PunchOut flavour.
//!
//! Setup (`GET` or `POST /punchout/oci`): `USERNAME` (the organisation's OCI user name) and
//! `PASSWORD` (its shared secret), `HOOK_URL` (where the cart goes: its origin must be one of
//! the organisation's), optional `~TARGET`, `~OkCode`, `~caller` (echoed with the cart),
//! `FUNCTION` = `DETAIL` (inspect) or `VALIDATE` (edit) with `PRODUCTID` = a signed reference.
//! The answer is a 303 to the same start page as cXML's (a session of flavour `oci`).
//!
//! The organisation is authenticated behind the desk's throttle (`guard.rs`): a client that
//! must wait is refused with 429 and the seconds to wait ([`Refused::retry_after`]).
//!
//! The cart: the `NEW_ITEM-…[1]` fields of line 1 (see [`cart_fields`]).

use std::collections::BTreeMap;

use configurator_api::procurement::{Direction, Flavour, FormField, Operation};

use super::envelope::Status;
use super::log::{self, Entry};
use super::orgs::{self, Org, Refused};
use super::reference::{self, ReferenceError};
use super::session::{self, Session, Setup};
use super::setup::{catalog_for, language_of, public};
use super::transfer::Made;
use crate::throttle::Client;
use crate::Desk;

/// The fields echoed from the setup into the cart.
const ECHOED: &[&str] = &["~OkCode", "~caller"];

/// The outcome of an OCI setup: where to send the browser, or the refusal (its status, and
/// with a 429 the seconds to wait).
pub type Outcome = Result<String, Refused>;

/// Reads an OCI setup (its form or query fields) from `client`, logs it and opens the
/// session; the start address (relative) or the refusal.
pub async fn setup(desk: &Desk, client: &Client, fields: &[(String, String)]) -> Outcome {
    let (org, result) = match run(desk, client, fields).await {
        Ok((org, url)) => (Some(org), Ok(url)),
        Err(r) => (r.org, Err(r)),
    };
    let body = fields
        .iter()
        .fold(
            form_urlencoded::Serializer::new(String::new()),
            |mut f, (k, v)| {
                f.append_pair(k, v);
                f
            },
        )
        .finish();
    let (code, text) = match &result {
        Ok(_) => (200, String::new()),
        Err(r) => (r.status.code, r.status.text.clone()),
    };
    let entry = Entry {
        org,
        direction: Direction::In,
        kind: "OCI setup",
        payload_id: "",
        body: &body,
        answer: None,
        status_code: Some(code),
        status_text: &text,
        order_id: None,
        url: None,
        delivered_at: None,
    };
    if let Err(e) = log::write_alone(desk, &entry).await {
        eprintln!("configurator-server: the procurement log failed: {e}");
    }
    result
}

fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
        .filter(|v| !v.trim().is_empty())
}

async fn run(
    desk: &Desk,
    client: &Client,
    fields: &[(String, String)],
) -> Result<(i64, String), Refused> {
    let username = field(fields, "USERNAME").unwrap_or_default();
    let password = field(fields, "PASSWORD").unwrap_or_default();
    let org = orgs::authenticate_oci_throttled(desk, client, username, password).await?;
    let fail = |status: Status| Refused {
        status,
        org: Some(org.id),
        retry_after: None,
    };
    let hook = field(fields, "HOOK_URL")
        .ok_or_else(|| {
            fail(Status::new(
                400,
                "HOOK_URL is required: the cart is posted there",
            ))
        })?
        .trim()
        .to_owned();
    if !org.allows(&hook) {
        return Err(fail(Status::new(
            403,
            "the HOOK_URL's origin is not one of this organisation's form-post origins: the \
             supplier's admin must add it",
        )));
    }
    let (operation, edit_quote, catalog) = match field(fields, "FUNCTION")
        .map(str::to_ascii_uppercase)
    {
        None => {
            let catalog = catalog_for(desk, &[field(fields, "PRODUCTID").map(str::to_owned)])
                .ok_or_else(|| {
                    fail(Status::new(
                        500,
                        "the supplier has no product line to offer",
                    ))
                })?;
            (Operation::Create, None, catalog)
        }
        Some(f) if f == "DETAIL" || f == "VALIDATE" => {
            let (id, catalog) = reopen(desk, &org, field(fields, "PRODUCTID").unwrap_or_default())
                .await
                .map_err(fail)?;
            let op = if f == "DETAIL" {
                Operation::Inspect
            } else {
                Operation::Edit
            };
            (op, Some(id), catalog)
        }
        Some(f) => {
            return Err(fail(Status::new(
                400,
                format!("FUNCTION {f} is not offered: only DETAIL and VALIDATE"),
            )))
        }
    };
    let echoed: BTreeMap<&str, &str> = ECHOED
        .iter()
        .filter_map(|k| field(fields, k).map(|v| (*k, v)))
        .collect();
    let setup = Setup {
        org: org.id,
        flavour: Flavour::Oci,
        operation,
        buyer_cookie: String::new(),
        return_url: hook,
        target: field(fields, "~TARGET").map(str::to_owned),
        language: language_of(field(fields, "~language").or(field(fields, "LANGUAGE")))
            .unwrap_or_else(|| org.language.clone()),
        contact: Some(username.to_owned()),
        catalog,
        edit_quote,
        kept_items: serde_json::to_string(&echoed).unwrap_or_else(|_| "{}".into()),
    };
    let now = desk.clock.now();
    let _w = desk.db.writing().await;
    let internal = |e: crate::error::ApiError| {
        eprintln!("configurator-server: OCI setup: {e}");
        fail(Status::new(500, "the supplier failed; try again"))
    };
    let mut conn = desk
        .db
        .pool
        .acquire()
        .await
        .map_err(|e| internal(e.into()))?;
    let start = session::open(&mut conn, now, &setup)
        .await
        .map_err(internal)?;
    Ok((org.id, format!("/punchout/start/{start}")))
}

/// The quote a `PRODUCTID` names, if it is signed and the organisation's account's.
async fn reopen(desk: &Desk, org: &Org, product: &str) -> Result<(i64, String), Status> {
    let internal = |e: crate::error::ApiError| {
        eprintln!("configurator-server: OCI setup: {e}");
        Status::new(500, "the supplier failed; try again")
    };
    let key = reference::key_alone(desk).await.map_err(internal)?;
    let r = reference::verify(&key, product).map_err(|e| match e {
        ReferenceError::Forged => Status::new(400, format!("PRODUCTID: {e}")),
        ReferenceError::Malformed => Status::new(400, format!("PRODUCTID: {e}")),
    })?;
    use sqlx::Row;
    let row =
        sqlx::query("SELECT id, catalog_id FROM quotes WHERE number = $1 AND account_id = $2")
            .bind(&r.quote)
            .bind(org.account)
            .fetch_optional(&desk.db.pool)
            .await
            .map_err(|e| internal(e.into()))?
            .ok_or_else(|| Status::new(404, format!("there is no configuration {}", r.quote)))?;
    Ok((
        row.try_get("id").map_err(|e| internal(e.into()))?,
        row.try_get("catalog_id").map_err(|e| internal(e.into()))?,
    ))
}

/// The cart of line 1 as OCI fields, then the echoed `~OkCode`, `~TARGET`, `~caller`.
pub fn cart_fields(s: &Session, made: &Made) -> Vec<FormField> {
    let (net, currency) = made.net();
    let unspsc = made.unspsc.clone().unwrap_or_default();
    let bom: Vec<String> = made
        .quote
        .lines
        .iter()
        .map(|l| {
            let sku = if l.sku.is_empty() { &l.item } else { &l.sku };
            format!("{} x {} ({sku})", l.quantity, l.name)
        })
        .collect();
    let mut out: Vec<(String, String)> = vec![
        ("NEW_ITEM-DESCRIPTION[1]".into(), made.description(40)),
        ("NEW_ITEM-QUANTITY[1]".into(), "1".into()),
        ("NEW_ITEM-UNIT[1]".into(), made.unit.clone()),
        ("NEW_ITEM-PRICE[1]".into(), net),
        ("NEW_ITEM-PRICEUNIT[1]".into(), "1".into()),
        ("NEW_ITEM-CURRENCY[1]".into(), currency),
        (
            "NEW_ITEM-VENDORMAT[1]".into(),
            made.quote.catalog.id.clone(),
        ),
        ("NEW_ITEM-MATGROUP[1]".into(), unspsc.clone()),
        ("NEW_ITEM-EXT_CATEGORY_ID[1]".into(), unspsc),
        ("NEW_ITEM-EXT_SCHEMA_TYPE[1]".into(), "UNSPSC".into()),
        ("NEW_ITEM-EXT_PRODUCT_ID[1]".into(), made.reference.clone()),
        ("NEW_ITEM-EXT_QUOTE_ID[1]".into(), made.number.clone()),
        ("NEW_ITEM-LEADTIME[1]".into(), made.lead_days().to_string()),
        ("NEW_ITEM-LONGTEXT_1:132[]".into(), bom.join("\n")),
    ];
    let echoed: BTreeMap<String, String> =
        serde_json::from_str(&s.setup.kept_items).unwrap_or_default();
    if let Some(v) = echoed.get("~OkCode") {
        out.push(("~OkCode".into(), v.clone()));
    }
    if let Some(t) = &s.setup.target {
        out.push(("~TARGET".into(), t.clone()));
    }
    if let Some(v) = echoed.get("~caller") {
        out.push(("~caller".into(), v.clone()));
    }
    out.into_iter()
        .map(|(name, value)| FormField { name, value })
        .collect()
}

/// Where the start address points, made absolute for a cross-site redirect.
pub fn absolute(desk: &Desk, path: &str) -> String {
    format!("{}{path}", public(desk).0)
}
