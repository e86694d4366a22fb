//! Purchase orders from procurement systems (`POST /cxml/order`), on SQLite and PostgreSQL: a
//! transferred configuration ordered by a cXML `OrderRequest` becomes an order of the order
//! desk (PO number, addresses, account, placer); every refusal (price, quantity, forged or
//! missing reference, unknown organisation, wrong secret, another account's quote, already
//! ordered, expired) writes nothing and names the line; `payloadID` replays; `update` and
//! `delete`; hostile documents (XXE, billion laughs, a huge body, deep nesting).

use crate::common;
use crate::orders::{account, order_desk, sent};

use common::{full_quote, quote, Db, Server, FULL};
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;
use serde_json::json;

both!(
    a_punchout_cart_comes_back_as_an_order,
    an_order_request_places_the_transferred_configuration,
    refusals_write_nothing_and_name_the_line,
    authentication_and_other_accounts_are_refused,
    updates_and_deletes_change_the_orders,
    hostile_documents_are_refused,
);

/// What every failed authentication answers.
const UNAUTHORIZED: &str = "do not name an enabled buyer organisation";

/// The organisation's shared secret in these tests.
pub const SECRET: &str = "buyer-shared-secret-0001";

/// A buyer organisation for `account` owned by rita, identity `NetworkID`/`identity`: its id.
pub async fn organisation(
    s: &Server,
    account: i64,
    identity: &str,
    order_url: Option<&str>,
) -> i64 {
    organisation_in(&s.desk, account, identity, order_url).await
}

/// [`organisation`] on a desk's database.
pub async fn organisation_in(
    desk: &configurator_server::Desk,
    account: i64,
    identity: &str,
    order_url: Option<&str>,
) -> i64 {
    let hash = configurator_server::auth::hash_password(SECRET).unwrap();
    let now = desk.clock.now();
    let owner: i64 = sqlx::query_scalar("SELECT id FROM users WHERE name = 'rita'")
        .fetch_one(&desk.db.pool)
        .await
        .unwrap();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO buyer_orgs (name, account_id, owner_id, form_post_origins, order_url, \
         outbound_secret, sub_items, secret_hash, secret_set_at, created_at, updated_at) \
         VALUES ($1, $2, $3, 'https://buyer.example', $4, $5, 1, $6, $7, $7, $7) RETURNING id",
    )
    .bind(format!("Procurement of {identity}"))
    .bind(account)
    .bind(owner)
    .bind(order_url)
    .bind(order_url.map(|_| "our-outbound-secret"))
    .bind(hash)
    .bind(now)
    .fetch_one(&desk.db.pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO buyer_org_identities (org_id, position, domain, identity, domain_key, \
         identity_key) VALUES ($1, 0, 'NetworkID', $2, 'networkid', $3)",
    )
    .bind(id)
    .bind(identity)
    .bind(identity.to_lowercase())
    .execute(&desk.db.pool)
    .await
    .unwrap();
    id
}

/// The signed reference of revision 1 of quote `number` and its transferred price, as a
/// PunchOut transfer writes them into the cart.
pub async fn reference(desk: &configurator_server::Desk, number: &str) -> (String, String) {
    let mut conn = desk.db.pool.acquire().await.unwrap();
    use configurator_server::procurement::reference;
    let key = reference::key(&mut conn, desk.clock.now()).await.unwrap();
    let aux = reference::sign(
        &key,
        &reference::Reference {
            quote: number.to_owned(),
            revision: 1,
        },
    );
    let body: String = sqlx::query_scalar(
        "SELECT r.body FROM revisions r JOIN quotes q ON q.id = r.quote_id \
         WHERE q.number = $1 AND r.revision = 1",
    )
    .bind(number)
    .fetch_one(&desk.db.pool)
    .await
    .unwrap();
    let q = configurator_engine::quote::Quote::from_json(&body).unwrap();
    let price = q.totals.contract_value.to_plain_string(&q.totals.currency);
    (aux, price)
}

