//! People and access: sign-in throttling that never locks the owner of a name out, disabling
//! users, reset links, changing one's password, signing out everywhere, the password policy.

use crate::common;

use common::{Client, Db, Server, PASSWORD};
use configurator_api::access::{ResetLink, UserList};
use configurator_server::throttle;
use reqwest::Method;
use serde_json::{json, Value};

both!(
    failures_for_a_name_never_lock_its_owner_out,
    spraying_many_names_from_one_address_is_slowed,
    disabled_users_cannot_sign_in_and_their_sessions_end,
    a_reset_link_works_once_and_ends_the_sessions,
    a_reset_link_expires_and_a_newer_one_replaces_it,
    users_change_their_own_password,
    users_sign_out_everywhere_and_admins_end_sessions,
    the_password_policy_applies_everywhere,
    the_list_of_users_says_who_is_disabled_and_signed_in,
);

/// A sign-in try of `name` from the client address `from`: status, body, `Retry-After`.
async fn try_from(s: &Server, from: &str, name: &str, password: &str) -> (u16, Value, i64) {
    let r = s
        .anonymous()
        .request(Method::POST, "/api/session")
        .header("x-forwarded-for", from)
        .json(&json!({"name": name, "password": password}))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let retry = r
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let body: Value = r.json().await.unwrap_or(Value::Null);
    (status, body, retry)
}

/// The whole audit log as `actor action detail` lines.
async fn audit(s: &Server) -> Vec<String> {
    let (_, a) = s.client("admin").await.get("/api/audit").await;
    a["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| format!("{} {} {}", e["actor"], e["action"], e["detail"]).replace('"', ""))
        .collect()
}

/// The id of user `name`.
async fn id_of(admin: &Client, name: &str) -> i64 {
    let (status, v) = admin.get("/api/users").await;
    assert_eq!(status, 200, "{v}");
    let list: UserList = serde_json::from_value(v).unwrap();
    list.users.iter().find(|u| u.name == name).unwrap().id
}

async fn failures_for_a_name_never_lock_its_owner_out(db: Db) {
    let s = Server::start(&db).await;
    // The waits are counted in whole seconds: a slow hash must not make one pass.
    s.desk.clock.stop();
    let attacker = "203.0.113.9";
    // The first failures cost nothing but the time of the hash.
    for _ in 0..throttle::NAME_FREE {
        let (status, r, _) = try_from(&s, attacker, "rita", "wrong password").await;
        assert_eq!(status, 401, "{r}");
        assert_eq!(r["error"], "bad_credentials");
    }
    // Then the attacker waits, longer after each failure: 2, 4, 8 seconds.
    for expected in [2, 4, 8] {
        let (status, r, retry) = try_from(&s, attacker, "rita", "wrong password").await;
        assert_eq!(status, 429, "{r}");
        assert_eq!(r["error"], "too_many_attempts");
        assert_eq!(retry, expected);
        // Even the right password waits, from the address that failed.
        let (status, _, _) = try_from(&s, attacker, "rita", PASSWORD).await;
        assert_eq!(status, 429);
        s.desk.clock.advance(retry);
        let (status, r, _) = try_from(&s, attacker, "rita", "wrong password").await;
        assert_eq!(status, 401, "{r}");
    }
    // The owner, from their own address, signs in at once with the right password.
    let (status, r, _) = try_from(&s, "198.51.100.7", "rita", PASSWORD).await;
    assert_eq!(status, 200, "the owner is not locked out: {r}");
    assert_eq!(r["user"]["name"], "rita");
    // And so does anyone from any other clean address, and the name's waits end in time.
    let (status, _, _) = try_from(&s, "198.51.100.8", "rita", PASSWORD).await;
    assert_eq!(status, 200);
    let lines = audit(&s).await;
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("203.0.113.9 signin.throttle name `rita`: 5 failed")),
        "{lines:#?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l == "rita session.sign_in 198.51.100.7"),
        "{lines:#?}"
    );
    // After the window, the attacker's address starts afresh.
    s.desk.clock.advance(throttle::WINDOW + 1);
    let (status, _, _) = try_from(&s, attacker, "rita", PASSWORD).await;
    assert_eq!(status, 200);
}

