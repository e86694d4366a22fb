//! The documents we send a buyer's procurement system about its orders (cXML 1.2.014,
//! `Fulfill.dtd`): a `ConfirmationRequest` when the order desk confirms (type `accept`, or
//! `detail` when the buyer's document made several orders) or cancels (`reject`) an order
//! that came from a cXML `OrderRequest`, and a `ShipNoticeRequest` for each shipment (its
//! lines). Written with quick-xml's event writer (every text and attribute escaped by it),
//! in the element order and with the required attributes of the DTD; written into the
//! procurement outbox (`delivery.rs`) inside the order step's own transaction ([`on_step`]).
//!
//! | element | what we write |
//! | --- | --- |
//! | `Header/From`, `Sender` | our identity (`--cxml-identity`) |
//! | `Header/To` | the organisation's first identity |
//! | `Sender/Credential/SharedSecret` | the organisation's outbound secret, filled in when sent |
//! | `OrderReference@orderID` | the buyer's order (`OrderRequestHeader@orderID`) |
//! | `DocumentReference@payloadID` | the buyer's `OrderRequest` document |
//! | `ConfirmationItem@lineNumber` | the buyer's line of the configured product |
//! | `ConfirmationStatus@shipmentDate` | the confirmed ship date |
//! | `ShipNoticeItem@lineNumber`, `@quantity` | the buyer's lines shipped (see [`ship_items`]) |

use std::io;

use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;
use sqlx::{Any, AnyConnection, Row, Transaction};

use crate::error::{ApiError, ApiResult};
use crate::orders::notify::Step;
use crate::orders::Order;
use crate::{clock, Desk};

/// The document type of our fulfilment documents (confirmations, ship notices).
pub const FULFILL_DOCTYPE: &str =
    "cXML SYSTEM \"http://xml.cxml.org/schemas/cXML/1.2.014/Fulfill.dtd\"";

/// The user agent named in `Sender`.
pub const USER_AGENT: &str = "configurator-server";

/// A credential: a domain and an identity in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Party {
    /// `NetworkID`, `DUNS`, …
    pub domain: String,
    /// The identity.
    pub identity: String,
}

/// Who a document is from and to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Envelope {
    /// Us (`From` and `Sender`).
    pub from: Party,
    /// The buyer (`To`).
    pub to: Party,
    /// Whether `Sender` carries a `SharedSecret` (written as `***`, filled in when sent).
    pub secret: bool,
}

/// The buyer's order a notice is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderRef {
    /// `OrderRequestHeader@orderID`.
    pub order_id: String,
    /// `OrderRequestHeader@orderDate`, as the buyer wrote it.
    pub order_date: Option<String>,
    /// The `payloadID` of the buyer's `OrderRequest`.
    pub payload_id: String,
    /// The unit of measure of its lines (the catalog's, as the cart gave it).
    pub unit: String,
}

/// One line of a confirmation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfirmLine {
    /// The buyer's line number.
    pub line_number: i64,
    /// Its quantity.
    pub quantity: i64,
}

/// One line of a ship notice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShipLine {
    /// The buyer's line number.
    pub line_number: i64,
    /// Units shipped in this shipment.
    pub quantity: i64,
}

/// What a notice says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// The order is accepted and ships on `ship_date` (`YYYY-MM-DD`); `whole`: the buyer's
    /// document is this one order (type `accept`), else type `detail` with accepted lines.
    Confirm {
        /// The confirmed ship date.
        ship_date: String,
        /// The buyer's lines.
        lines: Vec<ConfirmLine>,
        /// Whether the notice covers the buyer's whole order.
        whole: bool,
    },
    /// The order is cancelled (type `reject`, or `detail` with rejected lines), with why.
    Reject {
        /// The reason, in the header's `Comments`.
        reason: String,
        /// The buyer's lines.
        lines: Vec<ConfirmLine>,
        /// Whether the notice covers the buyer's whole order.
        whole: bool,
    },
    /// A shipment left.
    Ship {
        /// Our shipment id (`ShipNoticeHeader@shipmentID`).
        shipment_id: String,
        /// When it left (UTC seconds).
        shipped_at: i64,
        /// The carrier (`CarrierIdentifier domain="companyName"`).
        carrier: String,
        /// The tracking number (`ShipmentIdentifier`).
        tracking: String,
        /// The buyer's lines shipped.
        lines: Vec<ShipLine>,
        /// What shipped in words, when the buyer's lines cannot say it (`Comments`).
        comment: Option<String>,
    },
}

