//! The desk's procurement settings and log, on SQLite and PostgreSQL: only admins manage
//! organisations (a rep, a manager, the order desk, a buyer's portal session and no session
//! are refused), the log is for admins and the order desk, CSRF applies; validation with
//! clear errors; secret rotation; the "test setup" button; the log's documents redacted.

use crate::common;
use crate::portal::buyer;
use crate::punchout::{connect, settings, user_id, IDENTITY};

use common::{Db, Server, PASSWORD};
use configurator_server::auth::Role;
use reqwest::Method;
use serde_json::{json, Value};

both!(
    only_admins_manage_organisations_and_the_log_is_theirs_and_the_order_desks,
    settings_are_validated_with_clear_errors,
    a_rotated_secret_replaces_the_old_one_and_the_test_button_says_so,
);

async fn only_admins_manage_organisations_and_the_log_is_theirs_and_the_order_desks(db: Db) {
    let s = Server::start(&db).await;
    let b = connect(&s, false).await;
    configurator_server::users::add(&s.desk, "test", "olga", Role::OrderDesk, "office", PASSWORD)
        .await
        .unwrap();
    let owner = user_id(&s, "rita").await;
    let input = settings(b.account, owner, false);
    let org = format!("/api/procurement/organisations/{}", b.org);
    let routes: Vec<(Method, String, Option<Value>)> = vec![
        (Method::GET, "/api/procurement/organisations".into(), None),
        (
            Method::POST,
            "/api/procurement/organisations".into(),
            Some(input.clone()),
        ),
        (Method::PUT, org.clone(), Some(input.clone())),
        (Method::POST, format!("{org}/secret"), None),
        (
            Method::POST,
            format!("{org}/test"),
            Some(json!({"shared_secret": "x", "form_post_url": "https://buyer.example/x"})),
        ),
    ];
    let log: Vec<(Method, String, Option<Value>)> = vec![
        (Method::GET, "/api/procurement/documents".into(), None),
        (Method::GET, "/api/procurement/documents/1".into(), None),
    ];
    let portal = buyer(&s, b.account, "alice@acme.example").await;
    let mut clients = vec![("anonymous", s.anonymous()), ("portal", portal)];
    for name in ["rita", "maria", "olga"] {
        clients.push((name, s.client(name).await));
    }
    for (who, c) in &clients {
        for (m, path, body) in &routes {
            let (status, r) = c.send(m.clone(), path, body.clone()).await;
            assert!(
                status == 401 || status == 403,
                "{who} {m} {path}: {status} {r}"
            );
        }
        for (m, path, body) in &log {
            let (status, r) = c.send(m.clone(), path, body.clone()).await;
            if *who == "olga" {
                assert!(status == 200 || status == 404, "{who} {path}: {status} {r}");
            } else {
                assert!(
                    status == 401 || status == 403,
                    "{who} {m} {path}: {status} {r}"
                );
            }
        }
    }
    // CSRF: an admin's change without the token is refused.
    let mut admin = s.client("admin").await;
    admin.csrf = None;
    let (status, r) = admin
        .send(Method::POST, &format!("{org}/secret"), None)
        .await;
    assert_eq!(status, 403, "{r}");
    assert_eq!(r["error"], "csrf");
    let admin = s.client("admin").await;
    let (status, r) = admin.get("/api/procurement/organisations").await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["organisations"][0]["identities"][0]["identity"], IDENTITY);
    assert_eq!(r["organisations"][0]["owner_name"], "rita");
    assert!(r.to_string().find("secret_hash").is_none());
}

