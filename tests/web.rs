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

#[wasm_bindgen_test]
async fn choosing_a_chassis_disables_small_power_supplies_with_the_reason() {
    let root = container();
    let engine = Engine::new(Catalog::from_json(DEMO_CATALOG_FILE, DEMO_CATALOG).unwrap());
    let _mounted = mount_to(root.clone(), move || view! { <Configurator engine /> });

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
    let reason = find(&root, "#item-power-350ac-reason")
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
