//! The quote desk's API, end to end over HTTP on loopback, on SQLite and on PostgreSQL.

use crate::common;

use common::{deal_quote, full_quote, quote, Db, Server, FULL};
use serde_json::json;

both!(
    a_quote_goes_from_draft_to_accepted,
    revisions_are_immutable_and_conflicts_are_refused,
    tampered_prices_are_refused_and_nothing_is_stored,
    numbers_are_sequential_under_concurrent_saves,
    incomplete_drafts_are_kept_but_not_submitted,
    search_filters_by_customer_status_number_date_and_amount,
    a_sent_quote_expires_and_cannot_be_accepted,
    quotes_of_unknown_catalog_versions_are_refused,
    exports_write_csv_and_json,
    customer_links_expire_and_can_be_revoked,
    deep_deal_discounts_wait_for_a_managers_approval,
    a_quote_of_an_older_catalog_says_what_the_newer_one_changes,
);

async fn a_quote_goes_from_draft_to_accepted(db: Db) {
    let s = Server::start(&db).await;
    let rita = s.client("rita").await;
    let number = rita.save(&full_quote("ACME GmbH")).await;
    let year = configurator_server::clock::civil(s.desk.clock.now()).0;
    assert_eq!(number, format!("Q-{year}-000001"));
    let (status, q) = rita.get(&format!("/api/quotes/{number}")).await;
    assert_eq!(status, 200, "{q}");
    assert_eq!(q["summary"]["status"], "draft");
    assert_eq!(q["summary"]["revision"], 1);
    assert_eq!(q["summary"]["customer"], "ACME GmbH");
    assert_eq!(q["quote"]["meta"]["quote_number"], number.as_str());
    assert_eq!(q["quote"]["meta"]["prepared_by"], "rita");
    assert_eq!(q["actions"], json!(["submit"]));
    // Within the rep's limits: submitting approves.
    let (status, r) = rita
        .post(&format!("/api/quotes/{number}/actions/submit"), json!({}))
        .await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["quote"]["status"], "approved");
    assert_eq!(r["actions"], json!(["send"]));
    let (status, r) = rita
        .post(&format!("/api/quotes/{number}/actions/send"), json!({}))
        .await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["quote"]["status"], "sent");
    let (status, l) = rita
        .post(&format!("/api/quotes/{number}/links"), json!({"days": 14}))
        .await;
    assert_eq!(status, 201, "{l}");
    let token = l["link"]["token"].as_str().unwrap().to_owned();
    assert_eq!(token.len(), 64, "256 bits");
    // The token is shown once: the list of links does not repeat it.
    let (_, links) = rita.get(&format!("/api/quotes/{number}/links")).await;
    assert!(links["links"][0].get("token").is_none(), "{links}");
    let customer = s.anonymous();
    let (status, v) = customer.get(&format!("/api/customer/{token}")).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["view"]["number"], number.as_str());
    assert_eq!(v["view"]["quote"]["meta"]["customer"], "ACME GmbH");
    let (status, v) = customer
        .post(
            &format!("/api/customer/{token}/accept"),
            json!({"name": "Alice Buyer"}),
        )
        .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["view"]["status"], "accepted");
    assert!(
        v["view"]["decided"]
            .as_str()
            .unwrap()
            .starts_with("customer: Alice Buyer on "),
        "{v}"
    );
    // Final: no revision, no second decision.
    let (status, _) = customer
        .post(
            &format!("/api/customer/{token}/decline"),
            json!({"name": "Mallory"}),
        )
        .await;
    assert_eq!(status, 409);
    let (status, r) = rita
        .post_text(
            &format!("/api/quotes/{number}/revisions?base=1"),
            &full_quote("ACME GmbH"),
        )
        .await;
    assert_eq!(status, 409, "{r}");
    // The audit log tells the story, newest first.
    let (_, a) = rita.get(&format!("/api/quotes/{number}/audit")).await;
    let actions: Vec<&str> = a["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "customer.accept",
            "link.create",
            "quote.send",
            "quote.submit",
            "quote.create"
        ]
    );
    assert_eq!(a["entries"][0]["actor"], "customer: Alice Buyer");
    // The same log typed, with the parts of the details the pages word.
    let log: configurator_api::quotes::AuditLog = serde_json::from_value(a.clone()).unwrap();
    let entry = |action: &str| log.entries.iter().find(|e| e.action == action).unwrap();
    let submit = entry("quote.submit");
    assert_eq!(submit.revision, Some(1), "{submit:?}");
    assert!(submit.to.is_some(), "{submit:?}");
    let link = entry("link.create");
    assert!(link.link.is_some() && link.days.is_some(), "{link:?}");
    assert_eq!(link.revision, Some(1), "{link:?}");
    assert_eq!(entry("quote.create").revision, Some(1));
}

