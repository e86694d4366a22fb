//! Clone and renew (`POST /api/quotes/{number}/renew`), a new quote's date of validity, and
//! the deal preview (`POST /api/quotes/{number}/deal-preview`), over HTTP on loopback, on
//! SQLite and on PostgreSQL. Who may call them is in `authorisation.rs` too.

use crate::common;

use common::{deal_quote, full_quote, quote, Client, Db, Server, FULL};
use configurator_api::quotes::{AuditLog, ChangeKind, DealPreview, Renewed};
use configurator_api::session::Role;
use serde_json::{json, Value};

both!(
    an_accepted_quote_of_an_older_catalog_renews_at_todays_prices,
    every_status_renews_and_only_readers_may_renew,
    a_new_quote_is_valid_for_the_catalogs_days_and_prepared_by_its_author,
    the_deal_preview_says_how_deep_and_who_must_approve,
);

/// Last year's demo catalog: version 2025.01, the 48-port chassis 500 cheaper, and a rail kit
/// this year's version no longer offers.
fn last_years_catalog() -> String {
    let mut v: Value = serde_json::from_str(configurator_engine::DEMO_CATALOG).unwrap();
    v["version"] = json!("2025.01");
    let groups = v["groups"].as_array_mut().unwrap();
    for g in groups.iter_mut() {
        let chassis = g["id"] == "chassis";
        for item in g["items"].as_array_mut().unwrap() {
            if chassis && item["id"] == "48p" {
                assert_eq!(item["price"], "8495.00");
                item["price"] = json!("7995.00");
            }
        }
        if g["id"] == "accessories" {
            g["items"].as_array_mut().unwrap().push(json!({
                "id": "legacy-rail", "sku": "ACC-NX-RAIL-OLD", "name": "Legacy rail kit",
                "price": "120.00", "family": "accessories"
            }));
        }
    }
    serde_json::to_string_pretty(&v).unwrap()
}

async fn act(c: &Client, number: &str, action: &str, comment: &str) -> (u16, Value) {
    c.post(
        &format!("/api/quotes/{number}/actions/{action}"),
        json!({ "comment": comment }),
    )
    .await
}

/// Takes a draft within the rep's limit to accepted (submit, send, a customer link, accept).
async fn accepted(s: &Server, rita: &Client, number: &str) {
    for a in ["submit", "send"] {
        let (status, r) = act(rita, number, a, "").await;
        assert_eq!(status, 200, "{a}: {r}");
    }
    let (_, l) = rita
        .post(&format!("/api/quotes/{number}/links"), json!({"days": 5}))
        .await;
    let token = l["link"]["token"].as_str().unwrap();
    let (status, v) = s
        .anonymous()
        .post(
            &format!("/api/customer/{token}/accept"),
            json!({"name": "Alice Buyer"}),
        )
        .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["view"]["status"], "accepted");
}

async fn renew(c: &Client, number: &str) -> (u16, Value) {
    c.post(&format!("/api/quotes/{number}/renew"), json!(null))
        .await
}

