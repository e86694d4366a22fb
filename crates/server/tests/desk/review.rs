//! Defects found in review of orders and the customer's portal, each shown by a test that
//! failed before its fix: on SQLite and PostgreSQL.

use crate::common;
use crate::orders::{accepted, account, order_desk, place, request};

use common::{full_quote, Db, Server};
use serde_json::json;

both!(a_shipment_of_an_overflowing_quantity_is_refused,);

/// A shipment whose quantity overflows what is left of a line (`shipped + quantity` past
/// `i64::MAX`) is refused like any other shipment of more than is left, and changes nothing
/// (it used to overflow the check: a panic in a debug build, a database error in a release
/// build).
async fn a_shipment_of_an_overflowing_quantity_is_refused(db: Db) {
    let s = Server::start(&db).await;
    let id = account(&s).await;
    let rita = s.client("rita").await;
    let number = accepted(&s, &rita, &full_quote("ACME GmbH"), Some(id)).await;
    let o = place(&rita, request(&number, "PO-OVERFLOW", "review-ovf-0001")).await;
    let order = o["summary"]["number"].as_str().unwrap().to_owned();
    let line = o["lines"][0]["line"].as_i64().unwrap();
    let olga = order_desk(&s).await;
    let (status, r) = olga
        .post(
            &format!("/api/orders/{order}/confirm"),
            json!({"ship_date": "2099-01-10"}),
        )
        .await;
    assert_eq!(status, 200, "{r}");
    let one = json!({"lines": [{"line": line, "quantity": 1}], "carrier": "DHL", "tracking": "T1"});
    let (status, r) = olga.post(&format!("/api/orders/{order}/ship"), one).await;
    assert_eq!(status, 200, "{r}");
    let before = olga.get(&format!("/api/orders/{order}")).await.1;
    let huge = json!({"lines": [{"line": line, "quantity": i64::MAX}], "carrier": "DHL",
                      "tracking": "T2"});
    let (status, r) = olga.post(&format!("/api/orders/{order}/ship"), huge).await;
    assert_eq!(status, 409, "{r}");
    let after = olga.get(&format!("/api/orders/{order}")).await.1;
    assert_eq!(after, before, "nothing changed");
}
