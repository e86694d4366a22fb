//! The buyers' portal, on SQLite and PostgreSQL: invitations (the link mailed through the
//! outbox, one-time, 7 days, a fresh one closing the old), the buyer's password and sign-in
//! (throttled, case-insensitive addresses), the portal's own cookie that opens no desk route
//! (and the desk's that opens no portal route), CSRF and origin on every state change. The
//! helpers here are the other portal tests' too.

use crate::authorisation::PORTAL_ROUTES;
use crate::common;

use common::{Client, Db, Server};
use reqwest::Method;
use serde_json::{json, Value};

both!(
    an_invited_buyer_sets_a_password_and_signs_in,
    invitation_links_expire_close_and_are_not_for_everyone,
    every_portal_route_refuses_strangers_and_desk_users,
    portal_state_changes_need_the_csrf_token_and_the_same_origin,
    only_contacts_are_invited_and_the_inviter_never_sees_the_link,
);

/// The password every test buyer sets.
pub const BUYER_PASSWORD: &str = "a buyer's own staple password";

/// A customer account named `name` (maria, a manager, adds it) with one contact: its id.
pub async fn account_named(s: &Server, name: &str) -> i64 {
    let maria = s.client("maria").await;
    let (status, r) = maria
        .post(
            "/api/accounts",
            json!({
                "name": name,
                "bill_to": format!("{name}\n1 Harbour Road\nSpringfield"),
                "ship_to": "",
                "language": "en",
                "price_book": "list",
                "contacts": [{"name": "Contact", "email": "contact@example.com", "language": "en"}],
            }),
        )
        .await;
    assert_eq!(status, 201, "{r}");
    r["account"]["id"].as_i64().unwrap()
}

/// Makes `email` a contact of `account` (maria, a manager, edits the account; an account that
/// does not exist, or an address it refuses, is left as it is).
pub async fn add_contact(s: &Server, account: i64, email: &str) {
    let maria = s.client("maria").await;
    let (status, mut a) = maria.get(&format!("/api/accounts/{account}")).await;
    if status != 200 {
        return;
    }
    let contacts = a["account"]["contacts"].as_array_mut().unwrap();
    if contacts
        .iter()
        .any(|c| c["email"].as_str().unwrap().eq_ignore_ascii_case(email))
    {
        return;
    }
    contacts.push(json!({"name": "Contact", "email": email, "language": "en"}));
    let mut input = a["account"].clone();
    for key in ["id", "updated_at"] {
        input.as_object_mut().unwrap().remove(key);
    }
    let (status, r) = maria
        .send(
            reqwest::Method::PUT,
            &format!("/api/accounts/{account}"),
            Some(input),
        )
        .await;
    assert!(status == 200 || status == 422, "{r}");
}

/// `by` invites `email` (made a contact of the account first) to account `account`: the
/// answer's status and body, with the token of the link mailed (read from the outbox, since
/// the answer never has it) under `"mailed_token"`.
pub async fn invite(
    s: &Server,
    by: &Client,
    account: i64,
    email: &str,
    language: &str,
) -> (u16, Value) {
    add_contact(s, account, email).await;
    let (status, mut answer) = by
        .post(
            &format!("/api/accounts/{account}/invitations"),
            json!({"name": "Alice Buyer", "email": email, "language": language}),
        )
        .await;
    if status == 201 {
        assert!(answer.get("link").is_none() && !answer.to_string().contains("welcome/"));
        let body: String = sqlx::query_scalar(
            "SELECT body FROM outbox WHERE kind = 'portal.invitation' AND recipient = $1 \
             ORDER BY id DESC LIMIT 1",
        )
        .bind(answer["email"].as_str().unwrap())
        .fetch_one(&s.desk.db.pool)
        .await
        .unwrap();
        let at = body
            .find("/portal/#/welcome/")
            .expect("the link in the mail")
            + 18;
        answer["mailed_token"] = json!(body[at..at + 64].to_owned());
    }
    (status, answer)
}

