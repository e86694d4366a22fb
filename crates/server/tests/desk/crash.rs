//! The server killed (SIGKILL) in the middle of concurrent saves and started again: every
//! revision it acknowledged is there and intact, and no quote number is used twice. And killed
//! right after a change whose message it could not send yet: started again, it sends it. And
//! killed while orders are placed concurrently with retries: every order it acknowledged is
//! there exactly once, whole, and a retry after the restart finds it.

use crate::common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::smtp::{self, Sink};
use common::{deal_quote, full_quote, Db, PASSWORD};
use serde_json::json;

both!(
    acknowledged_revisions_survive_a_kill,
    a_message_acknowledged_before_a_kill_is_sent_after_it,
    acknowledged_orders_survive_a_kill_exactly_once,
);

/// Starts the real binary on a free loopback port; its address.
pub fn start(database: &str) -> (Child, String) {
    start_with(database, &[])
}

/// [`start`] with more flags.
fn start_with(database: &str, flags: &[&str]) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_configurator-server"))
        .args(flags)
        .args([
            "--listen",
            "127.0.0.1:0",
            "--database",
            database,
            "--catalogs",
            &common::catalogs_dir().display().to_string(),
            "--dist",
            "/nonexistent",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let out = child.stdout.take().unwrap();
    let mut lines = BufReader::new(out).lines();
    let addr = loop {
        let line = lines
            .next()
            .expect("the server prints its address")
            .unwrap();
        if let Some(a) = line.split("the quote desk on http://").nth(1) {
            break a.trim().to_owned();
        }
    };
    // Keep draining its output so it never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines.by_ref() {});
    (child, addr)
}

fn add_user(database: &str, name: &str) {
    add_user_with(database, name, &["--role", "rep"]);
}

pub fn add_user_with(database: &str, name: &str, flags: &[&str]) {
    let status = Command::new(env!("CARGO_BIN_EXE_configurator-server"))
        .args(["--database", database, "user", "add", name])
        .args(flags)
        .env("CONFIGURATOR_PASSWORD", PASSWORD)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
}

pub async fn client(base: &str, name: &str) -> common::Client {
    let mut c = common::Client {
        http: reqwest::Client::builder()
            .cookie_store(true)
            .timeout(Duration::from_secs(20))
            .build()
            .unwrap(),
        base: base.to_owned(),
        csrf: None,
    };
    let (status, body) = c
        .post("/api/session", json!({"name": name, "password": PASSWORD}))
        .await;
    assert_eq!(status, 200, "{body}");
    c.csrf = Some(body["csrf"].as_str().unwrap().to_owned());
    c
}

async fn acknowledged_revisions_survive_a_kill(db: Db) {
    let database = db.fresh().await;
    add_user(&database, "rita");
    add_user(&database, "ravi");
    let (mut server, addr) = start(&database);
    let base = format!("http://{addr}");
    // (number, revision, customer) of every save the server answered 201 to.
    let acked: Arc<Mutex<Vec<(String, i64, String)>>> = Arc::default();
    let mut workers = Vec::new();
    for w in 0..8 {
        let c = client(&base, if w % 2 == 0 { "rita" } else { "ravi" }).await;
        let acked = acked.clone();
        workers.push(tokio::spawn(async move {
            for k in 0.. {
                let customer = format!("Worker {w} quote {k}");
                let (status, r) = c.post_text("/api/quotes", &full_quote(&customer)).await;
                if status != 201 {
                    return; // the server is gone
                }
                let number = r["quote"]["number"].as_str().unwrap().to_owned();
                acked
                    .lock()
                    .unwrap()
                    .push((number.clone(), 1, customer.clone()));
                let revised = format!("{customer} (revised)");
                let (status, _) = c
                    .post_text(
                        &format!("/api/quotes/{number}/revisions?base=1"),
                        &full_quote(&revised),
                    )
                    .await;
                if status != 201 {
                    return;
                }
                acked.lock().unwrap().push((number, 2, revised));
            }
        }));
    }
    // Let them write, then kill the server mid-flight.
    while acked.lock().unwrap().len() < 40 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    server.kill().unwrap();
    server.wait().unwrap();
    for w in workers {
        let _ = w.await;
    }
    let acked = acked.lock().unwrap().clone();
    let (mut server, addr) = start(&database);
    let base = format!("http://{addr}");
    let rita = client(&base, "rita").await;
    let ravi = client(&base, "ravi").await;
    for (number, revision, customer) in &acked {
        let mut found = None;
        for c in [&rita, &ravi] {
            let (status, body) = c
                .get(&format!("/api/quotes/{number}/revisions/{revision}"))
                .await;
            if status == 200 {
                found = Some(body);
            }
        }
        let body = found.unwrap_or_else(|| panic!("{number} revision {revision} is lost"));
        assert_eq!(
            body["meta"]["customer"],
            customer.as_str(),
            "{number} r{revision}"
        );
    }
    // Every stored quote reads back whole: revisions 1..=n, each with a good checksum.
    let mut numbers = Vec::new();
    for c in [&rita, &ravi] {
        let (_, list) = c.get("/api/quotes").await;
        for q in list["quotes"].as_array().unwrap() {
            let number = q["number"].as_str().unwrap().to_owned();
            let (status, h) = c.get(&format!("/api/quotes/{number}/revisions")).await;
            assert_eq!(status, 200, "{number}: {h}");
            let revs: Vec<i64> = h["revisions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["revision"].as_i64().unwrap())
                .collect();
            let latest = q["revision"].as_i64().unwrap();
            assert_eq!(revs, (1..=latest).collect::<Vec<_>>(), "{number}");
            numbers.push(number);
        }
    }
    let count = numbers.len();
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), count, "no number twice");
    assert!(count >= acked.iter().filter(|a| a.1 == 1).count());
    server.kill().unwrap();
    server.wait().unwrap();
}

