//! Findings of the hostile review of the procurement work, each a test that failed before its
//! fix, on SQLite and PostgreSQL: a long multi-byte shared secret (a panic while cutting it),
//! characters XML 1.0 forbids (read from a character reference, written into carts and
//! answers that no XML parser can read), sub-items whose parent line is not in the order
//! (silently dropped), a queued document sent to the order URL the admin has replaced, and
//! the same purchase order posted twelve times at once, and a UTF-16 document whose secret
//! the log's redaction did not see (and PostgreSQL could not store). Checked and sound: one
//! quote ordered twice in a document, one `payloadID` used by two organisations. And the
//! log (which the order desk reads) no longer holds a usable one-time start page.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::common;
use crate::cxml_orders::{organisation, post, transferred, Doc, Line, SECRET};
use crate::orders::account;
use crate::punchout::{connect, post_cxml, setup_request, IDENTITY, RETURN};

use common::{full_quote, Db, Server};
use configurator_server::procurement::xml::{self, Element};

both!(
    a_long_multibyte_secret_is_refused_not_a_panic,
    forbidden_characters_are_refused_and_never_written,
    sub_items_of_no_line_refuse_the_order,
    a_queued_document_goes_to_the_current_order_url,
    the_same_document_posted_concurrently_places_one_order,
    a_utf16_document_is_logged_without_its_secret,
    one_quote_twice_or_one_payload_id_of_two_organisations,
    the_log_does_not_hand_out_start_pages,
);