/// The token of the link an invitation mailed.
pub fn token(invitation: &Value) -> String {
    invitation["mailed_token"].as_str().unwrap().to_owned()
}

/// Accepts invitation `token` with `password` as a new client: the status, the answer and
/// the client (its CSRF token set when signed in).
pub async fn accept(s: &Server, token: &str, password: &str) -> (u16, Value, Client) {
    let mut c = s.anonymous();
    let (status, r) = c
        .post(
            &format!("/api/portal/invitations/{token}"),
            json!({ "password": password }),
        )
        .await;
    c.csrf = r["csrf"].as_str().map(str::to_owned);
    (status, r, c)
}

/// A buyer of `account` (invited by rita, password set): their signed-in client.
pub async fn buyer(s: &Server, account: i64, email: &str) -> Client {
    let rita = s.client("rita").await;
    let (status, i) = invite(s, &rita, account, email, "en").await;
    assert_eq!(status, 201, "{i}");
    let (status, r, c) = accept(s, &token(&i), BUYER_PASSWORD).await;
    assert_eq!(status, 200, "{r}");
    c
}

/// Signs `email` in with `password` from a new client: status, answer, client.
pub async fn sign_in(s: &Server, email: &str, password: &str) -> (u16, Value, Client) {
    let mut c = s.anonymous();
    let (status, r) = c
        .post(
            "/api/portal/session",
            json!({"email": email, "password": password}),
        )
        .await;
    c.csrf = r["csrf"].as_str().map(str::to_owned);
    (status, r, c)
}

async fn an_invited_buyer_sets_a_password_and_signs_in(db: Db) {
    let s = Server::start(&db).await;
    let acme = account_named(&s, "ACME Networks").await;
    let rita = s.client("rita").await;
    let (status, i) = invite(&s, &rita, acme, "Alice@Acme.example", "de").await;
    assert_eq!(status, 201, "{i}");
    let t = token(&i);
    assert_eq!(t.len(), 64);
    // Mailed through the outbox, in German, with the link; only the token's hash is stored.
    let (to, subject, body): (String, String, String) = sqlx::query_as(
        "SELECT recipient, subject, body FROM outbox WHERE kind = 'portal.invitation'",
    )
    .fetch_one(&s.desk.db.pool)
    .await
    .unwrap();
    assert_eq!(to, "Alice@Acme.example");
    assert!(subject.contains("Kundenportal"), "{subject}");
    assert!(body.contains(&format!("/portal/#/welcome/{t}")), "{body}");
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM invitations WHERE token_hash = $1")
        .bind(&t)
        .fetch_one(&s.desk.db.pool)
        .await
        .unwrap();
    assert_eq!(stored, 0, "the token itself is never stored");
    let (status, info) = s
        .anonymous()
        .get(&format!("/api/portal/invitations/{t}"))
        .await;
    assert_eq!(status, 200, "{info}");
    assert_eq!(info["account_name"], "ACME Networks");
    assert_eq!(info["language"], "de");
    // The desk's password rules.
    let (status, r, _) = accept(&s, &t, "short").await;
    assert_eq!(
        (status, r["error"].as_str()),
        (422, Some("password_length"))
    );
    let (status, r, buyer) = accept(&s, &t, BUYER_PASSWORD).await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["buyer"]["email"], "Alice@Acme.example");
    assert_eq!(r["buyer"]["account"], acme);
    let (_, me) = buyer.get("/api/portal/session").await;
    assert_eq!(me["buyer"]["account_name"], "ACME Networks");
    // The link works once.
    assert_eq!(accept(&s, &t, BUYER_PASSWORD).await.0, 404);
    assert_eq!(
        s.anonymous()
            .get(&format!("/api/portal/invitations/{t}"))
            .await
            .0,
        404
    );
    // Signing out ends the session; signing in again, whatever the address's case.
    assert_eq!(
        buyer
            .send(Method::DELETE, "/api/portal/session", None)
            .await
            .0,
        204
    );
    assert_eq!(buyer.get("/api/portal/quotes").await.0, 401);
    assert_eq!(
        buyer.get("/api/portal/session").await.1["buyer"],
        Value::Null
    );
    let (status, r, again) = sign_in(&s, "alice@ACME.example", BUYER_PASSWORD).await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(again.get("/api/portal/quotes").await.0, 200);
    // The cookie is the portal's: HttpOnly, SameSite=Strict.
    let response = s
        .anonymous()
        .request(Method::POST, "/api/portal/session")
        .json(&json!({"email": "alice@acme.example", "password": BUYER_PASSWORD}))
        .send()
        .await
        .unwrap();
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("portal_session="), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    // Wrong passwords are throttled like the desk's: after five, this address waits.
    for _ in 0..5 {
        assert_eq!(
            sign_in(&s, "alice@acme.example", "wrong password!!")
                .await
                .0,
            401
        );
    }
    let (status, r, _) = sign_in(&s, "alice@acme.example", BUYER_PASSWORD).await;
    assert_eq!(status, 429, "{r}");
    // An unknown address is refused like a wrong password.
    let (status, r, _) = sign_in(&s, "nobody@acme.example", BUYER_PASSWORD).await;
    assert_eq!(
        (status, r["error"].as_str()),
        (401, Some("bad_credentials"))
    );
    // The invitation is in the audit log.
    let admin = s.client("admin").await;
    let (_, log) = admin.get("/api/audit").await;
    let actions: Vec<&str> = log["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(actions.contains(&"portal.invite"), "{actions:?}");
    assert!(
        actions.contains(&"portal.invitation_accepted"),
        "{actions:?}"
    );
}

