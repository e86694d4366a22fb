//! Customer accounts and their entitlements: accounts kept by managers, directors and admins
//! and read by everyone; a quote measured against its account's entitled price (a better tier
//! than the account's is a discount, not a free choice); approval levels up to the admin,
//! never a quote nobody can act on; the record of every approval.

use crate::common;

use common::{quote_in, Client, Db, Server, FULL};
use configurator_engine::pricing::PricingContext;
use configurator_server::auth::Role;
use serde_json::{json, Value};

both!(
    accounts_are_kept_by_managers_and_read_by_everyone,
    accounts_are_validated_field_by_field,
    a_better_tier_than_the_accounts_needs_approval,
    deeper_discounts_go_up_the_levels_to_the_admin,
    a_quote_above_every_limit_cannot_be_submitted,
    another_price_book_than_the_accounts_is_refused,
    approvals_are_recorded_and_returned,
    the_contact_of_a_quote_is_its_accounts_first,
);

fn account(name: &str, tier: Option<&str>) -> Value {
    json!({
        "name": name,
        "bill_to": "1 Harbour Road\nHamburg",
        "ship_to": "",
        "language": "de",
        "price_book": "list",
        "partner_tier": tier,
        "contacts": [
            {"name": "Petra Buyer", "email": "petra@example.com", "language": "de"},
            {"name": "Sam Second", "email": "sam@example.com", "language": "en"},
        ],
    })
}

/// A director, `dora`, in team `office`.
async fn with_director(s: &Server) {
    configurator_server::users::add(
        &s.desk,
        "test",
        "dora",
        Role::Director,
        "office",
        common::PASSWORD,
    )
    .await
    .unwrap();
}

/// Adds an account as maria: its id.
async fn add(s: &Server, body: Value) -> i64 {
    let maria = s.client("maria").await;
    let (status, r) = maria.post("/api/accounts", body).await;
    assert_eq!(status, 201, "{r}");
    r["account"]["id"].as_i64().unwrap()
}

/// A complete demo quote for ACME under a partner tier and a deal discount.
fn priced(tier: Option<&str>, deal: Option<&str>) -> String {
    let context = PricingContext {
        partner_tier: tier.map(str::to_owned),
        deal: deal.map(str::to_owned),
        ..Default::default()
    };
    quote_in(FULL, "ACME", Some("2099-12-31"), &context)
}

/// Saves `quote` for `account` as `c`: its number.
async fn save_for(c: &Client, quote: &str, account: Option<i64>) -> String {
    let path = match account {
        Some(a) => format!("/api/quotes?account={a}"),
        None => "/api/quotes".to_owned(),
    };
    let (status, r) = c.post_text(&path, quote).await;
    assert_eq!(status, 201, "{r}");
    r["quote"]["number"].as_str().unwrap().to_owned()
}

async fn act(c: &Client, number: &str, action: &str, comment: &str) -> (u16, Value) {
    c.post(
        &format!("/api/quotes/{number}/actions/{action}"),
        json!({ "comment": comment }),
    )
    .await
}

async fn accounts_are_kept_by_managers_and_read_by_everyone(db: Db) {
    let s = Server::start(&db).await;
    with_director(&s).await;
    let rita = s.client("rita").await;
    // A rep reads accounts but neither adds nor edits one.
    let (status, r) = rita.post("/api/accounts", account("Nordwerk", None)).await;
    assert_eq!(status, 403, "{r}");
    let id = add(&s, account("Nordwerk", Some("silver"))).await;
    let (status, r) = rita
        .send(
            reqwest::Method::PUT,
            &format!("/api/accounts/{id}"),
            Some(account("Renamed", None)),
        )
        .await;
    assert_eq!(status, 403, "{r}");
    // Accounts are the organisation's: a rep and a manager of another team read them, and
    // any manager, director or admin edits them.
    for name in ["rita", "otto", "mona", "dora", "admin"] {
        let c = s.client(name).await;
        let (status, list) = c.get("/api/accounts").await;
        assert_eq!(status, 200, "{name}: {list}");
        assert_eq!(list["accounts"][0]["name"], "Nordwerk", "{name}");
        assert_eq!(list["can_edit"], !matches!(name, "rita" | "otto"), "{name}");
    }
    let (_, one) = rita.get(&format!("/api/accounts/{id}")).await;
    assert_eq!(one["account"]["partner_tier"], "silver");
    assert_eq!(one["account"]["contacts"][1]["email"], "sam@example.com");
    assert_eq!(one["account"]["bill_to"], "1 Harbour Road\nHamburg");
    let mona = s.client("mona").await;
    let mut changed = account("Nordwerk GmbH", None);
    changed["contacts"] = json!([{"name": "Olga", "email": "olga@example.de", "language": "de"}]);
    let (status, r) = mona
        .send(
            reqwest::Method::PUT,
            &format!("/api/accounts/{id}"),
            Some(changed),
        )
        .await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["account"]["name"], "Nordwerk GmbH");
    assert_eq!(r["account"]["partner_tier"], Value::Null);
    assert_eq!(r["account"]["contacts"].as_array().unwrap().len(), 1);
    assert_eq!(rita.get("/api/accounts/999999").await.0, 404);
    let (status, _) = mona
        .send(
            reqwest::Method::PUT,
            "/api/accounts/999999",
            Some(account("Nobody", None)),
        )
        .await;
    assert_eq!(status, 404);
    // Every change is in the log.
    let admin = s.client("admin").await;
    let (_, log) = admin.get("/api/audit").await;
    let actions: Vec<&str> = log["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(actions.contains(&"account.create") && actions.contains(&"account.update"));
}