async fn spraying_many_names_from_one_address_is_slowed(db: Db) {
    let s = Server::start(&db).await;
    s.desk.clock.stop();
    let sprayer = "192.0.2.50";
    let names = [
        "rita", "ravi", "maria", "otto", "mona", "admin", "nobody", "x1", "x2", "x3",
    ];
    assert_eq!(names.len() as i64, throttle::CLIENT_FREE);
    for name in names {
        let (status, r, _) = try_from(&s, sprayer, name, "Summer2026!").await;
        assert_eq!(status, 401, "{name}: {r}");
    }
    let mut last = 0;
    for expected in [2, 4] {
        let (status, r, retry) = try_from(&s, sprayer, "x4", "Summer2026!").await;
        assert_eq!((status, retry), (429, expected), "{r}");
        s.desk.clock.advance(retry);
        let (status, _, _) = try_from(&s, sprayer, "x4", "Summer2026!").await;
        assert_eq!(status, 401);
        last = expected;
    }
    assert_eq!(last, 4);
    // Everyone else signs in; a stray X-Forwarded-For from an untrusted peer would not help
    // the sprayer (see throttle's unit tests), but another address is another client.
    let (status, _, _) = try_from(&s, "192.0.2.51", "ravi", PASSWORD).await;
    assert_eq!(status, 200);
    let lines = audit(&s).await;
    assert!(
        lines.iter().any(|l| l.starts_with(
            "192.0.2.50 signin.throttle address 192.0.2.50: 10 failed sign-ins in 15 minutes"
        )),
        "{lines:#?}"
    );
}

async fn disabled_users_cannot_sign_in_and_their_sessions_end(db: Db) {
    let s = Server::start(&db).await;
    let admin = s.client("admin").await;
    let rita = s.client("rita").await;
    let id = id_of(&admin, "rita").await;
    let (status, r) = admin
        .post(&format!("/api/users/{id}/disable"), json!({}))
        .await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["user"]["disabled"], true);
    assert_eq!(r["user"]["sessions"], 0);
    // Her session ended at once; signing in is refused, even with the right password.
    assert_eq!(rita.get("/api/quotes").await.0, 401);
    let (status, r) = s
        .anonymous()
        .post(
            "/api/session",
            json!({"name": "rita", "password": PASSWORD}),
        )
        .await;
    assert_eq!(
        (status, r["error"].as_str()),
        (403, Some("account_disabled"))
    );
    // An admin cannot disable themselves.
    let me = id_of(&admin, "admin").await;
    let (status, r) = admin
        .post(&format!("/api/users/{me}/disable"), json!({}))
        .await;
    assert_eq!(status, 409, "{r}");
    assert_eq!(admin.get("/api/users").await.0, 200);
    // Nor can anyone disable the last admin (the service refuses even when the caller is
    // not one, as when two admins disable each other at once).
    let rita_user = configurator_server::auth::User {
        id,
        name: "rita".into(),
        role: configurator_server::auth::Role::Rep,
        team: "north".into(),
    };
    let refused = configurator_server::people::set_disabled(&s.desk, &rita_user, me, true).await;
    assert!(
        matches!(
            refused,
            Err(configurator_server::error::ApiError::Conflict(_))
        ),
        "{refused:?}"
    );
    // Enabled again, she signs in.
    let (status, r) = admin
        .post(&format!("/api/users/{id}/enable"), json!({}))
        .await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["user"]["disabled"], false);
    s.client("rita").await;
    let lines = audit(&s).await;
    assert!(
        lines.contains(&"admin user.disable rita (1 sessions ended)".to_owned()),
        "{lines:#?}"
    );
    assert!(
        lines.contains(&"admin user.enable rita".to_owned()),
        "{lines:#?}"
    );
    // Unknown users are 404.
    assert_eq!(
        admin.post("/api/users/9999/disable", json!({})).await.0,
        404
    );
}

/// A reset link for `name`, made by the admin.
async fn reset_link(s: &Server, name: &str) -> ResetLink {
    let admin = s.client("admin").await;
    let id = id_of(&admin, name).await;
    let (status, r) = admin
        .post(&format!("/api/users/{id}/reset"), json!({}))
        .await;
    assert_eq!(status, 201, "{r}");
    serde_json::from_value(r).unwrap()
}

