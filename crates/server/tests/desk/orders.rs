//! Placing orders, on SQLite and PostgreSQL: an accepted quote becomes an order recomputed by
//! the engine; every refusal (not accepted, another revision, expired, a revision the engine
//! prices otherwise, a configuration no longer valid, a date too early, a stranger) writes
//! nothing; retries with one idempotency key make one order, also eight at once.

use crate::common;

use std::sync::Arc;

use common::{full_quote, quote, Client, Db, Server, FULL};
use configurator_server::auth::Role;
use serde_json::{json, Value};

both!(
    an_accepted_quote_becomes_an_order,
    every_refusal_writes_nothing,
    retries_with_one_key_make_one_order,
);

/// An account for ACME with two contacts (the first German): its id.
pub async fn account(s: &Server) -> i64 {
    let maria = s.client("maria").await;
    let (status, r) = maria
        .post(
            "/api/accounts",
            json!({
                "name": "ACME GmbH",
                "bill_to": "ACME GmbH\nHafenstraße 5\n20457 Hamburg",
                "ship_to": "",
                "language": "de",
                "price_book": "list",
                "contacts": [
                    {"name": "Petra Buyer", "email": "petra@acme.example", "language": "de"},
                    {"name": "Sam Second", "email": "sam@acme.example", "language": "en"},
                ],
            }),
        )
        .await;
    assert_eq!(status, 201, "{r}");
    r["account"]["id"].as_i64().unwrap()
}

/// The order desk's user `olga`.
pub async fn order_desk(s: &Server) -> Client {
    configurator_server::users::add(
        &s.desk,
        "test",
        "olga",
        Role::OrderDesk,
        "fulfilment",
        common::PASSWORD,
    )
    .await
    .unwrap();
    s.client("olga").await
}

/// `text` saved by `c` (for `account`), submitted, sent and accepted by the customer through a
/// link: the quote's number.
pub async fn accepted(s: &Server, c: &Client, text: &str, account: Option<i64>) -> String {
    let number = sent(c, text, account).await;
    let (status, l) = c
        .post(&format!("/api/quotes/{number}/links"), json!({"days": 14}))
        .await;
    assert_eq!(status, 201, "{l}");
    let token = l["link"]["token"].as_str().unwrap();
    let (status, v) = s
        .anonymous()
        .post(
            &format!("/api/customer/{token}/accept"),
            json!({"name": "Petra Buyer"}),
        )
        .await;
    assert_eq!(status, 200, "{v}");
    number
}

/// `text` saved by `c`, submitted and sent: the quote's number.
pub async fn sent(c: &Client, text: &str, account: Option<i64>) -> String {
    let path = match account {
        Some(a) => format!("/api/quotes?account={a}"),
        None => "/api/quotes".to_owned(),
    };
    let (status, r) = c.post_text(&path, text).await;
    assert_eq!(status, 201, "{r}");
    let number = r["quote"]["number"].as_str().unwrap().to_owned();
    for a in ["submit", "send"] {
        let (status, r) = c
            .post(&format!("/api/quotes/{number}/actions/{a}"), json!({}))
            .await;
        assert_eq!(status, 200, "{r}");
    }
    number
}

/// A request to place `quote` revision 1 with `po` under `key`.
pub fn request(quote: &str, po: &str, key: &str) -> Value {
    json!({"quote": quote, "revision": 1, "purchase_order": po, "idempotency_key": key})
}

/// Places `req` as `c`, expecting 201: the order.
pub async fn place(c: &Client, req: Value) -> Value {
    let (status, r) = c.post("/api/orders", req).await;
    assert_eq!(status, 201, "{r}");
    assert_eq!(r["replayed"], false);
    r["order"].clone()
}

/// The rows of every order table, and the outbox's and the order counter's.
pub async fn rows(s: &Server) -> Vec<i64> {
    let mut out = Vec::new();
    for sql in [
        "SELECT COUNT(*) FROM orders",
        "SELECT COUNT(*) FROM order_lines",
        "SELECT COUNT(*) FROM shipments",
        "SELECT COUNT(*) FROM shipment_lines",
        "SELECT COUNT(*) FROM order_events",
        "SELECT COUNT(*) FROM outbox",
        "SELECT CAST(COALESCE(SUM(last), 0) AS BIGINT) FROM order_numbers",
        "SELECT COUNT(*) FROM audit",
    ] {
        let n: i64 = sqlx::query_scalar(sql)
            .fetch_one(&s.desk.db.pool)
            .await
            .unwrap();
        out.push(n);
    }
    out
}

