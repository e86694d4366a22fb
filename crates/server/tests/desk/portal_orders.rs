//! The buyer's quotes and orders in the portal, on SQLite and PostgreSQL: accepting and
//! placing in one transaction (a refused placement leaves the quote sent), retries answered
//! with the same order, isolation between accounts (another account's quote, order, PDF,
//! configuration or alert is "not found"), reordering after a catalog change with what
//! changed, saved configurations at contract prices, and the notifications each buyer chose
//! (through a real SMTP server) with the alerts every buyer of the account gets.

use crate::common;
use crate::portal::{account_named, buyer};

use common::smtp::{self, Sink};
use common::{full_quote, Client, Db, Server, FULL};
use reqwest::Method;
use serde_json::{json, Value};

both!(
    accepting_and_placing_is_one_transaction,
    concurrent_retries_accept_and_place_once,
    a_buyer_sees_only_their_own_account,
    a_reorder_after_a_catalog_change_shows_what_changed,
    saved_configurations_are_checked_and_priced_at_contract_prices,
    a_partner_gets_their_own_tier_and_no_other,
    each_buyer_is_told_what_they_chose_and_everyone_sees_alerts,
);

/// A quote for `account` saved by rita, submitted and sent: its number.
async fn sent(s: &Server, account: i64, customer: &str) -> String {
    let rita = s.client("rita").await;
    crate::orders::sent(&rita, &full_quote(customer), Some(account)).await
}

/// The buyer's request to accept and place `quote` (revision 1) under `key`.
fn request(quote: &str, key: &str) -> Value {
    json!({"quote": quote, "revision": 1, "purchase_order": "PO-77",
           "ship_to": "Dock 4\nSpringfield", "idempotency_key": key})
}

/// The buyer places `quote`: the order's number.
async fn place(b: &Client, quote: &str, key: &str) -> String {
    let (status, r) = b.post("/api/portal/orders", request(quote, key)).await;
    assert_eq!(status, 201, "{r}");
    assert_eq!(r["replayed"], false);
    r["order"]["summary"]["number"].as_str().unwrap().to_owned()
}

async fn count(s: &Server, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(&s.desk.db.pool)
        .await
        .unwrap()
}