async fn revisions_are_immutable_and_conflicts_are_refused(db: Db) {
    let s = Server::start(&db).await;
    let rita = s.client("rita").await;
    let number = rita.save(&full_quote("ACME")).await;
    let bigger = FULL.replace(
        r#"["optics","sfp-10g-sr",8]"#,
        r#"["optics","sfp-10g-sr",6]"#,
    );
    let (status, r) = rita
        .post_text(
            &format!("/api/quotes/{number}/revisions?base=1"),
            &quote(&bigger, "ACME Corp", Some("2099-12-31")),
        )
        .await;
    assert_eq!(status, 201, "{r}");
    assert_eq!(r["quote"]["revision"], 2);
    // Someone editing revision 1 meanwhile cannot overwrite revision 2.
    let (status, r) = rita
        .post_text(
            &format!("/api/quotes/{number}/revisions?base=1"),
            &full_quote("ACME"),
        )
        .await;
    assert_eq!(status, 409, "{r}");
    assert!(r["message"].as_str().unwrap().contains("revision 2"), "{r}");
    let (status, h) = rita.get(&format!("/api/quotes/{number}/revisions")).await;
    assert_eq!(status, 200, "{h}");
    let revs = h["revisions"].as_array().unwrap();
    assert_eq!(revs.len(), 2);
    assert_eq!(revs[0]["changes"], json!([]));
    let changes = &revs[1]["changes"];
    assert!(
        changes.as_array().unwrap().contains(&json!({
            "change": "quantity", "item": "optics.sfp-10g-sr", "before": 8, "after": 6
        })),
        "{changes}"
    );
    assert!(
        changes.as_array().unwrap().contains(&json!({
            "change": "field", "field": "customer", "before": "ACME", "after": "ACME Corp"
        })),
        "{changes}"
    );
    assert!(
        changes
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["change"] == "total" && c["total"] == "one_time"),
        "{changes}"
    );
    // The same changes typed, by the items' names, for the pages to word.
    let typed: configurator_api::quotes::Revisions = serde_json::from_value(h.clone()).unwrap();
    use configurator_api::quotes::ChangeKind;
    let changed = &typed.revisions[1].changed;
    let quantity = changed.iter().find(|c| c.kind == ChangeKind::Quantity);
    let quantity = quantity.expect("a typed quantity change");
    assert_eq!(quantity.item.as_deref(), Some("10G SFP+, SR multimode"));
    assert_eq!(
        (quantity.before.as_deref(), quantity.after.as_deref()),
        (Some("8"), Some("6"))
    );
    assert_eq!(quantity.currency, "USD");
    let customer = changed
        .iter()
        .find(|c| c.kind == ChangeKind::Customer)
        .unwrap();
    assert_eq!(customer.after.as_deref(), Some("ACME Corp"));
    assert!(changed
        .iter()
        .any(|c| c.kind == ChangeKind::OneTime
            && c.before.as_deref().is_some_and(|b| b.contains('.'))));
    assert!(typed.revisions[0].changed.is_empty());
    // Revision 1 is still there, unchanged.
    let r1 = rita
        .request(
            reqwest::Method::GET,
            &format!("/api/quotes/{number}/revisions/1"),
        )
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let r1: serde_json::Value = serde_json::from_str(&r1).unwrap();
    assert_eq!(r1["meta"]["customer"], "ACME");
    assert_eq!(r1["configuration"][3]["quantity"], 8);
}

