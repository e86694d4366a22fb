//! The API's OpenAPI description (`GET /api/openapi.json`): public, answered through the same
//! header layers as the rest of the API, describing exactly the routes of the router's table
//! (a route added without a description fails here) with the contract's types; and the
//! contract kept: no `json!` in the server's code, no field read by name in the desk's pages.

use crate::common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::{Db, Server};
use reqwest::Method;
use serde_json::Value;

both!(the_description_is_public_and_lists_every_route_with_the_contracts_fields);

/// The methods an OpenAPI path item may hold.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The properties of schema `name` in `doc`.
fn properties(doc: &Value, name: &str) -> BTreeSet<String> {
    let schema = &doc["components"]["schemas"][name];
    assert!(schema.is_object(), "no schema {name}");
    schema["properties"]
        .as_object()
        .unwrap_or_else(|| panic!("schema {name} has no properties: {schema}"))
        .keys()
        .cloned()
        .collect()
}

/// The values of enum schema `name` in `doc`.
fn values(doc: &Value, name: &str) -> Vec<String> {
    doc["components"]["schemas"][name]["enum"]
        .as_array()
        .unwrap_or_else(|| panic!("schema {name} is no enum"))
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect()
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|s| (*s).to_owned()).collect()
}

async fn the_description_is_public_and_lists_every_route_with_the_contracts_fields(db: Db) {
    let server = Server::start(&db).await;
    let anonymous = server.anonymous();
    let response = anonymous
        .request(Method::GET, "/api/openapi.json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(header("content-type"), "application/json");
    assert_eq!(header("cache-control"), "no-store");
    assert_eq!(header("x-content-type-options"), "nosniff");
    let doc: Value = response.json().await.unwrap();
    assert!(
        doc["openapi"]
            .as_str()
            .unwrap_or_default()
            .starts_with("3."),
        "{}",
        doc["openapi"]
    );

    // Every route the router has, described; nothing described that it has not.
    let table: BTreeSet<(String, String)> = configurator_server::routes::api()
        .table()
        .iter()
        .map(|(m, p)| (m.as_str().to_lowercase(), (*p).to_owned()))
        .collect();
    assert!(table.len() >= 40, "{} routes", table.len());
    let mut described = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for m in METHODS {
            if let Some(op) = item.get(m) {
                assert!(
                    op["responses"].as_object().is_some_and(|r| !r.is_empty()),
                    "{m} {path} describes no answer"
                );
                described.insert((m.to_owned(), path.clone()));
            }
        }
    }
    let undescribed: Vec<_> = table.difference(&described).collect();
    assert!(
        undescribed.is_empty(),
        "routes without a description: {undescribed:?}"
    );
    let unrouted: Vec<_> = described.difference(&table).collect();
    assert!(
        unrouted.is_empty(),
        "descriptions of no route: {unrouted:?}"
    );
    // The router answers each one.
    for (m, p) in &table {
        let path = p
            .replace("{number}", "Q-0000-000000")
            .replace("{revision}", "1")
            .replace("{action}", "submit")
            .replace("{id}", "1")
            .replace("{token}", &"0".repeat(64));
        let method = Method::from_bytes(m.to_uppercase().as_bytes()).unwrap();
        let answer = anonymous.request(method, &path).send().await.unwrap();
        let status = answer.status().as_u16();
        let body = answer.text().await.unwrap();
        // A route answers, or refuses with an error body; a path no route has is a bare 404,
        // a method it lacks a 405.
        let routed = status != 405 && (status != 404 || body.contains("\"error\""));
        assert!(routed, "{m} {p}: {status} {body}");
    }

    // A few schemas, with the fields the pages read.
    assert_eq!(
        properties(&doc, "QuoteSummary"),
        set(&[
            "number",
            "status",
            "revision",
            "customer",
            "owner",
            "team",
            "catalog",
            "currency",
            "total",
            "valid_until",
            "needs_approval",
            "account",
            "depth",
            "approver",
            "created_at",
            "updated_at",
        ])
    );
    assert_eq!(
        properties(&doc, "QuoteDetail"),
        set(&[
            "summary",
            "actions",
            "owner",
            "quote",
            "catalog_update",
            "approval"
        ])
    );
    assert_eq!(properties(&doc, "Session"), set(&["user", "csrf"]));
    assert_eq!(
        properties(&doc, "SessionUser"),
        set(&["id", "name", "role", "team"])
    );
    assert_eq!(
        properties(&doc, "ErrorBody"),
        set(&["error", "message", "details"])
    );
    assert_eq!(
        values(&doc, "Role"),
        ["rep", "manager", "director", "admin", "orderdesk"]
    );
    assert_eq!(
        values(&doc, "OrderStatus"),
        [
            "received",
            "confirmed",
            "partly_shipped",
            "shipped",
            "delivered",
            "cancelled"
        ]
    );
    assert_eq!(
        values(&doc, "OrderAction"),
        ["confirm", "ship", "deliver", "cancel"]
    );
    assert_eq!(
        values(&doc, "QuoteStatus"),
        [
            "draft",
            "submitted",
            "approved",
            "sent",
            "accepted",
            "rejected",
            "expired"
        ]
    );
    assert_eq!(
        values(&doc, "Action"),
        ["submit", "approve", "reject", "send", "decline"]
    );
    // What the desk answers has the described fields, and only those.
    let (status, desk) = anonymous.get("/api/desk").await;
    assert_eq!(status, 200);
    let keys: BTreeSet<String> = desk.as_object().unwrap().keys().cloned().collect();
    assert_eq!(keys, properties(&doc, "DeskInfo"));
    let rita = server.client("rita").await;
    let number = rita.save(&common::full_quote("Acme")).await;
    let (status, detail) = rita.get(&format!("/api/quotes/{number}")).await;
    assert_eq!(status, 200, "{detail}");
    let keys: BTreeSet<String> = detail.as_object().unwrap().keys().cloned().collect();
    assert_eq!(keys, properties(&doc, "QuoteDetail"));
    let keys: BTreeSet<String> = detail["summary"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert_eq!(keys, properties(&doc, "QuoteSummary"));
    assert_eq!(detail["quote"]["meta"]["customer"], "Acme");
    // An order's answer, its summary, lines, shipments and events: the described fields.
    let quote = crate::orders::accepted(&server, &rita, &common::full_quote("Acme"), None).await;
    let mut req = crate::orders::request(&quote, "PO-1", "openapi-key-1");
    req["bill_to"] = serde_json::json!("Acme\n1 Road");
    let order = crate::orders::place(&rita, req).await;
    let number = order["summary"]["number"].as_str().unwrap().to_owned();
    let olga = crate::orders::order_desk(&server).await;
    let ship = serde_json::json!({"lines": [{"line": 1, "quantity": 1}], "carrier": "DHL", "tracking": "T1"});
    let confirm = serde_json::json!({"ship_date": "2099-01-01"});
    assert_eq!(
        olga.post(&format!("/api/orders/{number}/confirm"), confirm)
            .await
            .0,
        200
    );
    let (status, answer) = olga.post(&format!("/api/orders/{number}/ship"), ship).await;
    assert_eq!(status, 200, "{answer}");
    let keys = |v: &Value| -> BTreeSet<String> { v.as_object().unwrap().keys().cloned().collect() };
    assert_eq!(keys(&answer), properties(&doc, "OrderAnswer"));
    let o = &answer["order"];
    assert_eq!(keys(o), properties(&doc, "OrderDetail"));
    assert_eq!(keys(&o["summary"]), properties(&doc, "OrderSummary"));
    assert_eq!(keys(&o["lines"][0]), properties(&doc, "OrderLine"));
    assert_eq!(keys(&o["shipments"][0]), properties(&doc, "Shipment"));
    assert_eq!(keys(&o["events"][0]), properties(&doc, "OrderEvent"));
}

/// The `.rs` files under `dir`.
fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// Where `text` indexes a JSON value by a field's name (`v["field"]`, `x]["field"]`).
fn lookups(text: &str) -> Vec<usize> {
    text.match_indices("[\"")
        .filter(|(i, _)| {
            text[..*i]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || "_])".contains(c))
        })
        .map(|(i, _)| i)
        .collect()
}

#[test]
fn no_json_macro_in_the_server_nor_a_field_read_by_name_in_the_desk() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = Vec::new();
    for file in sources(&root.join("src")) {
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            if line.contains("json!(") || line.contains("serde_json::Value") {
                found.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
            }
        }
    }
    let desk = root.join("../../src/desk");
    let files = sources(&desk);
    assert!(
        files.len() > 20,
        "the desk's pages are not at {}",
        desk.display()
    );
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let bad = !lookups(line).is_empty()
                || line.contains("json!(")
                || line.contains("serde_json::Value")
                || line.contains("api::text(");
            if bad {
                found.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "every request and answer is a type of crates/api: build and read it typed, not by \
         field name:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_scan_finds_what_it_looks_for() {
    assert_eq!(lookups(r#"let x = v["user"]["name"];"#).len(), 2);
    assert_eq!(lookups(r#"q["status"]"#), [1]);
    assert!(lookups(r#"let a = ["rep", "admin"];"#).is_empty());
    assert!(lookups(r#"for k in ["a"] {}"#).is_empty());
}