async fn an_accepted_quote_of_an_older_catalog_renews_at_todays_prices(db: Db) {
    let dir = std::env::temp_dir().join(format!("desk-renew-{}", common::random()));
    std::fs::create_dir_all(&dir).unwrap();
    let old = last_years_catalog();
    std::fs::write(dir.join("nx-3400-2025.json"), &old).unwrap();
    let s = Server::with_catalogs(&db.fresh().await, true, dir).await;
    let rita = s.client("rita").await;
    // Last year's quote with the rail kit, accepted.
    let engine = configurator_engine::Engine::new(
        configurator_engine::Catalog::from_json("old.json", &old).unwrap(),
    );
    let config = FULL.replacen(
        "[\"support\"",
        "[\"accessories\",\"legacy-rail\"],[\"support\"",
        1,
    );
    let choices = configurator_engine::quote::resolve(
        engine.catalog(),
        &configurator_engine::quote::choices_from_json(&config).unwrap(),
    )
    .unwrap();
    let meta = configurator_engine::quote::QuoteMeta {
        customer: "ACME".into(),
        valid_until: Some("2099-12-31".into()),
        notes: "Ship to the Hamburg site".into(),
        ..Default::default()
    };
    let text = configurator_engine::quote::build(&engine, &choices, &Default::default(), meta)
        .unwrap()
        .to_json();
    let source = rita.save(&text).await;
    accepted(&s, &rita, &source).await;
    let (_, before) = rita.get(&format!("/api/quotes/{source}")).await;

    let (status, r) = renew(&rita, &source).await;
    assert_eq!(status, 201, "{r}");
    let r: Renewed = serde_json::from_value(r).unwrap();
    assert_ne!(r.number, source);
    assert_eq!((r.source.as_str(), r.source_revision), (source.as_str(), 1));
    assert_eq!(r.source_catalog_version, "2025.01");
    assert_eq!(r.catalog_version, "2026.11");
    assert_eq!(r.no_longer_offered, vec!["Legacy rail kit".to_owned()]);
    assert_eq!(r.configuration, "complete");
    let has = |kind: ChangeKind, item: Option<&str>, before: &str, after: Option<&str>| {
        r.changed.iter().any(|c| {
            c.kind == kind
                && c.item.as_deref() == item
                && c.before.as_deref() == Some(before)
                && c.after.as_deref() == after
        })
    };
    assert!(
        has(
            ChangeKind::Net,
            Some("NX-3400 48P"),
            "7995.00",
            Some("8495.00")
        ),
        "{:?}",
        r.changed
    );
    assert!(
        r.changed
            .iter()
            .any(|c| c.kind == ChangeKind::LineRemoved
                && c.item.as_deref() == Some("Legacy rail kit")),
        "{:?}",
        r.changed
    );
    let total = r
        .changed
        .iter()
        .find(|c| c.kind == ChangeKind::ContractValue)
        .expect("the total changed");
    assert_eq!(
        total.before.as_deref(),
        before["summary"]["total"].as_str(),
        "{total:?}"
    );

    // The new quote: a draft of rita's, revision 1, today's prices, valid for 30 days from
    // today, the details kept.
    let (status, q) = rita.get(&format!("/api/quotes/{}", r.number)).await;
    assert_eq!(status, 200, "{q}");
    assert_eq!(q["summary"]["status"], "draft");
    assert_eq!(q["summary"]["revision"], 1);
    assert_eq!(q["summary"]["owner"], "rita");
    assert_eq!(q["quote"]["catalog"]["version"], "2026.11");
    assert_eq!(q["quote"]["meta"]["customer"], "ACME");
    assert_eq!(q["quote"]["meta"]["notes"], "Ship to the Hamburg site");
    assert_eq!(q["quote"]["meta"]["quote_number"], r.number.as_str());
    let thirty = configurator_server::clock::date(s.desk.clock.now() + 30 * 86_400);
    assert_eq!(q["quote"]["meta"]["valid_until"], thirty.as_str());
    assert_eq!(r.valid_until.as_deref(), Some(thirty.as_str()));
    assert_eq!(
        q["catalog_update"],
        Value::Null,
        "priced with today's catalog"
    );
    assert_eq!(q["summary"]["total"], total.after.as_deref().unwrap());
    assert!(!q.to_string().contains("legacy-rail"), "{q}");
    // It goes its own way: submitting approves it (within the rep's limit).
    let (status, a) = act(&rita, &r.number, "submit", "").await;
    assert_eq!(
        (status, a["quote"]["status"].clone()),
        (200, json!("approved"))
    );

    // The source is untouched and says where it went; the new one says where it came from.
    let (_, after) = rita.get(&format!("/api/quotes/{source}")).await;
    assert_eq!(after["summary"], before["summary"]);
    let (_, log) = rita.get(&format!("/api/quotes/{}/audit", r.number)).await;
    let log: AuditLog = serde_json::from_value(log).unwrap();
    let e = log
        .entries
        .iter()
        .find(|e| e.action == "quote.renew")
        .expect("a renewal entry");
    assert_eq!(e.actor, "rita");
    assert_eq!(e.detail, format!("from {source} revision 1"));
    assert_eq!(
        (e.other.as_deref(), e.revision),
        (Some(source.as_str()), Some(1))
    );
    let (_, log) = rita.get(&format!("/api/quotes/{source}/audit")).await;
    let log: AuditLog = serde_json::from_value(log).unwrap();
    assert_eq!(log.entries[0].action, "quote.renewed");
    assert_eq!(log.entries[0].other.as_deref(), Some(r.number.as_str()));
}