async fn tampered_prices_are_refused_and_nothing_is_stored(db: Db) {
    let s = Server::start(&db).await;
    let rita = s.client("rita").await;
    let honest = full_quote("ACME");
    let tampered = honest.replacen("\"net\": \"8495.00\"", "\"net\": \"7495.00\"", 1);
    assert_ne!(tampered, honest, "the tamper applies");
    let (status, r) = rita.post_text("/api/quotes", &tampered).await;
    assert_eq!(status, 422, "{r}");
    assert_eq!(r["error"], "price_mismatch");
    assert_eq!(
        r["details"][0],
        json!({"place": "line 1 (chassis.48p) net", "quoted": "7495.00", "recomputed": "8495.00"})
    );
    let (_, list) = rita.get("/api/quotes").await;
    assert_eq!(list["quotes"], json!([]));
    // A lowered total alone is caught too.
    let total = honest.replacen("\"one_time\": \"", "\"one_time\": \"1", 1);
    let (status, r) = rita.post_text("/api/quotes", &total).await;
    assert_eq!(status, 422, "{r}");
    assert!(
        r["message"].as_str().unwrap().contains("totals.one_time"),
        "{r}"
    );
    // Nothing was stored, and no number was used up.
    let number = rita.save(&honest).await;
    assert!(number.ends_with("-000001"), "{number}");
}

async fn numbers_are_sequential_under_concurrent_saves(db: Db) {
    let s = Server::start(&db).await;
    let rita = std::sync::Arc::new(s.client("rita").await);
    let otto = std::sync::Arc::new(s.client("otto").await);
    let numbers = common::save_concurrently(&[rita, otto], &full_quote("Concurrent"), 24).await;
    assert_eq!(numbers, common::first_numbers(&s.desk, 24));
}

