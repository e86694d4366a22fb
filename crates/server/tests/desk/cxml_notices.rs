//! Our confirmations and ship notices, on SQLite and PostgreSQL: an order from a cXML
//! `OrderRequest`, confirmed and shipped in two parts by the order desk, reaches the buyer's
//! order-response URL (a loopback server here) as one `ConfirmationRequest` and two
//! `ShipNoticeRequest`s, read back with libxml2's `xmllint` (XPath checks of the cXML DTD's
//! element order and required attributes); with the buyer's system down (connection refused,
//! then HTTP 500) the document is retried with backoff, survives a restart of the server, and
//! is delivered once it is up.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::common;
use crate::cxml_orders::{organisation, post, transferred, Doc, Line};
use crate::orders::{account, order_desk};

use common::{full_quote, Db, Server};
use serde_json::{json, Value};

both!(
    confirmations_and_ship_notices_reach_the_buyer,
    a_buyer_down_is_retried_across_a_restart,
);

/// A buyer's order-response URL on loopback: what it received; it answers HTTP 500 to the
/// first `fail` documents, then cXML 200.
struct Receiver {
    url: String,
    got: Arc<Mutex<Vec<String>>>,
}

async fn receiver(listener: tokio::net::TcpListener, fail: usize) -> Receiver {
    let addr = listener.local_addr().unwrap();
    let got: Arc<Mutex<Vec<String>>> = Arc::default();
    let left = Arc::new(AtomicUsize::new(fail));
    let (g, l) = (got.clone(), left.clone());
    let app = axum::Router::new().route(
        "/orders",
        axum::routing::post(move |body: String| {
            let (g, l) = (g.clone(), l.clone());
            async move {
                g.lock().unwrap().push(body);
                if l.load(Ordering::SeqCst) > 0 {
                    l.fetch_sub(1, Ordering::SeqCst);
                    return (axum::http::StatusCode::INTERNAL_SERVER_ERROR, "busy".to_owned());
                }
                (
                    axum::http::StatusCode::OK,
                    "<?xml version=\"1.0\"?><cXML payloadID=\"1@buyer\" timestamp=\"2026-12-08T00:00:00+00:00\">\
                     <Response><Status code=\"200\" text=\"OK\"/></Response></cXML>"
                        .to_owned(),
                )
            }
        }),
    );
    tokio::spawn(async move { axum::serve(listener, app).await });
    Receiver {
        url: format!("http://{addr}/orders"),
        got,
    }
}

