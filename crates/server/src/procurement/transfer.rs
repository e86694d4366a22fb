//! `POST /punchout/s/{token}/transfer`: the configured product into the procurement system's
//! cart.
//!
//! The browser sends only the choices; the server prices them with the engine at the
//! account's contract prices (its price book and partner tier, no deal) and stores them as a
//! QUOTE on the desk (owned by the organisation's owner, for its account, status `sent`),
//! whose signed reference goes into the cart. The cart is a cXML `PunchOutOrderMessage`
//! (posted by the browser in the form field `cxml-urlencoded`) or OCI `NEW_ITEM-…` fields
//! (`oci.rs`); it is logged as a document out.
//!
//! One configured product is one `ItemIn` of quantity 1 at the quote's contract value. With
//! the organisation's `sub_items` on, it is a `composite` item of `compositeItemType=
//! "groupLevel"` (the group's price counts; its lines are informational children with
//! `parentLineNumber`), so the cart's total counts the configured product once.

use configurator_api::procurement::{Direction, Flavour, FormField, Operation, TransferForm};
use configurator_engine::money::{Currency, Money};
use configurator_engine::quote::{self, Quote, QuoteMeta, QuoteStatus};

use super::envelope;
use super::log::{self, Entry};
use super::oci;
use super::reference::{self, Reference};
use super::session::Session;
use super::setup::public;
use super::xml::{self, Element};
use crate::auth::{user_from_row, User};
use crate::error::{ApiError, ApiResult};
use crate::portal::configurations::{context, pricing};
use crate::quotes;
use crate::{audit, Desk};

/// The longest choices text read.
const MAX_CHOICES: usize = 64 * 1024;

/// What a transfer made: the quote and its cart line's facts.
pub struct Made {
    /// The quote as stored (recomputed).
    pub quote: Quote,
    /// Its number.
    pub number: String,
    /// The signed reference.
    pub reference: String,
    /// The product line's name.
    pub line_name: String,
    /// The catalog's UNSPSC code, if any.
    pub unspsc: Option<String>,
    /// The catalog's unit of measure.
    pub unit: String,
    /// Each quote line's UNSPSC (its item's, else the catalog's).
    pub line_unspsc: Vec<Option<String>>,
}

impl Made {
    /// The description: the product line's name and the configuration's main choices.
    pub fn description(&self, max: usize) -> String {
        let main: Vec<&str> = self
            .quote
            .lines
            .iter()
            .filter(|l| l.parent.is_none())
            .map(|l| l.name.as_str())
            .collect();
        let text = if main.is_empty() {
            self.line_name.clone()
        } else {
            format!("{}: {}", self.line_name, main.join(", "))
        };
        text.chars().take(max).collect()
    }

    /// The longest lead time of the lines, in days.
    pub fn lead_days(&self) -> u32 {
        self.quote
            .lines
            .iter()
            .map(|l| l.lead_days)
            .max()
            .unwrap_or(0)
    }

    /// The contract value as plain text (`1234.50`) and the currency code.
    pub fn net(&self) -> (String, String) {
        let t = &self.quote.totals;
        (
            t.contract_value.to_plain_string(&t.currency),
            t.currency.code().to_owned(),
        )
    }
}

/// The owner of an organisation's quotes as a desk user.
async fn owner(desk: &Desk, id: i64) -> ApiResult<User> {
    let r = sqlx::query("SELECT id, name, role, team FROM users WHERE id = $1")
        .bind(id)
        .fetch_one(&desk.db.pool)
        .await?;
    user_from_row(&r)
}

