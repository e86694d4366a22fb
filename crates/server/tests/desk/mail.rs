//! Mail through a real SMTP server on loopback (`common/smtp.rs`): a quote's whole life
//! mailed to the right people in their languages, messages waiting in the outbox while the SMTP
//! server is down and delivered once it is up, and the outbox read in the desk.

use crate::common;

use std::time::Duration;

use common::smtp::{self, Sink};
use common::{deal_quote, Db, Server};
use configurator_server::mail::contacts;
use serde_json::{json, Value};

both!(
    a_quotes_life_is_mailed,
    messages_wait_while_smtp_is_down,
    without_smtp_the_outbox_is_readable_in_the_desk,
);

/// A desk sending through `smtp` (retrying after 1 s), with addresses for maria, rita and a
/// German-speaking manager `mila` of team north added through the API.
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
        // Tests speak for other client addresses with `X-Forwarded-For`, as in `common`.
        trusted_proxies: vec![std::net::Ipv4Addr::LOCALHOST.into()],
        ..Default::default()
    };
    let server = Server::configured(config, true).await;
    for name in ["maria", "rita", "mona"] {
        let email = format!("{name}@example.com");
        contacts::set_user(&server.desk, name, Some(&email), None)
            .await
            .unwrap();
    }
    let admin = server.client("admin").await;
    let (status, body) = admin
        .post(
            "/api/users",
            json!({"name": "mila", "role": "manager", "team": "north",
                   "password": common::PASSWORD, "email": "mila@example.com", "language": "de"}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let (status, _) = admin
        .post(
            "/api/users",
            json!({"name": "bad", "role": "rep", "team": "north",
                   "password": common::PASSWORD, "email": "not an address"}),
        )
        .await;
    assert_eq!(status, 422, "a malformed address is refused");
    server
}

/// The first `http…` link of a text that contains `marker`.
fn link(text: &str, marker: &str) -> String {
    text.split_whitespace()
        .find(|w| w.starts_with("http") && w.contains(marker))
        .unwrap_or_else(|| panic!("no link with `{marker}` in {text}"))
        .to_owned()
}

async fn a_quotes_life_is_mailed(db: Db) {
    let Some(python) = smtp::python() else { return };
    let sink = Sink::started(python);
    let server = mail_server(&db, Some(sink.url())).await;
    let rita = server.client("rita").await;
    let maria = server.client("maria").await;
    let number = rita.save(&deal_quote("Müller & Söhne", "15")).await;
    let (status, r) = rita
        .post(&format!("/api/quotes/{number}/actions/submit"), json!({}))
        .await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["quote"]["status"], "submitted");
    // The team's managers, each in their language; not the other team's.
    let m = sink
        .wait_for("maria@example.com", "waits for your approval", 20)
        .await;
    assert!(m.subject.contains(&number), "{m:?}");
    let to_maria = link(&m.body, "/desk/#/quote/");
    assert!(to_maria.starts_with(&server.base), "{to_maria}");
    assert!(to_maria.ends_with(&number), "{to_maria}");
    let m = sink
        .wait_for("mila@example.com", "wartet auf Ihre Freigabe", 20)
        .await;
    assert!(m.body.contains("Müller & Söhne"), "{m:?}");
    assert!(m.body.contains('€') || m.body.contains('$'), "{m:?}");
    // Approved: the rep reads the manager's comment.
    let (status, r) = maria
        .post(
            &format!("/api/quotes/{number}/actions/approve"),
            json!({"comment": "Fine for this account"}),
        )
        .await;
    assert_eq!(status, 200, "{r}");
    let m = sink.wait_for("rita@example.com", "is approved", 20).await;
    assert!(m.body.contains("Fine for this account"), "{m:?}");
    // Sent, with a link for the customer's contact: the link and its PDF work.
    let (status, _) = rita
        .post(&format!("/api/quotes/{number}/actions/send"), json!({}))
        .await;
    assert_eq!(status, 200);
    let (status, r) = rita
        .post(
            &format!("/api/quotes/{number}/links"),
            json!({"days": 14, "email": "einkauf@mueller.example", "lang": "de"}),
        )
        .await;
    assert_eq!(status, 201, "{r}");
    let m = sink
        .wait_for("einkauf@mueller.example", "Ihr Angebot", 20)
        .await;
    assert!(m.subject.contains(&number), "{m:?}");
    let page = link(&m.body, "#customer=");
    let token = page.rsplit('=').next().unwrap().to_owned();
    assert_eq!(Some(token.as_str()), r["link"]["token"].as_str());
    let customer = server.anonymous();
    let (status, view) = customer.get(&format!("/api/customer/{token}")).await;
    assert_eq!(status, 200, "{view}");
    let pdf_link = link(&m.body, "quote.pdf");
    let pdf = customer.http.get(&pdf_link).send().await.unwrap();
    assert_eq!(pdf.status(), 200);
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF-"));
    // The customer accepts: the rep hears of it.
    let (status, r) = customer
        .post(
            &format!("/api/customer/{token}/accept"),
            json!({"name": "Hans Müller"}),
        )
        .await;
    assert_eq!(status, 200, "{r}");
    let m = sink.wait_for("rita@example.com", "is accepted", 20).await;
    assert!(m.body.contains("Hans Müller"), "{m:?}");
    // Nobody else got anything: mona (team south) and the owner for her own submission.
    let all = sink.messages();
    assert!(
        all.iter()
            .all(|m| !m.to.contains(&"mona@example.com".into())),
        "{all:?}"
    );
    assert_eq!(all.len(), 5, "{all:?}");
}