/// Evaluates `expr` on `doc` with xmllint (no network, no DTD loaded): its output.
fn xpath(doc: &str, expr: &str) -> String {
    use std::io::Write;
    let mut child = std::process::Command::new("xmllint")
        .args(["--nonet", "--xpath", expr, "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("xmllint (Debian's libxml2-utils) is installed");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(doc.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// Asserts every XPath expression is true on `doc`.
fn holds(doc: &str, checks: &[&str]) {
    for c in checks {
        assert_eq!(xpath(doc, c), "true", "{c}\n{doc}");
    }
}

/// The envelope every document of ours has (cXML.dtd): attributes, Header's order.
const ENVELOPE: &[&str] = &[
    "/cXML[@payloadID and @timestamp and @xml:lang] and string-length(/cXML/@timestamp) = 25 \
     and substring(/cXML/@timestamp, 20) = '+00:00'",
    "name(/cXML/*[1]) = 'Header' and name(/cXML/*[2]) = 'Request' and count(/cXML/*) = 2",
    "name(/cXML/Header/*[1]) = 'From' and name(/cXML/Header/*[2]) = 'To' \
     and name(/cXML/Header/*[3]) = 'Sender' and count(/cXML/Header/*) = 3",
    "count(//Credential[not(@domain)]) = 0 and count(//Credential[name(*[1]) != 'Identity']) = 0",
    "name(/cXML/Header/Sender/*[last()]) = 'UserAgent'",
    "/cXML/Header/To/Credential/Identity = 'AN-ACME'",
    "/cXML/Header/Sender/Credential/SharedSecret = 'our-outbound-secret'",
    "count(/cXML/Request/*) = 1",
];

async fn wait_for(got: &Arc<Mutex<Vec<String>>>, n: usize) -> Vec<String> {
    for _ in 0..200 {
        if got.lock().unwrap().len() >= n {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let docs = got.lock().unwrap().clone();
    assert!(docs.len() >= n, "{} of {n} documents arrived", docs.len());
    docs
}

/// A transferred quote ordered by a document listing its bill of materials as sub-items
/// (lines 2, 3, … of parent line 1): the order's number, its lines and the document.
async fn ordered(s: &Server, acme: i64, po: &str) -> (String, Value, Doc) {
    let (number, aux, price) = transferred(s, acme, &full_quote("ACME GmbH")).await;
    let rita = s.client("rita").await;
    let (_, q) = rita.get(&format!("/api/quotes/{number}")).await;
    let count = q["quote"]["lines"].as_array().map_or(0, Vec::len) as i64;
    assert!(count >= 2, "{q}");
    let mut lines = vec![Line::product(1, &aux, &price)];
    for k in 0..count {
        lines.push(Line {
            line: k + 2,
            quantity: "1".into(),
            aux: String::new(),
            price: "0".into(),
            parent: Some(1),
        });
    }
    let doc = Doc::new("AN-ACME", po, lines);
    let (_, code, text, _) = post(s, &doc.text()).await;
    assert_eq!(code, 200, "{text}");
    let order: String = sqlx::query_scalar(
        "SELECT o.number FROM orders o JOIN quotes q ON q.id = o.quote_id WHERE q.number = $1",
    )
    .bind(&number)
    .fetch_one(&s.desk.db.pool)
    .await
    .unwrap();
    let olgas: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE name = 'olga'")
        .fetch_one(&s.desk.db.pool)
        .await
        .unwrap();
    if olgas == 0 {
        order_desk(s).await;
    }
    let olga = s.client("olga").await;
    let (_, detail) = olga.get(&format!("/api/orders/{order}")).await;
    (order, detail["lines"].clone(), doc)
}

async fn confirmations_and_ship_notices_reach_the_buyer(db: Db) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let r = receiver(listener, 0).await;
    let s = Server::start(&db).await;
    let acme = account(&s).await;
    organisation(&s, acme, "AN-ACME", Some(&r.url)).await;
    let (order, lines, doc) = ordered(&s, acme, "PO-5001").await;
    let olga = s.client("olga").await;
    let (status, c) = olga
        .post(
            &format!("/api/orders/{order}/confirm"),
            json!({"ship_date": "2099-03-01"}),
        )
        .await;
    assert_eq!(status, 200, "{c}");
    // Two shipments: line 1 first, then every other line.
    let lines = lines.as_array().unwrap();
    let all: Vec<Value> = lines
        .iter()
        .map(|l| json!({"line": l["line"], "quantity": l["quantity"]}))
        .collect();
    for (part, tracking) in [(&all[..1], "TRACK-1"), (&all[1..], "TRACK-2")] {
        let (status, r) = olga
            .post(
                &format!("/api/orders/{order}/ship"),
                json!({"lines": part, "carrier": "DHL", "tracking": tracking}),
            )
            .await;
        assert_eq!(status, 200, "{r}");
    }
    let docs = wait_for(&r.got, 3).await;
    assert_eq!(docs.len(), 3, "each once");
    let po_payload = format!(
        "/cXML/Request/*/OrderReference/DocumentReference/@payloadID = '{}'",
        doc.payload
    );
    let confirm = &docs[0];
    holds(confirm, ENVELOPE);
    holds(
        confirm,
        &[
            "name(/cXML/Request/*) = 'ConfirmationRequest'",
            "name(/cXML/Request/ConfirmationRequest/*[1]) = 'ConfirmationHeader' \
             and name(/cXML/Request/ConfirmationRequest/*[2]) = 'OrderReference' \
             and count(/cXML/Request/ConfirmationRequest/*[position() > 2][name() != 'ConfirmationItem']) = 0",
            "boolean(/cXML/Request/ConfirmationRequest/ConfirmationHeader[@type = 'accept' and @noticeDate])",
            "/cXML/Request/ConfirmationRequest/OrderReference/@orderID = 'PO-5001' \
             and count(/cXML/Request/ConfirmationRequest/OrderReference/*) = 1",
            &po_payload,
            "count(//ConfirmationItem) = 1 and //ConfirmationItem[@lineNumber = '1' and @quantity = '1']",
            "count(//ConfirmationItem[name(*[1]) != 'UnitOfMeasure']) = 0 \
             and count(//ConfirmationItem/*[position() > 1][name() != 'ConfirmationStatus']) = 0",
            "//ConfirmationStatus[@quantity = '1' and @type = 'accept' \
             and starts-with(@shipmentDate, '2099-03-01T')] and name(//ConfirmationStatus/*[1]) = 'UnitOfMeasure'",
        ],
    );
    // The unit is the catalog's, as the cart gave it.
    let unit = common::demo().catalog().unit_of_measure().to_owned();
    assert_eq!(
        xpath(confirm, "string(//ConfirmationItem/UnitOfMeasure)"),
        unit
    );
    let ship_checks = |first_line: &str, tracking: &str| {
        vec![
            "name(/cXML/Request/*) = 'ShipNoticeRequest'".to_owned(),
            "name(/cXML/Request/ShipNoticeRequest/*[1]) = 'ShipNoticeHeader' \
             and name(/cXML/Request/ShipNoticeRequest/*[2]) = 'ShipControl' \
             and name(/cXML/Request/ShipNoticeRequest/*[3]) = 'ShipNoticePortion' \
             and count(/cXML/Request/ShipNoticeRequest/*) = 3"
                .to_owned(),
            "boolean(//ShipNoticeHeader[@shipmentID and @noticeDate and @shipmentDate])".to_owned(),
            "name(//ShipControl/*[1]) = 'CarrierIdentifier' and //ShipControl/CarrierIdentifier[@domain = 'companyName'] = 'DHL'".to_owned(),
            format!("name(//ShipControl/*[2]) = 'ShipmentIdentifier' and //ShipControl/ShipmentIdentifier = '{tracking}'"),
            "name(//ShipNoticePortion/*[1]) = 'OrderReference' and //ShipNoticePortion/OrderReference/@orderID = 'PO-5001'".to_owned(),
            "count(//ShipNoticeItem[not(@lineNumber) or not(@quantity) or name(*[1]) != 'UnitOfMeasure']) = 0".to_owned(),
            format!("//ShipNoticeItem[1]/@lineNumber = '{first_line}'"),
        ]
    };
    for (d, first, tracking) in [(&docs[1], "2", "TRACK-1"), (&docs[2], "3", "TRACK-2")] {
        holds(d, ENVELOPE);
        let checks = ship_checks(first, tracking);
        let refs: Vec<&str> = checks.iter().map(String::as_str).collect();
        holds(d, &refs);
    }
    // The second notice lists every other line, each with its quantity.
    assert_eq!(
        xpath(&docs[2], "count(//ShipNoticeItem)"),
        (lines.len() - 1).to_string()
    );
    assert_eq!(
        xpath(&docs[1], "//ShipNoticeItem/@quantity"),
        format!("quantity=\"{}\"", lines[0]["quantity"])
    );
    // A cancelled order: a rejection with the reason.
    let (other, _, _) = ordered(&s, acme, "PO-5002").await;
    let (status, c) = olga
        .post(
            &format!("/api/orders/{other}/cancel"),
            json!({"reason": "Out of <stock> & gone"}),
        )
        .await;
    assert_eq!(status, 200, "{c}");
    let docs = wait_for(&r.got, 4).await;
    holds(&docs[3], ENVELOPE);
    holds(
        &docs[3],
        &[
            "boolean(/cXML/Request/ConfirmationRequest/ConfirmationHeader[@type = 'reject' and @noticeDate])",
            "/cXML/Request/ConfirmationRequest/ConfirmationHeader/Comments = 'Out of <stock> & gone'",
            "/cXML/Request/ConfirmationRequest/OrderReference/@orderID = 'PO-5002'",
            "//ConfirmationStatus[@type = 'reject' and @quantity = '1'] and not(//ConfirmationStatus/@shipmentDate)",
        ],
    );
    // The log: delivered, with the buyer's answer, and no secret kept.
    let logged: Vec<(String, Option<i64>, Option<i64>, String)> = sqlx::query_as(
        "SELECT kind, status_code, delivered_at, body FROM procurement_documents \
         WHERE direction = 'out' ORDER BY id",
    )
    .fetch_all(&s.desk.db.pool)
    .await
    .unwrap();
    let kinds: Vec<&str> = logged.iter().map(|l| l.0.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "ConfirmationRequest",
            "ShipNoticeRequest",
            "ShipNoticeRequest",
            "ConfirmationRequest",
        ]
    );
    for l in &logged {
        assert_eq!(l.1, Some(200));
        assert!(l.2.is_some());
        assert!(!l.3.contains("our-outbound-secret") && l.3.contains("***"));
    }
}

async fn a_buyer_down_is_retried_across_a_restart(db: Db) {
    // A port nobody listens on yet.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let url = format!("http://127.0.0.1:{port}/orders");
    let database = db.fresh().await;
    let config = || configurator_server::Config {
        listen: "127.0.0.1:0".parse().unwrap(),
        database: database.clone(),
        catalogs: Some(common::catalogs_dir()),
        trusted_proxies: vec![std::net::Ipv4Addr::LOCALHOST.into()],
        cxml: configurator_server::procurement::delivery::Config {
            retry_seconds: 1,
            ..Default::default()
        },
        ..configurator_server::Config::default()
    };
    let s = Server::configured(config(), true).await;
    let acme = account(&s).await;
    organisation(&s, acme, "AN-ACME", Some(&url)).await;
    let (order, _, _) = ordered(&s, acme, "PO-5001").await;
    let olga = s.client("olga").await;
    let (status, c) = olga
        .post(
            &format!("/api/orders/{order}/confirm"),
            json!({"ship_date": "2099-03-01"}),
        )
        .await;
    assert_eq!(status, 200, "{c}");
    // Refused connections: retried, the reason kept.
    let mut seen = (0, String::new());
    for _ in 0..100 {
        seen = sqlx::query_as(
            "SELECT attempts, status_text FROM procurement_documents WHERE direction = 'out'",
        )
        .fetch_one(&s.desk.db.pool)
        .await
        .unwrap();
        if seen.0 >= 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(seen.0 >= 2, "retried: {seen:?}");
    assert!(seen.1.contains("cannot reach"), "{seen:?}");
    // The server goes away; the buyer's system comes up, failing once; a new server
    // delivers what the first could not.
    drop(s);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .unwrap();
    let r = receiver(listener, 1).await;
    let s = Server::configured(config(), false).await;
    let mut delivered: Option<i64> = None;
    for _ in 0..200 {
        delivered = sqlx::query_scalar(
            "SELECT delivered_at FROM procurement_documents WHERE direction = 'out'",
        )
        .fetch_one(&s.desk.db.pool)
        .await
        .unwrap();
        if delivered.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(delivered.is_some(), "delivered after the restart");
    let docs = r.got.lock().unwrap().clone();
    assert_eq!(docs.len(), 2, "one HTTP 500, then delivered once");
    assert_eq!(docs[0], docs[1], "the same document again");
    holds(&docs[1], ENVELOPE);
}
