//! Hostile cXML and PunchOut input, on SQLite and PostgreSQL: external entities, billion
//! laughs, undefined entities, a 50 MB body (refused by the body limit without being read
//! whole), deep nesting, wrong secrets, unknown identities, a disabled organisation, a foreign
//! `BrowserFormPost` origin, forged auxiliary ids, expired and reused start tokens. Each
//! answer's cXML status code is parsed, and nothing but the log entry is written.

use crate::common;
use crate::punchout::{
    browser, connect, count, item_out, post_cxml, settings, setup_request, user_id, Buyer,
    IDENTITY, RETURN,
};

use common::{Db, Server};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

both!(
    documents_that_would_expand_or_fetch_are_refused,
    a_50_mb_body_is_refused_unread,
    wrong_credentials_answer_401_alike,
    foreign_origins_and_forged_references_are_refused,
    start_tokens_are_one_time_and_expire,
);

/// Rows a refused setup must leave as they were (the log grows by one).
async fn written(s: &Server) -> (i64, i64, i64) {
    (
        count(s, "SELECT COUNT(*) FROM punchout_sessions").await,
        count(s, "SELECT COUNT(*) FROM quotes").await,
        count(s, "SELECT COUNT(*) FROM procurement_documents").await,
    )
}

/// Posts `text` and asserts the cXML status `code`, and that only a log entry was written.
async fn refused(s: &Server, text: &str, code: u16) -> String {
    let before = written(s).await;
    let (http, got, why, start) = post_cxml(s, "/punchout/cxml", text).await;
    assert_eq!((http, got), (200, code), "{why}");
    assert!(start.is_none());
    let after = written(s).await;
    assert_eq!(
        (after.0, after.1, after.2),
        (before.0, before.1, before.2 + 1)
    );
    why
}

async fn documents_that_would_expand_or_fetch_are_refused(db: Db) {
    let s = Server::start(&db).await;
    let b = connect(&s, false).await;
    let good = setup_request(IDENTITY, &b.secret, "create", Some(RETURN), vec![]);
    let body = good.split_once("<cXML").unwrap().1;
    let xxe = format!(
        "<?xml version=\"1.0\"?><!DOCTYPE cXML [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><cXML{}",
        body.replacen("cookie-1234", "&x;", 1)
    );
    let why = refused(&s, &xxe, 400).await;
    assert!(why.contains("DOCTYPE"), "{why}");
    assert!(!why.contains("root:"), "{why}");
    let laughs = format!(
        "<?xml version=\"1.0\"?><!DOCTYPE cXML [<!ENTITY a \"ha\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\
         <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">]><cXML{}",
        body.replacen("cookie-1234", "&d;", 1)
    );
    refused(&s, &laughs, 400).await;
    let undefined = good.replacen("cookie-1234", "&undefined;", 1);
    let why = refused(&s, &undefined, 400).await;
    assert!(why.contains("undefined"), "{why}");
    let deep = good.replacen(
        "cookie-1234",
        &format!("{}{}", "<x>".repeat(100), "</x>".repeat(100)),
        1,
    );
    let why = refused(&s, &deep, 400).await;
    assert!(why.contains("deeper"), "{why}");
    refused(&s, "<cXML payloadID='1'", 400).await;
    refused(&s, "not xml at all", 400).await;
    // The logged text of a refused document is stored with its secret redacted.
    let bodies: Vec<String> = sqlx::query_scalar("SELECT body FROM procurement_documents")
        .fetch_all(&s.desk.db.pool)
        .await
        .unwrap();
    assert!(bodies.iter().all(|x| !x.contains(&b.secret)));
}