async fn accounts_are_validated_field_by_field(db: Db) {
    let s = Server::start(&db).await;
    let maria = s.client("maria").await;
    let refused = |field: &'static str, value: Value, says: &'static str| {
        let maria = &maria;
        async move {
            let mut body = account("Nordwerk", None);
            body[field] = value;
            let (status, r) = maria.post("/api/accounts", body).await;
            assert_eq!(status, 422, "{field}: {r}");
            let message = r["message"].as_str().unwrap();
            assert!(message.contains(says), "{field}: {message}");
        }
    };
    refused("name", json!("  "), "`name`: must not be empty").await;
    refused("bill_to", json!(""), "`bill_to`: must not be empty").await;
    refused(
        "language",
        json!("fr"),
        "`language`: the language must be `en` or `de`",
    )
    .await;
    refused(
        "price_book",
        json!("yen"),
        "`price_book`: no catalog of this desk has a price book `yen` (books: ",
    )
    .await;
    refused(
        "partner_tier",
        json!("platinum"),
        "`partner_tier`: no catalog of this desk with price book `list` has a partner tier `platinum`",
    )
    .await;
    refused(
        "contacts",
        json!([{"name": "Petra", "email": "petra at example", "language": "de"}]),
        "`contacts[0].email`: `petra at example` is not an e-mail address",
    )
    .await;
    refused(
        "contacts",
        json!([{"name": "", "email": "p@example.com", "language": "de"}]),
        "`contacts[0].name`: must not be empty",
    )
    .await;
    // Every catalog has the list book; the euro book and gold exist too.
    let mut ok = account("Nordwerk", Some("gold"));
    ok["price_book"] = json!("eur");
    let (status, r) = maria.post("/api/accounts", ok).await;
    assert_eq!(status, 201, "{r}");
    let (_, list) = maria.get("/api/accounts").await;
    assert_eq!(
        list["accounts"].as_array().unwrap().len(),
        1,
        "nothing refused was stored"
    );
}

/// The finding of issue 26: gold for an account that is silver (or no partner at all) was the
/// rep's free choice, outside the deal limit. Now it is a discount like any other.
async fn a_better_tier_than_the_accounts_needs_approval(db: Db) {
    let s = Server::start(&db).await;
    let silver = add(&s, account("Silverline", Some("silver"))).await;
    let rita = s.client("rita").await;
    // Silver and a 10 % deal for a silver account: within the rep's limit.
    let fair = save_for(&rita, &priced(Some("silver"), Some("10")), Some(silver)).await;
    let (_, r) = act(&rita, &fair, "submit", "").await;
    assert_eq!(r["quote"]["status"], "approved", "{r}");
    // Gold for a silver account: 17.34 % below the entitled price (optics 38 % for 25 %).
    let gold = save_for(&rita, &priced(Some("gold"), None), Some(silver)).await;
    let (_, q) = rita.get(&format!("/api/quotes/{gold}")).await;
    assert_eq!(q["approval"]["depth"], "17.34", "{q}");
    assert_eq!(q["approval"]["needs"], "manager");
    assert_eq!(q["approval"]["account"]["name"], "Silverline");
    let (_, r) = act(&rita, &gold, "submit", "").await;
    assert_eq!(r["quote"]["status"], "submitted", "{r}");
    assert_eq!(r["quote"]["depth"], "17.34");
    assert_eq!(r["quote"]["approver"], "manager");
    // The quote of the finding: gold and 10 % for an account with no tier, 44.2 % below.
    let none = add(&s, account("Plain buyer", None)).await;
    let finding = save_for(&rita, &priced(Some("gold"), Some("10")), Some(none)).await;
    let (_, r) = act(&rita, &finding, "submit", "").await;
    assert_eq!(r["quote"]["status"], "submitted", "{r}");
    assert_eq!(r["quote"]["depth"], "44.2");
    assert_eq!(r["quote"]["approver"], "admin");
    // Without an account a quote is entitled to no tier at all: the same.
    let bare = save_for(&rita, &priced(Some("gold"), Some("10")), None).await;
    let (_, r) = act(&rita, &bare, "submit", "").await;
    assert_eq!(r["quote"]["status"], "submitted", "{r}");
    assert_eq!(r["quote"]["depth"], "44.2");
}