async fn incomplete_drafts_are_kept_but_not_submitted(db: Db) {
    let s = Server::start(&db).await;
    let rita = s.client("rita").await;
    let number = rita
        .save(&quote(r#"[["chassis","48p"]]"#, "ACME", Some("2099-12-31")))
        .await;
    let (status, r) = rita
        .post(&format!("/api/quotes/{number}/actions/submit"), json!({}))
        .await;
    assert_eq!(status, 422, "{r}");
    assert!(
        r["message"]
            .as_str()
            .unwrap()
            .contains("a complete configuration"),
        "{r}"
    );
    // No customer and no date: said together. (A new quote without a date gets the
    // catalog's validity; a revision may clear it.)
    let n2 = rita.save(&quote(FULL, "", None)).await;
    let (_, q) = rita.get(&format!("/api/quotes/{n2}")).await;
    assert!(q["quote"]["meta"]["valid_until"].is_string(), "{q}");
    let (status, r) = rita
        .post_text(
            &format!("/api/quotes/{n2}/revisions?base=1"),
            &quote(FULL, "", None),
        )
        .await;
    assert_eq!(status, 201, "{r}");
    let (status, r) = rita
        .post(&format!("/api/quotes/{n2}/actions/submit"), json!({}))
        .await;
    assert_eq!(status, 422, "{r}");
    let m = r["message"].as_str().unwrap();
    assert!(
        m.contains("a customer") && m.contains("a valid-until date"),
        "{m}"
    );
    // Illegal transitions are refused with the status named.
    let (status, r) = rita
        .post(&format!("/api/quotes/{number}/actions/send"), json!({}))
        .await;
    assert_eq!(status, 409, "{r}");
    assert!(r["message"].as_str().unwrap().contains("is draft"), "{r}");
}

async fn search_filters_by_customer_status_number_date_and_amount(db: Db) {
    let s = Server::start(&db).await;
    let rita = s.client("rita").await;
    let small = quote(r#"[["chassis","24p"]]"#, "Small Shop", Some("2099-12-31"));
    let a = rita.save(&full_quote("ACME GmbH")).await;
    let b = rita.save(&small).await;
    let c = rita.save(&full_quote("Beta 100% AG")).await;
    rita.post(&format!("/api/quotes/{c}/actions/submit"), json!({}))
        .await;
    let numbers = |v: &serde_json::Value| -> Vec<String> {
        let mut n: Vec<String> = v["quotes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| q["number"].as_str().unwrap().to_owned())
            .collect();
        n.sort();
        n
    };
    let (_, r) = rita.get("/api/quotes?customer=acme").await;
    assert_eq!(numbers(&r), [a.as_str()]);
    // LIKE's wildcards are text here.
    let (_, r) = rita.get("/api/quotes?customer=100%25").await;
    assert_eq!(numbers(&r), [c.as_str()]);
    let (_, r) = rita.get("/api/quotes?customer=1_0").await;
    assert_eq!(numbers(&r), Vec::<String>::new());
    let (_, r) = rita.get("/api/quotes?status=approved").await;
    assert_eq!(numbers(&r), [c.as_str()]);
    let (_, r) = rita
        .get(&format!("/api/quotes?number={}", b.to_lowercase()))
        .await;
    assert_eq!(numbers(&r), [b.as_str()]);
    let (_, all) = rita.get("/api/quotes").await;
    let total_of = |n: &str| -> String {
        all["quotes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["number"] == n)
            .unwrap()["total"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let (_, r) = rita.get(&format!("/api/quotes?max={}", total_of(&b))).await;
    assert_eq!(numbers(&r), [b.as_str()]);
    let (_, r) = rita.get(&format!("/api/quotes?min={}", total_of(&a))).await;
    assert_eq!(numbers(&r), [a.as_str(), c.as_str()]);
    let today = configurator_server::clock::date(s.desk.clock.now());
    let (_, r) = rita
        .get(&format!("/api/quotes?from={today}&to={today}"))
        .await;
    assert_eq!(numbers(&r).len(), 3);
    let (_, r) = rita.get("/api/quotes?to=2000-01-01").await;
    assert_eq!(numbers(&r).len(), 0);
    let (status, r) = rita.get("/api/quotes?from=yesterday").await;
    assert_eq!(status, 400, "{r}");
    let (status, r) = rita.get("/api/quotes?status=lost").await;
    assert_eq!(status, 400, "{r}");
    let (status, r) = rita.get("/api/quotes?colour=red").await;
    assert_eq!(status, 400, "{r}");
}

async fn a_sent_quote_expires_and_cannot_be_accepted(db: Db) {
    let s = Server::start(&db).await;
    let rita = s.client("rita").await;
    let soon = configurator_server::clock::date(s.desk.clock.now() + 2 * 86_400);
    let number = rita.save(&quote(FULL, "ACME", Some(&soon))).await;
    for a in ["submit", "send"] {
        let (status, r) = rita
            .post(&format!("/api/quotes/{number}/actions/{a}"), json!({}))
            .await;
        assert_eq!(status, 200, "{r}");
    }
    let (_, l) = rita
        .post(&format!("/api/quotes/{number}/links"), json!({"days": 30}))
        .await;
    let token = l["link"]["token"].as_str().unwrap().to_owned();
    s.desk.clock.advance(5 * 86_400);
    // Sessions last hours: sign in again.
    let rita = s.client("rita").await;
    let (_, q) = rita.get(&format!("/api/quotes/{number}")).await;
    assert_eq!(q["summary"]["status"], "expired");
    let (_, r) = rita.get("/api/quotes?status=expired").await;
    assert_eq!(r["quotes"].as_array().unwrap().len(), 1);
    let (_, r) = rita.get("/api/quotes?status=sent").await;
    assert_eq!(r["quotes"].as_array().unwrap().len(), 0);
    let (status, r) = s
        .anonymous()
        .post(
            &format!("/api/customer/{token}/accept"),
            json!({"name": "Late"}),
        )
        .await;
    assert_eq!(status, 409, "{r}");
    assert!(r["message"].as_str().unwrap().contains("expired"), "{r}");
    // An expired date cannot be saved either.
    let (status, r) = rita
        .post_text("/api/quotes", &quote(FULL, "ACME", Some(&soon)))
        .await;
    assert_eq!(status, 422, "{r}");
    assert!(r["message"].as_str().unwrap().contains("has passed"), "{r}");
}

async fn quotes_of_unknown_catalog_versions_are_refused(db: Db) {
    let s = Server::start(&db).await;
    let rita = s.client("rita").await;
    let honest = full_quote("ACME");
    let v: serde_json::Value = serde_json::from_str(&honest).unwrap();
    let hash = v["catalog"]["hash"].as_str().unwrap();
    let old = honest.replace(hash, &"0".repeat(hash.len())).replacen(
        "\"version\": \"2026.11\"",
        "\"version\": \"2025.01\"",
        1,
    );
    let (status, r) = rita.post_text("/api/quotes", &old).await;
    assert_eq!(status, 422, "{r}");
    let m = r["message"].as_str().unwrap();
    assert!(
        m.contains("version `2025.01`") && m.contains("version `2026.11`"),
        "{m}"
    );
    let other = honest.replacen("\"id\": \"nx-3400\"", "\"id\": \"nx-9999\"", 1);
    let (status, r) = rita.post_text("/api/quotes", &other).await;
    assert_eq!(status, 422, "{r}");
    assert!(
        r["message"]
            .as_str()
            .unwrap()
            .contains("no catalog `nx-9999`"),
        "{r}"
    );
}

async fn exports_write_csv_and_json(db: Db) {
    let s = Server::start(&db).await;
    let rita = s.client("rita").await;
    let a = rita.save(&full_quote("=HYPERLINK(\"x\")")).await;
    let response = rita
        .request(reqwest::Method::GET, "/api/quotes/export.csv")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let csv = response.text().await.unwrap();
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert!(
        lines[0].starts_with("number,status,revision,customer"),
        "{csv}"
    );
    assert!(
        lines[1].starts_with(&format!("{a},draft,1,\"'=HYPERLINK(\"\"x\"\")\"")),
        "{csv}"
    );
    let (status, j) = rita.get("/api/quotes/export.json").await;
    assert_eq!(status, 200);
    assert_eq!(j["quotes"][0]["number"], a.as_str());
    let bom = rita
        .request(reqwest::Method::GET, &format!("/api/quotes/{a}/quote.csv"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(bom.contains("chassis.48p") || bom.contains("48"), "{bom}");
}

async fn customer_links_expire_and_can_be_revoked(db: Db) {
    let s = Server::start(&db).await;
    let rita = s.client("rita").await;
    let number = rita.save(&full_quote("ACME")).await;
    let (status, r) = rita
        .post(&format!("/api/quotes/{number}/links"), json!({"days": 7}))
        .await;
    assert_eq!(status, 409, "a draft has no customer link: {r}");
    for a in ["submit", "send"] {
        rita.post(&format!("/api/quotes/{number}/actions/{a}"), json!({}))
            .await;
    }
    let (status, r) = rita
        .post(&format!("/api/quotes/{number}/links"), json!({"days": 365}))
        .await;
    assert_eq!(status, 422, "{r}");
    let link = |days: i64| {
        let rita = &rita;
        let number = number.clone();
        async move {
            let (status, l) = rita
                .post(
                    &format!("/api/quotes/{number}/links"),
                    json!({"days": days}),
                )
                .await;
            assert_eq!(status, 201, "{l}");
            (
                l["link"]["id"].as_i64().unwrap(),
                l["link"]["token"].as_str().unwrap().to_owned(),
            )
        }
    };
    let (first, t1) = link(1).await;
    let (_, t2) = link(30).await;
    let customer = s.anonymous();
    assert_eq!(customer.get(&format!("/api/customer/{t1}")).await.0, 200);
    let (status, _) = rita
        .send(
            reqwest::Method::DELETE,
            &format!("/api/quotes/{number}/links/{first}"),
            None,
        )
        .await;
    assert_eq!(status, 204);
    assert_eq!(customer.get(&format!("/api/customer/{t1}")).await.0, 404);
    assert_eq!(customer.get(&format!("/api/customer/{t2}")).await.0, 200);
    s.desk.clock.advance(31 * 86_400);
    assert_eq!(customer.get(&format!("/api/customer/{t2}")).await.0, 404);
    // A made-up token opens nothing.
    let fake = "ab".repeat(32);
    assert_eq!(customer.get(&format!("/api/customer/{fake}")).await.0, 404);
}

async fn act(
    c: &common::Client,
    number: &str,
    action: &str,
    comment: &str,
) -> (u16, serde_json::Value) {
    c.post(
        &format!("/api/quotes/{number}/actions/{action}"),
        json!({ "comment": comment }),
    )
    .await
}

async fn deep_deal_discounts_wait_for_a_managers_approval(db: Db) {
    let s = Server::start(&db).await;
    let rita = s.client("rita").await;
    let maria = s.client("maria").await;
    // Within the rep's 10%: approved on submit.
    let within = rita.save(&deal_quote("ACME", "10")).await;
    let (_, r) = act(&rita, &within, "submit", "").await;
    assert_eq!(r["quote"]["status"], "approved");
    // 15%: submitted, waiting for a manager, who sees why.
    let deep = rita.save(&deal_quote("ACME", "15")).await;
    let (_, q) = rita.get(&format!("/api/quotes/{deep}")).await;
    assert_eq!(q["summary"]["needs_approval"], true);
    // Without an account, a quote is entitled to its book's prices: the deal is the depth.
    assert_eq!(q["approval"]["depth"], "15");
    assert_eq!(q["approval"]["owner_limit"], "10");
    assert_eq!(q["approval"]["needs"], "manager");
    let (_, r) = act(&rita, &deep, "submit", "").await;
    assert_eq!(r["quote"]["status"], "submitted");
    let (status, _) = act(&rita, &deep, "send", "").await;
    assert_eq!(status, 409, "not before approval");
    let (_, waiting) = maria.get("/api/quotes?status=submitted").await;
    assert_eq!(waiting["quotes"][0]["number"], deep.as_str());
    let (_, q) = maria.get(&format!("/api/quotes/{deep}")).await;
    assert_eq!(q["actions"], json!(["approve", "reject"]));
    let (status, r) = act(&maria, &deep, "reject", " ").await;
    assert_eq!(status, 422, "a rejection says why: {r}");
    let (status, r) = act(&maria, &deep, "reject", "12% at most for this account").await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["quote"]["status"], "draft");
    let (_, r) = act(&rita, &deep, "submit", "").await;
    assert_eq!(r["quote"]["status"], "submitted");
    let (status, r) = act(&maria, &deep, "approve", "ok this once").await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["quote"]["status"], "approved");
    let (_, r) = act(&rita, &deep, "send", "").await;
    assert_eq!(r["quote"]["status"], "sent");
    let (_, a) = rita.get(&format!("/api/quotes/{deep}/audit")).await;
    let entries: Vec<String> = a["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{} {} {}",
                e["actor"].as_str().unwrap(),
                e["action"].as_str().unwrap(),
                e["detail"].as_str().unwrap()
            )
        })
        .collect();
    assert!(
        entries.contains(
            &"maria quote.reject revision 1 → draft: 12% at most for this account".to_owned()
        ),
        "{entries:?}"
    );
    assert!(
        entries.contains(&"maria quote.approve revision 1 → approved: ok this once".to_owned()),
        "{entries:?}"
    );
    // Revising an approved or sent quote sends it back through approval.
    let (status, r) = rita
        .post_text(
            &format!("/api/quotes/{deep}/revisions?base=1"),
            &deal_quote("ACME", "15"),
        )
        .await;
    assert_eq!(status, 201, "{r}");
    assert_eq!(r["quote"]["status"], "draft");
    // Deeper than the manager's 25%: the manager cannot approve it (a director's 40% can).
    let deeper = rita.save(&deal_quote("ACME", "30")).await;
    act(&rita, &deeper, "submit", "").await;
    let (status, r) = act(&maria, &deeper, "approve", "").await;
    assert_eq!(status, 403, "{r}");
    assert_eq!(
        r["message"],
        format!("quote {deeper} is 30% below the entitled price: a director must approve it")
    );
    // A manager's own 15% is within the manager's limit.
    let own = maria.save(&deal_quote("Own account", "15")).await;
    let (_, r) = act(&maria, &own, "submit", "").await;
    assert_eq!(r["quote"]["status"], "approved");
    // A deal discount the catalog does not give is a mismatch, as any price is.
    let honest = deal_quote("ACME", "15");
    let tampered = honest.replacen("\"deal\": \"15\"", "\"deal\": \"5\"", 1);
    assert_ne!(honest, tampered);
    let (status, r) = rita.post_text("/api/quotes", &tampered).await;
    assert_eq!(status, 422, "{r}");
}

async fn a_quote_of_an_older_catalog_says_what_the_newer_one_changes(db: Db) {
    // The catalogs folder keeps last year's version beside the current one.
    let dir = std::env::temp_dir().join(format!("desk-catalogs-{}", common::random()));
    std::fs::create_dir_all(&dir).unwrap();
    let old = configurator_engine::DEMO_CATALOG
        .replacen("\"version\": \"2026.11\"", "\"version\": \"2025.01\"", 1)
        .replacen("\"price\": \"8495.00\"", "\"price\": \"7995.00\"", 1);
    assert_ne!(old, configurator_engine::DEMO_CATALOG);
    std::fs::write(dir.join("nx-3400-2025.json"), &old).unwrap();
    let s = Server::with_catalogs(&db.fresh().await, true, dir).await;
    let rita = s.client("rita").await;
    let number = rita.save(&common::quote_with_catalog(&old, "ACME")).await;
    let (_, q) = rita.get(&format!("/api/quotes/{number}")).await;
    assert_eq!(q["quote"]["catalog"]["version"], "2025.01");
    let u = &q["catalog_update"];
    assert_eq!(u["version"], "2026.11", "{q}");
    assert_eq!(u["status"], "complete");
    assert!(
        u["changes"].as_array().unwrap().contains(&json!({
            "change": "net", "item": "chassis.48p", "before": "7995.00", "after": "8495.00"
        })),
        "{u}"
    );
    let changed: Vec<configurator_api::quotes::Change> =
        serde_json::from_value(u["changed"].clone()).unwrap();
    assert!(
        changed
            .iter()
            .any(|c| c.kind == configurator_api::quotes::ChangeKind::Net
                && c.item.as_deref() == Some("NX-3400 48P")
                && c.after.as_deref() == Some("8495.00")),
        "{u}"
    );
    // A quote of the current version has nothing to say.
    let current = rita.save(&full_quote("ACME")).await;
    let (_, q) = rita.get(&format!("/api/quotes/{current}")).await;
    assert_eq!(q["catalog_update"], serde_json::Value::Null);
}