async fn a_50_mb_body_is_refused_unread(db: Db) {
    let s = Server::start(&db).await;
    let before = written(&s).await;
    let addr = s.base.strip_prefix("http://").unwrap();
    let mut tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
    let total: usize = 50 * 1024 * 1024;
    let head = format!(
        "POST /punchout/cxml HTTP/1.1\r\nHost: {addr}\r\nContent-Type: text/xml\r\n\
         Content-Length: {total}\r\nConnection: close\r\n\r\n"
    );
    tcp.write_all(head.as_bytes()).await.unwrap();
    // Streamed in 64 KB chunks: the test never holds the 50 MB; the server stops reading.
    let chunk = vec![b' '; 64 * 1024];
    let mut sent = 0;
    while sent < total {
        if tcp.write_all(&chunk).await.is_err() {
            break;
        }
        sent += chunk.len();
    }
    let mut answer = Vec::new();
    let _ = tcp.read_to_end(&mut answer).await;
    let answer = String::from_utf8_lossy(&answer);
    if !answer.is_empty() {
        assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
        let xml = answer.split_once("\r\n\r\n").unwrap().1;
        let status = configurator_server::procurement::envelope::read_status(xml).unwrap();
        assert_eq!(status.code, 413);
    }
    assert!(sent < total || !answer.is_empty());
    let after = written(&s).await;
    assert_eq!((after.0, after.1), (before.0, before.1));
}

async fn wrong_credentials_answer_401_alike(db: Db) {
    let s = Server::start(&db).await;
    let b = connect(&s, false).await;
    let wrong = refused(
        &s,
        &setup_request(IDENTITY, "not the secret", "create", Some(RETURN), vec![]),
        401,
    )
    .await;
    let unknown = refused(
        &s,
        &setup_request("AN9999999999", &b.secret, "create", Some(RETURN), vec![]),
        401,
    )
    .await;
    assert_eq!(wrong, unknown, "the same answer whatever failed");
    // Case-insensitive identities: the same organisation.
    let lower = setup_request(
        &IDENTITY.to_lowercase(),
        &b.secret,
        "create",
        Some(RETURN),
        vec![],
    );
    let (_, code, why, _) = post_cxml(&s, "/punchout/cxml", &lower).await;
    assert_eq!(code, 200, "{why}");
    // Disabled: refused alike.
    let admin = s.client("admin").await;
    let owner = user_id(&s, "rita").await;
    let mut input = settings(b.account, owner, false);
    input["disabled"] = true.into();
    let (status, r) = admin
        .send(
            reqwest::Method::PUT,
            &format!("/api/procurement/organisations/{}", b.org),
            Some(input),
        )
        .await;
    assert_eq!(status, 200, "{r}");
    let disabled = refused(
        &s,
        &setup_request(IDENTITY, &b.secret, "create", Some(RETURN), vec![]),
        401,
    )
    .await;
    assert_eq!(disabled, wrong);
}

async fn foreign_origins_and_forged_references_are_refused(db: Db) {
    let s = Server::start(&db).await;
    let b: Buyer = connect(&s, false).await;
    let why = refused(
        &s,
        &setup_request(
            IDENTITY,
            &b.secret,
            "create",
            Some("https://evil.example/cart"),
            vec![],
        ),
        403,
    )
    .await;
    assert!(why.contains("origin"), "{why}");
    refused(
        &s,
        &setup_request(
            IDENTITY,
            &b.secret,
            "create",
            Some("http://buyer.example/cart"),
            vec![],
        ),
        403,
    )
    .await;
    let forged = "v1.Q-2026-000001.1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    let why = refused(
        &s,
        &setup_request(
            IDENTITY,
            &b.secret,
            "edit",
            Some(RETURN),
            vec![item_out("nx-3400", forged, None)],
        ),
        400,
    )
    .await;
    assert!(why.contains("forged"), "{why}");
    refused(
        &s,
        &setup_request(IDENTITY, &b.secret, "edit", Some(RETURN), vec![]),
        400,
    )
    .await;
    refused(
        &s,
        &setup_request(IDENTITY, &b.secret, "delete", Some(RETURN), vec![]),
        400,
    )
    .await;
}

async fn start_tokens_are_one_time_and_expire(db: Db) {
    let s = Server::start(&db).await;
    let b = connect(&s, false).await;
    let text = setup_request(IDENTITY, &b.secret, "create", Some(RETURN), vec![]);
    let (_, code, _, url) = post_cxml(&s, "/punchout/cxml", &text).await;
    assert_eq!(code, 200);
    s.desk.clock.advance(301);
    let r = browser().get(url.unwrap()).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 404);
    assert!(r.text().await.unwrap().contains("abgelaufen"));
    let r = browser()
        .get(format!("{}/punchout/s/{}/", s.base, "0".repeat(64)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 404);
    let r = browser()
        .get(format!("{}/punchout/s/nonsense/session", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 404);
}