impl Notice {
    /// The log's kind of the document.
    pub fn kind(&self) -> &'static str {
        match self {
            Notice::Confirm { .. } | Notice::Reject { .. } => "ConfirmationRequest",
            Notice::Ship { .. } => "ShipNoticeRequest",
        }
    }
}

pub use super::envelope::{payload_id, timestamp, VERSION};

/// A day (`YYYY-MM-DD`) as a cXML time (its start, UTC).
fn day_time(day: &str) -> String {
    clock::parse_date(day).map_or_else(|| day.to_owned(), timestamp)
}

fn xml_error(e: io::Error) -> ApiError {
    ApiError::Internal(format!("writing cXML: {e}"))
}

/// Writes a credential.
fn credential<W: io::Write>(w: &mut Writer<W>, p: &Party, secret: bool) -> io::Result<()> {
    w.create_element("Credential")
        .with_attribute(("domain", p.domain.as_str()))
        .write_inner_content(|w| {
            w.create_element("Identity")
                .write_text_content(BytesText::new(&p.identity))?;
            if secret {
                w.create_element("SharedSecret")
                    .write_text_content(BytesText::new("***"))?;
            }
            Ok(())
        })?;
    Ok(())
}

/// Writes the envelope's `Header`.
fn header<W: io::Write>(w: &mut Writer<W>, e: &Envelope) -> io::Result<()> {
    w.create_element("Header").write_inner_content(|w| {
        w.create_element("From")
            .write_inner_content(|w| credential(w, &e.from, false))?;
        w.create_element("To")
            .write_inner_content(|w| credential(w, &e.to, false))?;
        w.create_element("Sender").write_inner_content(|w| {
            credential(w, &e.from, e.secret)?;
            w.create_element("UserAgent")
                .write_text_content(BytesText::new(USER_AGENT))?;
            Ok(())
        })?;
        Ok(())
    })?;
    Ok(())
}

/// The whole document of `notice` (its `SharedSecret`, if any, as `***`: see
/// `delivery::fill_secret`).
pub fn write(
    e: &Envelope,
    order: &OrderRef,
    notice: &Notice,
    payload: &str,
    now: i64,
) -> ApiResult<String> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    let stamp = timestamp(now);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
        .map_err(xml_error)?;
    w.write_event(Event::DocType(BytesText::from_escaped(FULFILL_DOCTYPE)))
        .map_err(xml_error)?;
    w.create_element("cXML")
        .with_attribute(("payloadID", payload))
        .with_attribute(("timestamp", stamp.as_str()))
        .with_attribute(("version", VERSION))
        .with_attribute(("xml:lang", "en-US"))
        .write_inner_content(|w| {
            header(w, e)?;
            w.create_element("Request")
                .with_attribute(("deploymentMode", "production"))
                .write_inner_content(|w| match notice {
                    Notice::Confirm { .. } | Notice::Reject { .. } => {
                        confirmation(w, order, notice, &stamp)
                    }
                    Notice::Ship { .. } => ship_notice(w, order, notice, &stamp),
                })?;
            Ok(())
        })
        .map_err(xml_error)?;
    String::from_utf8(w.into_inner()).map_err(|e| ApiError::Internal(e.to_string()))
}

/// `OrderReference` with its `DocumentReference`.
fn order_reference<W: io::Write>(w: &mut Writer<W>, o: &OrderRef) -> io::Result<()> {
    let mut el = w
        .create_element("OrderReference")
        .with_attribute(("orderID", o.order_id.as_str()));
    if let Some(d) = &o.order_date {
        el = el.with_attribute(("orderDate", d.as_str()));
    }
    el.write_inner_content(|w| {
        w.create_element("DocumentReference")
            .with_attribute(("payloadID", o.payload_id.as_str()))
            .write_empty()?;
        Ok(())
    })?;
    Ok(())
}

