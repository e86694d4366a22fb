//! cXML PunchOut and SAP OCI over HTTP, on SQLite and PostgreSQL: setup → one-time start page
//! → session → catalog → transfer, the cart read back by libxml2's `xmllint` (not the server's
//! parser) with XPath checks of the DTD's element order and required attributes, the signed
//! auxiliary id, the cart's money against the desk quote; edit reopens the configuration,
//! inspect transfers nothing; the OCI cycle with its fields and its HOOK_URL check.

use crate::common;
use crate::portal::account_named;

use common::{Db, Server, FULL};
use configurator_server::procurement::envelope::{self, credential};
use configurator_server::procurement::reference;
use configurator_server::procurement::xml::{self, Element};
use serde_json::{json, Value};

both!(
    a_cxml_punchout_cycle_makes_a_sent_quote_and_a_valid_cart,
    edit_reopens_the_configuration_and_keeps_other_items,
    inspect_shows_and_transfers_nothing,
    sub_items_count_the_product_once,
    an_oci_punchout_cycle_answers_the_new_item_fields,
    the_page_posts_only_to_the_buyer_and_is_framed_only_by_it,
);

/// The buyer organisation's identity in the tests.
pub const DOMAIN: &str = "NetworkID";
/// Its identity.
pub const IDENTITY: &str = "AN0100000001";
/// Where its carts go.
pub const RETURN: &str = "https://buyer.example/punchout/return";

/// A connected buyer organisation.
pub struct Buyer {
    /// Its id.
    pub org: i64,
    /// Its shared secret.
    pub secret: String,
    /// Its customer account.
    pub account: i64,
}

/// The id of desk user `name`.
pub async fn user_id(s: &Server, name: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM users WHERE name = $1")
        .bind(name)
        .fetch_one(&s.desk.db.pool)
        .await
        .unwrap()
}

/// An organisation's settings as the admin enters them.
pub fn settings(account: i64, owner: i64, sub_items: bool) -> Value {
    json!({
        "name": "ACME Procurement", "account": account, "owner": owner,
        "identities": [{"domain": DOMAIN, "identity": IDENTITY}],
        "form_post_origins": ["https://buyer.example"],
        "order_url": null, "oci_username": "acme-sap", "sub_items": sub_items,
        "disabled": false,
    })
}

/// ACME Networks' procurement system, connected by the admin (owner rita).
pub async fn connect(s: &Server, sub_items: bool) -> Buyer {
    let account = account_named(s, "ACME Networks").await;
    let admin = s.client("admin").await;
    let owner = user_id(s, "rita").await;
    let (status, r) = admin
        .post(
            "/api/procurement/organisations",
            settings(account, owner, sub_items),
        )
        .await;
    assert_eq!(status, 201, "{r}");
    Buyer {
        org: r["organisation"]["id"].as_i64().unwrap(),
        secret: r["shared_secret"].as_str().unwrap().to_owned(),
        account,
    }
}

/// A setup request as a procurement system writes it.
pub fn setup_request(
    identity: &str,
    secret: &str,
    operation: &str,
    form_post: Option<&str>,
    items: Vec<Element>,
) -> String {
    let header = Element::new("Header")
        .child(Element::new("From").child(credential(DOMAIN, identity, None)))
        .child(Element::new("To").child(credential("DUNS", "123456789", None)))
        .child(
            Element::new("Sender")
                .child(credential(DOMAIN, identity, Some(secret)))
                .child(Element::with_text("UserAgent", "Buyer simulator")),
        );
    let mut body = Element::new("PunchOutSetupRequest")
        .attr("operation", operation)
        .child(Element::with_text("BuyerCookie", "cookie-1234"))
        .child(
            Element::new("Extrinsic")
                .attr("name", "ProductLine")
                .text("nx-3400"),
        )
        .child(
            Element::new("Extrinsic")
                .attr("name", "UserEmail")
                .text("bea@acme.example"),
        );
    if let Some(url) = form_post {
        body = body.child(Element::new("BrowserFormPost").child(Element::with_text("URL", url)));
    }
    body = body.child(
        Element::new("Contact").attr("role", "endUser").child(
            Element::new("Name")
                .attr("xml:lang", "en")
                .text("Bea Buyer"),
        ),
    );
    let body = body.children(items);
    let root = Element::new("cXML")
        .attr("payloadID", format!("{}@buyer.example", common::random()))
        .attr("timestamp", "2026-12-08T02:00:00+01:00")
        .attr("xml:lang", "de-DE")
        .child(header)
        .child(Element::new("Request").child(body));
    envelope::document(&root)
}

