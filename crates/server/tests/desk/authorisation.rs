//! Who may do what: every API route (the router's table: `routes::api().table()`), asked by
//! everyone who should not get through.

use crate::common;

use common::{full_quote, Client, Db, Server};
use reqwest::Method;
use serde_json::{json, Value};

both!(
    every_route_refuses_strangers,
    reps_see_only_their_own_quotes_and_managers_their_teams,
    only_admins_manage_users_and_read_the_whole_log,
    state_changes_need_the_csrf_token_and_the_same_origin,
    a_customer_token_opens_one_quote_and_nothing_else,
    sign_in_is_slowed_without_locking_the_owner_out,
    only_admins_manage_people_and_everyone_their_own_account,
    only_managers_and_admins_read_the_outbox,
    orders_are_read_by_scope_and_stepped_by_the_order_desk_only,
    the_order_desk_sees_no_quote_and_changes_no_price,
);

/// Every route of `src/routes.rs`, `src/people_routes.rs`, `src/accounts/routes.rs`, `src/quote_routes.rs`, `src/orders/routes.rs` and `src/procurement/routes.rs`: method, path with `{number}`, `{revision}`, `{action}`,
/// `{id}`, `{token}` to fill in, and whether it takes a session.
const ROUTES: &[(&str, &str, bool)] = &[
    ("GET", "/api/desk", false),
    ("GET", "/api/openapi.json", false),
    ("GET", "/api/session", false),
    ("POST", "/api/session", false),
    ("DELETE", "/api/session", true),
    ("GET", "/api/catalogs", true),
    ("GET", "/api/users", true),
    ("POST", "/api/users", true),
    ("POST", "/api/users/{id}/disable", true),
    ("POST", "/api/users/{id}/enable", true),
    ("POST", "/api/users/{id}/reset", true),
    ("DELETE", "/api/users/{id}/sessions", true),
    ("POST", "/api/account/password", true),
    ("DELETE", "/api/account/sessions", true),
    ("POST", "/api/password-reset", false),
    ("GET", "/api/password-reset/{token}", false),
    ("GET", "/api/audit", true),
    ("GET", "/api/quotes", true),
    ("POST", "/api/quotes", true),
    ("GET", "/api/quotes/export.csv", true),
    ("GET", "/api/quotes/export.json", true),
    ("GET", "/api/quotes/{number}", true),
    ("GET", "/api/quotes/{number}/revisions", true),
    ("POST", "/api/quotes/{number}/revisions", true),
    ("GET", "/api/quotes/{number}/revisions/{revision}", true),
    ("GET", "/api/quotes/{number}/quote.csv", true),
    ("GET", "/api/quotes/{number}/quote.pdf", true),
    ("GET", "/api/quotes/{number}/audit", true),
    ("POST", "/api/quotes/{number}/actions/{action}", true),
    ("GET", "/api/quotes/{number}/links", true),
    ("POST", "/api/quotes/{number}/links", true),
    ("DELETE", "/api/quotes/{number}/links/{id}", true),
    ("GET", "/api/customer/{token}", false),
    ("POST", "/api/customer/{token}/accept", false),
    ("POST", "/api/customer/{token}/decline", false),
    ("GET", "/api/accounts", true),
    ("POST", "/api/accounts", true),
    ("GET", "/api/accounts/{id}", true),
    ("PUT", "/api/accounts/{id}", true),
    ("GET", "/api/customer/{token}/quote.pdf", false),
    ("GET", "/api/outbox", true),
    ("POST", "/api/quotes/{number}/renew", true),
    ("POST", "/api/quotes/{number}/deal-preview", true),
    ("GET", "/api/orders", true),
    ("POST", "/api/orders", true),
    ("GET", "/api/orders/export.csv", true),
    ("GET", "/api/orders/export.json", true),
    ("GET", "/api/orders/{number}", true),
    ("GET", "/api/orders/{number}/document.pdf", true),
    ("POST", "/api/orders/{number}/confirm", true),
    ("POST", "/api/orders/{number}/ship", true),
    ("POST", "/api/orders/{number}/deliver", true),
    ("POST", "/api/orders/{number}/cancel", true),
    ("POST", "/api/accounts/{id}/invitations", true),
    ("GET", "/api/procurement/organisations", true),
    ("POST", "/api/procurement/organisations", true),
    ("PUT", "/api/procurement/organisations/{id}", true),
    ("POST", "/api/procurement/organisations/{id}/secret", true),
    ("POST", "/api/procurement/organisations/{id}/test", true),
    ("GET", "/api/procurement/documents", true),
    ("GET", "/api/procurement/documents/{id}", true),
];