async fn an_accepted_quote_becomes_an_order(db: Db) {
    let s = Server::start(&db).await;
    let id = account(&s).await;
    let rita = s.client("rita").await;
    let number = accepted(&s, &rita, &full_quote("ACME GmbH"), Some(id)).await;
    let (_, q) = rita.get(&format!("/api/quotes/{number}")).await;
    let o = place(&rita, request(&number, "PO-4711", "key-00000001")).await;
    let year = configurator_server::clock::civil(s.desk.clock.now()).0;
    let today = configurator_server::quotes::today(&s.desk);
    let summary = &o["summary"];
    assert_eq!(summary["number"], format!("O-{year}-000001"));
    assert_eq!(summary["status"], "received");
    assert_eq!(summary["quote"], number.as_str());
    assert_eq!(summary["quote_revision"], 1);
    assert_eq!(summary["account"], id);
    assert_eq!(summary["purchase_order"], "PO-4711");
    assert_eq!(summary["owner"], "rita");
    assert_eq!(summary["team"], "north");
    assert_eq!(summary["total"], q["summary"]["total"]);
    assert_eq!(summary["catalog_version"], q["quote"]["catalog"]["version"]);
    // The estimate: today plus the longest lead time of the lines, in calendar days.
    let lead = |l: &Value| l["lead_days"].as_i64().unwrap_or(0);
    let quoted = q["quote"]["lines"].as_array().unwrap();
    let longest = quoted.iter().map(lead).max().unwrap();
    assert!(longest > 0, "the demo catalog states lead times: {q}");
    let estimate = configurator_server::clock::date(s.desk.clock.now() + longest * 86_400);
    assert!(estimate > today);
    assert_eq!(summary["estimated_ship_date"], estimate.as_str());
    assert_eq!(summary["confirmed_ship_date"], Value::Null);
    // The account's addresses: its bill-to, and the same to ship to (it gives none).
    assert_eq!(o["bill_to"], "ACME GmbH\nHafenstraße 5\n20457 Hamburg");
    assert_eq!(o["ship_to"], o["bill_to"]);
    // The quote's lines as placed, numbered 1, 2, …, nothing shipped.
    let lines = o["lines"].as_array().unwrap();
    assert_eq!(lines.len(), quoted.len());
    for (k, (l, ql)) in lines.iter().zip(quoted).enumerate() {
        assert_eq!(l["line"], k as i64 + 1);
        assert_eq!(l["sku"], ql["sku"]);
        assert_eq!(l["quantity"], ql["quantity"]);
        assert_eq!(l["net"], ql["net"]);
        assert_eq!(l["shipped"], 0);
        assert_eq!(l["lead_days"], lead(ql));
    }
    assert_eq!(o["events"].as_array().unwrap().len(), 1);
    assert_eq!(o["events"][0]["kind"], "placed");
    assert_eq!(o["events"][0]["actor"], "rita");
    assert_eq!(o["events"][0]["status"], "received");
    assert_eq!(o["actions"], json!([]), "a rep reads; the order desk acts");
    // Stored whole: the typed contract reads it.
    let (status, again) = rita
        .get(&format!(
            "/api/orders/{}",
            summary["number"].as_str().unwrap()
        ))
        .await;
    assert_eq!(status, 200, "{again}");
    let typed: configurator_api::orders::OrderDetail = serde_json::from_value(again).unwrap();
    assert_eq!(typed.summary.purchase_order, "PO-4711");
    // The order desk reads it and may confirm or cancel it.
    let olga = order_desk(&s).await;
    let (status, seen) = olga
        .get(&format!("/api/orders/{}", typed.summary.number))
        .await;
    assert_eq!(status, 200, "{seen}");
    assert_eq!(seen["actions"], json!(["confirm", "cancel"]));
    // The quote's audit log names the order.
    let (_, a) = rita.get(&format!("/api/quotes/{number}/audit")).await;
    assert_eq!(a["entries"][0]["action"], "order.place");
    assert_eq!(
        a["entries"][0]["detail"],
        format!("as {}", typed.summary.number)
    );
    // A quote without an account: the bill-to must be given; ship-to then follows it.
    let other = accepted(&s, &rita, &full_quote("Solo Ltd"), None).await;
    let (status, r) = rita
        .post("/api/orders", request(&other, "PO-1", "key-00000002"))
        .await;
    assert_eq!(status, 422, "{r}");
    assert!(r["message"].as_str().unwrap().contains("bill_to"), "{r}");
    let mut req = request(&other, "PO-1", "key-00000002");
    req["bill_to"] = json!("Solo Ltd\n1 Road");
    req["requested_date"] = json!("2099-01-15");
    let o = place(&rita, req).await;
    assert_eq!(o["ship_to"], "Solo Ltd\n1 Road");
    assert_eq!(o["summary"]["requested_date"], "2099-01-15");
    assert_eq!(o["summary"]["number"], format!("O-{year}-000002"));
}

