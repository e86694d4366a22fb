use configurator_engine::{search::search, Choice, ItemId};
use leptos::prelude::*;

use super::{configure_link, Lines};
use crate::format;
use crate::i18n::{t, use_lang, Lang};

/// The most results shown.
const SHOWN: usize = 50;

/// Search across every product line by SKU, words or attributes (`ports>=48`): each result
/// with its product line, step and list price, and a link that opens the configurator with
/// it chosen. The query stays in the address (`q`).
#[component]
pub fn SearchView(lines: Lines) -> impl IntoView {
    let lang = use_lang();
    let query = RwSignal::new(crate::url::param("q").unwrap_or_default());
    let lines = StoredValue::new(lines);
    let hits = Memo::new(move |_| {
        let q = query.get();
        let mut out: Vec<(usize, ItemId)> = Vec::new();
        lines.with_value(|lines| {
            for (k, (catalog, _)) in lines.0.iter().enumerate() {
                out.extend(search(catalog, &q).into_iter().map(|i| (k, i)));
            }
        });
        out
    });
    let count = move || {
        let n = hits.with(Vec::len);
        match (lang.get(), n) {
            (_, 0) if query.with(|q| q.trim().is_empty()) => String::new(),
            (Lang::En, 1) => "1 result".to_owned(),
            (Lang::En, n) => format!("{n} results"),
            (Lang::De, 1) => "1 Treffer".to_owned(),
            (Lang::De, n) => format!("{n} Treffer"),
        }
    };
    let row = move |(k, item): (usize, ItemId)| {
        let lines = lines.get_value();
        let (catalog, _) = &lines.0[k];
        let it = catalog.item(item);
        let group = catalog.group(it.group);
        let href = configure_link(catalog, &[Choice::from(item)], Some(&group.key));
        let price = format::item_price(it, &catalog.currency, lang.get_untracked());
        let label = format!("{} ({})", it.name, it.sku);
        view! {
            <li class="search-hit">
                <span class="hit-main">
                    <span class="hit-name">{it.name.clone()}</span>
                    <code class="hit-sku">{it.sku.clone()}</code>
                    <span class="hit-where">{format!("{} · {}", catalog.name, group.name)}</span>
                </span>
                <span class="hit-price">{price}</span>
                <a class="button secondary" href=href aria-label=move || match lang.get() {
                    Lang::En => format!("Configure with {label}"),
                    Lang::De => format!("Mit {label} konfigurieren"),
                }>{t("Configure", "Konfigurieren")}</a>
            </li>
        }
    };
    view! {
        <section class="search" aria-labelledby="search-title">
            <h2 id="search-title">{t("Search all product lines", "Alle Produktlinien durchsuchen")}</h2>
            <p class="step-description">{t(
                "By SKU, by words of a name or description, or by attribute: ports>=48, poe_budget=740.",
                "Nach Artikelnummer, nach Wörtern aus Name oder Beschreibung, oder nach Attribut: ports>=48, poe_budget=740.",
            )}</p>
            <input
                type="search"
                id="search-query"
                class="filter-input"
                aria-label=t("Search all product lines", "Alle Produktlinien durchsuchen")
                aria-describedby="search-count"
                prop:value=move || query.get()
                on:input=move |ev| {
                    let q = event_target_value(&ev);
                    crate::url::set_param("q", (!q.is_empty()).then_some(q.as_str()));
                    query.set(q);
                }
            />
            <p id="search-count" class="filter-count" aria-live="polite">{count}</p>
            <ul class="search-hits">
                {move || hits.get().into_iter().take(SHOWN).map(row).collect_view()}
            </ul>
        </section>
    }
}