/// An `ItemOut` of a cart being edited.
pub fn item_out(part: &str, aux: &str, price: Option<&str>) -> Element {
    let mut item = Element::new("ItemOut").attr("quantity", "1").child(
        Element::new("ItemID")
            .child(Element::with_text("SupplierPartID", part))
            .child(Element::with_text("SupplierPartAuxiliaryID", aux)),
    );
    if let Some(p) = price {
        item = item.child(
            Element::new("ItemDetail")
                .child(
                    Element::new("UnitPrice")
                        .child(Element::new("Money").attr("currency", "USD").text(p)),
                )
                .child(
                    Element::new("Description")
                        .attr("xml:lang", "en")
                        .text("Other"),
                )
                .child(Element::with_text("UnitOfMeasure", "EA"))
                .child(
                    Element::new("Classification")
                        .attr("domain", "UNSPSC")
                        .text("1"),
                ),
        );
    }
    item
}

/// Posts a cXML document: the HTTP status, the cXML status code and text, the start page.
pub async fn post_cxml(s: &Server, path: &str, text: &str) -> (u16, u16, String, Option<String>) {
    let r = reqwest::Client::new()
        .post(format!("{}{path}", s.base))
        .header("content-type", "text/xml")
        .body(text.to_owned())
        .send()
        .await
        .unwrap();
    let http = r.status().as_u16();
    let answer = r.text().await.unwrap();
    let status = envelope::read_status(&answer).unwrap_or_else(|e| panic!("{e}: {answer}"));
    let start = xml::read(&answer)
        .unwrap()
        .root
        .text_at("Response/PunchOutSetupResponse/StartPage/URL");
    (http, status.code, status.text, start)
}

/// A browser that does not follow redirects.
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// Uses a start page: the address the browser is sent on to (relative) and the session token.
pub async fn start(start_url: &str) -> (String, String) {
    let r = browser().get(start_url).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let to = r.headers()["location"].to_str().unwrap().to_owned();
    let token = to
        .strip_prefix("/punchout/s/")
        .and_then(|t| t.split('/').next())
        .unwrap()
        .to_owned();
    (to, token)
}

/// A create setup of the buyer, started: the session token.
pub async fn session(s: &Server, b: &Buyer) -> String {
    let text = setup_request(IDENTITY, &b.secret, "create", Some(RETURN), vec![]);
    let (_, code, why, url) = post_cxml(s, "/punchout/cxml", &text).await;
    assert_eq!(code, 200, "{why}");
    start(&url.unwrap()).await.1
}

