//! Browser unit tests: components mounted and driven in headless Chromium
//! (`cargo test --target wasm32-unknown-unknown`, run by `cargo xtask test`).
#![cfg(target_arch = "wasm32")]

use configurator_app::components::configurator::Configurator;
use configurator_app::components::load_error::LoadError;
use configurator_engine::{Catalog, Engine, DEMO_CATALOG, DEMO_CATALOG_FILE};
use leptos::mount::mount_to;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

fn container() -> HtmlElement {
    let document = document();
    let section = document.create_element("section").unwrap();
    document.body().unwrap().append_child(&section).unwrap();
    section.unchecked_into()
}

fn find(root: &HtmlElement, selector: &str) -> HtmlElement {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
        .unchecked_into()
}

async fn settle() {
    leptos::task::tick().await;
}

/// The element matching `selector` once there is one: explanations arrive in tasks of their
/// own after a click, so this waits a task at a time (at most 50).
async fn appears(root: &HtmlElement, selector: &str) -> HtmlElement {
    for _ in 0..50 {
        if let Some(e) = root.query_selector(selector).unwrap() {
            return e.unchecked_into();
        }
        configurator_app::task::next_task().await;
    }
    panic!("no element matches {selector}")
}

#[wasm_bindgen_test]
async fn choosing_a_chassis_disables_small_power_supplies_with_the_reason() {
    let root = container();
    let engine = Engine::new(Catalog::from_json(DEMO_CATALOG_FILE, DEMO_CATALOG).unwrap());
    let _mounted = mount_to(
        root.clone(),
        move || view! { <Configurator loaded=configurator_app::state::Loaded::here(engine) /> },
    );

    assert_eq!(find(&root, "#total").text_content().unwrap(), "$0.00");
    let chassis = find(&root, "#item-chassis-48p");
    chassis.click();
    settle().await;
    assert_eq!(
        chassis.get_attribute("aria-pressed").as_deref(),
        Some("true")
    );
    assert_eq!(find(&root, "#total").text_content().unwrap(), "$8,495.00");

    // Go to the power step with "Next step".
    find(&root, ".step-nav .primary").click();
    settle().await;
    let small = find(&root, "#item-power-350ac");
    assert_eq!(
        small.get_attribute("data-state").as_deref(),
        Some("unavailable")
    );
    assert_eq!(
        small.get_attribute("aria-disabled").as_deref(),
        Some("true")
    );
    let reason = appears(&root, "#item-power-350ac-reason")
        .await
        .text_content()
        .unwrap();
    assert!(
        reason.contains("Not available with NX-3400 48P"),
        "{reason}"
    );
    assert!(
        reason.contains("48-port PoE+ model needs an 1100 W power supply"),
        "{reason}"
    );
    // Clicking an unavailable option changes nothing.
    small.click();
    settle().await;
    assert_eq!(find(&root, "#total").text_content().unwrap(), "$8,495.00");

    find(&root, "#item-power-1100ac").click();
    settle().await;
    assert_eq!(find(&root, "#total").text_content().unwrap(), "$9,990.00");
}

#[wasm_bindgen_test]
async fn a_broken_catalog_shows_every_problem_with_its_place() {
    let root = container();
    let error = Catalog::from_json("bad.json", "{\"id\": 1}").unwrap_err();
    let _mounted = mount_to(root.clone(), move || view! { <LoadError error /> });
    let text = root.text_content().unwrap();
    assert!(text.contains("This catalog could not be loaded"), "{text}");
    assert!(text.contains("bad.json:1:"), "{text}");
}

/// A saved entry as the app writes it, for the storage parser.
fn saved_entry(catalog_id: &str, customer: &str) -> String {
    let engine = Engine::new(Catalog::from_json(DEMO_CATALOG_FILE, DEMO_CATALOG).unwrap());
    let chassis = engine.catalog().item_by_key("chassis", "48p").unwrap();
    let mut quote = configurator_engine::quote::build(
        &engine,
        &[configurator_engine::Choice::from(chassis)],
        &Default::default(),
        configurator_engine::quote::QuoteMeta {
            quote_number: "Q-7".into(),
            customer: customer.into(),
            ..Default::default()
        },
    )
    .unwrap();
    quote.catalog.id = catalog_id.into();
    configurator_app::saved::text(&configurator_app::saved::Saved {
        name: "Seven \"the seventh\"".into(),
        saved_at: "2026-11-23T10:00:00.000Z".into(),
        quote,
    })
}