async fn deeper_discounts_go_up_the_levels_to_the_admin(db: Db) {
    let s = Server::start(&db).await;
    with_director(&s).await;
    let silver = add(&s, account("Silverline", Some("silver"))).await;
    let (rita, maria, mona) = (
        s.client("rita").await,
        s.client("maria").await,
        s.client("mona").await,
    );
    let (dora, admin) = (s.client("dora").await, s.client("admin").await);
    // Gold and 10 % for silver: 25.6 % (optics), above the manager's 25 %: a director's.
    let q = save_for(&rita, &priced(Some("gold"), Some("10")), Some(silver)).await;
    let (_, r) = act(&rita, &q, "submit", "").await;
    assert_eq!(
        (&r["quote"]["status"], &r["quote"]["approver"]),
        (&json!("submitted"), &json!("director")),
        "{r}"
    );
    let (_, view) = maria.get(&format!("/api/quotes/{q}")).await;
    assert_eq!(
        view["actions"],
        json!(["reject"]),
        "a manager may reject, not approve"
    );
    let (status, r) = act(&maria, &q, "approve", "").await;
    assert_eq!(status, 403, "{r}");
    assert!(
        r["message"]
            .as_str()
            .unwrap()
            .contains("a director must approve"),
        "{r}"
    );
    // A manager of another team may do neither; the director sees every team's quotes.
    assert_eq!(act(&mona, &q, "approve", "").await.0, 404);
    let (_, waiting) = dora.get("/api/quotes?status=submitted").await;
    assert_eq!(waiting["quotes"][0]["number"], q.as_str());
    let (_, view) = dora.get(&format!("/api/quotes/{q}")).await;
    assert_eq!(view["actions"], json!(["approve", "reject"]));
    let (status, r) = act(&dora, &q, "approve", "strategic account").await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["quote"]["status"], "approved");
    // 60 % off for a silver account: above the director's 40 %: the admin's (unlimited).
    let q = save_for(&rita, &priced(Some("silver"), Some("60")), Some(silver)).await;
    let (_, r) = act(&rita, &q, "submit", "").await;
    assert_eq!(r["quote"]["approver"], "admin", "{r}");
    assert_eq!(act(&dora, &q, "approve", "").await.0, 403);
    let (status, r) = act(&admin, &q, "approve", "clearance sale").await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["quote"]["status"], "approved");
    // 100 % goes to the admin too: never stuck.
    let q = save_for(&rita, &priced(Some("silver"), Some("100")), Some(silver)).await;
    let (_, r) = act(&rita, &q, "submit", "").await;
    assert_eq!(r["quote"]["approver"], "admin", "{r}");
    // Nobody approves their own quote, a director neither.
    let own = save_for(&dora, &priced(Some("silver"), Some("45")), Some(silver)).await;
    let (_, r) = act(&dora, &own, "submit", "").await;
    assert_eq!(r["quote"]["status"], "submitted", "{r}");
    assert_eq!(act(&dora, &own, "approve", "").await.0, 403);
    // A director's own 40 % is within the director's limit.
    let own = save_for(&dora, &priced(Some("silver"), Some("40")), Some(silver)).await;
    let (_, r) = act(&dora, &own, "submit", "").await;
    assert_eq!(r["quote"]["status"], "approved", "{r}");
}

