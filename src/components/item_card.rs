use configurator_engine::{ItemId, ItemState};
use leptos::prelude::*;

use crate::components::quantity_stepper::QuantityStepper;
use crate::format;
use crate::state::{Choices, CurrentEvaluation, EngineCtx};

/// One option: name, SKU, description, price and its state. Unavailable options stay visible
/// and focusable (`aria-disabled`), say why, and offer "Choose anyway" with a preview of the
/// choices that would be removed.
#[component]
pub fn ItemCard(id: ItemId) -> impl IntoView {
    let EngineCtx(engine) = expect_context();
    let choices: Choices = expect_context();
    let CurrentEvaluation(evaluation) = expect_context();
    let catalog = engine.catalog();
    let item = catalog.item(id).clone();
    let group_key = catalog.group(item.group).key.clone();
    let dom_id = format!("item-{group_key}-{}", item.key);
    let reason_id = format!("{dom_id}-reason");
    let price = format::item_price(&item, &catalog.currency);
    let end_of_sale = item.end_of_sale.map(|d| format!("End of sale {d}"));

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
        let with = format::choice_names(catalog, &e);
        let head = match (state, with.is_empty()) {
            (ItemState::Implied, _) => format!("Included because of {with}"),
            (_, true) => "Not available".to_owned(),
            (_, false) => format!("Not available with {with}"),
        };
        Some((head, format::reasons(catalog, &e)))
    });

    // "Choose anyway": a preview of the repair, applied in one click.
    let previewing = RwSignal::new(false);
    let plan_engine = engine.clone();
    let plan = Memo::new(move |_| {
        if !previewing.get() {
            return None;
        }
        Some(choices.with(|c| plan_engine.choose_anyway(c, id)))
    });
    let preview_engine = engine.clone();
    let preview_name = item.name.clone();
    let preview = move || {
        plan.get().map(|p| match p {
            Some(repair) => {
                let catalog = preview_engine.catalog();
                let names: Vec<String> = repair.retract.iter().map(|&r| catalog.item(r).name.clone()).collect();
                let text = format!(
                    "To choose {preview_name}, these choices will be removed: {}.",
                    names.join(", ")
                );
                let apply = move |_| {
                    choices.set(repair.choices.clone());
                    previewing.set(false);
                };
                view! {
                    <div class="repair" role="group" aria-label="Choose anyway">
                        <p>{text}</p>
                        <button class="primary small" on:click=apply>"Apply"</button>
                        <button class="secondary small" on:click=move |_| previewing.set(false)>"Cancel"</button>
                    </div>
                }
                .into_any()
            }
            None => view! {
                <div class="repair"><p>"This option is not available in any configuration."</p></div>
            }
            .into_any(),
        })
    };

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
        <div class="option-card" data-state=state_name>
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
                    {end_of_sale.map(|t| view! { <span class="badge">{t}</span> })}
                </span>
                <span class="option-price">{price}</span>
            </button>
            {move || {
                reason
                    .get()
                    .map(|(head, lines)| {
                        let unavailable = state.get() == ItemState::Unavailable;
                        view! {
                            <div class="option-reason" id=reason_id.clone()>
                                <strong>{head}</strong>
                                {lines.into_iter().map(|l| view! { <span class="reason-line">{l}</span> }).collect_view()}
                                {unavailable
                                    .then(|| {
                                        view! {
                                            <button
                                                class="link choose-anyway"
                                                class:hidden=move || previewing.get()
                                                on:click=move |_| previewing.set(true)
                                            >
                                                "Choose anyway"
                                            </button>
                                        }
                                    })}
                            </div>
                        }
                    })
            }}
            <QuantityStepper id=id />
            {preview}
        </div>
    }
}