async fn accepting_and_placing_is_one_transaction(db: Db) {
    let s = Server::start(&db).await;
    let acme = account_named(&s, "ACME Networks").await;
    let b = buyer(&s, acme, "alice@acme.example").await;
    let number = sent(&s, acme, "ACME Networks").await;
    let (status, q) = b.get(&format!("/api/portal/quotes/{number}")).await;
    assert_eq!(status, 200, "{q}");
    assert_eq!(q["can_order"], true);
    assert_eq!(q["summary"]["status"], "sent");
    assert!(
        q["bill_to"].as_str().unwrap().contains("Harbour Road"),
        "{q}"
    );
    assert_eq!(
        q["ship_to"], q["bill_to"],
        "no ship-to: the bill-to address"
    );
    let estimate = q["estimated_ship_date"].clone();
    assert!(
        estimate.as_str().unwrap() > configurator_server::quotes::today(&s.desk).as_str(),
        "the demo's items take days: {q}"
    );
    // Nothing internal: no depth, approver or owner.
    for field in ["depth", "approver", "owner", "needs_approval"] {
        assert!(q["summary"].get(field).is_none(), "{field}: {q}");
    }
    // Refused placements write nothing and leave the quote sent.
    let before = count(&s, "SELECT COUNT(*) FROM audit").await;
    let mut early = request(&number, "portal-early-01");
    early["requested_date"] = json!("2000-01-01");
    let (status, r) = b.post("/api/portal/orders", early).await;
    assert_eq!(status, 422, "{r}");
    let mut other = request(&number, "portal-other-01");
    other["revision"] = json!(2);
    assert_eq!(b.post("/api/portal/orders", other).await.0, 422);
    let (_, q) = b.get(&format!("/api/portal/quotes/{number}")).await;
    assert_eq!(q["summary"]["status"], "sent", "not accepted: {q}");
    assert_eq!(count(&s, "SELECT COUNT(*) FROM orders").await, 0);
    assert_eq!(count(&s, "SELECT COUNT(*) FROM audit").await, before);
    // Accepted and placed at once, signed with the buyer's name.
    let order = place(&b, &number, "portal-key-0001").await;
    let (_, q) = b.get(&format!("/api/portal/quotes/{number}")).await;
    assert_eq!(q["summary"]["status"], "accepted");
    assert_eq!(q["summary"]["order"], order.as_str());
    assert_eq!(q["can_order"], false);
    let (actor, detail): (String, String) =
        sqlx::query_as("SELECT actor, detail FROM audit WHERE action = 'customer.accept'")
            .fetch_one(&s.desk.db.pool)
            .await
            .unwrap();
    assert_eq!(actor, "customer: Alice Buyer");
    assert!(
        detail.contains("portal") && detail.contains("alice@acme.example"),
        "{detail}"
    );
    // A retry answers the same order; no second one.
    let (status, r) = b
        .post("/api/portal/orders", request(&number, "portal-key-0001"))
        .await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["replayed"], true);
    assert_eq!(r["order"]["summary"]["number"], order.as_str());
    assert_eq!(count(&s, "SELECT COUNT(*) FROM orders").await, 1);
    // The order in the portal: listed, in detail without actions, as a PDF.
    let (_, list) = b.get("/api/portal/orders").await;
    assert_eq!(list["orders"][0]["number"], order.as_str());
    assert_eq!(list["orders"][0]["status"], "received");
    assert_eq!(list["orders"][0]["purchase_order"], "PO-77");
    let (status, page) = b.get(&format!("/api/portal/orders/{order}")).await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page["actions"], json!([]));
    assert_eq!(page["ship_to"], "Dock 4\nSpringfield");
    assert_eq!(page["events"][0]["actor"], "alice@acme.example");
    // The quote's estimate is the order's (placed the same day: today plus the longest lead).
    assert_eq!(page["summary"]["estimated_ship_date"], estimate);
    for path in [
        format!("/api/portal/orders/{order}/document.pdf"),
        format!("/api/portal/quotes/{number}/document.pdf"),
    ] {
        let response = b.request(Method::GET, &path).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        let bytes = response.bytes().await.unwrap();
        assert!(bytes.starts_with(b"%PDF"), "{path}");
    }
}

async fn concurrent_retries_accept_and_place_once(db: Db) {
    let s = Server::start(&db).await;
    let acme = account_named(&s, "ACME Networks").await;
    let b = std::sync::Arc::new(buyer(&s, acme, "alice@acme.example").await);
    let number = sent(&s, acme, "ACME Networks").await;
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let (b, req) = (b.clone(), request(&number, "portal-race-0001"));
            tokio::spawn(async move { b.post("/api/portal/orders", req).await })
        })
        .collect();
    let mut orders = Vec::new();
    let mut fresh = 0;
    for t in tasks {
        let (status, r) = t.await.unwrap();
        assert!([200, 201].contains(&status), "{status} {r}");
        fresh += usize::from(r["replayed"] == false);
        orders.push(r["order"]["summary"]["number"].as_str().unwrap().to_owned());
    }
    orders.dedup();
    assert_eq!(orders.len(), 1, "{orders:?}");
    assert_eq!(
        fresh, 1,
        "one request placed it, the others were answered with it"
    );
    assert_eq!(count(&s, "SELECT COUNT(*) FROM orders").await, 1);
    let accepts = count(
        &s,
        "SELECT COUNT(*) FROM audit WHERE action = 'customer.accept'",
    )
    .await;
    assert_eq!(accepts, 1, "accepted once");
}