async fn every_status_renews_and_only_readers_may_renew(db: Db) {
    let s = Server::start(&db).await;
    let rita = s.client("rita").await;
    let maria = s.client("maria").await;
    // Draft, submitted (waiting), rejected by the manager, sent, declined: each renews, and
    // a deal discount stays (the new draft is measured again).
    let draft = rita.save(&full_quote("Draft Ltd")).await;
    let waiting = rita.save(&deal_quote("Waiting Ltd", "15")).await;
    act(&rita, &waiting, "submit", "").await;
    let rejected = rita.save(&deal_quote("Rejected Ltd", "15")).await;
    act(&rita, &rejected, "submit", "").await;
    let (status, r) = act(&maria, &rejected, "reject", "too deep").await;
    assert_eq!(status, 200, "{r}");
    let declined = rita.save(&full_quote("Declined Ltd")).await;
    for a in ["submit", "send", "decline"] {
        let (status, r) = act(&rita, &declined, a, "").await;
        assert_eq!(status, 200, "{a}: {r}");
    }
    for (source, customer, status) in [
        (&draft, "Draft Ltd", "draft"),
        (&waiting, "Waiting Ltd", "submitted"),
        (&rejected, "Rejected Ltd", "draft"),
        (&declined, "Declined Ltd", "rejected"),
    ] {
        let (_, q) = rita.get(&format!("/api/quotes/{source}")).await;
        assert_eq!(q["summary"]["status"], status, "{q}");
        let (code, r) = renew(&rita, source).await;
        assert_eq!(code, 201, "{source}: {r}");
        let r: Renewed = serde_json::from_value(r).unwrap();
        assert!(r.no_longer_offered.is_empty());
        let (_, q) = rita.get(&format!("/api/quotes/{}", r.number)).await;
        assert_eq!(q["summary"]["customer"], customer);
        assert_eq!(q["summary"]["status"], "draft");
        assert_eq!(
            q["quote"]["context"]["deal"],
            if customer == "Draft Ltd" || customer == "Declined Ltd" {
                Value::Null
            } else {
                json!("15")
            },
            "{q}"
        );
        // Same catalog, same prices: only the validity moved.
        assert!(
            r.changed.iter().all(|c| c.kind == ChangeKind::ValidUntil),
            "{:?}",
            r.changed
        );
    }
    // Who cannot read it cannot renew it: as if it did not exist.
    for name in ["ravi", "otto", "mona"] {
        let c = s.client(name).await;
        let (status, r) = renew(&c, &draft).await;
        assert_eq!(status, 404, "{name}: {r}");
    }
    assert_eq!(renew(&rita, "Q-1999-000001").await.0, 404);
    // The team's manager may: the new quote is the manager's.
    let (status, r) = renew(&maria, &draft).await;
    assert_eq!(status, 201, "{r}");
    let (_, q) = maria
        .get(&format!("/api/quotes/{}", r["number"].as_str().unwrap()))
        .await;
    assert_eq!(q["summary"]["owner"], "maria");
    assert_eq!(q["quote"]["meta"]["prepared_by"], "maria");
    // Without a session, or without the CSRF token: refused, nothing made.
    assert_eq!(renew(&s.anonymous(), &draft).await.0, 401);
    let mut no_token = s.client("rita").await;
    no_token.csrf = None;
    assert_eq!(renew(&no_token, &draft).await.0, 403);
    let (_, list) = rita.get("/api/quotes?scope=mine").await;
    assert_eq!(list["quotes"].as_array().unwrap().len(), 4 + 4);
}

