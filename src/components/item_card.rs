use configurator_engine::{ItemId, ItemState};
use leptos::prelude::*;

use crate::format;
use crate::state::{Choices, CurrentEvaluation, EngineCtx};

/// One option: name, SKU, description, price and its state. Unavailable options stay visible
/// and focusable (`aria-disabled`), and say why.
#[component]
pub fn ItemCard(id: ItemId) -> impl IntoView {
    let EngineCtx(engine) = expect_context();
    let Choices(choices) = expect_context();
    let CurrentEvaluation(evaluation) = expect_context();
    let catalog = engine.catalog();
    let item = catalog.item(id).clone();
    let group_key = catalog.group(item.group).key.clone();
    let dom_id = format!("item-{group_key}-{}", item.key);
    let reason_id = format!("{dom_id}-reason");
    let price = format::money(item.price, &catalog.currency);

    let state = Memo::new(move |_| evaluation.with(|ev| ev.item(id)));
    let state_name = move || match state.get() {
        ItemState::Selected => "selected",
        ItemState::Implied => "implied",
        ItemState::Available => "available",
        ItemState::Unavailable => "unavailable",
    };
    let reason_engine = engine.clone();
    // Explanations are computed on demand, only for the options on screen.
    let reason = Memo::new(move |_| {
        let catalog = reason_engine.catalog();
        let state = state.get();
        if !matches!(state, ItemState::Unavailable | ItemState::Implied) {
            return None;
        }
        let e = choices.with(|c| reason_engine.explain(c, id))?;
        match state {
            ItemState::Unavailable => {
                let with = format::choice_names(catalog, &e);
                let head = if with.is_empty() {
                    "Not available".to_owned()
                } else {
                    format!("Not available with {with}")
                };
                Some((head, format::reasons(catalog, &e)))
            }
            ItemState::Implied => {
                let with = format::choice_names(catalog, &e);
                Some((
                    format!("Included because of {with}"),
                    format::reasons(catalog, &e),
                ))
            }
            _ => None,
        }
    });
    let click_engine = engine.clone();
    let on_click = move |_| {
        if matches!(
            state.get_untracked(),
            ItemState::Available | ItemState::Selected
        ) {
            choices.update(|c| *c = click_engine.toggle(c, id));
        }
    };
    let described = reason_id.clone();
    view! {
        <button
            id=dom_id
            class="option"
            data-state=state_name
            aria-pressed=move || if state.get().is_in() { "true" } else { "false" }
            aria-disabled=move || {
                if matches!(state.get(), ItemState::Unavailable | ItemState::Implied) { "true" } else { "false" }
            }
            aria-describedby=move || reason.with(Option::is_some).then(|| described.clone())
            on:click=on_click
        >
            <span class="option-check" aria-hidden="true"></span>
            <span class="option-main">
                <span class="option-name">{item.name.clone()}</span>
                <span class="option-sku">{item.sku.clone()}</span>
                <span class="option-description">{item.description.clone()}</span>
                {move || {
                    reason
                        .get()
                        .map(|(head, lines)| {
                            view! {
                                <span class="option-reason" id=reason_id.clone()>
                                    <strong>{head}</strong>
                                    {lines.into_iter().map(|l| view! { <span class="reason-line">{l}</span> }).collect_view()}
                                </span>
                            }
                        })
                }}
            </span>
            <span class="option-price">{price}</span>
        </button>
    }
}