async fn settings_are_validated_with_clear_errors(db: Db) {
    let s = Server::start(&db).await;
    let b = connect(&s, false).await;
    let admin = s.client("admin").await;
    let owner = user_id(&s, "rita").await;
    let post = |v: Value| {
        let admin = &admin;
        async move { admin.post("/api/procurement/organisations", v).await }
    };
    let base = || {
        let mut v = settings(b.account, owner, false);
        v["identities"] = json!([{"domain": "DUNS", "identity": "987654321"}]);
        v["oci_username"] = Value::Null;
        v
    };
    let mut v = base();
    v["form_post_origins"] = json!(["http://buyer.example"]);
    let (status, r) = post(v).await;
    assert_eq!(status, 422, "{r}");
    assert!(r["message"].as_str().unwrap().contains("https"), "{r}");
    let mut v = base();
    v["form_post_origins"] = json!(["https://buyer.example/path"]);
    assert_eq!(post(v).await.0, 422);
    let mut v = base();
    v["identities"] = json!([{"domain": "networkid", "identity": IDENTITY.to_lowercase()}]);
    let (status, r) = post(v).await;
    assert_eq!(status, 409, "{r}");
    assert!(
        r["message"].as_str().unwrap().contains("ACME Procurement"),
        "{r}"
    );
    let mut v = base();
    v["oci_username"] = "acme-sap".into();
    assert_eq!(post(v).await.0, 409);
    configurator_server::users::add(&s.desk, "test", "olga", Role::OrderDesk, "office", PASSWORD)
        .await
        .unwrap();
    let mut v = base();
    v["owner"] = user_id(&s, "olga").await.into();
    let (status, r) = post(v).await;
    assert_eq!(status, 422, "{r}");
    let mut v = base();
    v["account"] = 9999.into();
    assert_eq!(post(v).await.0, 422);
    let mut v = base();
    v["identities"] = json!([]);
    assert_eq!(post(v).await.0, 422);
    // Loopback http is allowed (a buyer simulator on this machine).
    let mut v = base();
    v["form_post_origins"] = json!(["http://127.0.0.1:9000"]);
    let (status, r) = post(v).await;
    assert_eq!(status, 201, "{r}");
    assert_eq!(
        r["organisation"]["form_post_origins"][0],
        "http://127.0.0.1:9000"
    );
}

async fn a_rotated_secret_replaces_the_old_one_and_the_test_button_says_so(db: Db) {
    let s = Server::start(&db).await;
    let b = connect(&s, false).await;
    let admin = s.client("admin").await;
    let test = |secret: String| {
        let admin = &admin;
        let path = format!("/api/procurement/organisations/{}/test", b.org);
        async move {
            admin
                .post(
                    &path,
                    json!({"shared_secret": secret, "form_post_url": "https://buyer.example/cart"}),
                )
                .await
        }
    };
    let (status, r) = test(b.secret.clone()).await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["status_code"], 200, "{r}");
    assert!(r["start_page"]
        .as_str()
        .unwrap()
        .contains("/punchout/start/"));
    assert!(r["request"]
        .as_str()
        .unwrap()
        .contains("<SharedSecret>***</SharedSecret>"));
    assert!(!r.to_string().contains(&b.secret));

    let (status, r) = admin
        .post(
            &format!("/api/procurement/organisations/{}/secret", b.org),
            json!(null),
        )
        .await;
    assert_eq!(status, 200, "{r}");
    let new = r["shared_secret"].as_str().unwrap().to_owned();
    assert_ne!(new, b.secret);
    let (_, r) = test(b.secret.clone()).await;
    assert_eq!(r["status_code"], 401, "{r}");
    assert!(r["start_page"].is_null());
    let (_, r) = test(new.clone()).await;
    assert_eq!(r["status_code"], 200, "{r}");
    let (_, r) = test(new.clone()).await;
    let _ = r;

    // The log: newest first, filtered, each document redacted.
    let (status, r) = admin
        .get(&format!(
            "/api/procurement/documents?organisation={}&direction=in&limit=2",
            b.org
        ))
        .await;
    assert_eq!(status, 200, "{r}");
    let docs = r["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 2);
    assert!(docs[0]["id"].as_i64() > docs[1]["id"].as_i64());
    assert_eq!(docs[0]["kind"], "PunchOutSetupRequest");
    assert_eq!(docs[0]["organisation_name"], "ACME Procurement");
    let (status, d) = admin
        .get(&format!("/api/procurement/documents/{}", docs[0]["id"]))
        .await;
    assert_eq!(status, 200, "{d}");
    let body = d["body"].as_str().unwrap();
    assert!(body.contains("<SharedSecret>***</SharedSecret>") && !body.contains(&new));
    assert!(d["answer"].as_str().unwrap().contains("StartPage"));
    let (status, _) = admin.get("/api/procurement/documents/999999").await;
    assert_eq!(status, 404);
}