async fn a_quote_above_every_limit_cannot_be_submitted(db: Db) {
    // This desk's catalog states the admin's limit: 50 %.
    let dir = std::env::temp_dir().join(format!("desk-catalogs-{}", common::random()));
    std::fs::create_dir_all(&dir).unwrap();
    let text = configurator_engine::DEMO_CATALOG.replacen(
        r#""deal_limits": {"rep": "10", "manager": "25", "director": "40"}"#,
        r#""deal_limits": {"rep": "10", "manager": "25", "director": "40", "admin": "50"}"#,
        1,
    );
    assert_ne!(text, configurator_engine::DEMO_CATALOG);
    std::fs::write(dir.join("nx-3400.json"), &text).unwrap();
    let s = Server::with_catalogs(&db.fresh().await, true, dir).await;
    let engine = configurator_engine::Engine::new(
        configurator_engine::Catalog::from_json("nx-3400.json", &text).unwrap(),
    );
    let choices = configurator_engine::quote::resolve(
        engine.catalog(),
        &configurator_engine::quote::choices_from_json(FULL).unwrap(),
    )
    .unwrap();
    let meta = configurator_engine::quote::QuoteMeta {
        customer: "ACME".into(),
        valid_until: Some("2099-12-31".into()),
        ..Default::default()
    };
    let context = PricingContext {
        deal: Some("60".into()),
        ..Default::default()
    };
    let text = configurator_engine::quote::build(&engine, &choices, &context, meta)
        .unwrap()
        .to_json();
    let rita = s.client("rita").await;
    let q = save_for(&rita, &text, None).await;
    let (_, view) = rita.get(&format!("/api/quotes/{q}")).await;
    assert!(
        view["approval"]["problem"]
            .as_str()
            .unwrap()
            .contains("above every approval limit"),
        "the page says so before submitting: {view}"
    );
    let (status, r) = act(&rita, &q, "submit", "").await;
    assert_eq!(status, 422, "{r}");
    assert_eq!(
        r["message"],
        format!(
            "quote {q} cannot be submitted: 60% below the entitled price is above every \
             approval limit (the admin's is 50%): nobody may approve it; lower the deal \
             discount or the partner tier until the quote is at most 50% below the entitled price"
        )
    );
    let (_, view) = rita.get(&format!("/api/quotes/{q}")).await;
    assert_eq!(view["summary"]["status"], "draft");
}

async fn another_price_book_than_the_accounts_is_refused(db: Db) {
    let s = Server::start(&db).await;
    let mut euro = account("Eurohandel", None);
    euro["price_book"] = json!("eur");
    let euro = add(&s, euro).await;
    let rita = s.client("rita").await;
    let (status, r) = rita
        .post_text(&format!("/api/quotes?account={euro}"), &priced(None, None))
        .await;
    assert_eq!(status, 422, "{r}");
    assert_eq!(
        r["message"],
        format!(
            "the quote is priced in price book `list`, but the account's price book is `eur` \
             (account {euro} `Eurohandel`)"
        )
    );
    let (status, r) = rita
        .post_text("/api/quotes?account=999999", &priced(None, None))
        .await;
    assert_eq!(status, 422, "{r}");
    assert_eq!(r["message"], "`account`: there is no account 999999");
    let (_, list) = rita.get("/api/quotes").await;
    assert_eq!(list["quotes"], json!([]));
}

async fn approvals_are_recorded_and_returned(db: Db) {
    let s = Server::start(&db).await;
    let silver = add(&s, account("Silverline", Some("silver"))).await;
    let (rita, maria) = (s.client("rita").await, s.client("maria").await);
    let q = save_for(&rita, &priced(Some("gold"), None), Some(silver)).await;
    act(&rita, &q, "submit", "").await;
    let (status, _) = act(&maria, &q, "reject", "gold is for gold partners").await;
    assert_eq!(status, 200);
    act(&rita, &q, "submit", "").await;
    let (status, _) = act(&maria, &q, "approve", "Strategic account").await;
    assert_eq!(status, 200);
    let (_, view) = rita.get(&format!("/api/quotes/{q}")).await;
    let records = view["approval"]["records"].as_array().unwrap();
    assert_eq!(records.len(), 2, "{view}");
    assert_eq!(records[0]["decision"], "rejected");
    assert_eq!(records[0]["comment"], "gold is for gold partners");
    let a = &records[1];
    assert_eq!(
        (
            &a["decision"],
            &a["approver"],
            &a["approver_role"],
            &a["depth"],
            &a["above_role"],
            &a["above_limit"],
            &a["comment"],
            &a["revision"],
        ),
        (
            &json!("approved"),
            &json!("maria"),
            &json!("manager"),
            &json!("17.34"),
            &json!("rep"),
            &json!("10"),
            &json!("Strategic account"),
            &json!(1),
        )
    );
    assert!(a["at"].as_str().unwrap().ends_with('Z'), "{a}");
}

async fn the_contact_of_a_quote_is_its_accounts_first(db: Db) {
    let s = Server::start(&db).await;
    let id = add(&s, account("Nordwerk", None)).await;
    let rita = s.client("rita").await;
    let with = save_for(&rita, &priced(None, None), Some(id)).await;
    let without = save_for(&rita, &priced(None, None), None).await;
    let quote_id = |number: String| {
        let pool = s.desk.db.pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>("SELECT id FROM quotes WHERE number = $1")
                .bind(number)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    let contact = configurator_server::accounts::contact_of_quote(&s.desk, quote_id(with).await)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            contact.name.as_str(),
            contact.email.as_str(),
            contact.language.as_str()
        ),
        ("Petra Buyer", "petra@example.com", "de")
    );
    let none = configurator_server::accounts::contact_of_quote(&s.desk, quote_id(without).await)
        .await
        .unwrap();
    assert_eq!(none, None);
}