/// A quote for `account` sent by rita (as a PunchOut transfer leaves it): its number, the
/// signed reference and the transferred price.
pub async fn transferred(s: &Server, account: i64, text: &str) -> (String, String, String) {
    let rita = s.client("rita").await;
    let number = sent(&rita, text, Some(account)).await;
    let (aux, price) = reference(&s.desk, &number).await;
    (number, aux, price)
}

/// One `ItemOut` of a test document.
#[derive(Clone, Debug)]
pub struct Line {
    /// `lineNumber`.
    pub line: i64,
    /// `quantity`.
    pub quantity: String,
    /// `SupplierPartAuxiliaryID`.
    pub aux: String,
    /// `UnitPrice/Money`.
    pub price: String,
    /// `parentLineNumber`.
    pub parent: Option<i64>,
}

impl Line {
    /// A configured product's line.
    pub fn product(line: i64, aux: &str, price: &str) -> Line {
        Line {
            line,
            quantity: "1".into(),
            aux: aux.into(),
            price: price.into(),
            parent: None,
        }
    }
}

/// A test `OrderRequest`.
#[derive(Clone, Debug)]
pub struct Doc {
    /// `payloadID`.
    pub payload: String,
    /// The `From` identity.
    pub identity: String,
    /// The `SharedSecret`.
    pub secret: String,
    /// `orderID`.
    pub order_id: String,
    /// `new`, `update`, `delete`.
    pub kind: String,
    /// The lines.
    pub lines: Vec<Line>,
}

impl Doc {
    /// A new order of `lines` from `identity`.
    pub fn new(identity: &str, order_id: &str, lines: Vec<Line>) -> Doc {
        Doc {
            payload: format!("{}.{}@buyer.example", order_id, common::random()),
            identity: identity.into(),
            secret: SECRET.into(),
            order_id: order_id.into(),
            kind: "new".into(),
            lines,
        }
    }

    /// The document's text, written with quick-xml.
    pub fn text(&self) -> String {
        let mut w = Writer::new_with_indent(Vec::new(), b' ', 1);
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
            .unwrap();
        w.create_element("cXML")
            .with_attribute(("payloadID", self.payload.as_str()))
            .with_attribute(("timestamp", "2026-12-08T10:00:00+01:00"))
            .write_inner_content(|w| {
                w.create_element("Header").write_inner_content(|w| {
                    for part in ["From", "To", "Sender"] {
                        w.create_element(part).write_inner_content(|w| {
                            let who = if part == "To" {
                                "AN-SELLER"
                            } else {
                                &self.identity
                            };
                            w.create_element("Credential")
                                .with_attribute(("domain", "NetworkID"))
                                .write_inner_content(|w| {
                                    w.create_element("Identity")
                                        .write_text_content(BytesText::new(who))?;
                                    if part == "Sender" {
                                        w.create_element("SharedSecret")
                                            .write_text_content(BytesText::new(&self.secret))?;
                                    }
                                    Ok(())
                                })?;
                            Ok(())
                        })?;
                    }
                    Ok(())
                })?;
                w.create_element("Request").write_inner_content(|w| {
                    w.create_element("OrderRequest").write_inner_content(|w| {
                        self.header(w)?;
                        for l in &self.lines {
                            item(w, l)?;
                        }
                        Ok(())
                    })?;
                    Ok(())
                })?;
                Ok(())
            })
            .unwrap();
        String::from_utf8(w.into_inner()).unwrap()
    }