async fn a_reset_link_works_once_and_ends_the_sessions(db: Db) {
    let s = Server::start(&db).await;
    let rita = s.client("rita").await;
    let link = reset_link(&s, "rita").await;
    assert_eq!(link.path, format!("/desk/#reset={}", link.token));
    assert_eq!(link.token.len(), 64);
    // The desk keeps its hash only.
    let stored: String = sqlx::query_scalar("SELECT token_hash FROM password_resets")
        .fetch_one(&s.desk.db.pool)
        .await
        .unwrap();
    assert_ne!(stored, link.token);
    // Making it changes nothing yet.
    assert_eq!(rita.get("/api/quotes").await.0, 200);
    let visitor = s.anonymous();
    let (status, r) = visitor
        .get(&format!("/api/password-reset/{}", link.token))
        .await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["name"], "rita");
    // The policy applies.
    for (weak, code) in [
        ("short one", "password_length"),
        ("password1234", "password_common"),
        ("rita the best seller", "password_name"),
    ] {
        let (status, r) = visitor
            .post(
                "/api/password-reset",
                json!({"token": link.token, "password": weak}),
            )
            .await;
        assert_eq!(
            (status, r["error"].as_str()),
            (422, Some(code)),
            "{weak}: {r}"
        );
    }
    // From another site: refused.
    let r = visitor
        .request(Method::POST, "/api/password-reset")
        .header("origin", "https://evil.example")
        .json(&json!({"token": link.token, "password": "a new staple of the desk"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let new = "a new staple of the desk";
    let (status, r) = visitor
        .post(
            "/api/password-reset",
            json!({"token": link.token, "password": new}),
        )
        .await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["name"], "rita");
    // Her old session ended; the old password is gone, the new one works.
    assert_eq!(rita.get("/api/quotes").await.0, 401);
    let (status, _, _) = try_from(&s, "198.51.100.1", "rita", PASSWORD).await;
    assert_eq!(status, 401);
    let (status, _, _) = try_from(&s, "198.51.100.2", "rita", new).await;
    assert_eq!(status, 200);
    // Once only.
    let (status, _) = visitor
        .post(
            "/api/password-reset",
            json!({"token": link.token, "password": "yet another good one here"}),
        )
        .await;
    assert_eq!(status, 404);
    assert_eq!(
        visitor
            .get(&format!("/api/password-reset/{}", link.token))
            .await
            .0,
        404
    );
    let lines = audit(&s).await;
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("admin user.reset_link rita (valid until ")),
        "{lines:#?}"
    );
    assert!(
        lines.contains(&"rita user.password_reset with a reset link (1 sessions ended)".to_owned()),
        "{lines:#?}"
    );
}

async fn a_reset_link_expires_and_a_newer_one_replaces_it(db: Db) {
    let s = Server::start(&db).await;
    let visitor = s.anonymous();
    let first = reset_link(&s, "ravi").await;
    let second = reset_link(&s, "ravi").await;
    let good = "a new staple of the desk";
    let (status, _) = visitor
        .post(
            "/api/password-reset",
            json!({"token": first.token, "password": good}),
        )
        .await;
    assert_eq!(status, 404, "the newer link replaced it");
    s.desk
        .clock
        .advance(configurator_server::people::RESET_SECONDS + 1);
    assert_eq!(
        visitor
            .get(&format!("/api/password-reset/{}", second.token))
            .await
            .0,
        404
    );
    let (status, _) = visitor
        .post(
            "/api/password-reset",
            json!({"token": second.token, "password": good}),
        )
        .await;
    assert_eq!(status, 404, "expired");
    s.client("ravi").await;
}

