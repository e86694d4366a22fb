//! Two desks on two loopback ports over one database, as behind a load balancer: a session
//! made on one works on the other, and quote numbers stay unique and sequential.

mod common;

use std::sync::Arc;

use common::{full_quote, Db, Server};

both!(two_instances_share_sessions_and_numbers);

async fn two_instances_share_sessions_and_numbers(db: Db) {
    let a = Server::start(&db).await;
    let b = Server::on(&a.database, false).await;
    let mut rita_a = a.client("rita").await;
    // The same session (cookie and CSRF token) at the other instance.
    let mut rita_b = b.anonymous();
    rita_b.http = rita_a.http.clone();
    rita_b.csrf = rita_a.csrf.clone();
    let (status, s) = rita_b.get("/api/session").await;
    assert_eq!(status, 200, "{s}");
    assert_eq!(s["user"]["name"], "rita");
    let text = Arc::new(full_quote("Balanced"));
    rita_a.csrf = rita_b.csrf.clone();
    let (ca, cb) = (Arc::new(rita_a), Arc::new(rita_b));
    let mut tasks = Vec::new();
    for k in 0..20 {
        let c = if k % 2 == 0 { ca.clone() } else { cb.clone() };
        let text = text.clone();
        tasks.push(tokio::spawn(async move { c.save(&text).await }));
    }
    let mut numbers = Vec::new();
    for t in tasks {
        numbers.push(t.await.unwrap());
    }
    numbers.sort();
    let year = configurator_server::clock::civil(a.desk.clock.now()).0;
    let expected: Vec<String> = (1..=20).map(|n| format!("Q-{year}-{n:06}")).collect();
    assert_eq!(numbers, expected);
    // Signing out at one instance ends the session at both.
    let (status, _) = cb.send(reqwest::Method::DELETE, "/api/session", None).await;
    assert_eq!(status, 204);
    assert_eq!(
        ca.get("/api/session").await.1["user"],
        serde_json::Value::Null
    );
}