/// Every route of the buyers' portal (`src/portal/routes.rs`): method, path with `{number}`,
/// `{id}`, `{token}` to fill in, and whether it takes a buyer's session (walked by
/// `portal::every_portal_route_refuses_strangers_and_desk_users`).
pub const PORTAL_ROUTES: &[(&str, &str, bool)] = &[
    ("GET", "/api/portal/session", false),
    ("POST", "/api/portal/session", false),
    ("DELETE", "/api/portal/session", true),
    ("GET", "/api/portal/invitations/{token}", false),
    ("POST", "/api/portal/invitations/{token}", false),
    ("GET", "/api/portal/quotes", true),
    ("GET", "/api/portal/quotes/{number}", true),
    ("GET", "/api/portal/quotes/{number}/document.pdf", true),
    ("POST", "/api/portal/orders", true),
    ("GET", "/api/portal/orders", true),
    ("GET", "/api/portal/orders/{number}", true),
    ("GET", "/api/portal/orders/{number}/document.pdf", true),
    ("POST", "/api/portal/orders/{number}/reorder", true),
    ("GET", "/api/portal/notifications", true),
    ("PUT", "/api/portal/notifications", true),
    ("GET", "/api/portal/alerts", true),
    ("POST", "/api/portal/alerts/read", true),
    ("GET", "/api/portal/configurations", true),
    ("POST", "/api/portal/configurations", true),
    ("DELETE", "/api/portal/configurations/{id}", true),
    ("GET", "/api/portal/pricing", true),
    ("GET", "/api/portal/catalogs/{id}", true),
];

#[test]
fn the_table_lists_every_route() {
    // The router's own table (`openapi::Routes`): every route it has, as it was added.
    let mut found: Vec<(String, String)> = configurator_server::routes::api()
        .table()
        .iter()
        .map(|(m, p)| (m.as_str().to_owned(), (*p).to_owned()))
        .collect();
    let mut listed: Vec<(String, String)> = ROUTES
        .iter()
        .chain(PORTAL_ROUTES)
        .map(|(m, p, _)| ((*m).to_owned(), (*p).to_owned()))
        .collect();
    found.sort();
    listed.sort();
    assert_eq!(found, listed, "ROUTES must list every route of the router");
}

fn fill(path: &str, number: &str, token: &str) -> String {
    let path = if path == "/api/quotes/{number}/revisions" {
        "/api/quotes/{number}/revisions?base=1"
    } else {
        path
    };
    path.replace("{number}", number)
        .replace("{revision}", "1")
        .replace("{action}", "submit")
        .replace("{id}", "1")
        .replace("{token}", token)
}

async fn call(c: &Client, method: &str, path: &str) -> (u16, Value) {
    let m = Method::from_bytes(method.as_bytes()).unwrap();
    // A well-formed body for each route, so what refuses the call is who asks.
    let body = (m == Method::POST || m == Method::PUT).then(|| {
        if path.contains("/actions/") {
            json!({"comment": ""})
        } else if path.ends_with("/links") {
            json!({"days": 5})
        } else if path.ends_with("/deal-preview") {
            json!({"deal": "5"})
        } else if path.ends_with("/confirm") {
            json!({"ship_date": "2099-01-01"})
        } else if path.ends_with("/ship") {
            json!({"lines": [{"line": 1, "quantity": 1}], "carrier": "DHL", "tracking": "T1"})
        } else if path.ends_with("/deliver") {
            json!({})
        } else if path.ends_with("/cancel") {
            json!({"reason": "Eve says so"})
        } else if path == "/api/orders" {
            json!({"quote": "Q-2026-000001", "revision": 1, "purchase_order": "PO-EVE",
                   "idempotency_key": "eve-key-0001"})
        } else if path.ends_with("/renew") {
            json!(null)
        } else if path.contains("/revisions") {
            serde_json::from_str(&full_quote("ACME")).unwrap()
        } else if path.starts_with("/api/accounts") {
            json!({"name": "Eve Ltd", "bill_to": "1 Road", "language": "en"})
        } else if path == "/api/users" {
            json!({"name": "eve", "role": "admin", "team": "x", "password": common::PASSWORD})
        } else if path.starts_with("/api/users/") {
            json!({})
        } else if path == "/api/account/password" {
            json!({"current": common::PASSWORD, "new": "a new staple of the desk"})
        } else if path == "/api/password-reset" {
            json!({"token": "cd".repeat(32), "password": "a new staple of the desk"})
        } else {
            json!({"name": "Eve"})
        }
    });
    c.send(m, path, body).await
}

