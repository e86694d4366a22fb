use configurator_engine::{ChoiceKind, ItemId};
use leptos::prelude::*;

use super::item_card::ItemCard;
use crate::i18n::{t, use_lang, Lang};
use crate::state::{CurrentStep, EngineCtx};

/// Groups with more options than this get a filter box.
const FILTER_FROM: usize = 10;

/// The options of the current step, with the group's name, help text and how many to choose;
/// a filter box in groups with many options.
#[component]
pub fn GroupStep() -> impl IntoView {
    let EngineCtx(engine) = expect_context();
    let CurrentStep(step) = expect_context();
    let lang = use_lang();
    let header_engine = engine.clone();
    let header = move || {
        let g = header_engine.catalog().group(step.get());
        let hint = match (g.kind, g.min, g.max, lang.get()) {
            (ChoiceKind::Single, 1, _, l) => l.pick("Choose one", "Eine Option wählen").to_owned(),
            (ChoiceKind::Single, _, _, l) => l
                .pick("Choose one, or none", "Eine oder keine Option wählen")
                .to_owned(),
            (_, 0, max, Lang::En) => format!("Choose up to {max}"),
            (_, 0, max, Lang::De) => format!("Bis zu {max} wählen"),
            (_, min, max, Lang::En) if min == max => format!("Choose {min}"),
            (_, min, max, Lang::De) if min == max => format!("{min} wählen"),
            (_, min, max, Lang::En) => format!("Choose {min} to {max}"),
            (_, min, max, Lang::De) => format!("{min} bis {max} wählen"),
        };
        view! {
            <h2 id="step-title">{g.name.clone()}</h2>
            <p class="step-hint">{hint}</p>
            <p class="step-description">{g.description.clone()}</p>
        }
    };
    let order = StoredValue::new(
        engine
            .catalog()
            .groups()
            .iter()
            .map(|g| g.id)
            .collect::<Vec<_>>(),
    );
    let group_count = engine.catalog().groups().len();
    // A filter box in groups with many options: name, SKU or description.
    let filter = RwSignal::new(String::new());
    let filter_engine = engine.clone();
    let many = move || filter_engine.catalog().group(step.get()).items.len() > FILTER_FROM;
    let count_engine = engine.clone();
    let all_items = move || count_engine.catalog().group(step.get()).items.len();
    let items = Memo::new(move |_| -> Vec<ItemId> {
        let catalog = engine.catalog();
        let needle = crate::format::lower(filter.get().trim());
        catalog
            .group(step.get())
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
    });
    // A new step starts unfiltered.
    Effect::new(move |_| {
        step.track();
        filter.set(String::new());
    });
    let go = move |delta: isize| {
        let next = step.get_untracked().index() as isize + delta;
        if (0..group_count as isize).contains(&next) {
            step.set(order.with_value(|o| o[next as usize]));
        }
    };
    let at_first = move || step.get().index() == 0;
    let at_last = move || step.get().index() + 1 == group_count;
    view! {
        <section class="options" aria-labelledby="step-title">
            {header}
            <Show when=many.clone()>
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
                        {
                            let all_items = all_items.clone();
                            move || {
                                let (shown, all) = (items.with(Vec::len), all_items());
                                match lang.get() {
                                    Lang::En => format!("{shown} of {all} options"),
                                    Lang::De => format!("{shown} von {all} Optionen"),
                                }
                            }
                        }
                    </span>
                </div>
            </Show>
            <div class="option-list" role="group" aria-labelledby="step-title">
                <For each=move || items.get() key=|id| *id let:id>
                    <ItemCard id />
                </For>
            </div>
            <div class="step-nav">
                <button class="secondary" class:hidden=at_first on:click=move |_| go(-1)>{t("Back", "Zurück")}</button>
                <button class="primary" class:hidden=at_last on:click=move |_| go(1)>{t("Next step", "Nächster Schritt")}</button>
            </div>
        </section>
    }
}