    fn header(&self, w: &mut Writer<Vec<u8>>) -> std::io::Result<()> {
        w.create_element("OrderRequestHeader")
            .with_attribute(("orderID", self.order_id.as_str()))
            .with_attribute(("orderDate", "2026-12-08T10:00:00+01:00"))
            .with_attribute(("type", self.kind.as_str()))
            .write_inner_content(|w| {
                w.create_element("ShipTo").write_inner_content(|w| {
                    w.create_element("Address").write_inner_content(|w| {
                        w.create_element("Name")
                            .with_attribute(("xml:lang", "en"))
                            .write_text_content(BytesText::new("ACME Dock 4"))?;
                        w.create_element("PostalAddress").write_inner_content(|w| {
                            for (name, text) in [
                                ("DeliverTo", "Jane Roe"),
                                ("Street", "Pier Road 9"),
                                ("City", "Hamburg"),
                                ("PostalCode", "20457"),
                            ] {
                                w.create_element(name)
                                    .write_text_content(BytesText::new(text))?;
                            }
                            w.create_element("Country")
                                .with_attribute(("isoCountryCode", "DE"))
                                .write_text_content(BytesText::new("Germany"))?;
                            Ok(())
                        })?;
                        Ok(())
                    })?;
                    Ok(())
                })?;
                Ok(())
            })?;
        Ok(())
    }
}

fn item(w: &mut Writer<Vec<u8>>, l: &Line) -> std::io::Result<()> {
    let line = l.line.to_string();
    let parent = l.parent.map(|p| p.to_string());
    let mut e = w
        .create_element("ItemOut")
        .with_attribute(("quantity", l.quantity.as_str()))
        .with_attribute(("lineNumber", line.as_str()));
    if let Some(p) = &parent {
        e = e
            .with_attribute(("parentLineNumber", p.as_str()))
            .with_attribute(("itemType", "item"));
    }
    e.write_inner_content(|w| {
        w.create_element("ItemID").write_inner_content(|w| {
            w.create_element("SupplierPartID")
                .write_text_content(BytesText::new("demo"))?;
            if !l.aux.is_empty() {
                w.create_element("SupplierPartAuxiliaryID")
                    .write_text_content(BytesText::new(&l.aux))?;
            }
            Ok(())
        })?;
        w.create_element("ItemDetail").write_inner_content(|w| {
            w.create_element("UnitPrice").write_inner_content(|w| {
                w.create_element("Money")
                    .with_attribute(("currency", "USD"))
                    .write_text_content(BytesText::new(&l.price))?;
                Ok(())
            })?;
            Ok(())
        })?;
        Ok(())
    })?;
    Ok(())
}

/// Posts `text` to `/cxml/order`: the HTTP status and the answer's cXML (code, text).
pub async fn post(s: &Server, text: &str) -> (u16, u16, String, String) {
    let r = reqwest::Client::new()
        .post(format!("{}/cxml/order", s.base))
        .header("content-type", "text/xml; charset=UTF-8")
        .body(text.to_owned())
        .send()
        .await
        .unwrap();
    let http = r.status().as_u16();
    let body = r.text().await.unwrap();
    let (code, text) = configurator_server::procurement::delivery::answer_status(&body)
        .unwrap_or((0, String::new()));
    let message = status_message(&body);
    (
        http,
        code,
        if message.is_empty() { text } else { message },
        body,
    )
}

/// The text inside the answer's `Status` element.
fn status_message(body: &str) -> String {
    configurator_server::procurement::envelope::read_status(body)
        .map(|s| s.text)
        .unwrap_or_default()
}

/// The number of rows of every table an order request writes to (the log excepted).
pub async fn rows(s: &Server) -> Vec<i64> {
    let mut out = crate::orders::rows(s).await;
    for sql in [
        "SELECT COUNT(*) FROM procurement_orders",
        "SELECT COUNT(*) FROM procurement_order_lines",
        "SELECT COUNT(*) FROM procurement_payloads",
        "SELECT COUNT(*) FROM quotes WHERE status = 'accepted'",
    ] {
        out.push(
            sqlx::query_scalar(sql)
                .fetch_one(&s.desk.db.pool)
                .await
                .unwrap(),
        );
    }
    out
}