/// GET a JSON path.
pub async fn get_json(s: &Server, path: &str) -> (u16, Value) {
    let r = reqwest::get(format!("{}{path}", s.base)).await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// POST a transfer from the configurator's page.
pub async fn transfer(s: &Server, token: &str, choices: &str) -> (u16, Value) {
    let r = reqwest::Client::new()
        .post(format!("{}/punchout/s/{token}/transfer", s.base))
        .header("origin", &s.base)
        .json(&json!({ "choices": choices }))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// Evaluates an XPath expression on a document with `xmllint` (libxml2, never the network).
pub fn xpath(doc: &str, expr: &str) -> String {
    let path = std::env::temp_dir().join(format!("cart-{}.xml", common::random()));
    std::fs::write(&path, doc).unwrap();
    let out = std::process::Command::new("xmllint")
        .args(["--nonet", "--xpath", expr])
        .arg(&path)
        .output()
        .expect("xmllint (Debian's libxml2-utils) must be installed: cargo xtask setup");
    let _ = std::fs::remove_file(&path);
    assert!(
        out.status.success(),
        "xmllint {expr}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

/// Asserts that an XPath expression is true.
pub fn holds(doc: &str, expr: &str) {
    assert_eq!(
        xpath(doc, &format!("boolean({expr})")),
        "true",
        "{expr}\n{doc}"
    );
}

/// The quote's stored contract value and status.
pub async fn quote_row(s: &Server, number: &str) -> (String, String, Option<i64>) {
    use sqlx::Row;
    let r = sqlx::query("SELECT total, status, account_id FROM quotes WHERE number = $1")
        .bind(number)
        .fetch_one(&s.desk.db.pool)
        .await
        .unwrap();
    (
        r.try_get("total").unwrap(),
        r.try_get("status").unwrap(),
        r.try_get("account_id").unwrap(),
    )
}

/// The desk's signing key.
pub async fn key(s: &Server) -> Vec<u8> {
    let k: String = sqlx::query_scalar("SELECT key FROM procurement_key WHERE id = 1")
        .fetch_one(&s.desk.db.pool)
        .await
        .unwrap();
    k.into_bytes()
}

/// A count.
pub async fn count(s: &Server, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(&s.desk.db.pool)
        .await
        .unwrap()
}

/// The order of a PunchOutOrderMessage's elements and the attributes the DTD requires.
fn dtd_shape(doc: &str) {
    for expr in [
        "/cXML[@payloadID and @timestamp and @xml:lang and @version='1.2.014']",
        "name(/cXML/*[1])='Header' and name(/cXML/*[2])='Message'",
        "name(/cXML/Header/*[1])='From' and name(/cXML/Header/*[2])='To' and name(/cXML/Header/*[3])='Sender'",
        "name(/cXML/Header/Sender/*[1])='Credential' and name(/cXML/Header/Sender/*[last()])='UserAgent'",
        "count(//Credential[not(@domain)])=0 and count(//Credential[not(Identity)])=0",
        "name(//PunchOutOrderMessage/*[1])='BuyerCookie' and name(//PunchOutOrderMessage/*[2])='PunchOutOrderMessageHeader'",
        "count(//PunchOutOrderMessage/*[position()>2][not(self::ItemIn)])=0",
        "//PunchOutOrderMessageHeader[@operationAllowed='edit']/*[1][self::Total]/Money[@currency]",
        "count(//ItemIn[not(@quantity)])=0",
        "count(//ItemIn[not(*[1][self::ItemID]) or not(*[2][self::ItemDetail])])=0",
        "count(//ItemID[not(*[1][self::SupplierPartID])])=0",
        "count(//ItemDetail[not(*[1][self::UnitPrice])])=0",
        "count(//ItemDetail/Description[not(@xml:lang)])=0",
        "count(//ItemDetail/Description[not(preceding-sibling::*[1][self::UnitPrice or self::Description])])=0",
        "count(//ItemDetail/UnitOfMeasure[not(preceding-sibling::*[1][self::Description])])=0",
        "count(//ItemDetail/Classification[not(@domain) or not(preceding-sibling::*[1][self::UnitOfMeasure or self::Classification])])=0",
        "count(//ItemDetail/LeadTime[not(preceding-sibling::*[1][self::Classification])])=0",
        "count(//Money[not(@currency)])=0",
    ] {
        holds(doc, expr);
    }
}

async fn a_cxml_punchout_cycle_makes_a_sent_quote_and_a_valid_cart(db: Db) {
    let s = Server::start(&db).await;
    let b = connect(&s, false).await;
    let text = setup_request(IDENTITY, &b.secret, "create", Some(RETURN), vec![]);
    let (http, code, why, url) = post_cxml(&s, "/punchout/cxml", &text).await;
    assert_eq!((http, code), (200, 200), "{why}");
    let url = url.unwrap();
    assert!(
        url.starts_with(&format!("{}/punchout/start/", s.base)),
        "{url}"
    );
    let (to, token) = start(&url).await;
    assert!(to.contains("catalog=%2Fpunchout%2Fs%2F"), "{to}");
    assert!(to.contains("book=list") && to.contains("lang=de"), "{to}");
    assert!(!to.contains("c="), "{to}");
    // The start page is one-time.
    let again = browser().get(&url).send().await.unwrap();
    assert_eq!(again.status().as_u16(), 404);

    let (status, p) = get_json(&s, &format!("/punchout/s/{token}/session")).await;
    assert_eq!(status, 200, "{p}");
    assert_eq!(p["organisation"], "ACME Procurement");
    assert_eq!(p["buyer"], "Bea Buyer");
    assert_eq!(p["language"], "de");
    assert_eq!(p["catalog"], "nx-3400");
    assert_eq!(p["flavour"], "cxml");
    assert_eq!(p["operation"], "create");
    assert_eq!(p["return_url"], RETURN);
    let (status, c) = get_json(&s, &format!("/punchout/s/{token}/catalog.json")).await;
    assert_eq!(status, 200);
    assert_eq!(c["id"], "nx-3400");
    assert!(
        c.get("deal_limits").is_none(),
        "the public form has no deal limits"
    );

    // Not from the configurator's page: refused.
    let foreign = reqwest::Client::new()
        .post(format!("{}/punchout/s/{token}/transfer", s.base))
        .header("origin", "https://evil.example")
        .json(&json!({ "choices": FULL }))
        .send()
        .await
        .unwrap();
    assert_eq!(foreign.status().as_u16(), 403);
    assert_eq!(count(&s, "SELECT COUNT(*) FROM quotes").await, 0);

    let (status, form) = transfer(&s, &token, FULL).await;
    assert_eq!(status, 200, "{form}");
    assert_eq!(form["action"], RETURN);
    assert_eq!(form["fields"][0]["name"], "cxml-urlencoded");
    let number = form["quote_number"].as_str().unwrap();
    let (total, state, account) = quote_row(&s, number).await;
    assert_eq!(state, "sent");
    assert_eq!(account, Some(b.account));

    let cart = form["fields"][0]["value"].as_str().unwrap();
    assert!(cart
        .contains("<!DOCTYPE cXML SYSTEM \"http://xml.cxml.org/schemas/cXML/1.2.014/cXML.dtd\">"));
    dtd_shape(cart);
    assert_eq!(xpath(cart, "string(//BuyerCookie)"), "cookie-1234");
    assert_eq!(xpath(cart, "count(//ItemIn)"), "1");
    assert_eq!(xpath(cart, "string(//ItemIn/@quantity)"), "1");
    assert_eq!(
        xpath(cart, "string(//ItemIn/ItemID/SupplierPartID)"),
        "nx-3400"
    );
    assert_eq!(xpath(cart, "string(//ItemIn//UnitPrice/Money)"), total);
    assert_eq!(xpath(cart, "string(//Total/Money)"), total);
    assert_eq!(xpath(cart, "string(//Total/Money/@currency)"), "USD");
    assert_eq!(
        xpath(cart, "string(//Classification[@domain='UNSPSC'])"),
        "43222612"
    );
    assert_eq!(xpath(cart, "string(//UnitOfMeasure)"), "EA");
    assert_eq!(xpath(cart, "string(//Description/@xml:lang)"), "de");
    assert!(xpath(cart, "string(//Description)").starts_with("Nexora NX-3400 Campus Switch: "));
    let aux = xpath(cart, "string(//SupplierPartAuxiliaryID)");
    let r = reference::verify(&key(&s).await, &aux).unwrap();
    assert_eq!((r.quote.as_str(), r.revision), (number, 1));

    // Logged: the setup (in, 200) and the cart (out); no secret anywhere.
    assert_eq!(
        count(&s, "SELECT COUNT(*) FROM procurement_documents WHERE kind = 'PunchOutSetupRequest' AND status_code = 200 AND direction = 'in'").await,
        1
    );
    assert_eq!(
        count(&s, "SELECT COUNT(*) FROM procurement_documents WHERE kind = 'PunchOutOrderMessage' AND direction = 'out'").await,
        1
    );
    let bodies: Vec<String> = sqlx::query_scalar("SELECT body FROM procurement_documents")
        .fetch_all(&s.desk.db.pool)
        .await
        .unwrap();
    assert!(bodies.iter().all(|b2| !b2.contains(&b.secret)));
    assert!(bodies
        .iter()
        .any(|b2| b2.contains("<SharedSecret>***</SharedSecret>")));

    // The session ends after 8 hours.
    s.desk.clock.advance(8 * 3600 + 1);
    let (status, e) = get_json(&s, &format!("/punchout/s/{token}/session")).await;
    assert_eq!(status, 404, "{e}");
    assert_eq!(e["error"], "not_found");
}

async fn edit_reopens_the_configuration_and_keeps_other_items(db: Db) {
    let s = Server::start(&db).await;
    let b = connect(&s, false).await;
    let token = session(&s, &b).await;
    let (_, form) = transfer(&s, &token, FULL).await;
    let cart = form["fields"][0]["value"].as_str().unwrap();
    let aux = xpath(cart, "string(//SupplierPartAuxiliaryID)");
    let first = form["quote_number"].as_str().unwrap().to_owned();
    let (first_total, _, _) = quote_row(&s, &first).await;

    let items = vec![
        item_out("OTHER-PART", "their-own-id", Some("10.00")),
        item_out("nx-3400", &aux, None),
    ];
    let text = setup_request(IDENTITY, &b.secret, "edit", Some(RETURN), items);
    let (_, code, why, url) = post_cxml(&s, "/punchout/cxml", &text).await;
    assert_eq!(code, 200, "{why}");
    let (to, token) = start(&url.unwrap()).await;
    assert!(to.contains("&c="), "{to}");
    assert!(!to.contains("view=quote"), "{to}");
    let (_, p) = get_json(&s, &format!("/punchout/s/{token}/session")).await;
    assert_eq!(p["operation"], "edit");

    let (status, form) = transfer(&s, &token, FULL).await;
    assert_eq!(status, 200, "{form}");
    let cart = form["fields"][0]["value"].as_str().unwrap();
    dtd_shape(cart);
    assert_eq!(xpath(cart, "count(//ItemIn)"), "2");
    assert_eq!(
        xpath(cart, "string(//ItemIn[2]/ItemID/SupplierPartID)"),
        "OTHER-PART"
    );
    assert_eq!(
        xpath(cart, "string(//ItemIn[2]/ItemID/SupplierPartAuxiliaryID)"),
        "their-own-id"
    );
    let expected = (first_total.parse::<rust_decimal::Decimal>().unwrap()
        + rust_decimal::Decimal::new(1000, 2))
    .to_string();
    assert_eq!(xpath(cart, "string(//Total/Money)"), expected);

    // An altered reference is refused, and nothing is opened.
    let altered = aux.replace(".1.", ".2.");
    let text = setup_request(
        IDENTITY,
        &b.secret,
        "edit",
        Some(RETURN),
        vec![item_out("nx-3400", &altered, None)],
    );
    let before = count(&s, "SELECT COUNT(*) FROM punchout_sessions").await;
    let (_, code, why, url) = post_cxml(&s, "/punchout/cxml", &text).await;
    assert_eq!(code, 400, "{why}");
    assert!(why.contains("forged"), "{why}");
    assert!(url.is_none());
    assert_eq!(
        count(&s, "SELECT COUNT(*) FROM punchout_sessions").await,
        before
    );
}

async fn inspect_shows_and_transfers_nothing(db: Db) {
    let s = Server::start(&db).await;
    let b = connect(&s, false).await;
    let token = session(&s, &b).await;
    let (_, form) = transfer(&s, &token, FULL).await;
    let aux = xpath(
        form["fields"][0]["value"].as_str().unwrap(),
        "string(//SupplierPartAuxiliaryID)",
    );
    let text = setup_request(
        IDENTITY,
        &b.secret,
        "inspect",
        None,
        vec![item_out("nx-3400", &aux, None)],
    );
    let (_, code, why, url) = post_cxml(&s, "/punchout/cxml", &text).await;
    assert_eq!(code, 200, "{why}");
    let (to, token) = start(&url.unwrap()).await;
    assert!(to.contains("&c=") && to.contains("view=quote"), "{to}");
    let quotes = count(&s, "SELECT COUNT(*) FROM quotes").await;
    let (status, e) = transfer(&s, &token, FULL).await;
    assert_eq!(status, 409, "{e}");
    assert_eq!(count(&s, "SELECT COUNT(*) FROM quotes").await, quotes);
}

async fn sub_items_count_the_product_once(db: Db) {
    let s = Server::start(&db).await;
    let b = connect(&s, true).await;
    let token = session(&s, &b).await;
    let (status, form) = transfer(&s, &token, FULL).await;
    assert_eq!(status, 200, "{form}");
    let number = form["quote_number"].as_str().unwrap();
    let (total, _, _) = quote_row(&s, number).await;
    let cart = form["fields"][0]["value"].as_str().unwrap();
    dtd_shape(cart);
    holds(cart, "//ItemIn[1][@itemType='composite' and @compositeItemType='groupLevel' and @lineNumber='1']");
    let children: usize = xpath(cart, "count(//ItemIn[@parentLineNumber='1'])")
        .parse()
        .unwrap();
    assert!(children >= 5, "the BOM lines are children: {children}");
    holds(
        cart,
        "count(//ItemIn[position()>1][not(@itemType='item')])=0",
    );
    // groupLevel: the group's price is the product's; the cart's total counts it once.
    assert_eq!(xpath(cart, "string(//ItemIn[1]//UnitPrice/Money)"), total);
    assert_eq!(xpath(cart, "string(//Total/Money)"), total);
}

async fn an_oci_punchout_cycle_answers_the_new_item_fields(db: Db) {
    let s = Server::start(&db).await;
    let b = connect(&s, false).await;
    let query = |user: &str, password: &str, hook: &str| {
        let mut q = form_urlencoded::Serializer::new(String::new());
        q.append_pair("USERNAME", user)
            .append_pair("PASSWORD", password)
            .append_pair("HOOK_URL", hook)
            .append_pair("PRODUCTID", "nx-3400")
            .append_pair("~OkCode", "ADDI")
            .append_pair("~TARGET", "_top")
            .append_pair("~caller", "CTLG");
        format!("{}/punchout/oci?{}", s.base, q.finish())
    };
    // A wrong password, and a HOOK_URL on a foreign origin: refused, no session.
    let r = browser()
        .get(query("acme-sap", "wrong", "https://buyer.example/oci"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 401);
    let r = browser()
        .get(query("acme-sap", &b.secret, "https://evil.example/oci"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);
    assert_eq!(count(&s, "SELECT COUNT(*) FROM punchout_sessions").await, 0);

    let r = browser()
        .get(query("acme-sap", &b.secret, "https://buyer.example/oci"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let to = r.headers()["location"].to_str().unwrap().to_owned();
    assert!(to.starts_with("/punchout/start/"), "{to}");
    let (_, token) = start(&format!("{}{to}", s.base)).await;
    let (_, p) = get_json(&s, &format!("/punchout/s/{token}/session")).await;
    assert_eq!(p["flavour"], "oci");
    assert_eq!(p["return_url"], "https://buyer.example/oci");
    let (status, form) = transfer(&s, &token, FULL).await;
    assert_eq!(status, 200, "{form}");
    assert_eq!(form["action"], "https://buyer.example/oci");
    assert_eq!(form["target"], "_top");
    let field = |name: &str| {
        form["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == name)
            .map(|f| f["value"].as_str().unwrap().to_owned())
            .unwrap_or_else(|| panic!("no field {name}: {form}"))
    };
    let number = form["quote_number"].as_str().unwrap();
    let (total, _, _) = quote_row(&s, number).await;
    assert_eq!(field("NEW_ITEM-PRICE[1]"), total);
    assert_eq!(field("NEW_ITEM-QUANTITY[1]"), "1");
    assert_eq!(field("NEW_ITEM-PRICEUNIT[1]"), "1");
    assert_eq!(field("NEW_ITEM-CURRENCY[1]"), "USD");
    assert_eq!(field("NEW_ITEM-UNIT[1]"), "EA");
    assert_eq!(field("NEW_ITEM-VENDORMAT[1]"), "nx-3400");
    assert_eq!(field("NEW_ITEM-MATGROUP[1]"), "43222612");
    assert_eq!(field("NEW_ITEM-EXT_SCHEMA_TYPE[1]"), "UNSPSC");
    assert_eq!(field("NEW_ITEM-EXT_QUOTE_ID[1]"), number);
    assert!(field("NEW_ITEM-DESCRIPTION[1]").chars().count() <= 40);
    assert!(field("NEW_ITEM-LONGTEXT_1:132[]").contains(" x "));
    let r = reference::verify(&key(&s).await, &field("NEW_ITEM-EXT_PRODUCT_ID[1]")).unwrap();
    assert_eq!(r.quote, number);
    assert_eq!(field("~OkCode"), "ADDI");
    assert_eq!(field("~caller"), "CTLG");
    assert_eq!(field("~TARGET"), "_top");

    // DETAIL (inspect) and VALIDATE (edit) reopen the item by its signed PRODUCTID.
    let reopen = |function: &str, product: &str| {
        let mut q = form_urlencoded::Serializer::new(String::new());
        q.append_pair("USERNAME", "acme-sap")
            .append_pair("PASSWORD", &b.secret)
            .append_pair("HOOK_URL", "https://buyer.example/oci")
            .append_pair("FUNCTION", function)
            .append_pair("PRODUCTID", product);
        format!("{}/punchout/oci?{}", s.base, q.finish())
    };
    let product = field("NEW_ITEM-EXT_PRODUCT_ID[1]");
    for (function, operation) in [("DETAIL", "inspect"), ("VALIDATE", "edit")] {
        let r = browser()
            .get(reopen(function, &product))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 303, "{function}");
        let to = r.headers()["location"].to_str().unwrap().to_owned();
        let (to, token) = start(&format!("{}{to}", s.base)).await;
        assert!(to.contains("&c="), "{to}");
        assert_eq!(to.contains("view=quote"), operation == "inspect", "{to}");
        let (_, p) = get_json(&s, &format!("/punchout/s/{token}/session")).await;
        assert_eq!(p["operation"], operation);
    }
    let forged = product.replace(number, "Q-2000-000001");
    let r = browser()
        .get(reopen("DETAIL", &forged))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 400);

    // The OCI setups are logged without the password.
    let bodies: Vec<String> =
        sqlx::query_scalar("SELECT body FROM procurement_documents WHERE kind = 'OCI setup'")
            .fetch_all(&s.desk.db.pool)
            .await
            .unwrap();
    assert_eq!(bodies.len(), 6);
    assert!(bodies
        .iter()
        .all(|x| x.contains("PASSWORD=***") && !x.contains(&b.secret)));
    assert_eq!(
        count(
            &s,
            "SELECT COUNT(*) FROM procurement_documents WHERE kind = 'OCI cart'"
        )
        .await,
        1
    );
}

async fn the_page_posts_only_to_the_buyer_and_is_framed_only_by_it(db: Db) {
    let dist = std::env::temp_dir().join(format!("punchout-dist-{}", common::random()));
    std::fs::create_dir_all(&dist).unwrap();
    // PunchOut sessions get the embed bundle's page (the app plus PunchOut mode), not the
    // customer's own page.
    std::fs::write(
        dist.join("index.html"),
        "<html><head></head><body>the customer's own page</body></html>",
    )
    .unwrap();
    std::fs::write(
        dist.join("embed.html"),
        "<html><head><script type=\"module\">import init from '/app.js';</script></head><body></body></html>",
    )
    .unwrap();
    let config = configurator_server::Config {
        listen: "127.0.0.1:0".parse().unwrap(),
        database: db.fresh().await,
        dist: Some(dist),
        catalogs: Some(common::catalogs_dir()),
        trusted_proxies: vec![std::net::Ipv4Addr::LOCALHOST.into()],
        ..Default::default()
    };
    let s = Server::configured(config, true).await;
    let b = connect(&s, false).await;
    let token = session(&s, &b).await;
    for path in ["", "quote/"] {
        let r = browser()
            .get(format!("{}/punchout/s/{token}/{path}", s.base))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 200);
        let csp = r.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(csp.contains("form-action https://buyer.example;"), "{csp}");
        assert!(
            csp.ends_with("frame-ancestors https://buyer.example"),
            "{csp}"
        );
        assert!(csp.contains("'sha256-"), "{csp}");
        assert!(r.headers().get("x-frame-options").is_none());
        assert_eq!(r.headers()["cache-control"], "no-store");
        let page = r.text().await.unwrap();
        assert!(page.contains("import init"), "{page}");
        assert!(!page.contains("the customer's own page"), "{page}");
    }
    let r = browser()
        .get(format!("{}/punchout/s/{token}/app.js", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 404);
    // The desk's own page keeps its policy.
    let r = browser().get(format!("{}/", s.base)).send().await.unwrap();
    let csp = r.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.contains("form-action 'self'") && csp.ends_with("frame-ancestors 'none'"),
        "{csp}"
    );
    // An unknown session: a plain page.
    let r = browser()
        .get(format!("{}/punchout/s/{}/", s.base, "ab".repeat(32)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 404);
    assert!(r.text().await.unwrap().contains("procurement system"));
}
