//! Entitlements: a better partner tier than the account's is a discount like a deal, on top of
//! which a deal counts too; bundles and volume tiers are everyone's; depths are exact; and the
//! approval ladder of `deal_limits` sends every depth to a level that may approve it.

use configurator_engine::pricing::PricingContext;
use configurator_engine::quote::entitlement::{approval, beyond, limit, Approval, Entitlement};
use configurator_engine::quote::{build, choices_from_json, resolve, Quote, QuoteMeta};
use configurator_engine::{Catalog, Engine, DEMO_CATALOG};
use rust_decimal::Decimal;

/// A complete demo configuration: a bundle (stack kit with its cables) and a volume tier
/// (8 optics at 10 % off).
const FULL: &str = r#"[["chassis","48p"],["power","1100ac",2],["uplink","8x10g"],["optics","sfp-10g-sr",8],["licence","advantage"],["accessories","stack-kit"],["accessories","stack-cable",2],["support","smartcare-nbd"]]"#;

fn engine_of(text: &str) -> Engine {
    Engine::new(Catalog::from_json("demo.json", text).unwrap())
}

fn quote(e: &Engine, tier: Option<&str>, deal: Option<&str>, lines: &[(&str, &str)]) -> Quote {
    let choices = resolve(e.catalog(), &choices_from_json(FULL).unwrap()).unwrap();
    let context = PricingContext {
        partner_tier: tier.map(str::to_owned),
        deal: deal.map(str::to_owned),
        deal_lines: lines
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        ..Default::default()
    };
    build(e, &choices, &context, QuoteMeta::default()).unwrap()
}

fn entitled(tier: Option<&str>) -> Entitlement {
    Entitlement {
        price_book: None,
        partner_tier: tier.map(str::to_owned),
    }
}

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn depth_of(b: &configurator_engine::quote::entitlement::Beyond, item: &str) -> Decimal {
    b.lines.iter().find(|l| l.item == item).unwrap().depth
}

#[test]
fn a_deal_at_the_entitled_tier_is_exactly_the_deal() {
    let e = engine_of(DEMO_CATALOG);
    let q = quote(&e, Some("silver"), Some("10"), &[]);
    let b = beyond(e.catalog(), &q, &entitled(Some("silver"))).unwrap();
    assert_eq!(b.deepest, d("10"));
    for l in &b.lines {
        if l.item == "accessories.stack-cable" {
            // Included with the stack kit: nothing to pay, nothing given away.
            assert_eq!((l.depth, l.entitled_net.amount()), (d("0"), d("0")));
        } else {
            assert_eq!(l.depth, d("10"), "{}", l.item);
        }
    }
    // No deal at the entitled tier: nothing beyond the entitlement.
    let q = quote(&e, Some("silver"), None, &[]);
    let b = beyond(e.catalog(), &q, &entitled(Some("silver"))).unwrap();
    assert_eq!(b.deepest, Decimal::ZERO);
    for l in &b.lines {
        assert_eq!(l.net, l.entitled_net, "{}", l.item);
    }
}

#[test]
fn a_better_tier_than_the_accounts_is_a_discount() {
    let e = engine_of(DEMO_CATALOG);
    // Gold for a silver account: switching 32 % instead of 20 %: 1 − 0.68 / 0.80 = 15 %.
    let q = quote(&e, Some("gold"), None, &[]);
    let b = beyond(e.catalog(), &q, &entitled(Some("silver"))).unwrap();
    assert_eq!(depth_of(&b, "chassis.48p"), d("15"));
    // Optics 38 % instead of 25 %: 1 − 0.62 / 0.75 = 17.333…, rounded up to 17.34.
    assert_eq!(depth_of(&b, "optics.sfp-10g-sr"), d("17.34"));
    // Support: gold gives 10 %, silver nothing.
    assert_eq!(depth_of(&b, "support.smartcare-nbd"), d("10"));
    assert_eq!(b.deepest, d("17.34"));
}

#[test]
fn the_finding_gold_and_a_deal_for_an_account_without_a_tier() {
    let e = engine_of(DEMO_CATALOG);
    let q = quote(&e, Some("gold"), Some("10"), &[]);
    let b = beyond(e.catalog(), &q, &entitled(None)).unwrap();
    // Switching: 1 − 0.68 × 0.90 = 38.8 %; optics: 1 − 0.62 × 0.90 = 44.2 %.
    assert_eq!(depth_of(&b, "chassis.48p"), d("38.8"));
    assert_eq!(depth_of(&b, "optics.sfp-10g-sr"), d("44.2"));
    assert_eq!(b.deepest, d("44.2"));
    // Above the demo's director limit of 40 %: an admin's.
    assert_eq!(
        approval(e.catalog(), "rep", b.deepest),
        Approval::Needs {
            role: "admin",
            owner_limit: d("10")
        }
    );
}

#[test]
fn a_line_deal_counts_on_its_line_only() {
    let e = engine_of(DEMO_CATALOG);
    let q = quote(&e, Some("silver"), None, &[("chassis.48p", "20")]);
    let b = beyond(e.catalog(), &q, &entitled(Some("silver"))).unwrap();
    assert_eq!(depth_of(&b, "chassis.48p"), d("20"));
    assert_eq!(depth_of(&b, "power.1100ac"), d("0"));
    assert_eq!(b.deepest, d("20"));
    // A line deal replaces the quote's deal on its line.
    let q = quote(&e, None, Some("5"), &[("chassis.48p", "12.5")]);
    let b = beyond(e.catalog(), &q, &entitled(None)).unwrap();
    assert_eq!(depth_of(&b, "chassis.48p"), d("12.5"));
    assert_eq!(depth_of(&b, "power.1100ac"), d("5"));
}