/// The `OrderRequest` a procurement system makes of a PunchOut cart: each `ItemIn` an
/// `ItemOut` with the same attributes and content (as the cXML guide requires).
fn order_of_cart(cart: &str, secret: &str, payload: &str) -> String {
    use configurator_server::procurement::envelope::{self, credential};
    use configurator_server::procurement::xml::{self, Element};
    let doc = xml::read(cart).unwrap();
    let message = doc.root.find("Message/PunchOutOrderMessage").unwrap();
    let items: Vec<Element> = message
        .all("ItemIn")
        .map(|i| {
            let mut out = i.clone();
            out.name = "ItemOut".into();
            out
        })
        .collect();
    let id = crate::punchout::IDENTITY;
    let header = Element::new("Header")
        .child(Element::new("From").child(credential("NetworkID", id, None)))
        .child(Element::new("To").child(credential("DUNS", "123456789", None)))
        .child(
            Element::new("Sender")
                .child(credential("NetworkID", id, Some(secret)))
                .child(Element::with_text("UserAgent", "Buyer simulator")),
        );
    let head = Element::new("OrderRequestHeader")
        .attr("orderID", "PO-CART-1")
        .attr("orderDate", "2026-12-08T10:00:00+01:00")
        .attr("type", "new");
    let root = Element::new("cXML")
        .attr("payloadID", payload)
        .attr("timestamp", "2026-12-08T10:00:00+01:00")
        .child(header)
        .child(
            Element::new("Request").child(Element::new("OrderRequest").child(head).children(items)),
        );
    envelope::document(&root)
}

async fn a_punchout_cart_comes_back_as_an_order(db: Db) {
    let s = Server::start(&db).await;
    let b = crate::punchout::connect(&s, true).await;
    let token = crate::punchout::session(&s, &b).await;
    let (status, form) = crate::punchout::transfer(&s, &token, FULL).await;
    assert_eq!(status, 200, "{form}");
    let quote_number = form["quote_number"].as_str().unwrap().to_owned();
    let cart = form["fields"][0]["value"].as_str().unwrap();
    let payload = format!("{}@buyer.example", common::random());
    let (http, code, text, _) = post(&s, &order_of_cart(cart, &b.secret, &payload)).await;
    assert_eq!((http, code), (200, 200), "{text}");
    let (order, account, po): (i64, i64, String) = sqlx::query_as(
        "SELECT o.id, o.account_id, o.purchase_order FROM orders o \
         JOIN quotes q ON q.id = o.quote_id WHERE q.number = $1",
    )
    .bind(&quote_number)
    .fetch_one(&s.desk.db.pool)
    .await
    .unwrap();
    assert_eq!((account, po.as_str()), (b.account, "PO-CART-1"));
    // The bill of materials came back as sub-items: each order line knows the buyer's line.
    let (lines, mapped): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM order_lines WHERE order_id = $1), \
         (SELECT COUNT(*) FROM procurement_order_lines WHERE order_id = $1)",
    )
    .bind(order)
    .fetch_one(&s.desk.db.pool)
    .await
    .unwrap();
    assert!(lines >= 5, "{lines}");
    assert_eq!(mapped, lines, "every order line has its buyer line");
}

async fn an_order_request_places_the_transferred_configuration(db: Db) {
    let s = Server::start(&db).await;
    let acme = account(&s).await;
    organisation(&s, acme, "AN-ACME", None).await;
    let (quote_number, aux, price) = transferred(&s, acme, &full_quote("ACME GmbH")).await;
    let doc = Doc::new("AN-ACME", "PO-4711", vec![Line::product(1, &aux, &price)]);
    let (http, code, text, answer) = post(&s, &doc.text()).await;
    assert_eq!((http, code), (200, 200), "{text}: {answer}");
    let row: (String, String, i64, String, String, String) = sqlx::query_as(
        "SELECT o.purchase_order, o.ship_to, o.account_id, o.placed_by, o.status, q.status \
         FROM orders o JOIN quotes q ON q.id = o.quote_id WHERE q.number = $1",
    )
    .bind(&quote_number)
    .fetch_one(&s.desk.db.pool)
    .await
    .unwrap();
    assert_eq!(row.0, "PO-4711");
    assert_eq!(
        row.1,
        "ACME Dock 4\nJane Roe\nPier Road 9\n20457 Hamburg\nGermany"
    );
    assert_eq!(row.2, acme);
    assert!(
        row.3.contains("AN-ACME"),
        "the placer names the organisation: {}",
        row.3
    );
    assert_eq!((row.4.as_str(), row.5.as_str()), ("received", "accepted"));
    // The log keeps the document without its secret, and the answer.
    let (body, logged): (String, Option<String>) = sqlx::query_as(
        "SELECT body, answer FROM procurement_documents WHERE direction = 'in' AND status_code = 200",
    )
    .fetch_one(&s.desk.db.pool)
    .await
    .unwrap();
    assert!(
        !body.contains(SECRET) && body.contains("<SharedSecret>***</SharedSecret>"),
        "{body}"
    );
    assert_eq!(logged.as_deref(), Some(answer.as_str()));
    // The same document again: the same answer, nothing new.
    let before = rows(&s).await;
    let (http, code, _, again) = post(&s, &doc.text()).await;
    assert_eq!((http, code), (200, 200));
    assert_eq!(again, answer, "a retried document gets the answer it got");
    assert_eq!(rows(&s).await, before);
    // Another document with the used payloadID: refused, naming the first.
    let mut other = doc.clone();
    other.order_id = "PO-4712".into();
    let (_, code, text, _) = post(&s, &other.text()).await;
    assert_eq!(code, 409, "{text}");
    assert!(text.contains("was used for another document"), "{text}");
    assert_eq!(rows(&s).await, before);
}

