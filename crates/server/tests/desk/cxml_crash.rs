//! The real server killed (SIGKILL) while procurement systems post cXML `OrderRequest`s
//! concurrently, each retrying the SAME document until it is answered 200; started again, the
//! clients finish: every acknowledged `payloadID` has exactly one set of orders, whole, and a
//! document posted again gets the answer it got.

use crate::common;
use crate::crash::{add_user_with, client, start};
use crate::cxml_orders::{organisation_in, Doc, Line};

use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{full_quote, Db};
use serde_json::json;

both!(acknowledged_order_requests_survive_a_kill_exactly_once);

/// Posts `text` to `base`'s `/cxml/order`: the answer when it is a cXML 200.
async fn post_once(http: &reqwest::Client, base: &str, text: &str) -> Option<String> {
    let r = http
        .post(format!("{base}/cxml/order"))
        .header("content-type", "text/xml; charset=UTF-8")
        .body(text.to_owned())
        .send()
        .await
        .ok()?;
    let status = r.status().as_u16();
    let body = r.text().await.ok()?;
    let code = configurator_server::procurement::delivery::answer_status(&body).map(|s| s.0);
    if status != 200 || code != Some(200) {
        assert!(code.is_none_or(|c| c >= 500), "refused: {status} {body}");
        return None;
    }
    Some(body)
}

async fn acknowledged_order_requests_survive_a_kill_exactly_once(db: Db) {
    let database = db.fresh().await;
    add_user_with(&database, "rita", &["--role", "rep"]);
    add_user_with(&database, "maria", &["--role", "manager"]);
    let (mut server, addr) = start(&database);
    let base = Arc::new(Mutex::new(format!("http://{addr}")));
    let first = base.lock().unwrap().clone();
    let maria = client(&first, "maria").await;
    let (status, a) = maria
        .post(
            "/api/accounts",
            json!({"name": "ACME GmbH", "bill_to": "ACME GmbH\nHafenstraße 5", "ship_to": "",
                   "language": "en", "price_book": "list", "contacts": []}),
        )
        .await;
    assert_eq!(status, 201, "{a}");
    let acme = a["account"]["id"]
        .as_i64()
        .or_else(|| a["id"].as_i64())
        .unwrap();
    let desk = configurator_server::Desk::open(&configurator_server::Config {
        database: database.clone(),
        ..Default::default()
    })
    .await
    .unwrap();
    organisation_in(&desk, acme, "AN-ACME", None).await;
    let rita = client(&first, "rita").await;
    // 24 documents of one configured product each.
    let mut docs = Vec::new();
    for k in 0..24 {
        let number = crate::orders::sent(&rita, &full_quote("ACME GmbH"), Some(acme)).await;
        let (aux, price) = crate::cxml_orders::reference(&desk, &number).await;
        docs.push(Doc::new(
            "AN-ACME",
            &format!("PO-{k}"),
            vec![Line::product(1, &aux, &price)],
        ));
    }
    let docs = Arc::new(docs);
    // (document index, answer) of every document answered 200.
    let acked: Arc<Mutex<Vec<(usize, String)>>> = Arc::default();
    let mut workers = Vec::new();
    for w in 0..6 {
        let (docs, acked, base) = (docs.clone(), acked.clone(), base.clone());
        workers.push(tokio::spawn(async move {
            let http = reqwest::Client::builder()
                .timeout(Duration::from_secs(20))
                .build()
                .unwrap();
            for k in (w..docs.len()).step_by(6) {
                let text = docs[k].text();
                loop {
                    let at = base.lock().unwrap().clone();
                    if let Some(answer) = post_once(&http, &at, &text).await {
                        acked.lock().unwrap().push((k, answer));
                        break;
                    }
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            }
        }));
    }
    while acked.lock().unwrap().len() < 6 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    server.kill().unwrap();
    server.wait().unwrap();
    let before_restart = acked.lock().unwrap().len();
    assert!(before_restart < docs.len(), "killed before the last answer");
    let (mut server, addr) = start(&database);
    *base.lock().unwrap() = format!("http://{addr}");
    for w in workers {
        tokio::time::timeout(Duration::from_secs(120), w)
            .await
            .expect("the clients finish")
            .unwrap();
    }
    let acked = acked.lock().unwrap().clone();
    assert_eq!(
        acked.len(),
        docs.len(),
        "every document answered 200 in the end"
    );
    let pool = &desk.db.pool;
    for (k, answer) in &acked {
        let d = &docs[*k];
        let orders: Vec<(String, String)> = sqlx::query_as(
            "SELECT o.number, o.purchase_order FROM procurement_orders p \
             JOIN orders o ON o.id = p.order_id WHERE p.payload_id = $1",
        )
        .bind(&d.payload)
        .fetch_all(pool)
        .await
        .unwrap();
        assert_eq!(orders.len(), 1, "{}: exactly one order", d.payload);
        assert_eq!(orders[0].1, d.order_id);
        let (lines, events): (i64, i64) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM order_lines l WHERE l.order_id = o.id), \
             (SELECT COUNT(*) FROM order_events e WHERE e.order_id = o.id) \
             FROM orders o WHERE o.number = $1",
        )
        .bind(&orders[0].0)
        .fetch_one(pool)
        .await
        .unwrap();
        assert!(lines > 0, "{}: whole", orders[0].0);
        assert_eq!(events, 1, "{}: placed once", orders[0].0);
        // Posted again: the answer it got.
        let http = reqwest::Client::new();
        let again = post_once(&http, &format!("http://{addr}"), &d.text())
            .await
            .expect("answered");
        assert_eq!(&again, answer, "{}: the same answer", d.payload);
    }
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM orders")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(
        total,
        docs.len() as i64,
        "one order per document, none twice"
    );
    server.kill().unwrap();
    server.wait().unwrap();
}
