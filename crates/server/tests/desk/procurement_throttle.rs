//! Brute-force protection of the procurement endpoints, on SQLite and PostgreSQL: guessing a
//! buyer organisation's shared secret (cXML `POST /punchout/cxml`, OCI `/punchout/oci`) is
//! slowed by the desk's sign-in throttle per client address and per credential tried; a
//! throttled try is answered 429 (HTTP, `Retry-After`, and cXML `Status`) before any secret
//! is checked, and is logged; the owner's system at another address is never slowed by a
//! third party's failures; waits grow and end; a success forgets the client's failures.

use crate::common;
use crate::punchout::{browser, connect, setup_request, IDENTITY, RETURN};

use common::{Db, Server};
use configurator_server::procurement::{envelope, xml};
use configurator_server::throttle;
use serde_json::Value;

both!(
    a_guesser_waits_before_any_secret_is_checked,
    the_owner_is_never_slowed_by_failures_on_its_credential,
    a_success_forgets_the_clients_failures,
    oci_guessing_is_throttled_per_user_name_and_address,
    purchase_orders_are_throttled_like_setup_requests,
);

/// What a cXML setup answered.
#[derive(Debug)]
struct Answer {
    /// The HTTP status.
    http: u16,
    /// `Retry-After`, in seconds (0: none).
    retry: i64,
    /// The cXML `Status@code`.
    code: u16,
    /// The cXML status text.
    text: String,
    /// The start page, on success.
    start: Option<String>,
    /// The answer's text.
    raw: String,
}

/// A cXML setup of `identity` with `secret`, from client address `from`.
async fn cxml_from(s: &Server, from: &str, identity: &str, secret: &str) -> Answer {
    let doc = setup_request(identity, secret, "create", Some(RETURN), vec![]);
    let r = reqwest::Client::new()
        .post(format!("{}/punchout/cxml", s.base))
        .header("content-type", "text/xml")
        .header("x-forwarded-for", from)
        .body(doc)
        .send()
        .await
        .unwrap();
    let http = r.status().as_u16();
    let retry = retry_after(r.headers());
    let answer = r.text().await.unwrap();
    let status = envelope::read_status(&answer).unwrap_or_else(|e| panic!("{e}: {answer}"));
    let start = xml::read(&answer)
        .unwrap()
        .root
        .text_at("Response/PunchOutSetupResponse/StartPage/URL");
    Answer {
        http,
        retry,
        code: status.code,
        text: status.text,
        start,
        raw: answer,
    }
}

