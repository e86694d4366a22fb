//! The search, compare and bill-of-materials import page (`/tools/?view=search&q=…`,
//! `?view=compare&x=…` or `?view=import`): every built-in product line fetched once, searched
//! by SKU, words or attributes, its configurations compared side by side, or matched with a
//! pasted or uploaded bill of materials that is rebuilt into a configuration. The engine
//! decides; these components render its answers.

pub mod columns;
mod compare_table;
mod compare_view;
mod findings;
mod import_view;
mod search_view;

use std::sync::Arc;

use configurator_engine::{Catalog, Choice};
use leptos::prelude::*;

use crate::components::language_switch::LanguageSwitch;
use crate::i18n::{self, t};

/// The built-in product lines, with their diagrams compiled off-line when they ship one.
#[derive(Clone)]
pub struct Lines(pub Arc<Vec<(Catalog, Option<crate::built_in::Diagram>)>>);

/// The configurator's address for `choices` of `catalog` (a share link on the built-in
/// product line), opening `step` when given.
pub fn configure_link(catalog: &Catalog, choices: &[Choice], step: Option<&str>) -> String {
    let id = crate::url::encode(&catalog.id);
    let step = step
        .map(|s| format!("&step={}", crate::url::encode(s)))
        .unwrap_or_default();
    let c = configurator_engine::share::encode(catalog, choices);
    format!("../?product={id}{step}&c={c}")
}

/// The page: a header with the two tools and the language switch, then the tool the address
/// names (search by default).
#[component]
pub fn ToolsPage() -> impl IntoView {
    i18n::provide();
    let view = crate::url::param("view").unwrap_or_default();
    let (import, compare) = (view == "import", view == "compare");
    let loaded = crate::task::latest(None, || async {
        Lines(Arc::new(crate::built_in::all().await))
    });
    let body = move || {
        match loaded.get() {
        None => view! { <p class="loading" role="status">{t("Loading the product lines…", "Produktlinien werden geladen…")}</p> }.into_any(),
        Some(lines) if import => view! { <import_view::ImportView lines /> }.into_any(),
        Some(lines) if compare => view! { <compare_view::CompareView lines /> }.into_any(),
        Some(lines) => view! { <search_view::SearchView lines /> }.into_any(),
    }
    };
    let current = |on: bool| if on { "page" } else { "false" };
    view! {
        <div class="app">
            <header class="app-header">
                <div class="brand" aria-hidden="true">"◆"</div>
                <div class="header-text">
                    <h1>{t("Find, compare and import", "Suchen, vergleichen und importieren")}</h1>
                    <nav class="tool-nav" aria-label=t("Tools", "Werkzeuge")>
                        <a href="../">{t("All product lines", "Alle Produktlinien")}</a>
                        <a href="?view=search" aria-current=current(!import && !compare)>{t("Search", "Suche")}</a>
                        <a href="?view=compare" aria-current=current(compare)>{t("Compare", "Vergleichen")}</a>
                        <a href="?view=import" aria-current=current(import)>{t("Import a bill of materials", "Stückliste importieren")}</a>
                    </nav>
                </div>
                <LanguageSwitch />
            </header>
            <main class="tools">{body}</main>
        </div>
    }
}