/// `ConfirmationRequest`: header, order reference, one item per line.
fn confirmation<W: io::Write>(
    w: &mut Writer<W>,
    o: &OrderRef,
    notice: &Notice,
    stamp: &str,
) -> io::Result<()> {
    let (kind, status, lines, whole, ship, reason) = match notice {
        Notice::Confirm {
            ship_date,
            lines,
            whole,
        } => (
            "accept",
            "accept",
            lines,
            *whole,
            Some(day_time(ship_date)),
            None,
        ),
        Notice::Reject {
            reason,
            lines,
            whole,
        } => (
            "reject",
            "reject",
            lines,
            *whole,
            None,
            Some(reason.as_str()),
        ),
        Notice::Ship { .. } => return Ok(()),
    };
    w.create_element("ConfirmationRequest")
        .write_inner_content(|w| {
            let head = w
                .create_element("ConfirmationHeader")
                .with_attribute(("type", if whole { kind } else { "detail" }))
                .with_attribute(("noticeDate", stamp));
            match reason {
                Some(r) => {
                    head.write_inner_content(|w| {
                        w.create_element("Comments")
                            .with_attribute(("xml:lang", "en-US"))
                            .write_text_content(BytesText::new(r))?;
                        Ok(())
                    })?;
                }
                None => {
                    head.write_empty()?;
                }
            }
            order_reference(w, o)?;
            for l in lines {
                let quantity = l.quantity.to_string();
                let line = l.line_number.to_string();
                w.create_element("ConfirmationItem")
                    .with_attribute(("lineNumber", line.as_str()))
                    .with_attribute(("quantity", quantity.as_str()))
                    .write_inner_content(|w| {
                        unit(w, &o.unit)?;
                        let mut st = w
                            .create_element("ConfirmationStatus")
                            .with_attribute(("quantity", quantity.as_str()))
                            .with_attribute(("type", status));
                        if let Some(s) = &ship {
                            st = st.with_attribute(("shipmentDate", s.as_str()));
                        }
                        st.write_inner_content(|w| unit(w, &o.unit))?;
                        Ok(())
                    })?;
            }
            Ok(())
        })?;
    Ok(())
}

/// `UnitOfMeasure`.
fn unit<W: io::Write>(w: &mut Writer<W>, unit: &str) -> io::Result<()> {
    w.create_element("UnitOfMeasure")
        .write_text_content(BytesText::new(unit))?;
    Ok(())
}

/// `ShipNoticeRequest`: header, the carrier and tracking, the order's lines shipped.
fn ship_notice<W: io::Write>(
    w: &mut Writer<W>,
    o: &OrderRef,
    notice: &Notice,
    stamp: &str,
) -> io::Result<()> {
    let Notice::Ship {
        shipment_id,
        shipped_at,
        carrier,
        tracking,
        lines,
        comment,
    } = notice
    else {
        return Ok(());
    };
    let shipped = timestamp(*shipped_at);
    w.create_element("ShipNoticeRequest")
        .write_inner_content(|w| {
            w.create_element("ShipNoticeHeader")
                .with_attribute(("shipmentID", shipment_id.as_str()))
                .with_attribute(("noticeDate", stamp))
                .with_attribute(("shipmentDate", shipped.as_str()))
                .write_empty()?;
            if !carrier.is_empty() || !tracking.is_empty() {
                w.create_element("ShipControl").write_inner_content(|w| {
                    w.create_element("CarrierIdentifier")
                        .with_attribute(("domain", "companyName"))
                        .write_text_content(BytesText::new(carrier))?;
                    // No `domain` attribute: later versions than the one we announce add it.
                    w.create_element("ShipmentIdentifier")
                        .write_text_content(BytesText::new(tracking))?;
                    Ok(())
                })?;
            }
            w.create_element("ShipNoticePortion")
                .write_inner_content(|w| {
                    order_reference(w, o)?;
                    if let Some(c) = comment {
                        w.create_element("Comments")
                            .with_attribute(("xml:lang", "en-US"))
                            .write_text_content(BytesText::new(c))?;
                    }
                    for l in lines {
                        let line = l.line_number.to_string();
                        let quantity = l.quantity.to_string();
                        w.create_element("ShipNoticeItem")
                            .with_attribute(("lineNumber", line.as_str()))
                            .with_attribute(("quantity", quantity.as_str()))
                            .write_inner_content(|w| unit(w, &o.unit))?;
                    }
                    Ok(())
                })?;
            Ok(())
        })?;
    Ok(())
}