/// rita's quote, sent, with a customer link: its number and the link's token.
async fn sent_quote(s: &Server) -> (String, String) {
    let rita = s.client("rita").await;
    let number = rita.save(&full_quote("ACME")).await;
    for a in ["submit", "send"] {
        let (status, r) = rita
            .post(&format!("/api/quotes/{number}/actions/{a}"), json!({}))
            .await;
        assert_eq!(status, 200, "{r}");
    }
    let (_, l) = rita
        .post(&format!("/api/quotes/{number}/links"), json!({"days": 5}))
        .await;
    (number, l["link"]["token"].as_str().unwrap().to_owned())
}

async fn every_route_refuses_strangers(db: Db) {
    let s = Server::start(&db).await;
    let (number, _) = sent_quote(&s).await;
    let nobody = s.anonymous();
    let fake = "cd".repeat(32);
    for (method, path, signed) in ROUTES {
        let url = fill(path, &number, &fake);
        let (status, body) = call(&nobody, method, &url).await;
        let expected: &[u16] = match (*signed, *path) {
            (true, _) => &[401],
            (false, "/api/desk" | "/api/openapi.json") => &[200],
            (false, "/api/session") if *method == "GET" => &[200], // `{"user": null}`
            (false, "/api/session") => &[400, 422],                // a sign-in without credentials
            (false, _) => &[404],                                  // a token that opens nothing
        };
        assert!(
            expected.contains(&status),
            "{method} {url} without a session: {status} {body}"
        );
    }
}

async fn reps_see_only_their_own_quotes_and_managers_their_teams(db: Db) {
    let s = Server::start(&db).await;
    let (number, token) = sent_quote(&s).await;
    // Another rep of the team, a rep and a manager of another team: as if it did not exist.
    for name in ["ravi", "otto", "mona"] {
        let c = s.client(name).await;
        for (method, path, signed) in ROUTES {
            if !signed || !path.contains("{number}") || path.starts_with("/api/orders") {
                continue;
            }
            let url = fill(path, &number, &token);
            let (status, body) = call(&c, method, &url).await;
            assert_eq!(status, 404, "{name}: {method} {url}: {body}");
        }
        let (_, list) = c.get(&format!("/api/quotes?number={number}")).await;
        assert_eq!(list["quotes"], json!([]), "{name} searches by number");
        let (_, list) = c.get("/api/quotes?customer=ACME").await;
        assert_eq!(list["quotes"], json!([]), "{name} searches by customer");
        let (_, list) = c.get("/api/quotes?scope=team").await;
        assert_eq!(list["quotes"], json!([]), "{name} lists");
        let csv = c
            .request(Method::GET, "/api/quotes/export.csv")
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(!csv.contains(&number), "{name} exports: {csv}");
    }
    // The team's manager reads it, but only its owner changes it. Reading includes a deal
    // preview and renewing it (the new quote is the manager's own).
    let maria = s.client("maria").await;
    for (method, path, signed) in ROUTES {
        if !signed || !path.contains("{number}") || path.starts_with("/api/orders") {
            continue;
        }
        let url = fill(path, &number, &token);
        let (status, body) = call(&maria, method, &url).await;
        let expected: &[u16] = match (*method, *path) {
            ("GET", _) | (_, "/api/quotes/{number}/deal-preview") => &[200],
            (_, "/api/quotes/{number}/renew") => &[201],
            _ => &[403],
        };
        assert!(
            expected.contains(&status),
            "maria: {method} {url}: {status} {body}"
        );
    }
    let (_, list) = maria.get(&format!("/api/quotes?number={number}")).await;
    assert_eq!(list["quotes"][0]["number"], number.as_str());
    // Her own: only the quote she renewed from rita's (hers, not rita's).
    let (_, mine) = maria.get("/api/quotes?scope=mine").await;
    let mine = mine["quotes"].as_array().unwrap();
    assert_eq!(mine.len(), 1, "{mine:?}");
    assert_ne!(mine[0]["number"], number.as_str());
    assert_eq!(mine[0]["owner"], "maria");
    // A rep cannot approve, not even their own quote.
    let rita = s.client("rita").await;
    let (status, r) = rita
        .post(&format!("/api/quotes/{number}/actions/approve"), json!({}))
        .await;
    assert_eq!(status, 403, "{r}");
}