async fn users_change_their_own_password(db: Db) {
    let s = Server::start(&db).await;
    let here = s.client("rita").await;
    let there = s.client("rita").await;
    let new = "a new staple of the desk";
    let path = "/api/account/password";
    let (status, r) = here
        .post(path, json!({"current": "not my password", "new": new}))
        .await;
    assert_eq!(
        (status, r["error"].as_str()),
        (403, Some("wrong_password")),
        "{r}"
    );
    let (status, r) = here
        .post(path, json!({"current": PASSWORD, "new": "aaaaaaaaaaaa"}))
        .await;
    assert_eq!(
        (status, r["error"].as_str()),
        (422, Some("password_common")),
        "{r}"
    );
    let (status, r) = here
        .post(path, json!({"current": PASSWORD, "new": new}))
        .await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["ended"], 1);
    // This session stays, the other one ended.
    assert_eq!(here.get("/api/quotes").await.0, 200);
    assert_eq!(there.get("/api/quotes").await.0, 401);
    let (status, _, _) = try_from(&s, "198.51.100.3", "rita", PASSWORD).await;
    assert_eq!(status, 401);
    let (status, _, _) = try_from(&s, "198.51.100.4", "rita", new).await;
    assert_eq!(status, 200);
    // Guessing the current password from a stolen session is throttled like signing in:
    // rita's name has 2 failures (one from this address), so the 3rd guess more makes this
    // address wait.
    let mut statuses = Vec::new();
    for _ in 0..4 {
        let (status, _) = here
            .post(path, json!({"current": "guess", "new": new}))
            .await;
        statuses.push(status);
    }
    assert_eq!(statuses, [403, 403, 403, 429]);
    let lines = audit(&s).await;
    assert!(
        lines.contains(&"rita user.password_change 1 other sessions ended".to_owned()),
        "{lines:#?}"
    );
}

async fn users_sign_out_everywhere_and_admins_end_sessions(db: Db) {
    let s = Server::start(&db).await;
    let here = s.client("rita").await;
    let there = s.client("rita").await;
    let (status, r) = here
        .send(Method::DELETE, "/api/account/sessions", None)
        .await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["ended"], 2);
    assert_eq!(here.get("/api/quotes").await.0, 401);
    assert_eq!(there.get("/api/quotes").await.0, 401);
    // An admin ends someone's sessions; they may sign in again.
    let ravi = s.client("ravi").await;
    let admin = s.client("admin").await;
    let id = id_of(&admin, "ravi").await;
    let (status, r) = admin
        .send(Method::DELETE, &format!("/api/users/{id}/sessions"), None)
        .await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["ended"], 1);
    assert_eq!(ravi.get("/api/quotes").await.0, 401);
    s.client("ravi").await;
    let lines = audit(&s).await;
    assert!(
        lines.contains(&"rita session.sign_out_everywhere 2 sessions ended".to_owned()),
        "{lines:#?}"
    );
    assert!(
        lines.contains(&"admin user.end_sessions ravi (1 sessions ended)".to_owned()),
        "{lines:#?}"
    );
}

async fn the_password_policy_applies_everywhere(db: Db) {
    let s = Server::start(&db).await;
    let admin = s.client("admin").await;
    let add = |password: &str| json!({"name": "newbie", "role": "rep", "team": "north", "password": password});
    for (weak, code) in [
        ("abcdefghijk", "password_length"), // 11 characters
        ("aaaaaaaaaaaa", "password_common"),
        ("password1234", "password_common"),
        ("newbie-the-great-seller", "password_name"),
        ("NEWBIE", "password_length"),
    ] {
        let (status, r) = admin.post("/api/users", add(weak)).await;
        assert_eq!(
            (status, r["error"].as_str()),
            (422, Some(code)),
            "{weak}: {r}"
        );
    }
    let (status, r) = admin
        .post("/api/users", add("cobalt lantern on the quay"))
        .await;
    assert_eq!(status, 201, "{r}");
    assert_eq!(r["user"]["name"], "newbie");
    assert_eq!(r["user"]["disabled"], false);
    // The command line and the test team use the same check (`users::add`).
    let refused = configurator_server::users::add(
        &s.desk,
        "command line",
        "carl",
        configurator_server::auth::Role::Rep,
        "north",
        "aaaaaaaaaaaa",
    )
    .await;
    assert!(refused.is_err());
}

async fn the_list_of_users_says_who_is_disabled_and_signed_in(db: Db) {
    let s = Server::start(&db).await;
    s.client("rita").await;
    let admin = s.client("admin").await;
    let (_, v) = admin.get("/api/users").await;
    let list: UserList = serde_json::from_value(v).unwrap();
    let rita = list.users.iter().find(|u| u.name == "rita").unwrap();
    assert_eq!((rita.role.name(), rita.team.as_str()), ("rep", "north"));
    assert!(!rita.disabled);
    assert_eq!(rita.sessions, 1);
    assert!(rita
        .last_sign_in
        .as_deref()
        .is_some_and(|t| t.ends_with('Z')));
    let ravi = list.users.iter().find(|u| u.name == "ravi").unwrap();
    assert_eq!((ravi.sessions, ravi.last_sign_in.as_deref()), (0, None));
}