/// Posts `doc` expecting a refusal with `code` whose text contains `needle`; nothing written.
async fn refused(s: &Server, doc: &Doc, code: u16, needle: &str) {
    let before = rows(s).await;
    let (http, got, text, _) = post(s, &doc.text()).await;
    assert_eq!((http, got), (200, code), "{needle}: {text}");
    assert!(text.contains(needle), "expected `{needle}` in `{text}`");
    assert_eq!(rows(s).await, before, "nothing written: {needle}");
}

async fn refusals_write_nothing_and_name_the_line(db: Db) {
    let s = Server::start(&db).await;
    let acme = account(&s).await;
    organisation(&s, acme, "AN-ACME", None).await;
    let (_, good, price) = transferred(&s, acme, &full_quote("ACME GmbH")).await;
    let (_, aux, _) = transferred(&s, acme, &full_quote("ACME GmbH")).await;
    let two = |l2: Line| Doc::new("AN-ACME", "PO-1", vec![Line::product(1, &good, &price), l2]);
    // Each refusal is of line 2: line 1, fine, is not placed either.
    let mut cheaper = Line::product(2, &aux, "1.00");
    refused(
        &s,
        &two(cheaper.clone()),
        400,
        "line 2: unit price 1.00 USD is not the price transferred",
    )
    .await;
    cheaper.price = price.clone();
    cheaper.quantity = "3".into();
    refused(
        &s,
        &two(cheaper),
        400,
        "line 2: quantity 3: a configured product is ordered as configured",
    )
    .await;
    // One character of the signature changed.
    let mut forged: Vec<char> = aux.chars().collect();
    let k = forged.len() - 5;
    forged[k] = if forged[k] == 'A' { 'B' } else { 'A' };
    let forged: String = forged.into_iter().collect();
    refused(
        &s,
        &two(Line::product(2, &forged, &price)),
        400,
        "line 2: the SupplierPartAuxiliaryID is not one we issued",
    )
    .await;
    let renumbered = aux.replacen(".1.", ".2.", 1);
    refused(
        &s,
        &two(Line::product(2, &renumbered, &price)),
        400,
        "line 2: the SupplierPartAuxiliaryID is not one we issued",
    )
    .await;
    refused(
        &s,
        &two(Line::product(2, "", &price)),
        400,
        "line 2: no SupplierPartAuxiliaryID",
    )
    .await;
    // Already ordered: line 2's quote ordered by another document first.
    let first = Doc::new("AN-ACME", "PO-0", vec![Line::product(1, &aux, &price)]);
    assert_eq!(post(&s, &first.text()).await.1, 200);
    refused(
        &s,
        &two(Line::product(2, &aux, &price)),
        409,
        "line 2: quote",
    )
    .await;
    // A configuration no longer valid (at the price it now has).
    let (broken, bad, _) = transferred(&s, acme, &full_quote("ACME GmbH")).await;
    let incomplete = quote(r#"[["chassis","48p"]]"#, "ACME GmbH", Some("2099-12-31"));
    crate::orders::tamper(&s, &broken, &incomplete).await;
    let q = configurator_engine::quote::Quote::from_json(&incomplete).unwrap();
    let bad_price = q.totals.contract_value.to_plain_string(&q.totals.currency);
    refused(
        &s,
        &two(Line::product(2, &bad, &bad_price)),
        400,
        "is no longer valid",
    )
    .await;
    // Expired: valid for two more days when transferred, ordered five days later.
    let until = configurator_server::clock::date(s.desk.clock.now() + 2 * 86_400);
    let (_, old, old_price) = transferred(&s, acme, &quote(FULL, "ACME GmbH", Some(&until))).await;
    s.desk.clock.advance(5 * 86_400);
    refused(
        &s,
        &two(Line::product(2, &old, &old_price)),
        400,
        "has passed",
    )
    .await;
    // The good line alone is placed.
    let alone = Doc::new("AN-ACME", "PO-1", vec![Line::product(1, &good, &price)]);
    assert_eq!(post(&s, &alone.text()).await.1, 200);
}

async fn authentication_and_other_accounts_are_refused(db: Db) {
    let s = Server::start(&db).await;
    let acme = account(&s).await;
    organisation(&s, acme, "AN-ACME", None).await;
    let other = crate::portal::account_named(&s, "Other Corp").await;
    organisation(&s, other, "AN-OTHER", None).await;
    let (_, aux, price) = transferred(&s, acme, &full_quote("ACME GmbH")).await;
    let line = vec![Line::product(1, &aux, &price)];
    let mut wrong = Doc::new("AN-ACME", "PO-1", line.clone());
    wrong.secret = "not-the-secret".into();
    refused(&s, &wrong, 401, UNAUTHORIZED).await;
    refused(
        &s,
        &Doc::new("AN-NOBODY", "PO-1", line.clone()),
        401,
        UNAUTHORIZED,
    )
    .await;
    // Identities compare case-insensitively; the other organisation may not order ACME's quote.
    refused(
        &s,
        &Doc::new("an-other", "PO-1", line.clone()),
        403,
        "line 1: quote",
    )
    .await;
    sqlx::query("UPDATE buyer_orgs SET disabled_at = 1 WHERE account_id = $1")
        .bind(acme)
        .execute(&s.desk.db.pool)
        .await
        .unwrap();
    refused(&s, &Doc::new("AN-ACME", "PO-1", line), 401, UNAUTHORIZED).await;
    let logged: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM procurement_documents WHERE direction = 'in' AND status_code = 401",
    )
    .fetch_one(&s.desk.db.pool)
    .await
    .unwrap();
    assert_eq!(logged, 3, "every refused document is logged");
}

