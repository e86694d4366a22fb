//! Two desks on two loopback ports over one database, as behind a load balancer: a session
//! made on one works on the other, and quote numbers stay unique and sequential.

use crate::common;

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
    let text = full_quote("Balanced");
    rita_a.csrf = rita_b.csrf.clone();
    let (ca, cb) = (Arc::new(rita_a), Arc::new(rita_b));
    let numbers = common::save_concurrently(&[ca.clone(), cb.clone()], &text, 20).await;
    assert_eq!(numbers, common::first_numbers(&a.desk, 20));
    // Signing out at one instance ends the session at both.
    let (status, _) = cb.send(reqwest::Method::DELETE, "/api/session", None).await;
    assert_eq!(status, 204);
    assert_eq!(
        ca.get("/api/session").await.1["user"],
        serde_json::Value::Null
    );
}