async fn invitation_links_expire_close_and_are_not_for_everyone(db: Db) {
    let s = Server::start(&db).await;
    let acme = account_named(&s, "ACME Networks").await;
    let other = account_named(&s, "Other Ltd").await;
    let rita = s.client("rita").await;
    // Expired after 7 days.
    let (_, i) = invite(&s, &rita, acme, "late@acme.example", "en").await;
    let late = token(&i);
    s.desk.clock.advance(7 * 86_400 + 1);
    assert_eq!(
        s.anonymous()
            .get(&format!("/api/portal/invitations/{late}"))
            .await
            .0,
        404
    );
    assert_eq!(accept(&s, &late, BUYER_PASSWORD).await.0, 404);
    let rita = s.client("rita").await;
    // Inviting again sends a fresh link and closes the old one.
    let (_, first) = invite(&s, &rita, acme, "bob@acme.example", "en").await;
    let (status, second) = invite(&s, &rita, acme, "BOB@acme.example", "en").await;
    assert_eq!(status, 201, "{second}");
    assert_eq!(accept(&s, &token(&first), BUYER_PASSWORD).await.0, 404);
    assert_eq!(accept(&s, &token(&second), BUYER_PASSWORD).await.0, 200);
    let buyers: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM buyers WHERE email_key = $1")
        .bind("bob@acme.example")
        .fetch_one(&s.desk.db.pool)
        .await
        .unwrap();
    assert_eq!(buyers, 1, "one buyer per address");
    // A buyer belongs to one account.
    let (status, r) = invite(&s, &rita, other, "bob@acme.example", "en").await;
    assert_eq!(status, 409, "{r}");
    // The order desk invites nobody; nobody invites to an account that does not exist; bad
    // addresses and languages are refused.
    let olga = crate::orders::order_desk(&s).await;
    assert_eq!(invite(&s, &olga, acme, "x@acme.example", "en").await.0, 403);
    assert_eq!(
        invite(&s, &rita, 999_999, "x@acme.example", "en").await.0,
        404
    );
    assert_eq!(invite(&s, &rita, acme, "not an address", "en").await.0, 422);
    assert_eq!(invite(&s, &rita, acme, "x@acme.example", "fr").await.0, 422);
    // A malformed token opens nothing.
    assert_eq!(
        s.anonymous().get("/api/portal/invitations/xyz").await.0,
        404
    );
}

