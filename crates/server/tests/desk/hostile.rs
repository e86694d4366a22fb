//! Bad input: each a clear error, nothing stored; text that looks like SQL or HTML is text.

use crate::common;

use common::{quote, Db, Server, FULL};
use serde_json::json;

both!(
    oversized_and_malformed_bodies_are_refused,
    sql_and_html_in_every_field_are_kept_as_text,
);

async fn oversized_and_malformed_bodies_are_refused(db: Db) {
    let s = Server::start(&db).await;
    let rita = s.client("rita").await;
    let huge = format!("{{\"pad\": \"{}\"}}", "x".repeat(2 * 1024 * 1024));
    // Refused unread: a 413, or (when the server answers before the client has sent it all)
    // the connection closed under the request. Sent by a client of its own: a connection the
    // server closed mid-body must not be the one the next request is written to.
    let sender = s.client("rita").await;
    match sender.try_post_text("/api/quotes", &huge).await {
        Ok((status, r)) => assert_eq!(status, 413, "{r}"),
        Err(e) => assert!(e.is_request() || e.is_body(), "{e}"),
    }
    let (status, r) = rita.post_text("/api/quotes", "{\"format\": ").await;
    assert_eq!(status, 400, "{r}");
    assert!(
        r["message"].as_str().unwrap().starts_with("not a quote"),
        "{r}"
    );
    let (status, r) = rita.post_text("/api/quotes", "[1, 2, 3]").await;
    assert_eq!(status, 400, "{r}");
    let (status, r) = rita
        .post("/api/quotes/Q-1/actions/submit", json!({"comment": 42}))
        .await;
    assert_eq!(status, 422, "{r}");
    let long = quote(FULL, &"A".repeat(201), Some("2099-12-31"));
    let (status, r) = rita.post_text("/api/quotes", &long).await;
    assert_eq!(status, 422, "{r}");
    assert!(
        r["message"].as_str().unwrap().contains("meta.customer"),
        "{r}"
    );
    let (status, r) = rita.get("/api/quotes?limit=many").await;
    assert_eq!(status, 400, "{r}");
    let (status, r) = rita.get("/api/quotes/Q-1/revisions/first").await;
    assert_eq!(status, 400, "{r}");
    let (_, list) = rita.get("/api/quotes").await;
    assert_eq!(list["quotes"], json!([]), "nothing stored");
}

async fn sql_and_html_in_every_field_are_kept_as_text(db: Db) {
    let s = Server::start(&db).await;
    let rita = s.client("rita").await;
    let sql = "Robert'); DROP TABLE quotes; --";
    let html = "<img src=x onerror=alert(1)> & <b>Co</b>";
    let mut q: serde_json::Value =
        serde_json::from_str(&quote(FULL, sql, Some("2099-12-31"))).unwrap();
    q["meta"]["notes"] = json!(html);
    q["meta"]["prepared_by"] = json!("' OR '1'='1");
    let number = rita.save(&q.to_string()).await;
    let (_, got) = rita.get(&format!("/api/quotes/{number}")).await;
    assert_eq!(got["summary"]["customer"], sql);
    assert_eq!(got["quote"]["meta"]["notes"], html);
    assert_eq!(got["quote"]["meta"]["prepared_by"], "' OR '1'='1");
    let html_quote = quote(FULL, html, Some("2099-12-31"));
    let n2 = rita.save(&html_quote).await;
    let (_, got) = rita.get(&format!("/api/quotes/{n2}")).await;
    assert_eq!(got["summary"]["customer"], html);
    // Search fields are parameters, never SQL.
    for probe in [
        "' OR 1=1 --",
        "%' OR '%'='",
        "\\",
        "'; DELETE FROM quotes; --",
    ] {
        let url = format!(
            "/api/quotes?customer={}&number={}",
            urlencode(probe),
            urlencode(probe)
        );
        let (status, r) = rita.get(&url).await;
        assert_eq!(status, 200, "{probe}: {r}");
        assert_eq!(r["quotes"], json!([]), "{probe}");
    }
    let (_, r) = rita
        .get(&format!("/api/quotes?customer={}", urlencode("DROP TABLE")))
        .await;
    assert_eq!(r["quotes"][0]["number"], number.as_str());
    let (status, r) = rita
        .post(
            "/api/session",
            json!({"name": "admin' --", "password": "' OR '1'='1"}),
        )
        .await;
    assert_eq!(status, 401, "{r}");
    let (status, r) = rita
        .post(
            &format!("/api/quotes/{number}/actions/submit"),
            json!({"comment": "'); DROP TABLE audit; --"}),
        )
        .await;
    assert_eq!(status, 200, "{r}");
    let (_, a) = rita.get(&format!("/api/quotes/{number}/audit")).await;
    assert!(a["entries"][0]["detail"]
        .as_str()
        .unwrap()
        .ends_with("'); DROP TABLE audit; --"));
    let (_, all) = rita.get("/api/quotes").await;
    assert_eq!(
        all["quotes"].as_array().unwrap().len(),
        2,
        "both quotes are there"
    );
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
