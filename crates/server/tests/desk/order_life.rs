//! An order's life, on SQLite and PostgreSQL: confirmed, shipped in two parts, delivered, each
//! step an event and a message to the customer's contact and the rep (a real SMTP server,
//! `common/smtp.rs`); every illegal step refused with the order untouched; the events
//! immutable in the database; lists, filters and both exports; the order document read back
//! with `pdftotext`.

use crate::common;
use crate::orders::{accepted, account, order_desk, place, request};

use common::smtp::{self, Sink};
use common::{full_quote, Client, Db, Server};
use configurator_server::mail::contacts;
use serde_json::{json, Value};

both!(
    an_order_ships_in_two_parts_and_is_delivered,
    illegal_steps_are_refused_and_change_nothing,
    orders_are_listed_filtered_and_exported,
);

/// A desk sending mail through `smtp` (retrying after 1 s), rita with an address.
async fn mail_server(db: &Db, smtp: Option<String>) -> Server {
    let config = configurator_server::Config {
        listen: "127.0.0.1:0".parse().unwrap(),
        database: db.fresh().await,
        dist: None,
        catalogs: Some(common::catalogs_dir()),
        secure_cookies: false,
        mail: configurator_server::mail::Config {
            smtp,
            from: "desk@example.com".into(),
            retry_seconds: 1,
            ..Default::default()
        },
        trusted_proxies: vec![std::net::Ipv4Addr::LOCALHOST.into()],
        ..Default::default()
    };
    let server = Server::configured(config, true).await;
    contacts::set_user(&server.desk, "rita", Some("rita@example.com"), Some("en"))
        .await
        .unwrap();
    server
}

/// Takes `action` on order `number` as `c`: status and answer.
async fn step(c: &Client, number: &str, action: &str, body: Value) -> (u16, Value) {
    c.post(&format!("/api/orders/{number}/{action}"), body)
        .await
}