/// Prices `choices` at the account's contract prices and stores the quote (sent).
pub async fn make_quote(desk: &Desk, s: &Session, choices: &str) -> ApiResult<Made> {
    if choices.len() > MAX_CHOICES {
        return Err(ApiError::Unprocessable(format!(
            "`choices`: at most {MAX_CHOICES} bytes"
        )));
    }
    let current = desk
        .catalogs
        .current(&s.setup.catalog)
        .ok_or_else(|| ApiError::Unprocessable(format!("no catalog `{}`", s.setup.catalog)))?;
    let catalog = current.engine.catalog();
    let user = owner(desk, s.org.owner).await?;
    let contract = pricing(desk, s.org.account).await?;
    let read = quote::choices_from_json(choices)
        .map_err(|e| ApiError::Unprocessable(format!("`choices`: {e}")))?;
    let resolved = quote::resolve(catalog, &read)
        .map_err(|e| ApiError::Unprocessable(format!("`choices`: {e}")))?;
    let meta = QuoteMeta {
        customer: s.org.account_name.clone(),
        prepared_by: user.name.clone(),
        notes: match &s.setup.contact {
            Some(c) => format!("PunchOut: {} ({c})", s.org.name),
            None => format!("PunchOut: {}", s.org.name),
        },
        ..QuoteMeta::default()
    };
    let built = quote::build(
        &current.engine,
        &resolved,
        &context(catalog, &contract),
        meta,
    )
    .map_err(|e| ApiError::Unprocessable(format!("`choices`: {e}")))?;
    if built.status != QuoteStatus::Complete {
        return Err(ApiError::Unprocessable(format!(
            "the configuration is not complete and valid ({}): finish it before transferring",
            built.status.name()
        )));
    }
    let (mut checked, measured) =
        quotes::check_and_measure(desk, &built.to_json(), Some(s.org.account), user.role).await?;
    let now = desk.clock.now();
    let actor = format!("procurement: {}", s.org.name);
    let w = desk.db.writing().await;
    let mut tx = desk.db.pool.begin().await?;
    let (id, number) = quotes::insert_new(
        &mut tx,
        desk,
        &user,
        &actor,
        &mut checked,
        &measured,
        Some(s.org.account),
        None,
    )
    .await?;
    // No deal: the account's own contract prices, which need no approval.
    sqlx::query("UPDATE quotes SET status = 'sent', updated_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        now,
        &actor,
        "procurement.transfer",
        Some(id),
        "PunchOut cart, sent to the buyer's procurement system",
    )
    .await?;
    let key = reference::key(&mut tx, now).await?;
    tx.commit().await?;
    drop(w);
    let catalog = checked.catalog.engine.catalog();
    let line_unspsc = checked
        .quote
        .lines
        .iter()
        .map(|l| {
            l.item
                .split_once('.')
                .and_then(|(g, i)| catalog.item_by_key(g, i))
                .and_then(|i| catalog.item(i).unspsc.clone())
                .or_else(|| catalog.unspsc().map(str::to_owned))
        })
        .collect();
    Ok(Made {
        reference: reference::sign(
            &key,
            &Reference {
                quote: number.clone(),
                revision: 1,
            },
        ),
        number,
        line_name: catalog.name.clone(),
        unspsc: catalog.unspsc().map(str::to_owned),
        unit: catalog.unit_of_measure().to_owned(),
        line_unspsc,
        quote: checked.quote,
    })
}

/// The transfer: the quote made and the form that carries the cart.
pub async fn transfer(desk: &Desk, s: &Session, choices: &str) -> ApiResult<TransferForm> {
    if s.setup.operation == Operation::Inspect {
        return Err(ApiError::Conflict(
            "this PunchOut session only shows the configuration (inspect): nothing is \
             transferred"
                .into(),
        ));
    }
    let made = make_quote(desk, s, choices).await?;
    let (kind, body, fields) = match s.setup.flavour {
        Flavour::Cxml => {
            let doc = order_message(desk, s, &made)?;
            let fields = vec![FormField {
                name: "cxml-urlencoded".into(),
                value: doc.clone(),
            }];
            ("PunchOutOrderMessage", doc, fields)
        }
        Flavour::Oci => {
            let fields = oci::cart_fields(s, &made);
            let body = fields
                .iter()
                .fold(
                    form_urlencoded::Serializer::new(String::new()),
                    |mut f, x| {
                        f.append_pair(&x.name, &x.value);
                        f
                    },
                )
                .finish();
            ("OCI cart", body, fields)
        }
    };
    let now = desk.clock.now();
    let order_id: Option<i64> = None;
    let entry = Entry {
        org: Some(s.org.id),
        direction: Direction::Out,
        kind,
        payload_id: &payload_of(&body),
        body: &body,
        answer: None,
        status_code: None,
        status_text: &format!("quote {} handed to the browser", made.number),
        order_id,
        url: Some(&s.setup.return_url),
        delivered_at: Some(now),
    };
    log::write_alone(desk, &entry).await?;
    Ok(TransferForm {
        action: s.setup.return_url.clone(),
        target: s.setup.target.clone(),
        fields,
        quote_number: made.number,
    })
}

/// The `payloadID` of a document we wrote (empty for OCI's form fields).
fn payload_of(body: &str) -> String {
    xml::read(body)
        .ok()
        .and_then(|d| d.root.get("payloadID").map(str::to_owned))
        .unwrap_or_default()
}

/// An `ItemDetail` in the DTD's order: `UnitPrice`, `Description`, `UnitOfMeasure`,
/// `Classification`, `LeadTime`.
fn item_detail(
    price: &str,
    currency: &str,
    lang: &str,
    description: &str,
    unit: &str,
    unspsc: Option<&str>,
    lead_days: Option<u32>,
) -> Element {
    let d = Element::new("ItemDetail")
        .child(
            Element::new("UnitPrice")
                .child(Element::new("Money").attr("currency", currency).text(price)),
        )
        .child(
            Element::new("Description")
                .attr("xml:lang", lang)
                .text(description),
        )
        .child(Element::with_text("UnitOfMeasure", unit))
        .child(
            Element::new("Classification")
                .attr("domain", "UNSPSC")
                .text(unspsc.unwrap_or_default()),
        );
    match lead_days {
        Some(days) => d.child(Element::with_text("LeadTime", days.to_string())),
        None => d,
    }
}