/// The statuses of the orders of the buyer's order `po`, by quote number.
async fn statuses(s: &Server, po: &str) -> Vec<(String, String)> {
    sqlx::query_as(
        "SELECT q.number, o.status FROM orders o JOIN quotes q ON q.id = o.quote_id \
         WHERE o.purchase_order = $1 ORDER BY q.number",
    )
    .bind(po)
    .fetch_all(&s.desk.db.pool)
    .await
    .unwrap()
}

async fn updates_and_deletes_change_the_orders(db: Db) {
    let s = Server::start(&db).await;
    let acme = account(&s).await;
    organisation(&s, acme, "AN-ACME", None).await;
    let (q1, a1, p1) = transferred(&s, acme, &full_quote("ACME GmbH")).await;
    let (q2, a2, p2) = transferred(&s, acme, &full_quote("ACME GmbH")).await;
    let (q3, a3, p3) = transferred(&s, acme, &full_quote("ACME GmbH")).await;
    let new = Doc::new(
        "AN-ACME",
        "PO-9",
        vec![Line::product(1, &a1, &p1), Line::product(2, &a2, &p2)],
    );
    assert_eq!(post(&s, &new.text()).await.1, 200);
    let mut update = Doc::new(
        "AN-ACME",
        "PO-9",
        vec![Line::product(1, &a1, &p1), Line::product(3, &a3, &p3)],
    );
    update.kind = "update".into();
    let (_, code, text, _) = post(&s, &update.text()).await;
    assert_eq!(code, 200, "{text}");
    assert_eq!(
        statuses(&s, "PO-9").await,
        vec![
            (q1.clone(), "received".into()),
            (q2.clone(), "cancelled".into()),
            (q3.clone(), "received".into()),
        ]
    );
    // Once an order of it is confirmed, it can no longer be changed.
    let olga = order_desk(&s).await;
    let o1: String = sqlx::query_scalar(
        "SELECT o.number FROM orders o JOIN quotes q ON q.id = o.quote_id WHERE q.number = $1",
    )
    .bind(&q1)
    .fetch_one(&s.desk.db.pool)
    .await
    .unwrap();
    let (status, r) = olga
        .post(
            &format!("/api/orders/{o1}/confirm"),
            json!({"ship_date": "2099-01-01"}),
        )
        .await;
    assert_eq!(status, 200, "{r}");
    let mut late = update.clone();
    late.payload = format!("late.{}", common::random());
    late.lines.pop();
    refused(&s, &late, 409, "it can no longer be changed").await;
    // Delete cancels every order of it (a confirmed one too); nothing shipped.
    let mut delete = Doc::new("AN-ACME", "PO-9", Vec::new());
    delete.kind = "delete".into();
    let (_, code, text, _) = post(&s, &delete.text()).await;
    assert_eq!(code, 200, "{text}");
    assert!(statuses(&s, "PO-9")
        .await
        .iter()
        .all(|(_, st)| st == "cancelled"));
    // Nothing left to delete.
    delete.payload = format!("again.{}", common::random());
    refused(&s, &delete, 409, "there is no order PO-9 to delete").await;
}