async fn a_new_quote_is_valid_for_the_catalogs_days_and_prepared_by_its_author(db: Db) {
    let s = Server::start(&db).await;
    let rita = s.client("rita").await;
    let open = rita.save(&quote(FULL, "ACME", None)).await;
    let (_, q) = rita.get(&format!("/api/quotes/{open}")).await;
    let thirty = configurator_server::clock::date(s.desk.clock.now() + 30 * 86_400);
    assert_eq!(q["quote"]["meta"]["valid_until"], thirty.as_str(), "{q}");
    assert_eq!(q["summary"]["valid_until"], thirty.as_str());
    assert_eq!(q["quote"]["meta"]["prepared_by"], "rita");
    // A date the rep chose stays.
    let dated = rita.save(&full_quote("ACME")).await;
    let (_, q) = rita.get(&format!("/api/quotes/{dated}")).await;
    assert_eq!(q["quote"]["meta"]["valid_until"], "2099-12-31");
    // The stored quote still verifies: a revision of it is accepted as it is.
    let body = q["quote"].to_string();
    let (status, r) = rita
        .post_text(&format!("/api/quotes/{open}/revisions?base=1"), &{
            let (_, q) = rita.get(&format!("/api/quotes/{open}")).await;
            q["quote"].to_string()
        })
        .await;
    assert_eq!(status, 201, "{r}");
    assert!(body.contains("2099-12-31"));
}

async fn the_deal_preview_says_how_deep_and_who_must_approve(db: Db) {
    let s = Server::start(&db).await;
    let rita = s.client("rita").await;
    let number = rita.save(&full_quote("ACME")).await;
    let preview = |deal: &str| {
        let (rita, number, deal) = (&rita, number.clone(), deal.to_owned());
        async move {
            rita.post(
                &format!("/api/quotes/{number}/deal-preview"),
                json!({ "deal": deal }),
            )
            .await
        }
    };
    let (status, p) = preview("5").await;
    assert_eq!(status, 200, "{p}");
    let p: DealPreview = serde_json::from_value(p).unwrap();
    assert_eq!(
        (
            p.depth.as_str(),
            p.owner_role.name(),
            p.owner_limit.as_str()
        ),
        ("5", "rep", "10")
    );
    assert_eq!((p.needs, p.beyond_every_limit), (None, false));
    let (_, q) = rita.get(&format!("/api/quotes/{number}")).await;
    let full: rust_decimal::Decimal = q["summary"]["total"].as_str().unwrap().parse().unwrap();
    let five: rust_decimal::Decimal = p.contract_value.parse().unwrap();
    assert!(five < full, "{five} < {full}");
    let (_, p) = preview("15").await;
    let p: DealPreview = serde_json::from_value(p).unwrap();
    assert_eq!(
        (p.depth.as_str(), p.needs.map(Role::name)),
        ("15", Some("manager"))
    );
    let (_, p) = preview("30").await;
    let p: DealPreview = serde_json::from_value(p).unwrap();
    assert_eq!(p.needs.map(Role::name), Some("director"));
    // All of it: never stuck, it goes up to the admin (the demo states no admin limit).
    let (_, p) = preview("100").await;
    let p: DealPreview = serde_json::from_value(p).unwrap();
    assert_eq!(
        (p.needs.map(Role::name), p.beyond_every_limit),
        (Some("admin"), false)
    );
    assert_eq!(p.contract_value, "0.00");
    // Per line: the deepest line counts.
    let (_, p) = rita
        .post(
            &format!("/api/quotes/{number}/deal-preview"),
            json!({ "deal_lines": { "chassis.48p": "12" } }),
        )
        .await;
    let p: DealPreview = serde_json::from_value(p).unwrap();
    assert_eq!(
        (p.depth.as_str(), p.needs.map(Role::name)),
        ("12", Some("manager"))
    );
    // Text that is no percentage: refused, naming it.
    let (status, r) = preview("lots").await;
    assert_eq!(status, 422, "{r}");
    assert!(r["message"].as_str().unwrap().contains("lots"), "{r}");
    // Nothing was saved.
    let (_, q) = rita.get(&format!("/api/quotes/{number}")).await;
    assert_eq!(q["summary"]["revision"], 1);
    // Without the CSRF token: refused.
    let mut no_token = s.client("rita").await;
    no_token.csrf = None;
    let (status, _) = no_token
        .post(
            &format!("/api/quotes/{number}/deal-preview"),
            json!({"deal": "5"}),
        )
        .await;
    assert_eq!(status, 403);
    // Others: not found.
    let otto = s.client("otto").await;
    let (status, _) = otto
        .post(
            &format!("/api/quotes/{number}/deal-preview"),
            json!({"deal": "5"}),
        )
        .await;
    assert_eq!(status, 404);
}