/// The `PunchOutOrderMessage` of a transfer.
pub fn order_message(desk: &Desk, s: &Session, made: &Made) -> ApiResult<String> {
    let (_, host) = public(desk);
    let now = desk.clock.now();
    let lang = s.setup.language.as_str();
    let (net, currency) = made.net();
    let composite = s.org.sub_items && !made.quote.lines.is_empty();
    let mut parent = Element::new("ItemIn")
        .attr("quantity", "1")
        .attr("lineNumber", "1");
    if composite {
        parent = parent
            .attr("itemType", "composite")
            .attr("compositeItemType", "groupLevel");
    }
    let mut items = vec![parent
        .child(
            Element::new("ItemID")
                .child(Element::with_text(
                    "SupplierPartID",
                    made.quote.catalog.id.clone(),
                ))
                .child(Element::with_text(
                    "SupplierPartAuxiliaryID",
                    made.reference.clone(),
                )),
        )
        .child(item_detail(
            &net,
            &currency,
            lang,
            &made.description(500),
            &made.unit,
            made.unspsc.as_deref(),
            Some(made.lead_days()),
        ))];
    let cur = &made.quote.totals.currency;
    let mut line = 1;
    if composite {
        for (k, l) in made.quote.lines.iter().enumerate() {
            line += 1;
            let unit_net = l.net.times_ratio(1, l.quantity.max(1), cur);
            let sku = if l.sku.is_empty() { &l.item } else { &l.sku };
            items.push(
                Element::new("ItemIn")
                    .attr("quantity", l.quantity.to_string())
                    .attr("lineNumber", line.to_string())
                    .attr("itemType", "item")
                    .attr("parentLineNumber", "1")
                    .child(
                        Element::new("ItemID")
                            .child(Element::with_text("SupplierPartID", sku.clone())),
                    )
                    .child(item_detail(
                        &unit_net.to_plain_string(cur),
                        &currency,
                        lang,
                        &l.name,
                        &made.unit,
                        made.line_unspsc.get(k).cloned().flatten().as_deref(),
                        None,
                    )),
            );
        }
    }
    let mut total = made.quote.totals.contract_value;
    let kept: Vec<String> = serde_json::from_str(&s.setup.kept_items).unwrap_or_default();
    for text in kept {
        if let Some((item, value)) = kept_item(&text, cur, line + 1) {
            line += 1;
            total = total + value;
            items.push(item);
        }
    }
    let total = total.to_plain_string(cur);
    let header = Element::new("Header")
        .child(Element::new("From").child(envelope::credential("DomainName", &host, None)))
        .child(Element::new("To").child(envelope::credential(
            &s.org.identity.0,
            &s.org.identity.1,
            None,
        )))
        .child(
            Element::new("Sender")
                .child(envelope::credential("DomainName", &host, None))
                .child(Element::with_text("UserAgent", "Configurator quote desk")),
        );
    let message = Element::new("Message").child(
        Element::new("PunchOutOrderMessage")
            .child(Element::with_text(
                "BuyerCookie",
                s.setup.buyer_cookie.clone(),
            ))
            .child(
                Element::new("PunchOutOrderMessageHeader")
                    .attr("operationAllowed", "edit")
                    .child(
                        Element::new("Total").child(
                            Element::new("Money")
                                .attr("currency", currency.clone())
                                .text(total),
                        ),
                    ),
            )
            .children(items),
    );
    Ok(envelope::document(&envelope::root(
        now,
        &host,
        lang,
        vec![header, message],
    )))
}

/// A kept `ItemOut` of an edit as the `ItemIn` it came from (its `ItemID` and `ItemDetail`,
/// its quantity), numbered `line`, with its value (quantity × unit price) when it is in the
/// cart's currency.
fn kept_item(text: &str, cur: &Currency, line: usize) -> Option<(Element, Money)> {
    let doc = xml::read(text).ok()?;
    let out = &doc.root;
    let quantity = out.get("quantity").unwrap_or("1").trim().to_owned();
    let id = out.first("ItemID")?.clone();
    let detail = out.first("ItemDetail").cloned();
    let value = detail
        .as_ref()
        .and_then(|d| d.find("UnitPrice/Money"))
        .filter(|m| m.get("currency") == Some(cur.code()))
        .and_then(|m| Money::parse(&m.text_content(), cur).ok())
        .zip(quantity.parse::<u32>().ok())
        .map_or(Money::ZERO, |(p, q)| p.times(q));
    let mut item = Element::new("ItemIn")
        .attr("quantity", quantity)
        .attr("lineNumber", line.to_string())
        .child(id);
    if let Some(d) = detail {
        item = item.child(d);
    }
    Some((item, value))
}