#[test]
fn entitled_nets_are_the_accounts_own_prices_with_bundles_and_volume() {
    let e = engine_of(DEMO_CATALOG);
    let own = quote(&e, Some("silver"), None, &[]);
    let q = quote(&e, Some("gold"), Some("7.5"), &[]);
    let b = beyond(e.catalog(), &q, &entitled(Some("silver"))).unwrap();
    assert_eq!(b.lines.len(), own.lines.len());
    for (l, o) in b.lines.iter().zip(&own.lines) {
        assert_eq!(l.item, o.item);
        assert_eq!(l.entitled_net, o.net, "{}: exact to the cent", l.item);
    }
    // The optics' volume tier (8 units: 10 %) is the same on both sides: it cancels out.
    let optics = q
        .lines
        .iter()
        .find(|l| l.item == "optics.sfp-10g-sr")
        .unwrap();
    assert!(optics.discounts.iter().any(|d| d.source == "volume"));
    // 1 − 0.62 × 0.925 / 0.75 = 23.5333…, rounded up.
    assert_eq!(depth_of(&b, "optics.sfp-10g-sr"), d("23.54"));
}

#[test]
fn a_worse_tier_than_the_accounts_gives_nothing_away() {
    let e = engine_of(DEMO_CATALOG);
    let q = quote(&e, None, Some("10"), &[]);
    let b = beyond(e.catalog(), &q, &entitled(Some("gold"))).unwrap();
    // List less 10 % is above gold's price on every line gold discounts by more than 10 %.
    assert_eq!(depth_of(&b, "chassis.48p"), d("0"));
    // Support: gold gives 10 %, the deal 10 %: exactly the entitled price.
    assert_eq!(depth_of(&b, "support.smartcare-nbd"), d("0"));
    assert_eq!(b.deepest, d("0"));
}

#[test]
fn another_price_book_than_the_accounts_is_refused() {
    let e = engine_of(DEMO_CATALOG);
    let q = quote(&e, None, None, &[]);
    let err = beyond(
        e.catalog(),
        &q,
        &Entitlement {
            price_book: Some("eur".into()),
            partner_tier: None,
        },
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the quote is priced in price book `list`, but the account's price book is `eur`"
    );
    let err = beyond(e.catalog(), &q, &entitled(Some("platinum"))).unwrap_err();
    assert!(err.to_string().contains("`platinum`"), "{err}");
}

#[test]
fn the_approval_ladder() {
    let demo = engine_of(DEMO_CATALOG);
    let c = demo.catalog();
    let needs = |role, limit: &str| Approval::Needs {
        role,
        owner_limit: d(limit),
    };
    assert_eq!(approval(c, "rep", d("30")), needs("director", "10"));
    assert_eq!(approval(c, "manager", d("30")), needs("director", "25"));
    assert_eq!(approval(c, "rep", d("41")), needs("admin", "10"));
    assert_eq!(approval(c, "director", d("40")), Approval::Within);
    // The demo states rep 10, manager 25 and director 40: an admin has all.
    assert_eq!(limit(c, "rep"), d("10"));
    assert_eq!(limit(c, "manager"), d("25"));
    assert_eq!(limit(c, "director"), d("40"));
    assert_eq!(limit(c, "admin"), d("100"));
    assert_eq!(limit(c, "intern"), d("0"));
    assert_eq!(approval(c, "rep", d("10")), Approval::Within);
    assert_eq!(
        approval(c, "rep", d("10.01")),
        Approval::Needs {
            role: "manager",
            owner_limit: d("10")
        }
    );
    assert_eq!(approval(c, "manager", d("25")), Approval::Within);
    let text = DEMO_CATALOG.replacen(
        r#""deal_limits": {"rep": "10", "manager": "25", "director": "40"}"#,
        r#""deal_limits": {"rep": "10", "manager": "25", "admin": "60"}"#,
        1,
    );
    assert_ne!(text, DEMO_CATALOG);
    let e = engine_of(&text);
    let c = e.catalog();
    // No director limit stated: a director has the manager's 25 %.
    assert_eq!(limit(c, "director"), d("25"));
    assert_eq!(approval(c, "rep", d("25")), needs("manager", "10"));
    assert_eq!(approval(c, "rep", d("30")), needs("admin", "10"));
    assert_eq!(approval(c, "director", d("25")), Approval::Within);
    assert_eq!(approval(c, "director", d("60")), needs("admin", "25"));
    assert_eq!(
        approval(c, "director", d("60.5")),
        Approval::Beyond {
            admin_limit: d("60")
        }
    );
    assert_eq!(
        approval(c, "rep", d("100")),
        Approval::Beyond {
            admin_limit: d("60")
        }
    );
}

#[test]
fn a_higher_level_may_not_have_a_lower_limit() {
    let text = DEMO_CATALOG.replacen(
        r#""deal_limits": {"rep": "10", "manager": "25", "director": "40"}"#,
        r#""deal_limits": {"rep": "10", "manager": "25", "director": "20"}"#,
        1,
    );
    let err = Catalog::from_json("demo.json", &text)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("the director limit of 20% is below the manager limit of 25%"),
        "{err}"
    );
}
