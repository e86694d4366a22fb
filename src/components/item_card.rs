use configurator_engine::{ItemId, ItemState};
use leptos::prelude::*;

use super::option_reason::{explained, OptionReason};
use super::quantity_stepper::QuantityStepper;
use super::repair_preview::RepairPreview;
use crate::format;
use crate::i18n::use_lang;
use crate::state::{Choices, CurrentEvaluation, EngineCtx};

/// One option: name, SKU, description, price and its state. Unavailable options stay visible
/// and focusable (`aria-disabled`), say why, and offer "Choose anyway" with a preview of the
/// choices that would be removed.
#[component]
pub fn ItemCard(id: ItemId) -> impl IntoView {
    let engine: EngineCtx = expect_context();
    let choices: Choices = expect_context();
    let CurrentEvaluation(evaluation) = expect_context();
    let lang = use_lang();
    let catalog = engine.get().catalog();
    let item = catalog.item(id);
    let dom_id = format!("item-{}-{}", catalog.group(item.group).key, item.key);
    let reason_id = format!("{dom_id}-reason");
    // An answer to a question is not ordered: no price.
    let answer = catalog.is_answer(id);
    let price = move || (!answer).then(|| format::item_price(item, &catalog.currency, lang.get()));
    // The end of sale, and what replaces the item.
    let by = item.replaced_by.map(|r| catalog.item(r).name.as_str());
    let end_of_sale = item.end_of_sale.map(|d| {
        move || {
            let l = lang.get();
            let by = by
                .map(|n| format!("{}{n}", l.pick(" · replaced by ", " · ersetzt durch ")))
                .unwrap_or_default();
            format!(
                "{} {}{by}",
                l.pick("End of sale", "Verkaufsende"),
                format::date(&d.to_string(), l)
            )
        }
    });
    let state = Memo::new(move |_| evaluation.with(|ev| ev.item(id)));
    let state_name = move || match state.get() {
        ItemState::Selected => "selected",
        ItemState::Implied => "implied",
        ItemState::Available => "available",
        ItemState::Unavailable => "unavailable",
    };
    let reason = explained(id, state);
    let previewing = RwSignal::new(false);
    let on_click = move |_| {
        if matches!(
            state.get_untracked(),
            ItemState::Available | ItemState::Selected
        ) {
            choices.update(|c| *c = engine.with(|e| e.toggle(c, id)));
        }
    };
    let described = reason_id.clone();
    view! {
        <div class="option-card" data-state=state_name>
            <button
                id=dom_id
                class="option"
                data-state=state_name
                aria-pressed=move || if state.get().is_in() { "true" } else { "false" }
                aria-disabled=move || {
                    if matches!(state.get(), ItemState::Unavailable | ItemState::Implied) { "true" } else { "false" }
                }
                aria-describedby=move || reason().is_some().then(|| described.clone())
                on:click=on_click
            >
                <span class="option-check" aria-hidden="true"></span>
                // Always there (no picture: no `src`, hidden), which keeps the view's type simple.
                <img class="option-image" src=item.image.as_deref().map(crate::built_in::image) alt="" />
                <span class="option-main">
                    <span class="option-name">{item.name.clone()}</span>
                    <span class="option-sku">{item.sku.clone()}</span>
                    <span class="option-description">{item.description.clone()}</span>
                    {end_of_sale.map(|t| view! { <span class="badge">{t}</span> })}
                </span>
                <span class="option-price">{price}</span>
            </button>
            <OptionReason reason state previewing dom_id=reason_id />
            <QuantityStepper id=id />
            <RepairPreview id previewing name=item.name.clone() />
        </div>
    }
}