async fn a_message_acknowledged_before_a_kill_is_sent_after_it(db: Db) {
    let Some(python) = smtp::python() else { return };
    let mut sink = Sink::reserve(python); // down at first
    let database = db.fresh().await;
    let team = ["--team", "north", "--email"];
    add_user_with(
        &database,
        "rita",
        &[&team[..], &["rita@example.com"]].concat(),
    );
    add_user_with(
        &database,
        "maria",
        &[
            &["--role", "manager"],
            &team[..],
            &["maria@example.com", "--language", "de"],
        ]
        .concat(),
    );
    let url = sink.url();
    let flags = ["--smtp", url.as_str(), "--mail-retry", "1"];
    let (mut server, addr) = start_with(&database, &flags);
    let rita = client(&format!("http://{addr}"), "rita").await;
    let number = rita.save(&deal_quote("ACME", "15")).await;
    let (status, r) = rita
        .post(&format!("/api/quotes/{number}/actions/submit"), json!({}))
        .await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["quote"]["status"], "submitted");
    server.kill().unwrap();
    server.wait().unwrap();
    assert!(
        sink.messages().is_empty(),
        "SMTP was down: nothing sent yet"
    );
    sink.start();
    let (mut server, _) = start_with(&database, &flags);
    // A claim the killed process held lapses after 40 s at most.
    let m = sink
        .wait_for("maria@example.com", "wartet auf Ihre Freigabe", 60)
        .await;
    assert!(m.subject.contains(&number), "{m:?}");
    assert_eq!(sink.messages().len(), 1);
    server.kill().unwrap();
    server.wait().unwrap();
}

/// `count` quotes of rita's, each sent and accepted by the customer: their numbers.
async fn accepted_quotes(base: &str, rita: &common::Client, count: usize) -> Vec<String> {
    let customer = common::Client {
        http: reqwest::Client::new(),
        base: base.to_owned(),
        csrf: None,
    };
    let mut numbers = Vec::new();
    for k in 0..count {
        let text = full_quote(&format!("Customer {k}"));
        let number = crate::orders::sent(rita, &text, None).await;
        let (status, l) = rita
            .post(&format!("/api/quotes/{number}/links"), json!({"days": 5}))
            .await;
        assert_eq!(status, 201, "{l}");
        let token = l["link"]["token"].as_str().unwrap();
        let (status, v) = customer
            .post(
                &format!("/api/customer/{token}/accept"),
                json!({"name": "Buyer"}),
            )
            .await;
        assert_eq!(status, 200, "{v}");
        numbers.push(number);
    }
    numbers
}