async fn only_admins_manage_users_and_read_the_whole_log(db: Db) {
    let s = Server::start(&db).await;
    let new =
        json!({"name": "newbie", "role": "rep", "team": "north", "password": common::PASSWORD});
    for name in ["rita", "maria"] {
        let c = s.client(name).await;
        assert_eq!(c.get("/api/users").await.0, 403, "{name}");
        assert_eq!(c.post("/api/users", new.clone()).await.0, 403, "{name}");
        assert_eq!(c.get("/api/audit").await.0, 403, "{name}");
    }
    let admin = s.client("admin").await;
    let (status, u) = admin.get("/api/users").await;
    assert_eq!(status, 200);
    assert_eq!(u["users"].as_array().unwrap().len(), 6);
    assert!(u.to_string().find("password").is_none(), "no hashes: {u}");
    let (status, r) = admin.post("/api/users", new.clone()).await;
    assert_eq!(status, 201, "{r}");
    assert_eq!(admin.post("/api/users", new).await.0, 409);
    let (status, r) = admin
        .post(
            "/api/users",
            json!({"name": "x", "role": "boss", "team": "t", "password": "long enough password"}),
        )
        .await;
    assert_eq!(status, 422, "{r}");
    let (status, r) = admin
        .post(
            "/api/users",
            json!({"name": "shorty", "role": "rep", "team": "t", "password": "short"}),
        )
        .await;
    assert_eq!(status, 422, "{r}");
    let (status, a) = admin.get("/api/audit").await;
    assert_eq!(status, 200);
    assert_eq!(a["entries"][0]["action"], "user.add");
    assert_eq!(a["entries"][0]["actor"], "admin");
    // The new user signs in; the password is stored as an argon2id hash.
    s.client("newbie").await;
    let hash: String = sqlx::query_scalar("SELECT password_hash FROM users WHERE name = 'newbie'")
        .fetch_one(&s.desk.db.pool)
        .await
        .unwrap();
    assert!(hash.starts_with("$argon2id$"), "{hash}");
}