/// What the desk knows of an order that came from a cXML `OrderRequest`.
#[derive(Clone, Debug)]
pub struct Origin {
    /// The organisation.
    pub org: i64,
    /// Where its confirmations and ship notices go, if anywhere.
    pub order_url: Option<String>,
    /// Whether it expects a `SharedSecret` from us.
    pub secret: bool,
    /// Its first identity.
    pub to: Party,
    /// The buyer's order.
    pub order: OrderRef,
    /// The buyer's line of the configured product.
    pub line_number: i64,
    /// Whether the buyer's document made other orders too.
    pub shared: bool,
}

/// The cXML origin of order `order`, if it came from an `OrderRequest`.
pub async fn origin(
    conn: &mut AnyConnection,
    desk: &Desk,
    order: i64,
) -> ApiResult<Option<Origin>> {
    let row = sqlx::query(
        "SELECT p.org_id, p.payload_id, p.buyer_order_id, p.buyer_order_date, p.line_number, \
         b.order_url, b.outbound_secret, i.domain, i.identity, o.catalog_id, o.catalog_hash, \
         (SELECT COUNT(*) FROM procurement_orders s WHERE s.document_id = p.document_id) \
         AS siblings \
         FROM procurement_orders p JOIN buyer_orgs b ON b.id = p.org_id \
         JOIN orders o ON o.id = p.order_id \
         JOIN buyer_org_identities i ON i.org_id = p.org_id \
         WHERE p.order_id = $1 ORDER BY i.position LIMIT 1",
    )
    .bind(order)
    .fetch_optional(conn)
    .await?;
    let Some(r) = row else { return Ok(None) };
    let secret: Option<String> = r.try_get("outbound_secret")?;
    let siblings: i64 = r.try_get("siblings")?;
    // The unit the cart gave (the catalog's), `EA` if that catalog version is gone.
    let unit = desk
        .catalogs
        .find(
            &r.try_get::<String, _>("catalog_id")?,
            &r.try_get::<String, _>("catalog_hash")?,
        )
        .map_or_else(
            || "EA".to_owned(),
            |l| l.engine.catalog().unit_of_measure().to_owned(),
        );
    Ok(Some(Origin {
        org: r.try_get("org_id")?,
        order_url: r
            .try_get::<Option<String>, _>("order_url")?
            .filter(|u| !u.trim().is_empty()),
        secret: secret.is_some_and(|s| !s.is_empty()),
        to: Party {
            domain: r.try_get("domain")?,
            identity: r.try_get("identity")?,
        },
        order: OrderRef {
            order_id: r.try_get("buyer_order_id")?,
            order_date: r.try_get("buyer_order_date")?,
            payload_id: r.try_get("payload_id")?,
            unit,
        },
        line_number: r.try_get("line_number")?,
        shared: siblings > 1,
    }))
}

/// The buyer's lines of the latest shipment of order `o`: the buyer's sub-item lines of the
/// shipped order lines when its `OrderRequest` listed them; else the configured product's
/// line, with its one unit once every unit has shipped (and 0 before), and what shipped in
/// words as the portion's comment.
async fn ship_items(
    tx: &mut AnyConnection,
    o: &Order,
    origin: &Origin,
    complete: bool,
    what: &[String],
) -> ApiResult<(i64, Vec<ShipLine>, Option<String>)> {
    let rows = sqlx::query(
        "SELECT s.number, l.position, l.quantity, m.line_number FROM shipments s \
         JOIN shipment_lines l ON l.shipment_id = s.id \
         LEFT JOIN procurement_order_lines m ON m.order_id = s.order_id \
         AND m.position = l.position \
         WHERE s.order_id = $1 AND s.number = \
         (SELECT MAX(number) FROM shipments WHERE order_id = $1) ORDER BY l.position",
    )
    .bind(o.id)
    .fetch_all(&mut *tx)
    .await?;
    let mut number = 0;
    let mut mapped = Vec::new();
    let mut all_mapped = !rows.is_empty();
    for r in &rows {
        number = r.try_get("number")?;
        match r.try_get::<Option<i64>, _>("line_number")? {
            Some(line_number) => mapped.push(ShipLine {
                line_number,
                quantity: r.try_get("quantity")?,
            }),
            None => all_mapped = false,
        }
    }
    if all_mapped {
        return Ok((number, mapped, None));
    }
    let lines = vec![ShipLine {
        line_number: origin.line_number,
        quantity: i64::from(complete),
    }];
    Ok((number, lines, Some(what.join("; "))))
}