/// `path` with its placeholders filled.
fn fill(path: &str, number: &str) -> String {
    path.replace("{number}", number)
        .replace("{id}", "1")
        .replace("{token}", &"cd".repeat(32))
}

/// A well-formed body for each portal route (so what refuses the call is who asks).
fn body(method: &str, path: &str) -> Option<Value> {
    if method != "POST" && method != "PUT" {
        return None;
    }
    Some(match path {
        "/api/portal/session" => json!({"email": "x@example.com", "password": "x"}),
        "/api/portal/orders" => json!({"quote": "Q-2026-000001", "revision": 1,
            "purchase_order": "PO-1", "idempotency_key": "portal-key-01"}),
        "/api/portal/notifications" => {
            json!({"confirmed": true, "shipped": false, "delivered": true})
        }
        "/api/portal/configurations" => {
            json!({"name": "x", "catalog": "nx-3400", "choices": common::FULL})
        }
        p if p.starts_with("/api/portal/invitations/") => json!({"password": BUYER_PASSWORD}),
        _ => json!(null),
    })
}

async fn every_portal_route_refuses_strangers_and_desk_users(db: Db) {
    let s = Server::start(&db).await;
    let acme = account_named(&s, "ACME Networks").await;
    let b = buyer(&s, acme, "alice@acme.example").await;
    let rita = s.client("rita").await;
    for (who, c) in [("nobody", s.anonymous()), ("rita", rita)] {
        for (method, path, signed) in PORTAL_ROUTES {
            let url = fill(path, "Q-2026-000001");
            let m = Method::from_bytes(method.as_bytes()).unwrap();
            let (status, r) = c.send(m, &url, body(method, path)).await;
            let expected: &[u16] = match (*signed, *method, *path) {
                (true, _, _) => &[401],
                (false, "GET", "/api/portal/session") => &[200],
                (false, _, "/api/portal/session") => &[401],
                (false, _, _) => &[404],
            };
            assert!(
                expected.contains(&status),
                "{who}: {method} {url}: {status} {r}"
            );
        }
    }
    // A desk cookie is not a buyer's: the session says nobody.
    let rita = s.client("rita").await;
    assert_eq!(
        rita.get("/api/portal/session").await.1["buyer"],
        Value::Null
    );
    // A buyer's cookie opens no desk route.
    for path in [
        "/api/quotes",
        "/api/orders",
        "/api/accounts",
        "/api/catalogs",
        "/api/outbox",
    ] {
        assert_eq!(b.get(path).await.0, 401, "{path}");
    }
    assert_eq!(b.get("/api/session").await.1, json!({"user": null}));
    let (status, _) = b
        .post("/api/orders", body("POST", "/api/portal/orders").unwrap())
        .await;
    assert_eq!(status, 401);
    assert_eq!(invite(&s, &b, acme, "eve@acme.example", "en").await.0, 401);
    // Every signed route answers the buyer (nothing of theirs is missing for now: 200 or 404).
    for (method, path, signed) in PORTAL_ROUTES {
        if !signed || *method != "GET" {
            continue;
        }
        let (status, r) = b.get(&fill(path, "Q-2026-000001")).await;
        assert!([200, 404].contains(&status), "{path}: {status} {r}");
    }
    // A disabled buyer's session ends at once.
    sqlx::query("UPDATE buyers SET disabled_at = 1")
        .execute(&s.desk.db.pool)
        .await
        .unwrap();
    assert_eq!(b.get("/api/portal/quotes").await.0, 401);
    let (status, r, _) = sign_in(&s, "alice@acme.example", BUYER_PASSWORD).await;
    assert_eq!(
        (status, r["error"].as_str()),
        (403, Some("account_disabled"))
    );
}