async fn state_changes_need_the_csrf_token_and_the_same_origin(db: Db) {
    let s = Server::start(&db).await;
    let mut rita = s.client("rita").await;
    let quote = full_quote("ACME");
    let csrf = rita.csrf.take();
    let (status, r) = rita.post_text("/api/quotes", &quote).await;
    assert_eq!(status, 403, "{r}");
    assert_eq!(r["error"], "csrf");
    rita.csrf = Some("0".repeat(64));
    let (status, _) = rita.post_text("/api/quotes", &quote).await;
    assert_eq!(status, 403);
    rita.csrf = csrf;
    let response = rita
        .request(Method::POST, "/api/quotes")
        .header("content-type", "application/json")
        .header("origin", "https://evil.example")
        .body(quote.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    // A form post (not JSON) is refused before anything is read.
    let response = rita
        .request(Method::POST, "/api/quotes")
        .header("content-type", "application/x-www-form-urlencoded")
        .body("a=b")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 415);
    // Signing in from another site is refused too.
    let response = s
        .anonymous()
        .request(Method::POST, "/api/session")
        .header("origin", "https://evil.example")
        .json(&json!({"name": "rita", "password": common::PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    let (_, list) = rita.get("/api/quotes").await;
    assert_eq!(list["quotes"], json!([]), "nothing was stored");
    // The session cookie is HttpOnly and SameSite=Strict.
    let response = s
        .anonymous()
        .request(Method::POST, "/api/session")
        .json(&json!({"name": "rita", "password": common::PASSWORD}))
        .send()
        .await
        .unwrap();
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    // Signing out ends the session.
    assert_eq!(rita.send(Method::DELETE, "/api/session", None).await.0, 204);
    assert_eq!(rita.get("/api/quotes").await.0, 401);
    assert_eq!(rita.get("/api/session").await, (200, json!({"user": null})));
}

async fn a_customer_token_opens_one_quote_and_nothing_else(db: Db) {
    let s = Server::start(&db).await;
    let (number, token) = sent_quote(&s).await;
    // The token as a session cookie opens nothing.
    let http = reqwest::Client::new();
    let r = http
        .get(format!("{}/api/quotes/{number}", s.base))
        .header("cookie", format!("desk_session={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    // Other quotes' paths with the token: nothing.
    let customer = s.anonymous();
    assert_eq!(
        customer
            .get(&format!("/api/customer/{token}/accept"))
            .await
            .0,
        405
    );
    let (status, v) = customer.get(&format!("/api/customer/{token}")).await;
    assert_eq!(status, 200);
    assert_eq!(v["view"]["number"], number.as_str());
    assert!(
        v["view"].get("owner").is_none() && v["view"].get("team").is_none(),
        "{v}"
    );
    // Accepting from another site is refused.
    let r = customer
        .request(Method::POST, &format!("/api/customer/{token}/accept"))
        .header("origin", "https://evil.example")
        .json(&json!({"name": "Eve"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
}

async fn sign_in_is_slowed_without_locking_the_owner_out(db: Db) {
    let s = Server::start(&db).await;
    let c = s.anonymous();
    let attempt = |password: &'static str| {
        let c = &c;
        async move {
            c.post(
                "/api/session",
                json!({"name": "rita", "password": password}),
            )
            .await
        }
    };
    for _ in 0..5 {
        let (status, r) = attempt("wrong password").await;
        assert_eq!(status, 401, "{r}");
        assert_eq!(r["error"], "bad_credentials");
    }
    // The address that failed waits, even with the right password...
    let (status, r) = attempt(common::PASSWORD).await;
    assert_eq!(status, 429, "{r}");
    // ... but another address signs in as rita at once (access.rs has the details).
    let other = s
        .anonymous()
        .request(Method::POST, "/api/session")
        .header("x-forwarded-for", "198.51.100.20")
        .json(&json!({"name": "rita", "password": common::PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 200);
    // Other names are not slowed; an unknown name fails like a wrong password.
    s.client("ravi").await;
    let (status, r) = c
        .post(
            "/api/session",
            json!({"name": "nobody", "password": "whatever it is"}),
        )
        .await;
    assert_eq!(status, 401, "{r}");
    s.desk.clock.advance(16 * 60);
    let (status, r) = attempt(common::PASSWORD).await;
    assert_eq!(status, 200, "{r}");
}

/// The admin routes of people and access, filled in for user `id`.
fn admin_routes(id: i64) -> Vec<(Method, String)> {
    vec![
        (Method::GET, "/api/users".to_owned()),
        (Method::POST, format!("/api/users/{id}/disable")),
        (Method::POST, format!("/api/users/{id}/enable")),
        (Method::POST, format!("/api/users/{id}/reset")),
        (Method::DELETE, format!("/api/users/{id}/sessions")),
    ]
}

async fn only_admins_manage_people_and_everyone_their_own_account(db: Db) {
    let s = Server::start(&db).await;
    let admin = s.client("admin").await;
    let (_, list) = admin.get("/api/users").await;
    let ravi = list["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["name"] == "ravi")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    // Reps and managers: 403 on every admin route, and nothing changed.
    for name in ["rita", "maria"] {
        let c = s.client(name).await;
        for (m, path) in admin_routes(ravi) {
            let body = (m == Method::POST).then(|| json!({}));
            let (status, r) = c.send(m.clone(), &path, body).await;
            assert_eq!(status, 403, "{name}: {m} {path}: {r}");
        }
    }
    let ravi_client = s.client("ravi").await;
    let (_, list) = admin.get("/api/users").await;
    assert!(list.to_string().contains("\"disabled\":false"), "{list}");
    // Without the CSRF token: 403, for admins and for one's own account.
    let mut bare = s.client("admin").await;
    bare.csrf = None;
    for (m, path) in admin_routes(ravi).into_iter().skip(1) {
        let body = (m == Method::POST).then(|| json!({}));
        let (status, r) = bare.send(m.clone(), &path, body).await;
        assert_eq!(
            (status, r["error"].as_str()),
            (403, Some("csrf")),
            "{m} {path}"
        );
    }
    let mut rita = s.client("rita").await;
    rita.csrf = None;
    let (status, _) = rita
        .post(
            "/api/account/password",
            json!({"current": common::PASSWORD, "new": "a new staple of the desk"}),
        )
        .await;
    assert_eq!(status, 403);
    assert_eq!(
        rita.send(Method::DELETE, "/api/account/sessions", None)
            .await
            .0,
        403
    );
    assert_eq!(
        ravi_client.get("/api/quotes").await.0,
        200,
        "ravi's session lives"
    );
    assert_eq!(rita.get("/api/quotes").await.0, 200, "rita's session lives");
    // A reset link's page needs no session, but a token that opens nothing is 404.
    let nobody = s.anonymous();
    let fake = "ab".repeat(32);
    assert_eq!(
        nobody.get(&format!("/api/password-reset/{fake}")).await.0,
        404
    );
}

async fn only_managers_and_admins_read_the_outbox(db: Db) {
    let s = Server::start(&db).await;
    sent_quote(&s).await;
    for (name, expected) in [
        ("rita", 403),
        ("ravi", 403),
        ("maria", 200),
        ("mona", 200),
        ("admin", 200),
    ] {
        let (status, body) = s.client(name).await.get("/api/outbox").await;
        assert_eq!(status, expected, "{name}: {body}");
    }
    // The customer's PDF opens with the link's token, and only with it.
    let (_, token) = sent_quote(&s).await;
    let nobody = s.anonymous();
    let pdf = nobody
        .request(Method::GET, &format!("/api/customer/{token}/quote.pdf"))
        .send()
        .await
        .unwrap();
    assert_eq!(pdf.status(), 200);
    let (status, _) = nobody
        .get(&format!("/api/customer/{}/quote.pdf", "ab".repeat(32)))
        .await;
    assert_eq!(status, 404);
}

/// rita's quote, accepted and placed by her: the quote's and the order's numbers.
async fn placed_order(s: &Server) -> (String, String) {
    let rita = s.client("rita").await;
    let number = crate::orders::accepted(s, &rita, &full_quote("ACME"), None).await;
    let mut req = crate::orders::request(&number, "PO-1", "auth-key-0001");
    req["bill_to"] = json!("ACME\n1 Road");
    let o = crate::orders::place(&rita, req).await;
    (number, o["summary"]["number"].as_str().unwrap().to_owned())
}

/// The order routes with `{number}`: method and path.
fn order_routes() -> impl Iterator<Item = &'static (&'static str, &'static str, bool)> {
    ROUTES
        .iter()
        .filter(|(_, p, _)| p.starts_with("/api/orders/{number}"))
}

async fn orders_are_read_by_scope_and_stepped_by_the_order_desk_only(db: Db) {
    let s = Server::start(&db).await;
    let (quote, order) = placed_order(&s).await;
    let olga = crate::orders::order_desk(&s).await;
    // Another rep of the team, a rep and a manager of another team: as if it did not exist.
    for name in ["ravi", "otto", "mona"] {
        let c = s.client(name).await;
        for (method, path, _) in order_routes() {
            let url = fill(path, &order, "");
            let (status, body) = call(&c, method, &url).await;
            assert_eq!(status, 404, "{name}: {method} {url}: {body}");
        }
        let (_, list) = c.get("/api/orders").await;
        assert_eq!(list["orders"], json!([]), "{name} lists");
        let (_, list) = c.get(&format!("/api/orders?q={order}")).await;
        assert_eq!(list["orders"], json!([]), "{name} searches");
        let csv = c
            .request(Method::GET, "/api/orders/export.csv")
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(!csv.contains(&order), "{name} exports: {csv}");
        // Nor can they place an order of a quote they do not see.
        let req = crate::orders::request(&quote, "PO-2", &format!("auth-{name}-0001"));
        assert_eq!(c.post("/api/orders", req).await.0, 404, "{name}");
    }
    // The owner, the team's manager and a director read it; none takes a step.
    configurator_server::users::add(
        &s.desk,
        "test",
        "dora",
        configurator_server::auth::Role::Director,
        "office",
        common::PASSWORD,
    )
    .await
    .unwrap();
    for name in ["rita", "maria", "dora"] {
        let c = s.client(name).await;
        for (method, path, _) in order_routes() {
            let url = fill(path, &order, "");
            let (status, body) = call(&c, method, &url).await;
            let expected = if *method == "GET" { 200 } else { 403 };
            assert_eq!(status, expected, "{name}: {method} {url}: {body}");
        }
    }
    let (_, page) = olga.get(&format!("/api/orders/{order}")).await;
    assert_eq!(
        page["summary"]["status"], "received",
        "nothing changed: {page}"
    );
    // The order desk reads every order and takes the steps: here a cancellation.
    let (_, list) = olga.get("/api/orders").await;
    assert_eq!(list["orders"][0]["number"], order.as_str());
    let (status, r) = olga
        .post(
            &format!("/api/orders/{order}/cancel"),
            json!({"reason": "Test"}),
        )
        .await;
    assert_eq!(status, 200, "{r}");
    // Without the CSRF token or from another site: refused.
    let mut bare = s.client("olga").await;
    bare.csrf = None;
    let (status, r) = bare
        .post(&format!("/api/orders/{order}/deliver"), json!({}))
        .await;
    assert_eq!((status, r["error"].as_str()), (403, Some("csrf")));
    let r = olga
        .request(Method::POST, &format!("/api/orders/{order}/deliver"))
        .header("origin", "https://evil.example")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
}

async fn the_order_desk_sees_no_quote_and_changes_no_price(db: Db) {
    let s = Server::start(&db).await;
    let (quote, order) = placed_order(&s).await;
    let olga = crate::orders::order_desk(&s).await;
    // Every quote route of an existing quote: not found (it reads no quote, so changes none).
    for (method, path, signed) in ROUTES {
        if !signed || !path.starts_with("/api/quotes/{number}") {
            continue;
        }
        let url = fill(path, &quote, "");
        let (status, body) = call(&olga, method, &url).await;
        assert_eq!(status, 404, "olga: {method} {url}: {body}");
    }
    // No new quote, no quote listed or exported, no account changed, no outbox.
    let (status, r) = olga.post_text("/api/quotes", &full_quote("ACME")).await;
    assert_eq!(status, 403, "{r}");
    let (_, list) = olga.get("/api/quotes").await;
    assert_eq!(list["quotes"], json!([]));
    let csv = olga
        .request(Method::GET, "/api/quotes/export.csv")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!csv.contains(&quote), "{csv}");
    let account = json!({"name": "Eve Ltd", "bill_to": "1 Road", "language": "en"});
    assert_eq!(olga.post("/api/accounts", account.clone()).await.0, 403);
    assert_eq!(
        olga.send(Method::PUT, "/api/accounts/1", Some(account))
            .await
            .0,
        403
    );
    assert_eq!(olga.get("/api/outbox").await.0, 403);
    assert_eq!(olga.get("/api/audit").await.0, 403);
    // Its steps change no line or price: a shipment's body cannot carry one.
    let (status, r) = olga
        .post(
            &format!("/api/orders/{order}/confirm"),
            json!({"ship_date": "2099-01-01", "total": "1.00"}),
        )
        .await;
    assert_eq!(status, 422, "{r}");
    let (status, r) = olga
        .post(
            &format!("/api/orders/{order}/confirm"),
            json!({"ship_date": "2099-01-01"}),
        )
        .await;
    assert_eq!(status, 200, "{r}");
    let (status, r) = olga
        .post(
            &format!("/api/orders/{order}/ship"),
            json!({"lines": [{"line": 1, "quantity": 1, "unit_net": "0.01"}],
                   "carrier": "DHL", "tracking": "T1"}),
        )
        .await;
    assert_eq!(status, 422, "{r}");
    let (_, page) = olga.get(&format!("/api/orders/{order}")).await;
    let (_, before) = s
        .client("rita")
        .await
        .get(&format!("/api/orders/{order}"))
        .await;
    assert_eq!(page["lines"], before["lines"]);
    assert!(page["lines"]
        .as_array()
        .unwrap()
        .iter()
        .all(|l| l["shipped"] == 0));
}