/// The notice of `step` on order `o`, if the step has one.
async fn notice_of(
    tx: &mut AnyConnection,
    o: &Order,
    origin: &Origin,
    step: &Step,
    now: i64,
) -> ApiResult<Option<Notice>> {
    let lines = vec![ConfirmLine {
        line_number: origin.line_number,
        quantity: 1,
    }];
    let whole = !origin.shared;
    Ok(Some(match step {
        Step::Confirmed(date) => Notice::Confirm {
            ship_date: date.clone(),
            lines,
            whole,
        },
        Step::Cancelled(reason) => Notice::Reject {
            reason: reason.clone(),
            lines,
            whole,
        },
        Step::Shipped {
            what,
            carrier,
            tracking,
            complete,
        } => {
            let (number, lines, comment) = ship_items(tx, o, origin, *complete, what).await?;
            Notice::Ship {
                shipment_id: format!("{}-{number}", o.number),
                shipped_at: now,
                carrier: carrier.clone(),
                tracking: tracking.clone(),
                lines,
                comment,
            }
        }
        Step::Placed | Step::Delivered => return Ok(None),
    }))
}

/// Writes the cXML notice of `step` on order `o` into the procurement outbox, inside the
/// step's transaction: only for an order that came from a cXML `OrderRequest` whose
/// organisation has an order-response URL. Whether one was written (then wake the sender
/// after the commit: `delivery::Outbound::wake`).
pub async fn on_step(
    tx: &mut Transaction<'_, Any>,
    desk: &Desk,
    o: &Order,
    step: &Step,
) -> ApiResult<bool> {
    let Some(origin) = origin(tx, desk, o.id).await? else {
        return Ok(false);
    };
    let Some(url) = origin.order_url.clone() else {
        return Ok(false);
    };
    let now = desk.clock.now();
    let Some(notice) = notice_of(tx, o, &origin, step, now).await? else {
        return Ok(false);
    };
    let envelope = Envelope {
        from: desk.cxml.identity(),
        to: origin.to.clone(),
        secret: origin.secret,
    };
    let payload = payload_id(now, &desk.cxml.host());
    let body = write(&envelope, &origin.order, &notice, &payload, now)?;
    let doc = super::delivery::Outgoing {
        org: origin.org,
        order: Some(o.id),
        kind: notice.kind(),
        payload_id: &payload,
        body: &body,
        url: &url,
    };
    super::delivery::enqueue(tx, now, &doc).await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn envelope() -> Envelope {
        Envelope {
            from: Party {
                domain: "NetworkID".into(),
                identity: "AN-SELLER".into(),
            },
            to: Party {
                domain: "DUNS".into(),
                identity: "<buyer & co>".into(),
            },
            secret: true,
        }
    }

    #[test]
    fn times_carry_the_offset() {
        assert_eq!(timestamp(0), "1970-01-01T00:00:00+00:00");
        assert_eq!(timestamp(1_765_157_405), "2025-12-08T01:30:05+00:00");
        assert_eq!(day_time("2026-12-24"), "2026-12-24T00:00:00+00:00");
    }

    #[test]
    fn text_is_escaped_and_the_secret_never_written() {
        let order = OrderRef {
            order_id: "PO\"1<2".into(),
            order_date: None,
            payload_id: "1.2.3@buyer".into(),
            unit: "EA".into(),
        };
        let notice = Notice::Reject {
            reason: "a </Comments><x> reason".into(),
            lines: vec![ConfirmLine {
                line_number: 3,
                quantity: 1,
            }],
            whole: true,
        };
        let text = write(&envelope(), &order, &notice, "9.9.9@seller", 0).unwrap();
        assert!(
            text.contains("<Identity>&lt;buyer &amp; co&gt;</Identity>"),
            "{text}"
        );
        assert!(text.contains("orderID=\"PO&quot;1&lt;2\""), "{text}");
        assert!(
            text.contains("a &lt;/Comments&gt;&lt;x&gt; reason"),
            "{text}"
        );
        assert!(text.contains("<SharedSecret>***</SharedSecret>"), "{text}");
        assert!(text.contains("type=\"reject\""), "{text}");
    }
}