fn retry_after(h: &reqwest::header::HeaderMap) -> i64 {
    h.get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// An OCI setup of `user` with `password`, from `from`: HTTP status, `Retry-After`, the body.
async fn oci_from(s: &Server, from: &str, user: &str, password: &str) -> (u16, i64, String) {
    let mut q = form_urlencoded::Serializer::new(String::new());
    q.append_pair("USERNAME", user)
        .append_pair("PASSWORD", password)
        .append_pair("HOOK_URL", "https://buyer.example/oci");
    let r = browser()
        .get(format!("{}/punchout/oci?{}", s.base, q.finish()))
        .header("x-forwarded-for", from)
        .send()
        .await
        .unwrap();
    let http = r.status().as_u16();
    let retry = retry_after(r.headers());
    (http, retry, r.text().await.unwrap())
}

/// The whole audit log as `actor action detail` lines.
async fn audit(s: &Server) -> Vec<String> {
    let (_, a) = s.client("admin").await.get("/api/audit").await;
    a["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e: &Value| format!("{} {} {}", e["actor"], e["action"], e["detail"]).replace('"', ""))
        .collect()
}

/// The failures the throttle counts.
async fn failures(s: &Server) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM signin_failures")
        .fetch_one(&s.desk.db.pool)
        .await
        .unwrap()
}

/// The logged documents' status codes and organisations, oldest first.
async fn logged(s: &Server) -> Vec<(Option<i64>, Option<i64>, String)> {
    let rows: Vec<(Option<i64>, Option<i64>, String)> = sqlx::query_as(
        "SELECT status_code, org_id, status_text FROM procurement_documents \
         WHERE direction = 'in' ORDER BY id",
    )
    .fetch_all(&s.desk.db.pool)
    .await
    .unwrap();
    rows
}

async fn a_guesser_waits_before_any_secret_is_checked(db: Db) {
    let s = Server::start(&db).await;
    let b = connect(&s, false).await;
    // The waits are counted in whole seconds: a slow hash must not make one pass.
    s.desk.clock.stop();
    let attacker = "203.0.113.9";
    // The free failures: cXML 401 (in an HTTP 200, as cXML answers).
    for _ in 0..throttle::NAME_FREE {
        let a = cxml_from(&s, attacker, IDENTITY, "guess").await;
        assert_eq!((a.http, a.code, a.retry), (200, 401, 0), "{a:?}");
    }
    // Then the guesser waits, longer after each failure: 2, 4, 8 seconds.
    for expected in [2, 4, 8] {
        let before = failures(&s).await;
        let a = cxml_from(&s, attacker, IDENTITY, "guess").await;
        assert_eq!((a.http, a.code, a.retry), (429, 429, expected), "{a:?}");
        assert!(
            a.text.contains(&format!("try again in {expected} seconds")),
            "{a:?}"
        );
        assert!(
            a.raw
                .contains(r#"<Status code="429" text="Too Many Requests">"#),
            "{a:?}"
        );
        // Even the right secret is refused unchecked from the address that failed, and a
        // throttled try is not counted as a failure.
        let a = cxml_from(&s, attacker, IDENTITY, &b.secret).await;
        assert_eq!(
            (a.http, a.code, a.start.is_none()),
            (429, 429, true),
            "{a:?}"
        );
        assert_eq!(failures(&s).await, before, "a throttled try counts nothing");
        s.desk.clock.advance(expected);
        let a = cxml_from(&s, attacker, IDENTITY, "guess").await;
        assert_eq!((a.http, a.code), (200, 401), "{a:?}");
    }
    // The throttled tries are logged with their status and the organisation named.
    let log = logged(&s).await;
    let throttled: Vec<_> = log.iter().filter(|l| l.0 == Some(429)).collect();
    assert_eq!(throttled.len(), 6, "{log:#?}");
    assert!(throttled.iter().all(|l| l.1 == Some(b.org)), "{log:#?}");
    assert_eq!(
        log.iter().filter(|l| l.0 == Some(401)).count(),
        8,
        "{log:#?}"
    );
    // The audit log says who is throttled, and for which credential.
    let lines = audit(&s).await;
    assert!(
        lines.iter().any(|l| l.starts_with(
            "203.0.113.9 procurement.throttle name `cxml:networkid:an0100000001`: 5 failed \
             procurement authentications in 15 minutes"
        )),
        "{lines:#?}"
    );
    // The waits end: after the window the address starts afresh, and the right secret works.
    s.desk.clock.advance(throttle::WINDOW + 1);
    let a = cxml_from(&s, attacker, IDENTITY, &b.secret).await;
    assert_eq!((a.http, a.code), (200, 200), "{a:?}");
    assert!(a.start.is_some());
}

async fn the_owner_is_never_slowed_by_failures_on_its_credential(db: Db) {
    let s = Server::start(&db).await;
    let b = connect(&s, false).await;
    s.desk.clock.stop();
    // One attacker address fails far past the free tries, and is throttled...
    let attacker = "203.0.113.9";
    for _ in 0..throttle::NAME_FREE {
        cxml_from(&s, attacker, IDENTITY, "guess").await;
    }
    let a = cxml_from(&s, attacker, IDENTITY, "guess").await;
    assert_eq!(a.code, 429, "{a:?}");
    // ... and many others fail once each (the credential's count is far past its free tries).
    for k in 1..=12 {
        let a = cxml_from(&s, &format!("203.0.113.{}", 100 + k), IDENTITY, "guess").await;
        assert_eq!(a.code, 401, "{a:?}");
    }
    // The owner's procurement system, at its own address, is answered at once, every time.
    let owner = "198.51.100.7";
    for _ in 0..3 {
        let a = cxml_from(&s, owner, IDENTITY, &b.secret).await;
        assert_eq!((a.http, a.code, a.retry), (200, 200, 0), "{a:?}");
        assert!(a.start.is_some(), "{a:?}");
    }
    // The identity matches case-insensitively: the same credential, the same count.
    let a = cxml_from(&s, attacker, &IDENTITY.to_lowercase(), "guess").await;
    assert_eq!(a.code, 429, "{a:?}");
    // Another credential from the attacker is not slowed by the first's count (the address
    // has 5 failures, under its own free 10: throttled tries count nothing).
    let a = cxml_from(&s, attacker, "AN0999999999", "guess").await;
    assert_eq!(a.code, 401, "{a:?}");
}

async fn a_success_forgets_the_clients_failures(db: Db) {
    let s = Server::start(&db).await;
    let b = connect(&s, false).await;
    s.desk.clock.stop();
    let system = "198.51.100.7";
    // A system with a mistyped secret fails under the free tries, then gets it right...
    for _ in 0..throttle::NAME_FREE - 1 {
        let a = cxml_from(&s, system, IDENTITY, "typo").await;
        assert_eq!(a.code, 401, "{a:?}");
    }
    let a = cxml_from(&s, system, IDENTITY, &b.secret).await;
    assert_eq!(a.code, 200, "{a:?}");
    assert_eq!(failures(&s).await, 0, "the success forgot its failures");
    // ... and starts afresh: as many free failures again before it waits.
    for _ in 0..throttle::NAME_FREE {
        let a = cxml_from(&s, system, IDENTITY, "typo").await;
        assert_eq!(a.code, 401, "{a:?}");
    }
    let a = cxml_from(&s, system, IDENTITY, "typo").await;
    assert_eq!((a.http, a.code, a.retry), (429, 429, 2), "{a:?}");
}

async fn oci_guessing_is_throttled_per_user_name_and_address(db: Db) {
    let s = Server::start(&db).await;
    let b = connect(&s, false).await;
    s.desk.clock.stop();
    let attacker = "203.0.113.9";
    for _ in 0..throttle::NAME_FREE {
        let (http, retry, _) = oci_from(&s, attacker, "acme-sap", "guess").await;
        assert_eq!((http, retry), (401, 0));
    }
    // Throttled: 429 with Retry-After, a plain text in English and German, even with the
    // right password; no session is opened.
    let (http, retry, text) = oci_from(&s, attacker, "acme-sap", &b.secret).await;
    assert_eq!((http, retry), (429, 2), "{text}");
    assert!(text.contains("try again in 2 seconds"), "{text}");
    assert!(
        text.contains("Zu viele fehlgeschlagene Anmeldungen"),
        "{text}"
    );
    // The buyers' browsers at another address are sent on to the configurator at once.
    let (http, _, text) = oci_from(&s, "198.51.100.7", "acme-sap", &b.secret).await;
    assert_eq!(http, 303, "{text}");
    // The wait ends.
    s.desk.clock.advance(2);
    let (http, _, text) = oci_from(&s, attacker, "acme-sap", &b.secret).await;
    assert_eq!(http, 303, "{text}");
    // Spraying guesses over many user names (and cXML identities) from one address is slowed
    // by the address's count: 10 failures whatever they tried, then it waits.
    let sprayer = "192.0.2.50";
    for k in 0..throttle::CLIENT_FREE / 2 {
        let (http, _, _) = oci_from(&s, sprayer, &format!("user{k}"), "Summer2026!").await;
        assert_eq!(http, 401);
        let a = cxml_from(&s, sprayer, &format!("AN00000000{k:02}"), "Summer2026!").await;
        assert_eq!(a.code, 401, "{a:?}");
    }
    let (http, retry, _) = oci_from(&s, sprayer, "acme-sap", &b.secret).await;
    assert_eq!((http, retry), (429, 2));
    let a = cxml_from(&s, sprayer, IDENTITY, &b.secret).await;
    assert_eq!((a.http, a.code, a.retry), (429, 429, 2), "{a:?}");
    // Logged, with the status answered.
    let log = logged(&s).await;
    assert!(
        log.iter()
            .any(|l| l.0 == Some(429) && l.1 == Some(b.org) && l.2.contains("try again")),
        "{log:#?}"
    );
    let lines = audit(&s).await;
    assert!(
        lines.iter().any(|l| l.starts_with(
            "192.0.2.50 procurement.throttle address 192.0.2.50: 10 failed procurement \
             authentications in 15 minutes"
        )),
        "{lines:#?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("procurement.throttle name `oci:acme-sap`: 5 failed")),
        "{lines:#?}"
    );
}

/// Posts the `OrderRequest` `doc` from client address `from`: HTTP status, `Retry-After`, the
/// cXML status code.
async fn order_from(s: &Server, from: &str, doc: &crate::cxml_orders::Doc) -> (u16, i64, u16) {
    let r = reqwest::Client::new()
        .post(format!("{}/cxml/order", s.base))
        .header("content-type", "text/xml; charset=UTF-8")
        .header("x-forwarded-for", from)
        .body(doc.text())
        .send()
        .await
        .unwrap();
    let http = r.status().as_u16();
    let retry = retry_after(r.headers());
    let answer = r.text().await.unwrap();
    let code = envelope::read_status(&answer)
        .unwrap_or_else(|e| panic!("{e}: {answer}"))
        .code;
    (http, retry, code)
}

async fn purchase_orders_are_throttled_like_setup_requests(db: Db) {
    use crate::cxml_orders::{organisation, transferred, Doc, Line};
    let s = Server::start(&db).await;
    s.desk.clock.stop();
    let acme = crate::orders::account(&s).await;
    organisation(&s, acme, "AN-ACME", None).await;
    let (_, aux, price) = transferred(&s, acme, &common::full_quote("ACME GmbH")).await;
    let line = vec![Line::product(1, &aux, &price)];
    let attacker = "203.0.113.77";
    for _ in 0..throttle::NAME_FREE {
        let mut guess = Doc::new("AN-ACME", "PO-7", line.clone());
        guess.secret = "guess".into();
        assert_eq!(order_from(&s, attacker, &guess).await, (200, 0, 401));
    }
    // The guesser now waits, even with the right secret, and nothing is placed.
    let right = Doc::new("AN-ACME", "PO-7", line.clone());
    assert_eq!(order_from(&s, attacker, &right).await, (429, 2, 429));
    let orders: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM orders")
        .fetch_one(&s.desk.db.pool)
        .await
        .unwrap();
    assert_eq!(orders, 0);
    // The buyer's own system, at its own address, is not slowed: its order is placed.
    assert_eq!(order_from(&s, "198.51.100.4", &right).await, (200, 0, 200));
    let orders: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM orders")
        .fetch_one(&s.desk.db.pool)
        .await
        .unwrap();
    assert_eq!(orders, 1);
}