async fn a_buyer_sees_only_their_own_account(db: Db) {
    let s = Server::start(&db).await;
    let acme = account_named(&s, "ACME Networks").await;
    let globex = account_named(&s, "Globex").await;
    let alice = buyer(&s, acme, "alice@acme.example").await;
    let gina = buyer(&s, globex, "gina@globex.example").await;
    let quote = sent(&s, acme, "ACME Networks").await;
    let order = place(&alice, &quote, "portal-iso-0001").await;
    let second = sent(&s, acme, "ACME Networks").await;
    let (_, saved) = alice
        .post(
            "/api/portal/configurations",
            json!({"name": "Rack A", "catalog": "nx-3400", "choices": FULL}),
        )
        .await;
    let config = saved["id"].as_i64().unwrap();
    // A draft of ACME's never shows.
    let rita = s.client("rita").await;
    let (status, d) = rita
        .post_text(
            &format!("/api/quotes?account={acme}"),
            &full_quote("ACME Networks"),
        )
        .await;
    assert_eq!(status, 201, "{d}");
    let draft = d["quote"]["number"].as_str().unwrap().to_owned();
    let (_, mine) = alice.get("/api/portal/quotes").await;
    let numbers: Vec<&str> = mine["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["number"].as_str().unwrap())
        .collect();
    assert!(numbers.contains(&quote.as_str()) && numbers.contains(&second.as_str()));
    assert!(!numbers.contains(&draft.as_str()), "{numbers:?}");
    assert_eq!(
        alice.get(&format!("/api/portal/quotes/{draft}")).await.0,
        404
    );
    // Globex's buyer: everything of ACME's is "not found", every list empty.
    for path in [
        format!("/api/portal/quotes/{quote}"),
        format!("/api/portal/quotes/{quote}/document.pdf"),
        format!("/api/portal/orders/{order}"),
        format!("/api/portal/orders/{order}/document.pdf"),
    ] {
        let (status, r) = gina.get(&path).await;
        assert_eq!(status, 404, "{path}: {r}");
    }
    assert_eq!(
        gina.post(&format!("/api/portal/orders/{order}/reorder"), json!(null))
            .await
            .0,
        404
    );
    assert_eq!(
        gina.send(
            Method::DELETE,
            &format!("/api/portal/configurations/{config}"),
            None
        )
        .await
        .0,
        404
    );
    let (status, r) = gina
        .post("/api/portal/orders", request(&second, "portal-iso-0002"))
        .await;
    assert_eq!(status, 404, "{r}");
    assert_eq!(gina.get("/api/portal/quotes").await.1["quotes"], json!([]));
    assert_eq!(gina.get("/api/portal/orders").await.1["orders"], json!([]));
    assert_eq!(
        gina.get("/api/portal/configurations").await.1["configurations"],
        json!([])
    );
    // Alice's alerts (her order placed) are hers; Gina has none.
    assert_eq!(alice.get("/api/portal/alerts").await.1["unread"], 1);
    assert_eq!(
        gina.get("/api/portal/alerts").await.1,
        json!({"alerts": [], "unread": 0})
    );
    // ACME's quote is still sent, its configuration still there.
    let (_, q) = alice.get(&format!("/api/portal/quotes/{second}")).await;
    assert_eq!(q["summary"]["status"], "sent");
    assert_eq!(
        alice.get("/api/portal/configurations").await.1["configurations"][0]["id"],
        config
    );
}

/// The demo catalog as a newer version (`2099.01`) in which the 48-port chassis costs more.
fn dearer_catalog() -> String {
    let mut v: Value = serde_json::from_str(configurator_engine::DEMO_CATALOG).unwrap();
    v["version"] = json!("2099.01");
    for g in v["groups"].as_array_mut().unwrap() {
        let chassis = g["id"] == "chassis";
        for item in g["items"].as_array_mut().unwrap() {
            if chassis && item["id"] == "48p" {
                assert_eq!(item["price"], "8495.00");
                item["price"] = json!("8995.00");
            }
        }
    }
    serde_json::to_string_pretty(&v).unwrap()
}

async fn a_reorder_after_a_catalog_change_shows_what_changed(db: Db) {
    let first = Server::start(&db).await;
    let acme = account_named(&first, "ACME Networks").await;
    let mut b = buyer(&first, acme, "alice@acme.example").await;
    let quote = sent(&first, acme, "ACME Networks").await;
    let order = place(&b, &quote, "portal-reo-0001").await;
    let (_, old) = b.get(&format!("/api/portal/orders/{order}")).await;
    // The same database served with a newer catalog version.
    let dir = std::env::temp_dir().join(format!("desk-reorder-{}", common::random()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("demo-2099.json"), dearer_catalog()).unwrap();
    let s = Server::with_catalogs(&first.database, false, dir).await;
    b.base = s.base.clone();
    let (status, r) = b
        .post(&format!("/api/portal/orders/{order}/reorder"), json!(null))
        .await;
    assert_eq!(status, 201, "{r}");
    assert_eq!(r["source"], order.as_str());
    assert_eq!(
        r["source_catalog_version"],
        old["summary"]["catalog_version"]
    );
    assert_eq!(r["catalog_version"], "2099.01");
    assert_eq!(r["configuration"], "complete");
    assert_eq!(r["no_longer_offered"], json!([]));
    let changed = r["changed"].to_string();
    assert!(
        changed.contains("8495") && changed.contains("8995"),
        "{changed}"
    );
    // The new quote is sent to the buyer, owned by the original quote's owner, ready to order.
    let new = r["quote"].as_str().unwrap();
    let (_, q) = b.get(&format!("/api/portal/quotes/{new}")).await;
    assert_eq!(q["summary"]["status"], "sent", "{q}");
    assert_eq!(q["can_order"], true);
    assert_eq!(q["quote"]["catalog"]["version"], "2099.01");
    let rita = s.client("rita").await;
    let (status, desk) = rita.get(&format!("/api/quotes/{new}")).await;
    assert_eq!(status, 200, "rita owns it: {desk}");
    let (_, log) = rita.get(&format!("/api/quotes/{new}/audit")).await;
    assert!(log.to_string().contains("portal.reorder"), "{log}");
    // And it can be placed at today's prices.
    let again = place(&b, new, "portal-reo-0002").await;
    let (_, placed) = b.get(&format!("/api/portal/orders/{again}")).await;
    assert_eq!(placed["summary"]["catalog_version"], "2099.01");
    assert_ne!(placed["summary"]["total"], old["summary"]["total"]);
}

async fn saved_configurations_are_checked_and_priced_at_contract_prices(db: Db) {
    let s = Server::start(&db).await;
    let acme = account_named(&s, "ACME Networks").await;
    let b = buyer(&s, acme, "alice@acme.example").await;
    let (status, p) = b.get("/api/portal/pricing").await;
    assert_eq!(status, 200);
    assert_eq!(p, json!({"price_book": "list", "partner_tier": null}));
    let (status, saved) = b
        .post(
            "/api/portal/configurations",
            json!({"name": "Rack A", "catalog": "nx-3400", "choices": FULL}),
        )
        .await;
    assert_eq!(status, 201, "{saved}");
    // The total is the engine's for these choices at the account's prices.
    let engine = common::demo();
    let choices = configurator_engine::quote::resolve(
        engine.catalog(),
        &configurator_engine::quote::choices_from_json(FULL).unwrap(),
    )
    .unwrap();
    let q = configurator_engine::quote::build(
        &engine,
        &choices,
        &Default::default(),
        Default::default(),
    )
    .unwrap();
    let expected = q.totals.contract_value.to_plain_string(&q.totals.currency);
    assert_eq!(saved["total"], expected.as_str());
    assert_eq!(saved["currency"], q.totals.currency.code());
    // Refused: unknown items, unknown catalogs, bad JSON, no name.
    for (name, catalog, choices) in [
        ("x", "nx-3400", r#"[["chassis","nope"]]"#),
        ("x", "nope", FULL),
        ("x", "nx-3400", "not json"),
        (" ", "nx-3400", FULL),
    ] {
        let (status, r) = b
            .post(
                "/api/portal/configurations",
                json!({"name": name, "catalog": catalog, "choices": choices}),
            )
            .await;
        assert_eq!(status, 422, "{name} {catalog} {choices}: {r}");
    }
    let (_, list) = b.get("/api/portal/configurations").await;
    assert_eq!(list["configurations"].as_array().unwrap().len(), 1);
    assert_eq!(list["configurations"][0]["total"], expected.as_str());
    let id = saved["id"].as_i64().unwrap();
    let path = format!("/api/portal/configurations/{id}");
    assert_eq!(b.send(Method::DELETE, &path, None).await.0, 204);
    assert_eq!(b.send(Method::DELETE, &path, None).await.0, 404);
    assert_eq!(
        b.get("/api/portal/configurations").await.1["configurations"],
        json!([])
    );
}

async fn a_partner_gets_their_own_tier_and_no_other(db: Db) {
    let s = Server::start(&db).await;
    let maria = s.client("maria").await;
    let (status, a) = maria
        .post(
            "/api/accounts",
            json!({"name": "Gold Partner AG", "bill_to": "1 Road", "language": "de",
                   "price_book": "list", "partner_tier": "gold"}),
        )
        .await;
    assert_eq!(status, 201, "{a}");
    let gold = a["account"]["id"].as_i64().unwrap();
    let acme = account_named(&s, "ACME Networks").await;
    let g = buyer(&s, gold, "gina@gold.example").await;
    let b = buyer(&s, acme, "alice@acme.example").await;
    assert_eq!(
        g.get("/api/portal/pricing").await.1,
        json!({"price_book": "list", "partner_tier": "gold"})
    );
    // The catalog as the partner's configurator gets it: their tier, no other, no limits.
    let (status, c) = g.get("/api/portal/catalogs/nx-3400").await;
    assert_eq!(status, 200, "{c}");
    let tiers: Vec<&str> = c["partner_tiers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(tiers, ["gold"]);
    assert!(c.get("deal_limits").is_none(), "no deal limits");
    let catalog = configurator_engine::Catalog::from_json("gold.json", &c.to_string()).unwrap();
    assert!(catalog.pricing.tier("gold").is_some());
    // A list-price customer gets the public form: no tier at all.
    let (_, public) = b.get("/api/portal/catalogs/nx-3400").await;
    assert!(
        public.get("partner_tiers").is_none(),
        "{}",
        public["partner_tiers"]
    );
    assert_eq!(b.get("/api/portal/catalogs/nope").await.0, 404);
    assert_eq!(
        s.anonymous().get("/api/portal/catalogs/nx-3400").await.0,
        401
    );
    // The same configuration saved by each costs the partner less.
    let mut totals = Vec::new();
    for c in [&g, &b] {
        let (status, r) = c
            .post(
                "/api/portal/configurations",
                json!({"name": "Rack", "catalog": "nx-3400", "choices": FULL}),
            )
            .await;
        assert_eq!(status, 201, "{r}");
        totals.push(
            r["total"]
                .as_str()
                .unwrap()
                .parse::<rust_decimal::Decimal>()
                .unwrap(),
        );
    }
    assert!(totals[0] < totals[1], "{totals:?}");
}

async fn each_buyer_is_told_what_they_chose_and_everyone_sees_alerts(db: Db) {
    let Some(python) = smtp::python() else { return };
    let sink = Sink::started(python);
    let config = configurator_server::Config {
        listen: "127.0.0.1:0".parse().unwrap(),
        database: db.fresh().await,
        catalogs: Some(common::catalogs_dir()),
        mail: configurator_server::mail::Config {
            smtp: Some(sink.url()),
            from: "desk@example.com".into(),
            retry_seconds: 1,
            ..Default::default()
        },
        trusted_proxies: vec![std::net::Ipv4Addr::LOCALHOST.into()],
        ..Default::default()
    };
    let s = Server::configured(config, true).await;
    let acme = account_named(&s, "ACME Networks").await;
    let alice = buyer(&s, acme, "alice@acme.example").await;
    let bob = buyer(&s, acme, "bob@acme.example").await;
    // Bob wants no shipping news.
    let choices = json!({"confirmed": true, "shipped": false, "delivered": true});
    let (status, r) = bob
        .send(
            Method::PUT,
            "/api/portal/notifications",
            Some(choices.clone()),
        )
        .await;
    assert_eq!((status, &r), (200, &choices));
    assert_eq!(bob.get("/api/portal/notifications").await.1, choices);
    let quote = sent(&s, acme, "ACME Networks").await;
    let order = place(&alice, &quote, "portal-mail-0001").await;
    let olga = crate::orders::order_desk(&s).await;
    let (_, page) = olga.get(&format!("/api/orders/{order}")).await;
    let lines = page["lines"].as_array().unwrap();
    let (status, r) = olga
        .post(
            &format!("/api/orders/{order}/confirm"),
            json!({"ship_date": "2099-01-10"}),
        )
        .await;
    assert_eq!(status, 200, "{r}");
    let all: Vec<Value> = lines
        .iter()
        .map(|l| json!({"line": l["line"], "quantity": l["quantity"]}))
        .collect();
    let ship = json!({"lines": all, "carrier": "DHL", "tracking": "JD0001"});
    assert_eq!(
        olga.post(&format!("/api/orders/{order}/ship"), ship)
            .await
            .0,
        200
    );
    assert_eq!(
        olga.post(&format!("/api/orders/{order}/deliver"), json!({}))
            .await
            .0,
        200
    );
    // Alice: placed (hers), confirmed, shipped, delivered. Bob: confirmed and delivered only.
    let delivered = |to: &str| {
        sink.messages()
            .into_iter()
            .filter(|m| m.to.iter().any(|t| t == to) && m.subject.starts_with("Order"))
            .count()
    };
    // Wait for the last step's messages, then count.
    let start = std::time::Instant::now();
    while delivered("alice@acme.example") < 4 || delivered("bob@acme.example") < 2 {
        assert!(start.elapsed().as_secs() < 20, "{:?}", sink.messages());
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(delivered("alice@acme.example"), 4, "{:?}", sink.messages());
    let to_bob: Vec<String> = sink
        .messages()
        .into_iter()
        .filter(|m| m.to.iter().any(|t| t == "bob@acme.example") && m.subject.starts_with("Order"))
        .map(|m| m.body)
        .collect();
    assert_eq!(to_bob.len(), 2, "{to_bob:?}");
    assert!(
        to_bob.iter().all(|b| !b.contains("JD0001")),
        "no shipping news: {to_bob:?}"
    );
    assert!(
        to_bob.iter().all(|b| b.contains("/portal/#/order/")),
        "{to_bob:?}"
    );
    // Alerts for both: placed, confirmed, shipped, delivered.
    for b in [&alice, &bob] {
        let (_, a) = b.get("/api/portal/alerts").await;
        let statuses: Vec<&str> = a["alerts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["status"].as_str().unwrap())
            .collect();
        assert_eq!(
            statuses,
            ["delivered", "shipped", "confirmed", "received"],
            "{a}"
        );
        assert_eq!(a["unread"], 4);
        assert!(a["alerts"]
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x["subject"] == order.as_str()));
    }
    let (status, a) = alice.post("/api/portal/alerts/read", json!(null)).await;
    assert_eq!(status, 200);
    assert_eq!(a["unread"], 0);
    assert_eq!(
        bob.get("/api/portal/alerts").await.1["unread"],
        4,
        "bob's are his own"
    );
    // The buyer sees each status and the tracking.
    let (_, list) = alice.get("/api/portal/orders").await;
    assert_eq!(list["orders"][0]["status"], "delivered");
    assert_eq!(list["orders"][0]["tracking"], json!(["JD0001"]));
}