async fn portal_state_changes_need_the_csrf_token_and_the_same_origin(db: Db) {
    let s = Server::start(&db).await;
    let acme = account_named(&s, "ACME Networks").await;
    let mut b = buyer(&s, acme, "alice@acme.example").await;
    let csrf = b.csrf.clone();
    for (method, path, signed) in PORTAL_ROUTES {
        if !signed || *method == "GET" {
            continue;
        }
        let url = fill(path, "Q-2026-000001");
        let m = Method::from_bytes(method.as_bytes()).unwrap();
        b.csrf = None;
        let (status, r) = b.send(m.clone(), &url, body(method, path)).await;
        assert_eq!(
            (status, r["error"].as_str()),
            (403, Some("csrf")),
            "{method} {url}"
        );
        b.csrf = Some("0".repeat(64));
        let (status, _) = b.send(m.clone(), &url, body(method, path)).await;
        assert_eq!(status, 403, "{method} {url} with a wrong token");
        b.csrf = csrf.clone();
        let mut request = b.request(m, &url).header("origin", "https://evil.example");
        if let Some(v) = body(method, path) {
            request = request.json(&v);
        }
        let status = request.send().await.unwrap().status().as_u16();
        assert_eq!(status, 403, "{method} {url} from another site");
    }
    // Nothing changed: the choices are the defaults, the session lives.
    let (status, n) = b.get("/api/portal/notifications").await;
    assert_eq!(status, 200);
    assert_eq!(
        n,
        json!({"confirmed": true, "shipped": true, "delivered": true})
    );
    // Signing in and accepting an invitation from another site are refused too.
    let rita = s.client("rita").await;
    let (_, i) = invite(&s, &rita, acme, "bob@acme.example", "en").await;
    for (path, v) in [
        (
            "/api/portal/session".to_owned(),
            json!({"email": "alice@acme.example", "password": BUYER_PASSWORD}),
        ),
        (
            format!("/api/portal/invitations/{}", token(&i)),
            json!({"password": BUYER_PASSWORD}),
        ),
    ] {
        let response = s
            .anonymous()
            .request(Method::POST, &path)
            .header("origin", "https://evil.example")
            .json(&v)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 403, "{path}");
    }
    assert_eq!(
        accept(&s, &token(&i), BUYER_PASSWORD).await.0,
        200,
        "the link is still open"
    );
}

async fn only_contacts_are_invited_and_the_inviter_never_sees_the_link(db: Db) {
    let s = Server::start(&db).await;
    let acme = account_named(&s, "ACME Networks").await;
    let rita = s.client("rita").await;
    // A rep inviting their own address (not a contact of the account) to read the account's
    // quotes and accept them as the customer: refused, nothing mailed, no buyer made.
    let (status, r) = rita
        .post(
            &format!("/api/accounts/{acme}/invitations"),
            json!({"name": "Rita", "email": "rita@northwind.example", "language": "en"}),
        )
        .await;
    assert_eq!(status, 422, "{r}");
    assert!(
        r["message"].as_str().unwrap().contains("not a contact"),
        "{r}"
    );
    let count = |sql: &'static str| {
        let pool = s.desk.db.pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>(sql)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    assert_eq!(count("SELECT COUNT(*) FROM buyers").await, 0);
    assert_eq!(
        count("SELECT COUNT(*) FROM outbox WHERE kind = 'portal.invitation'").await,
        0
    );
    // The account's contact (any case) is invited; the answer says where the link went and
    // until when, never the link itself.
    let (status, r) = rita
        .post(
            &format!("/api/accounts/{acme}/invitations"),
            json!({"name": "Contact", "email": "Contact@Example.com", "language": "en"}),
        )
        .await;
    assert_eq!(status, 201, "{r}");
    let fields: Vec<&String> = r.as_object().unwrap().keys().collect();
    assert_eq!(fields, ["email", "expires_at"], "{r}");
    assert!(!r.to_string().contains("welcome"), "{r}");
    assert_eq!(
        count("SELECT COUNT(*) FROM outbox WHERE kind = 'portal.invitation'").await,
        1
    );
}
