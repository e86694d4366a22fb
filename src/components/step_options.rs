use configurator_engine::{GroupId, ItemId};
use leptos::prelude::*;

use super::item_card::ItemCard;
use crate::i18n::{t, use_lang, Lang};
use crate::state::EngineCtx;

/// Groups with more options than this get a filter box.
const FILTER_FROM: usize = 10;

/// The options of one group, with a filter box (name, SKU or description) when it has many.
#[component]
pub fn StepOptions(group: GroupId) -> impl IntoView {
    let engine: EngineCtx = expect_context();
    let lang = use_lang();
    let all_items = engine.with(|e| e.catalog().group(group).items.len());
    let filter = RwSignal::new(String::new());
    let items = Memo::new(move |_| -> Vec<ItemId> {
        let needle = crate::format::lower(filter.get().trim());
        engine.with(|e| {
            let catalog = e.catalog();
            catalog
                .group(group)
                .items
                .iter()
                .copied()
                .filter(|&i| {
                    let it = catalog.item(i);
                    needle.is_empty()
                        || [&it.name, &it.sku, &it.description]
                            .iter()
                            .any(|f| crate::format::lower(f).contains(&needle))
                })
                .collect()
        })
    });
    let filter_box = (all_items > FILTER_FROM).then(|| {
        view! {
            <div class="filter">
                <input
                    id="option-filter"
                    type="search"
                    aria-label=t("Filter options", "Optionen filtern")
                    placeholder=t("Filter by name, SKU or description", "Nach Name, Artikelnummer oder Beschreibung filtern")
                    prop:value=move || filter.get()
                    on:input=move |ev| filter.set(event_target_value(&ev))
                />
                <span class="filter-count" role="status">
                    {move || {
                        let shown = items.with(Vec::len);
                        match lang.get() {
                            Lang::En => format!("{shown} of {all_items} options"),
                            Lang::De => format!("{shown} von {all_items} Optionen"),
                        }
                    }}
                </span>
            </div>
        }
    });
    view! {
        {filter_box}
        <div class="option-list" role="group" aria-labelledby="step-title">
            <For each=move || items.get() key=|id| *id let:id>
                <ItemCard id />
            </For>
        </div>
    }
}