/// The request placing quote `number` (its key made from it).
fn order_request(number: &str) -> serde_json::Value {
    let mut r = crate::orders::request(number, &format!("PO {number}"), &format!("crash-{number}"));
    r["bill_to"] = json!("Somewhere 1");
    r
}

async fn acknowledged_orders_survive_a_kill_exactly_once(db: Db) {
    let database = db.fresh().await;
    add_user(&database, "rita");
    let (mut server, addr) = start(&database);
    let base = format!("http://{addr}");
    let rita = Arc::new(client(&base, "rita").await);
    let quotes = accepted_quotes(&base, &rita, 40).await;
    // (quote, order) of every placing the server answered 201 or 200 to.
    let acked: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
    let mut workers = Vec::new();
    // Every quote placed by two workers at once with the same key, each retrying what got no
    // answer (as a client whose connection broke would).
    for w in 0..8 {
        let (rita, acked, quotes) = (rita.clone(), acked.clone(), quotes.clone());
        workers.push(tokio::spawn(async move {
            for number in quotes.iter().skip(w / 2).step_by(4) {
                let mut tries = 0;
                loop {
                    let sent = rita
                        .request(reqwest::Method::POST, "/api/orders")
                        .json(&order_request(number))
                        .send()
                        .await;
                    let Ok(r) = sent else {
                        tries += 1;
                        if tries > 3 {
                            return; // the server is gone
                        }
                        continue;
                    };
                    let status = r.status().as_u16();
                    let Ok(body) = r.json::<serde_json::Value>().await else {
                        return;
                    };
                    if status >= 500 {
                        return; // the server is dying
                    }
                    assert!(status == 201 || status == 200, "{status} {body}");
                    let order = body["order"]["summary"]["number"].as_str().unwrap();
                    acked
                        .lock()
                        .unwrap()
                        .push((number.clone(), order.to_owned()));
                    break;
                }
            }
        }));
    }
    while acked.lock().unwrap().len() < 12 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    server.kill().unwrap();
    server.wait().unwrap();
    for w in workers {
        if let Err(e) = w.await {
            if e.is_panic() {
                std::panic::resume_unwind(e.into_panic());
            }
        }
    }
    let acked = acked.lock().unwrap().clone();
    assert!(
        acked.len() < 2 * quotes.len(),
        "killed before the last answer"
    );
    let (mut server, addr) = start(&database);
    let base = format!("http://{addr}");
    let rita = client(&base, "rita").await;
    // Every acknowledged order is there, for its quote, whole.
    for (quote, order) in &acked {
        let (status, o) = rita.get(&format!("/api/orders/{order}")).await;
        assert_eq!(status, 200, "{order} of {quote} is lost: {o}");
        assert_eq!(o["summary"]["quote"], quote.as_str());
    }
    // Every quote retried after the restart: the order it has, or its first; never a second.
    for quote in &quotes {
        let (status, r) = rita.post("/api/orders", order_request(quote)).await;
        assert!(status == 201 || status == 200, "{quote}: {status} {r}");
        let number = r["order"]["summary"]["number"].as_str().unwrap().to_owned();
        if let Some((_, order)) = acked.iter().find(|(q, _)| q == quote) {
            assert_eq!(&number, order, "{quote} was ordered as {order}");
            assert_eq!(status, 200, "{quote}: a retry");
        }
    }
    let (_, list) = rita.get("/api/orders").await;
    let orders = list["orders"].as_array().unwrap();
    assert_eq!(orders.len(), quotes.len(), "one order per quote");
    let mut numbers: Vec<&str> = orders
        .iter()
        .map(|o| o["number"].as_str().unwrap())
        .collect();
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), quotes.len(), "no number twice");
    // None half-written: each has the quote's lines, its placing event, nothing shipped.
    let (_, q) = rita.get(&format!("/api/quotes/{}", quotes[0])).await;
    let lines = q["quote"]["lines"].as_array().unwrap().len();
    for n in numbers {
        let (status, o) = rita.get(&format!("/api/orders/{n}")).await;
        assert_eq!(status, 200, "{o}");
        assert_eq!(o["lines"].as_array().unwrap().len(), lines, "{n}");
        assert_eq!(o["events"].as_array().unwrap().len(), 1, "{n}");
        assert_eq!(o["events"][0]["kind"], "placed", "{n}");
    }
    server.kill().unwrap();
    server.wait().unwrap();
}