/// The outbox as `name` reads it.
async fn outbox(server: &Server, name: &str) -> Vec<Value> {
    let c = server.client(name).await;
    let (status, body) = c.get("/api/outbox").await;
    assert_eq!(status, 200, "{body}");
    body["messages"].as_array().unwrap().clone()
}

async fn messages_wait_while_smtp_is_down(db: Db) {
    let Some(python) = smtp::python() else { return };
    let mut sink = Sink::reserve(python);
    let server = mail_server(&db, Some(sink.url())).await;
    let rita = server.client("rita").await;
    let number = rita.save(&deal_quote("ACME", "15")).await;
    let (status, _) = rita
        .post(&format!("/api/quotes/{number}/actions/submit"), json!({}))
        .await;
    assert_eq!(status, 200, "the change does not wait for mail");
    // The two managers' messages wait, tried and failed, with the reason.
    let mut waited = 0;
    let waiting = loop {
        let list = outbox(&server, "admin").await;
        // Tried and failed (not only claimed: a claimed message has no error yet).
        let failed = |m: &Value| m["attempts"].as_i64() >= Some(1) && m["last_error"].is_string();
        if list.len() == 2 && list.iter().all(failed) {
            break list;
        }
        waited += 1;
        assert!(waited < 100, "{list:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    for m in &waiting {
        assert_eq!(m["state"], "waiting", "{m}");
        assert!(m["sent_at"].is_null(), "{m}");
        assert!(
            !m["last_error"].as_str().unwrap_or_default().is_empty(),
            "{m}"
        );
        assert!(m["next_attempt"].is_string(), "{m}");
    }
    assert!(sink.messages().is_empty());
    // Up again: delivered on the next attempt, marked sent.
    sink.start();
    sink.wait_for("maria@example.com", "waits for your approval", 30)
        .await;
    sink.wait_for("mila@example.com", "wartet auf Ihre Freigabe", 30)
        .await;
    let mut waited = 0;
    loop {
        let list = outbox(&server, "maria").await;
        if list.iter().all(|m| m["state"] == "sent") {
            assert!(list.iter().all(|m| m["last_error"].is_null()), "{list:?}");
            break;
        }
        waited += 1;
        assert!(waited < 100, "{list:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(sink.messages().len(), 2, "each message once");
}

async fn without_smtp_the_outbox_is_readable_in_the_desk(db: Db) {
    let server = mail_server(&db, None).await;
    let rita = server.client("rita").await;
    let number = rita.save(&deal_quote("ACME", "15")).await;
    rita.post(&format!("/api/quotes/{number}/actions/submit"), json!({}))
        .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let c = server.client("maria").await;
    let (status, body) = c.get("/api/outbox").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["smtp"], false);
    let list = body["messages"].as_array().unwrap();
    assert_eq!(list.len(), 2, "{body}");
    for m in list {
        assert_eq!(m["state"], "waiting");
        assert_eq!(m["attempts"], 0, "nothing tries to send without SMTP");
        assert_eq!(m["quote"], number.as_str());
        assert_eq!(m["kind"], "approval.requested");
    }
    // The other team's manager sees none of it; a rep may not read the outbox.
    let mona = server.client("mona").await;
    let (_, body) = mona.get("/api/outbox").await;
    assert_eq!(body["messages"].as_array().unwrap().len(), 0, "{body}");
    let (status, _) = rita.get("/api/outbox").await;
    assert_eq!(status, 403);
}