/// The bytes of the order document in `lang`.
async fn document(c: &Client, number: &str, lang: &str) -> Vec<u8> {
    let r = c
        .request(
            reqwest::Method::GET,
            &format!("/api/orders/{number}/document.pdf?lang={lang}"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    r.bytes().await.unwrap().to_vec()
}

async fn an_order_ships_in_two_parts_and_is_delivered(db: Db) {
    let python = smtp::python();
    let sink = python.map(Sink::started);
    let s = mail_server(&db, sink.as_ref().map(Sink::url)).await;
    let id = account(&s).await;
    let rita = s.client("rita").await;
    let number = accepted(&s, &rita, &full_quote("ACME GmbH"), Some(id)).await;
    let mut req = request(&number, "PO-2026-17", "life-key-0001");
    req["ship_to"] = json!("ACME Lager\nWerkstraße 1\n22113 Hamburg");
    let o = place(&rita, req).await;
    let order = o["summary"]["number"].as_str().unwrap().to_owned();
    let lines: Vec<(i64, i64)> = o["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["line"].as_i64().unwrap(), l["quantity"].as_i64().unwrap()))
        .collect();
    assert!(lines.len() >= 2, "{o}");
    // The rep reads but takes no step.
    let (status, r) = step(&rita, &order, "confirm", json!({"ship_date": "2099-01-10"})).await;
    assert_eq!(status, 403, "{r}");
    let olga = order_desk(&s).await;
    let (status, r) = step(&olga, &order, "confirm", json!({"ship_date": "2000-01-10"})).await;
    assert_eq!(status, 422, "a date in the past: {r}");
    let (status, r) = step(&olga, &order, "confirm", json!({"ship_date": "2099-01-10"})).await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["order"]["summary"]["status"], "confirmed");
    assert_eq!(r["order"]["summary"]["confirmed_ship_date"], "2099-01-10");
    assert_eq!(r["order"]["actions"], json!(["ship", "cancel"]));
    // First part: the first line whole and one unit of the last.
    let (first, last) = (lines[0], lines[lines.len() - 1]);
    let part1 = json!({"lines": [{"line": first.0, "quantity": first.1}, {"line": last.0, "quantity": 1}],
                       "carrier": "DHL", "tracking": "JD0001"});
    let (status, r) = step(&olga, &order, "ship", part1).await;
    assert_eq!(status, 200, "{r}");
    let after1 = &r["order"];
    assert_eq!(after1["summary"]["status"], "partly_shipped");
    assert_eq!(after1["lines"][0]["shipped"], first.1);
    assert_eq!(
        after1["actions"],
        json!(["ship"]),
        "nothing to cancel once shipped"
    );
    // Second part: everything left.
    let rest: Vec<Value> = after1["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["shipped"] != l["quantity"])
        .map(|l| {
            let left = l["quantity"].as_i64().unwrap() - l["shipped"].as_i64().unwrap();
            json!({"line": l["line"], "quantity": left})
        })
        .collect();
    let (status, r) = step(
        &olga,
        &order,
        "ship",
        json!({"lines": rest, "carrier": "UPS", "tracking": "1Z999AA10123456784"}),
    )
    .await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["order"]["summary"]["status"], "shipped");
    assert_eq!(r["order"]["actions"], json!(["deliver"]));
    let (status, r) = step(&olga, &order, "deliver", json!({})).await;
    assert_eq!(status, 200, "{r}");
    let done = &r["order"];
    assert_eq!(done["summary"]["status"], "delivered");
    assert_eq!(done["actions"], json!([]));
    let shipments = done["shipments"].as_array().unwrap();
    assert_eq!(shipments.len(), 2);
    assert_eq!(shipments[0]["number"], 1);
    assert_eq!(shipments[0]["carrier"], "DHL");
    assert_eq!(shipments[1]["tracking"], "1Z999AA10123456784");
    assert!(
        shipments.iter().all(|s| s["delivered_at"].is_string()),
        "{done}"
    );
    for l in done["lines"].as_array().unwrap() {
        assert_eq!(l["shipped"], l["quantity"], "{l}");
    }
    // Every step an event, with who and the status after it.
    let events: Vec<(String, String, String)> = done["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["kind"].as_str().unwrap().to_owned(),
                e["actor"].as_str().unwrap().to_owned(),
                e["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected = [
        ("placed", "rita", "received"),
        ("confirmed", "olga", "confirmed"),
        ("shipped", "olga", "partly_shipped"),
        ("shipped", "olga", "shipped"),
        ("delivered", "olga", "delivered"),
    ];
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(a, b, c)| ((*a).to_owned(), (*b).to_owned(), (*c).to_owned()))
        .collect();
    assert_eq!(events, expected);
    assert!(done["events"][3]["detail"]
        .as_str()
        .unwrap()
        .contains("UPS"));
    // The rep, the manager and the admin read the same order.
    for name in ["rita", "maria", "admin"] {
        let (status, r) = s
            .client(name)
            .await
            .get(&format!("/api/orders/{order}"))
            .await;
        assert_eq!(status, 200, "{name}: {r}");
        assert_eq!(r["summary"], done["summary"], "{name}");
    }
    // The document, in English and German.
    if let Some(text) = crate::document::pdf_text(&document(&rita, &order, "en").await) {
        for words in [
            order.as_str(),
            "PO-2026-17",
            "ACME Lager",
            "Werkstraße 1",
            "Hafenstraße 5",
            "Shipment 1",
            "JD0001",
            "1Z999AA10123456784",
            "UPS",
            "Confirmed ship date",
            "Jan 10, 2099",
            "delivered",
        ] {
            assert!(text.contains(words), "`{words}` not in the PDF:\n{text}");
        }
        assert!(!text.contains("olga") && !text.contains("rita"), "{text}");
    }
    if let Some(text) = crate::document::pdf_text(&document(&olga, &order, "de").await) {
        for words in [
            "Bestellung",
            "Lieferadresse",
            "Sendungsnummer",
            "zugestellt",
        ] {
            assert!(text.contains(words), "`{words}` not in the PDF:\n{text}");
        }
    }
    // The mails: the account's first contact in German, the rep in English, each step.
    let Some(sink) = sink else { return };
    for (to, subject) in [
        ("petra@acme.example", "eingegangen"),
        ("petra@acme.example", "bestätigt"),
        ("petra@acme.example", "versandt"),
        ("petra@acme.example", "zugestellt"),
        ("rita@example.com", "received"),
        ("rita@example.com", "confirmed"),
        ("rita@example.com", "shipped"),
        ("rita@example.com", "delivered"),
    ] {
        let m = sink.wait_for(to, subject, 30).await;
        assert!(m.subject.contains(&order), "{m:?}");
        assert!(m.subject.contains("PO-2026-17"), "{m:?}");
    }
    // Each shipment's message names its own tracking number.
    let mut tracked = 0;
    for _ in 0..60 {
        let all = sink.messages();
        tracked = all
            .iter()
            .filter(|m| m.to.contains(&"petra@acme.example".to_owned()))
            .filter(|m| m.body.contains("1Z999AA10123456784") || m.body.contains("JD0001"))
            .count();
        if tracked == 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    assert_eq!(tracked, 2, "each shipment's tracking number, once");
}

/// The order's page as `c` reads it.
async fn page(c: &Client, number: &str) -> Value {
    let (status, r) = c.get(&format!("/api/orders/{number}")).await;
    assert_eq!(status, 200, "{r}");
    r
}

/// Every step but those `allowed` is refused with 409 and leaves the order as it was.
async fn only(olga: &Client, number: &str, allowed: &[&str]) {
    let before = page(olga, number).await;
    for (action, body) in [
        ("confirm", json!({"ship_date": "2099-02-01"})),
        (
            "ship",
            json!({"lines": [{"line": 1, "quantity": 1}], "carrier": "DHL", "tracking": "X1"}),
        ),
        ("deliver", json!({})),
        ("cancel", json!({"reason": "changed plans"})),
    ] {
        if allowed.contains(&action) {
            continue;
        }
        let (status, r) = step(olga, number, action, body).await;
        assert_eq!(
            status, 409,
            "{action} on {}: {r}",
            before["summary"]["status"]
        );
        assert!(r["message"].as_str().unwrap().contains(number), "{r}");
        assert_eq!(page(olga, number).await, before, "{action}: untouched");
    }
}

async fn illegal_steps_are_refused_and_change_nothing(db: Db) {
    let s = Server::start(&db).await;
    let id = account(&s).await;
    let rita = s.client("rita").await;
    let olga = order_desk(&s).await;
    let mut numbers = Vec::new();
    for k in 0..2 {
        let q = accepted(&s, &rita, &full_quote("ACME GmbH"), Some(id)).await;
        let o = place(&rita, request(&q, "PO-1", &format!("illegal-key-{k}"))).await;
        numbers.push(o["summary"]["number"].as_str().unwrap().to_owned());
    }
    let n = &numbers[0];
    only(&olga, n, &["confirm", "cancel"]).await;
    assert_eq!(
        step(&olga, n, "confirm", json!({"ship_date": "2099-02-01"}))
            .await
            .0,
        200
    );
    only(&olga, n, &["ship", "cancel"]).await;
    // More than is left of a line: refused, nothing shipped.
    let before = page(&olga, n).await;
    let quantity = before["lines"][0]["quantity"].as_i64().unwrap();
    let too_many = json!({"lines": [{"line": 1, "quantity": quantity + 1}], "carrier": "DHL", "tracking": "X"});
    let (status, r) = step(&olga, n, "ship", too_many).await;
    assert_eq!(status, 409, "{r}");
    let no_line =
        json!({"lines": [{"line": 99, "quantity": 1}], "carrier": "DHL", "tracking": "X"});
    assert_eq!(step(&olga, n, "ship", no_line).await.0, 422);
    let twice = json!({"lines": [{"line": 1, "quantity": 1}, {"line": 1, "quantity": 1}], "carrier": "DHL", "tracking": "X"});
    assert_eq!(step(&olga, n, "ship", twice).await.0, 422);
    let no_tracking =
        json!({"lines": [{"line": 1, "quantity": 1}], "carrier": "DHL", "tracking": " "});
    assert_eq!(step(&olga, n, "ship", no_tracking).await.0, 422);
    assert_eq!(page(&olga, n).await, before, "untouched");
    let one = json!({"lines": [{"line": 1, "quantity": 1}], "carrier": "DHL", "tracking": "X1"});
    assert_eq!(step(&olga, n, "ship", one).await.0, 200);
    only(&olga, n, &["ship"]).await;
    let rest: Vec<Value> = page(&olga, n).await["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["shipped"] != l["quantity"])
        .map(|l| json!({"line": l["line"], "quantity": l["quantity"].as_i64().unwrap() - l["shipped"].as_i64().unwrap()}))
        .collect();
    let all = json!({"lines": rest, "carrier": "DHL", "tracking": "X2"});
    assert_eq!(step(&olga, n, "ship", all).await.0, 200);
    only(&olga, n, &["deliver"]).await;
    assert_eq!(step(&olga, n, "deliver", json!({})).await.0, 200);
    only(&olga, n, &[]).await;
    // Cancelled: a reason is required; then nothing more.
    let c = &numbers[1];
    let (status, r) = step(&olga, c, "cancel", json!({"reason": "  "})).await;
    assert_eq!(status, 422, "{r}");
    let (status, r) = step(
        &olga,
        c,
        "cancel",
        json!({"reason": "Customer changed plans"}),
    )
    .await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["order"]["summary"]["status"], "cancelled");
    assert_eq!(r["order"]["events"][1]["detail"], "Customer changed plans");
    only(&olga, c, &[]).await;
    // The order's events cannot be changed or removed, not even in the database.
    let update = sqlx::query("UPDATE order_events SET actor = 'mallory'")
        .execute(&s.desk.db.pool)
        .await;
    assert!(update.is_err(), "{update:?}");
    let delete = sqlx::query("DELETE FROM order_events")
        .execute(&s.desk.db.pool)
        .await;
    assert!(delete.is_err(), "{delete:?}");
    assert_eq!(page(&olga, c).await["events"].as_array().unwrap().len(), 2);
}

async fn orders_are_listed_filtered_and_exported(db: Db) {
    let s = Server::start(&db).await;
    let id = account(&s).await;
    let rita = s.client("rita").await;
    let olga = order_desk(&s).await;
    let mut numbers = Vec::new();
    for (k, (customer, po)) in [
        ("ACME GmbH", "PO-100"),
        ("=HYPERLINK(\"http://evil\")", "PO-200"),
        ("Nordwerk AG", "+SUM(A1)"),
    ]
    .into_iter()
    .enumerate()
    {
        let q = accepted(&s, &rita, &full_quote(customer), Some(id)).await;
        let o = place(&rita, request(&q, po, &format!("list-key-{k:04}"))).await;
        numbers.push(o["summary"]["number"].as_str().unwrap().to_owned());
    }
    let (status, _) = step(
        &olga,
        &numbers[0],
        "confirm",
        json!({"ship_date": "2099-03-01"}),
    )
    .await;
    assert_eq!(status, 200);
    let listed = |r: &Value| -> Vec<String> {
        r["orders"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["number"].as_str().unwrap().to_owned())
            .collect()
    };
    let (_, all) = olga.get("/api/orders").await;
    let newest_first: Vec<String> = numbers.iter().rev().cloned().collect();
    assert_eq!(listed(&all), newest_first);
    for (query, expected) in [
        ("status=confirmed", vec![numbers[0].clone()]),
        (
            "status=received",
            vec![numbers[2].clone(), numbers[1].clone()],
        ),
        ("q=nordwerk", vec![numbers[2].clone()]),
        ("q=po-100", vec![numbers[0].clone()]),
        (&*format!("q={}", numbers[1]), vec![numbers[1].clone()]),
        ("from=2000-01-01&to=2000-12-31", vec![]),
        ("limit=1&offset=1", vec![numbers[1].clone()]),
    ] {
        let (status, r) = olga.get(&format!("/api/orders?{query}")).await;
        assert_eq!(status, 200, "{query}: {r}");
        assert_eq!(listed(&r), expected, "{query}");
    }
    assert_eq!(olga.get("/api/orders?status=lost").await.0, 400);
    assert_eq!(olga.get("/api/orders?from=yesterday").await.0, 400);
    // Another team's rep sees none of them; the team's manager all.
    let (_, none) = s.client("otto").await.get("/api/orders").await;
    assert_eq!(listed(&none), Vec::<String>::new());
    let (_, team) = s.client("maria").await.get("/api/orders").await;
    assert_eq!(listed(&team).len(), 3);
    // JSON: the list as a file; CSV: the same rows, formula cells neutralised.
    let r = olga
        .request(
            reqwest::Method::GET,
            "/api/orders/export.json?status=received",
        )
        .send()
        .await
        .unwrap();
    assert!(r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("orders.json"));
    let file: Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
    let (_, received) = olga.get("/api/orders?status=received").await;
    assert_eq!(file, received);
    let csv = olga
        .request(reqwest::Method::GET, "/api/orders/export.csv")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let rows: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(rows.len(), 4, "{csv}");
    assert!(rows[0].starts_with("number,status,quote,"), "{csv}");
    assert!(csv.contains("'+SUM(A1)"), "{csv}");
    assert!(
        csv.contains("\"'=HYPERLINK(\"\"http://evil\"\")\""),
        "{csv}"
    );
    assert!(!csv.contains(",=") && !csv.contains(",+"), "{csv}");
}