async fn hostile_documents_are_refused(db: Db) {
    let s = Server::start(&db).await;
    let acme = account(&s).await;
    organisation(&s, acme, "AN-ACME", None).await;
    let (_, aux, price) = transferred(&s, acme, &full_quote("ACME GmbH")).await;
    let good = Doc::new("AN-ACME", "PO-1", vec![Line::product(1, &aux, &price)]).text();
    let before = rows(&s).await;
    let body_start = good.find("<cXML").unwrap();
    let (decl, rest) = good.split_at(body_start);
    let xxe = format!(
        "{decl}<!DOCTYPE cXML [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n{}",
        rest.replace("PO-1", "&x;")
    );
    let laughs = format!(
        "{decl}<!DOCTYPE cXML [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">\
         <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>\n{}",
        rest.replace("PO-1", "&c;")
    );
    let undeclared = good.replace("PO-1", "&lol;");
    let deep = good.replace(
        "<OrderRequest>",
        &format!("<OrderRequest>{}{}", "<x>".repeat(60), "</x>".repeat(60)),
    );
    for (name, text) in [
        ("xxe", xxe),
        ("billion laughs", laughs),
        ("undeclared entity", undeclared),
        ("deep", deep),
        ("not xml", "{\"order\": 1}".to_owned()),
    ] {
        let (http, code, message, _) = post(&s, &text).await;
        assert_eq!((http, code), (200, 400), "{name}: {message}");
        assert!(
            !message.contains("root:"),
            "{name}: nothing read from files"
        );
    }
    // 50 MB: refused by the body limit before anything is read.
    let huge = format!("{good}{}", " ".repeat(50 * 1024 * 1024));
    let r = reqwest::Client::new()
        .post(format!("{}/cxml/order", s.base))
        .body(huge)
        .send()
        .await;
    if let Ok(r) = r {
        assert_eq!(r.status().as_u16(), 413);
    }
    assert_eq!(rows(&s).await, before, "nothing written");
    // The well-formed document still works afterwards.
    assert_eq!(post(&s, &good).await.1, 200);
}
