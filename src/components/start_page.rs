use configurator_engine::{Catalog, Engine};
use leptos::prelude::*;

use crate::format;

/// The start page: every built-in product line with its description, a starting price (its
/// cheapest complete configuration) and a "Configure" link.
#[component]
pub fn StartPage() -> impl IntoView {
    let lines = crate::BUILT_IN
        .iter()
        .filter_map(|(file, text)| Catalog::from_json(file, text).ok())
        .map(|catalog| {
            let id = catalog.id.clone();
            let name = catalog.name.clone();
            let description = catalog.description.clone();
            let currency = catalog.currency.clone();
            let engine = Engine::new(catalog);
            let from = engine
                .cheapest_completion::<configurator_engine::ItemId>(&[])
                .map(|c| format::money(engine.evaluate(&c).total, &currency));
            let title_id = format!("product-{id}");
            let labelled_by = title_id.clone();
            view! {
                <li class="product" aria-labelledby=labelled_by>
                    <h2 id=title_id>{name.clone()}</h2>
                    <p>{description}</p>
                    <p class="product-price">{from.map(|f| format!("From {f}"))}</p>
                    <a class="button primary" href=format!("?product={id}") aria-label=format!("Configure {name}")>
                        "Configure"
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="app">
            <header class="app-header">
                <div class="brand" aria-hidden="true">"◆"</div>
                <div class="header-text">
                    <h1>"Nexora product configurator"</h1>
                    <p class="tagline">"Choose a product line to configure and quote."</p>
                </div>
            </header>
            <main class="start">
                <ul class="products">{lines}</ul>
            </main>
        </div>
    }
}