/// Whether libxml2 reads `doc` as well-formed XML (no DTD loaded, no network).
fn well_formed(doc: &str) -> bool {
    use std::io::Write;
    let mut child = std::process::Command::new("xmllint")
        .args(["--nonet", "--noout", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("xmllint (Debian's libxml2-utils) is installed");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(doc.as_bytes())
        .unwrap();
    child.wait().unwrap().success()
}

async fn a_long_multibyte_secret_is_refused_not_a_panic(db: Db) {
    let s = Server::start(&db).await;
    connect(&s, false).await;
    // 1 + 2 × 200 bytes: byte 256 (the longest secret checked) falls inside an `é`.
    let secret = format!("a{}", "é".repeat(200));
    let text = setup_request(IDENTITY, &secret, "create", Some(RETURN), vec![]);
    let (http, code, why, start) = post_cxml(&s, "/punchout/cxml", &text).await;
    assert_eq!((http, code), (200, 401), "{why}");
    assert!(start.is_none());
    // The same for a purchase order.
    let mut doc = Doc::new(
        "AN-NOBODY",
        "PO-1",
        vec![Line::product(1, "v1.Q.1.x", "1.00")],
    );
    doc.secret = secret;
    let (http, code, why, _) = post(&s, &doc.text()).await;
    assert_eq!((http, code), (200, 401), "{why}");
}

async fn forbidden_characters_are_refused_and_never_written(db: Db) {
    let s = Server::start(&db).await;
    let b = connect(&s, false).await;
    let good = setup_request(IDENTITY, &b.secret, "create", Some(RETURN), vec![]);
    // A character reference to a character XML 1.0 forbids, in text and in an attribute,
    // and the raw character: not well-formed, refused like any unreadable document.
    for bad in [
        good.replacen("cookie-1234", "cookie&#1;1234", 1),
        good.replacen("cookie-1234", "cookie&#xFFFE;1234", 1),
        good.replacen("cookie-1234", "cookie\u{1b}1234", 1),
        good.replacen("operation=\"create\"", "operation=\"create&#27;\"", 1),
    ] {
        assert!(!well_formed(&bad), "libxml2 refuses it too");
        let (http, code, why, start) = post_cxml(&s, "/punchout/cxml", &bad).await;
        assert_eq!((http, code), (200, 400), "{why}");
        assert!(start.is_none());
    }
    // Whatever text the desk writes (a catalog's name, a contact, a reason), its documents
    // stay well-formed: forbidden characters are replaced, markup is escaped.
    let nasty = "a\u{0}b\u{1}c\u{1b}d\u{7f}e\u{FFFE}f\u{FFFF}g]]>h<i>&j\"k'\r\n\tl";
    let root = Element::new("cXML")
        .attr("payloadID", nasty)
        .child(Element::with_text("Name", nasty))
        .child(Element::new("Empty").attr("a", "\u{1}"));
    let text = xml::write(Some("cXML SYSTEM \"x.dtd\""), &root);
    assert!(well_formed(&text), "{text:?}");
    let back = xml::read(&text).unwrap();
    let name = back.root.text_at("Name").unwrap();
    assert!(name.contains("]]>h<i>&j\"k'"), "{name:?}");
    assert!(
        !name.contains('\u{1}') && !name.contains('\u{FFFE}'),
        "{name:?}"
    );
}

async fn sub_items_of_no_line_refuse_the_order(db: Db) {
    let s = Server::start(&db).await;
    let acme = account(&s).await;
    organisation(&s, acme, "AN-ACME", None).await;
    let (_, aux, price) = transferred(&s, acme, &full_quote("ACME GmbH")).await;
    let orphan = |line: i64, parent: i64| Line {
        parent: Some(parent),
        ..Line::product(line, "", "5.00")
    };
    let before = crate::cxml_orders::rows(&s).await;
    // Line 2 names a parent that is not in the order; lines 3 and 4 name each other.
    for lines in [
        vec![Line::product(1, &aux, &price), orphan(2, 9)],
        vec![Line::product(1, &aux, &price), orphan(2, 2)],
        vec![Line::product(1, &aux, &price), orphan(3, 4), orphan(4, 3)],
    ] {
        let first_orphan = lines[1].line;
        let doc = Doc::new("AN-ACME", "PO-77", lines);
        let (http, code, text, _) = post(&s, &doc.text()).await;
        assert_eq!((http, code), (200, 400), "{text}");
        assert!(
            text.contains(&format!("line {first_orphan}")),
            "names the line: {text}"
        );
        assert_eq!(
            crate::cxml_orders::rows(&s).await,
            before,
            "nothing written"
        );
    }
    // The same order with its sub-item under line 1 is placed.
    let doc = Doc::new(
        "AN-ACME",
        "PO-77",
        vec![Line::product(1, &aux, &price), orphan(2, 1)],
    );
    let (_, code, text, _) = post(&s, &doc.text()).await;
    assert_eq!(code, 200, "{text}");
    let _ = SECRET;
}

async fn a_queued_document_goes_to_the_current_order_url(db: Db) {
    let s = Server::start(&db).await;
    let acme = account(&s).await;
    // Where documents went before the admin changed the URL: nobody listens there.
    let old = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://127.0.0.1:{}/old", l.local_addr().unwrap().port())
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let new = format!("http://{}/orders", listener.local_addr().unwrap());
    let got: Arc<Mutex<Vec<String>>> = Arc::default();
    let g = got.clone();
    let app = axum::Router::new().route(
        "/orders",
        axum::routing::post(move |body: String| {
            let g = g.clone();
            async move {
                g.lock().unwrap().push(body);
                "<?xml version=\"1.0\"?><cXML payloadID=\"1@buyer\" \
                 timestamp=\"2026-12-08T00:00:00+00:00\"><Response><Status code=\"200\" \
                 text=\"OK\"/></Response></cXML>"
            }
        }),
    );
    tokio::spawn(async move { axum::serve(listener, app).await });
    let org = organisation(&s, acme, "AN-ACME", Some(&new)).await;
    // A document queued for the old URL (the admin replaced it after it was queued).
    let body = configurator_server::procurement::envelope::status_answer(
        s.desk.clock.now(),
        "desk.example",
        &configurator_server::procurement::envelope::Status::new(200, "queued"),
    );
    let mut tx = s.desk.db.pool.begin().await.unwrap();
    configurator_server::procurement::delivery::enqueue(
        &mut tx,
        s.desk.clock.now(),
        &configurator_server::procurement::delivery::Outgoing {
            org,
            order: None,
            kind: "ConfirmationRequest",
            payload_id: "1.2.3@desk.example",
            body: &body,
            url: &old,
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    s.desk.cxml.wake();
    for _ in 0..100 {
        if !got.lock().unwrap().is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let url: Option<String> =
        sqlx::query_scalar("SELECT url FROM procurement_documents WHERE direction = 'out'")
            .fetch_one(&s.desk.db.pool)
            .await
            .unwrap();
    assert_eq!(got.lock().unwrap().len(), 1, "sent to the current URL");
    assert_eq!(
        url.as_deref(),
        Some(new.as_str()),
        "the log says where it went"
    );
}

async fn the_same_document_posted_concurrently_places_one_order(db: Db) {
    let s = Server::start(&db).await;
    let acme = account(&s).await;
    organisation(&s, acme, "AN-ACME", None).await;
    let (_, aux, price) = transferred(&s, acme, &full_quote("ACME GmbH")).await;
    let text = Doc::new("AN-ACME", "PO-9", vec![Line::product(1, &aux, &price)]).text();
    let mut posts = Vec::new();
    for _ in 0..12 {
        let (base, text) = (s.base.clone(), text.clone());
        posts.push(tokio::spawn(async move {
            let r = reqwest::Client::new()
                .post(format!("{base}/cxml/order"))
                .header("content-type", "text/xml; charset=UTF-8")
                .body(text)
                .send()
                .await
                .unwrap();
            let body = r.text().await.unwrap();
            configurator_server::procurement::envelope::read_status(&body).unwrap()
        }));
    }
    for p in posts {
        let status = p.await.unwrap();
        assert_eq!(
            status.code, 200,
            "every copy is answered OK: {}",
            status.text
        );
    }
    let orders: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM orders")
        .fetch_one(&s.desk.db.pool)
        .await
        .unwrap();
    assert_eq!(orders, 1, "one order");
}

async fn a_utf16_document_is_logged_without_its_secret(db: Db) {
    let s = Server::start(&db).await;
    let b = connect(&s, false).await;
    let text = setup_request(IDENTITY, &b.secret, "create", Some(RETURN), vec![]).replacen(
        "encoding=\"UTF-8\"",
        "encoding=\"UTF-16\"",
        1,
    );
    // UTF-16LE with its byte-order mark, as some systems send it.
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    for path in ["/punchout/cxml", "/cxml/order"] {
        let r = reqwest::Client::new()
            .post(format!("{}{path}", s.base))
            .header("content-type", "text/xml")
            .body(bytes.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 200, "{path}");
        let answer = r.text().await.unwrap();
        let status = configurator_server::procurement::envelope::read_status(&answer).unwrap();
        assert_eq!(status.code, 400, "{path}: {}", status.text);
    }
    let bodies: Vec<String> = sqlx::query_scalar("SELECT body FROM procurement_documents")
        .fetch_all(&s.desk.db.pool)
        .await
        .unwrap();
    assert_eq!(bodies.len(), 2, "both refusals are logged");
    for body in bodies {
        let letters: String = body.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
        let secret: String = b
            .secret
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect();
        assert!(
            !letters.contains(&secret),
            "the secret is not logged: {body:?}"
        );
    }
}

async fn one_quote_twice_or_one_payload_id_of_two_organisations(db: Db) {
    let s = Server::start(&db).await;
    let acme = account(&s).await;
    organisation(&s, acme, "AN-ACME", None).await;
    organisation(&s, acme, "AN-ACME-2", None).await;
    let (_, aux, price) = transferred(&s, acme, &full_quote("ACME GmbH")).await;
    let (_, other, other_price) = transferred(&s, acme, &full_quote("ACME GmbH")).await;
    let before = crate::cxml_orders::rows(&s).await;
    let twice = Doc::new(
        "AN-ACME",
        "PO-1",
        vec![
            Line::product(1, &aux, &price),
            Line::product(2, &aux, &price),
        ],
    );
    let (_, code, text, _) = post(&s, &twice.text()).await;
    assert_eq!(code, 409, "{text}");
    assert!(text.contains("line 2"), "{text}");
    assert_eq!(
        crate::cxml_orders::rows(&s).await,
        before,
        "nothing written"
    );
    // Two organisations, one payloadID: two documents, each placed.
    let first = Doc::new("AN-ACME", "PO-2", vec![Line::product(1, &aux, &price)]);
    let mut second = Doc::new(
        "AN-ACME-2",
        "PO-2",
        vec![Line::product(1, &other, &other_price)],
    );
    second.payload = first.payload.clone();
    assert_eq!(post(&s, &first.text()).await.1, 200);
    let (_, code, text, _) = post(&s, &second.text()).await;
    assert_eq!(code, 200, "{text}");
    let orders: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM orders")
        .fetch_one(&s.desk.db.pool)
        .await
        .unwrap();
    assert_eq!(orders, 2);
}

async fn the_log_does_not_hand_out_start_pages(db: Db) {
    let s = Server::start(&db).await;
    let b = connect(&s, false).await;
    let text = setup_request(IDENTITY, &b.secret, "create", Some(RETURN), vec![]);
    let (_, code, why, url) = post_cxml(&s, "/punchout/cxml", &text).await;
    assert_eq!(code, 200, "{why}");
    let url = url.unwrap();
    let token = url.rsplit('/').next().unwrap().to_owned();
    assert_eq!(token.len(), 64, "{url}");
    let answers: Vec<Option<String>> =
        sqlx::query_scalar("SELECT answer FROM procurement_documents")
            .fetch_all(&s.desk.db.pool)
            .await
            .unwrap();
    let answer: String = answers.into_iter().flatten().collect();
    assert!(!answer.contains(&token), "{answer}");
    assert!(answer.contains("/punchout/start/***"), "{answer}");
    // The browser's start page still works.
    let r = crate::punchout::browser().get(&url).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
}