#[wasm_bindgen_test]
fn saved_entries_are_parsed_and_bad_ones_skipped_with_a_reason() {
    use configurator_app::saved::{matches, parse, Entry};
    let Entry::Ok(key, saved) = parse("k1", &saved_entry("nx-3400", "ACME"), "nx-3400") else {
        panic!("a good entry parses");
    };
    assert_eq!(key, "k1");
    assert_eq!(saved.quote.meta.customer, "ACME");
    // The name, with quotes in it, reads back as written.
    assert_eq!(saved.name, "Seven \"the seventh\"");
    assert!(matches(&saved, "acme") && matches(&saved, "q-7") && matches(&saved, "seven"));
    assert!(matches(&saved, "  ") && !matches(&saved, "globex"));
    match parse("k2", "{broken", "nx-3400") {
        Entry::Skipped(k, why) => {
            assert_eq!(k, "k2");
            assert!(why.starts_with("not a saved quote"), "{why}");
        }
        other => panic!("{other:?}"),
    }
    match parse("k3", &saved_entry("other", "ACME"), "nx-3400") {
        Entry::Skipped(_, why) => assert_eq!(why, "made for another catalog (`other`)"),
        other => panic!("{other:?}"),
    }
    // Quotes saved by the previous format still list; unknown formats are skipped.
    let format_1 =
        saved_entry("nx-3400", "ACME").replace("configurator-quote/2", "configurator-quote/1");
    assert!(matches!(parse("k5", &format_1, "nx-3400"), Entry::Ok(..)));
    let wrong_format = saved_entry("nx-3400", "ACME").replace("configurator-quote/2", "x/9");
    assert!(matches!(
        parse("k4", &wrong_format, "nx-3400"),
        Entry::Skipped(..)
    ));
}

#[wasm_bindgen_test]
fn prices_read_as_customers_expect_in_both_languages() {
    use configurator_app::format::{item_price, money};
    use configurator_app::i18n::Lang::{De, En};
    let catalog = Catalog::from_json(DEMO_CATALOG_FILE, DEMO_CATALOG).unwrap();
    let item = |g, i| catalog.item(catalog.item_by_key(g, i).unwrap());
    let usd = &catalog.currency;
    assert_eq!(item_price(item("chassis", "48p"), usd, En), "$8,495.00");
    assert_eq!(
        item_price(item("chassis", "48p"), usd, De),
        "8.495,00\u{a0}$"
    );
    assert_eq!(
        item_price(item("support", "smartcare-4h"), usd, En),
        "14% of list / year"
    );
    assert_eq!(
        item_price(item("support", "smartcare-4h"), usd, De),
        "14\u{a0}% vom Listenpreis / Jahr"
    );
    let eur = configurator_engine::Currency::from_code("EUR").unwrap();
    let jpy = configurator_engine::Currency::from_code("JPY").unwrap();
    let m = |s: &str, c| configurator_engine::Money::parse(s, c).unwrap();
    assert_eq!(money(m("-1234567.5", &eur), &eur, En), "-€1,234,567.50");
    assert_eq!(
        money(m("-1234567.5", &eur), &eur, De),
        "-1.234.567,50\u{a0}€"
    );
    assert_eq!(money(m("1234567", &jpy), &jpy, En), "JPY 1,234,567");
    assert_eq!(money(m("1234567", &jpy), &jpy, De), "1.234.567\u{a0}JPY");
}

/// Hostile input in the browser build, whose stack is smaller than a native thread's: deep
/// nesting in rule expressions and in the JSON itself, huge numbers, a mutated quote and a
/// crafted share link are errors, not a crash of the page.
#[wasm_bindgen_test]
fn hostile_input_is_refused_in_the_browser_build() {
    let catalog = |then: &str| {
        format!(
            r#"{{"id":"c","name":"C","version":"1","currency":"USD","groups":[{{"id":"g","name":"G","choice":"single","items":[{{"id":"a","sku":"A","name":"A","price":"1"}}]}}],"rules":[{{"id":"r","kind":"requires","then":"{then}","message":"m"}}]}}"#
        )
    };
    for then in [
        format!("{}g.a", "not ".repeat(20_000)),
        format!("{}g.a{}", "(".repeat(20_000), ")".repeat(20_000)),
    ] {
        let err = Catalog::from_json("hostile.json", &catalog(&then)).unwrap_err();
        assert!(err.to_string().contains("more than 64 deep"), "{err}");
    }
    let nested = format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(Catalog::from_json("nested.json", &nested).is_err());
    let huge = catalog("g.a").replace(
        r#""price":"1""#,
        &format!(r#""price":"{}""#, "9".repeat(100_000)),
    );
    assert!(Catalog::from_json("huge.json", &huge).is_err());
    let engine = Engine::new(Catalog::from_json(DEMO_CATALOG_FILE, DEMO_CATALOG).unwrap());
    assert!(configurator_engine::quote::Quote::from_json(&"{".repeat(50_000)).is_err());
    assert!(configurator_engine::share::decode(engine.catalog(), "AYABAgOAgICAgICAgIAC").is_err());
}