/// Refused with `status`, and nothing written.
async fn refused(s: &Server, c: &Client, req: Value, status: u16, words: &str) {
    let before = rows(s).await;
    let (got, r) = c.post("/api/orders", req.clone()).await;
    assert_eq!(got, status, "{req}: {r}");
    let message = r["message"].as_str().unwrap_or_default();
    assert!(message.contains(words), "{req}: `{words}` not in {r}");
    assert_eq!(rows(s).await, before, "{req}: nothing written");
}

/// Replaces revision 1 of quote `number` in the database by `body` (with its checksum, so
/// only the engine's recomputation can tell).
pub async fn tamper(s: &Server, number: &str, body: &str) {
    let sha = configurator_server::auth::token_hash(body);
    let id: i64 = sqlx::query_scalar("SELECT id FROM quotes WHERE number = $1")
        .bind(number)
        .fetch_one(&s.desk.db.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE revisions SET body = $1, body_sha256 = $2 WHERE quote_id = $3")
        .bind(body)
        .bind(sha)
        .bind(id)
        .execute(&s.desk.db.pool)
        .await
        .unwrap();
}

async fn every_refusal_writes_nothing(db: Db) {
    let s = Server::start(&db).await;
    let rita = s.client("rita").await;
    let id = account(&s).await;
    // Not accepted: sent only.
    let only_sent = sent(&rita, &full_quote("ACME GmbH"), Some(id)).await;
    refused(
        &s,
        &rita,
        request(&only_sent, "PO-1", "key-sent-1"),
        409,
        "only an accepted",
    )
    .await;
    // Another revision than the one accepted.
    let number = accepted(&s, &rita, &full_quote("ACME GmbH"), Some(id)).await;
    let mut req = request(&number, "PO-1", "key-rev-0002");
    req["revision"] = json!(2);
    refused(&s, &rita, req, 409, "not the one accepted").await;
    // Malformed requests.
    refused(
        &s,
        &rita,
        request(&number, "", "key-empty-po"),
        422,
        "purchase_order",
    )
    .await;
    refused(
        &s,
        &rita,
        request(&number, "PO-1", "short"),
        422,
        "idempotency_key",
    )
    .await;
    let mut req = request(&number, "PO-1", "key-date-0001");
    req["requested_date"] = json!("2026-02-30");
    refused(&s, &rita, req, 422, "requested_date").await;
    // A requested date before the estimated ship date (today plus the longest lead time).
    let mut req = request(&number, "PO-1", "key-date-0002");
    req["requested_date"] = json!(configurator_server::quotes::today(&s.desk));
    refused(&s, &rita, req, 422, "before the estimated ship date").await;
    // Strangers: a rep of another team sees no such quote; the order desk places nothing.
    let otto = s.client("otto").await;
    refused(
        &s,
        &otto,
        request(&number, "PO-1", "key-otto-0001"),
        404,
        "no quote",
    )
    .await;
    let olga = order_desk(&s).await;
    refused(
        &s,
        &olga,
        request(&number, "PO-1", "key-olga-0001"),
        403,
        "order desk",
    )
    .await;
    // A stored revision the engine prices otherwise.
    let mut v: Value = serde_json::from_str(&full_quote("ACME GmbH")).unwrap();
    v["lines"][0]["net"] = json!("1.00");
    tamper(&s, &number, &v.to_string()).await;
    let (status, r) = rita
        .post("/api/orders", request(&number, "PO-1", "key-tamper-1"))
        .await;
    assert_eq!(status, 422, "{r}");
    assert_eq!(r["error"], "price_mismatch", "{r}");
    assert!(
        r["details"][0]["place"]
            .as_str()
            .unwrap()
            .contains("line 1"),
        "{r}"
    );
    refused(
        &s,
        &rita,
        request(&number, "PO-1", "key-tamper-1"),
        422,
        "differs",
    )
    .await;
    // A configuration that is no longer complete (priced right, but not orderable).
    let incomplete = quote(r#"[["chassis","48p"]]"#, "ACME GmbH", Some("2099-12-31"));
    tamper(&s, &number, &incomplete).await;
    refused(
        &s,
        &rita,
        request(&number, "PO-1", "key-config-1"),
        422,
        "no longer valid",
    )
    .await;
    // Past its date: accepted while valid, then the days went by (sessions end meanwhile).
    let until = configurator_server::clock::date(s.desk.clock.now() + 2 * 86_400);
    let short = quote(FULL, "ACME GmbH", Some(&until));
    let expiring = accepted(&s, &rita, &short, Some(id)).await;
    s.desk.clock.advance(5 * 86_400);
    let rita = s.client("rita").await;
    refused(
        &s,
        &rita,
        request(&expiring, "PO-1", "key-expired-1"),
        422,
        "has passed",
    )
    .await;
    let (_, list) = rita.get("/api/orders").await;
    assert_eq!(list["orders"], json!([]));
}

async fn retries_with_one_key_make_one_order(db: Db) {
    let s = Server::start(&db).await;
    let rita = s.client("rita").await;
    let id = account(&s).await;
    let number = accepted(&s, &rita, &full_quote("ACME GmbH"), Some(id)).await;
    let req = request(&number, "PO-7", "retry-key-0001");
    let first = place(&rita, req.clone()).await;
    let before = rows(&s).await;
    let (status, again) = rita.post("/api/orders", req.clone()).await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(again["replayed"], true);
    assert_eq!(again["order"], first, "the same order, as it is");
    assert_eq!(rows(&s).await, before, "a retry writes nothing");
    // The same key for another request; another key for the same quote.
    let mut other = req.clone();
    other["purchase_order"] = json!("PO-8");
    refused(&s, &rita, other, 409, "another request").await;
    let order = first["summary"]["number"].as_str().unwrap();
    refused(
        &s,
        &rita,
        request(&number, "PO-7", "retry-key-0002"),
        409,
        order,
    )
    .await;
    // Eight identical requests at once: one order, every answer naming it.
    let second = accepted(&s, &rita, &full_quote("ACME GmbH"), Some(id)).await;
    let rita = Arc::new(rita);
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let (c, req) = (rita.clone(), request(&second, "PO-9", "concurrent-key-1"));
            tokio::spawn(async move { c.post("/api/orders", req).await })
        })
        .collect();
    let mut numbers = Vec::new();
    let mut created = 0;
    for t in tasks {
        let (status, r) = t.await.unwrap();
        assert!(status == 201 || status == 200, "{status} {r}");
        created += usize::from(status == 201);
        assert_eq!(r["replayed"], status == 200);
        numbers.push(r["order"]["summary"]["number"].as_str().unwrap().to_owned());
    }
    assert_eq!(created, 1, "{numbers:?}");
    numbers.dedup();
    assert_eq!(numbers.len(), 1, "{numbers:?}");
    let (_, list) = rita.get("/api/orders").await;
    assert_eq!(list["orders"].as_array().unwrap().len(), 2, "{list}");
    // Numbers stay sequential: retries gave theirs back.
    let year = configurator_server::clock::civil(s.desk.clock.now()).0;
    assert_eq!(numbers[0], format!("O-{year}-000002"));
}
