use configurator_engine::{ItemId, ItemState};
use leptos::prelude::*;

use crate::components::quantity_stepper::QuantityStepper;
use crate::format;
use crate::i18n::{t, use_lang, Lang};
use crate::state::{Choices, Compute, CurrentEvaluation, EngineCtx};

/// One option: name, SKU, description, price and its state. Unavailable options stay visible
/// and focusable (`aria-disabled`), say why, and offer "Choose anyway" with a preview of the
/// choices that would be removed.
#[component]
pub fn ItemCard(id: ItemId) -> impl IntoView {
    let EngineCtx(engine) = expect_context();
    let choices: Choices = expect_context();
    let CurrentEvaluation(evaluation) = expect_context();
    let compute: Compute = expect_context();
    let lang = use_lang();
    let catalog = engine.catalog();
    let item = catalog.item(id).clone();
    let group_key = catalog.group(item.group).key.clone();
    let dom_id = format!("item-{group_key}-{}", item.key);
    let reason_id = format!("{dom_id}-reason");
    let price_item = item.clone();
    let currency = catalog.currency.clone();
    let price = move || format::item_price(&price_item, &currency, lang.get());
    let end_of_sale = item.end_of_sale.map(|d| {
        move || {
            let l = lang.get();
            format!(
                "{} {}",
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
    let reason_engine = engine.clone();
    // Explanations are computed only for the options on screen, each in a task of its own
    // after the click has been answered: a few milliseconds each on a large catalog, so a step
    // with dozens of unavailable options would otherwise block the page. An option keeps its
    // last reason until the new one is ready; none is shown unless its state calls for one.
    let explained = crate::latest(None, move || {
        let state = state.get();
        let l = lang.get();
        let current = choices.with(Vec::clone);
        let engine = reason_engine.clone();
        async move {
            if !matches!(state, ItemState::Unavailable | ItemState::Implied) {
                return None;
            }
            crate::next_task().await;
            let e = compute.explain(current, id).await?;
            let catalog = engine.catalog();
            let with = format::choice_names(catalog, &e, l);
            let head = match (state, with.is_empty(), l) {
                (ItemState::Implied, _, Lang::En) => format!("Included because of {with}"),
                (ItemState::Implied, _, Lang::De) => format!("Enthalten wegen {with}"),
                (_, true, l) => l.pick("Not available", "Nicht verfügbar").to_owned(),
                (_, false, Lang::En) => format!("Not available with {with}"),
                (_, false, Lang::De) => format!("Nicht verfügbar mit {with}"),
            };
            Some((head, format::reasons(catalog, &e, l)))
        }
    });
    let reason = move || {
        if !matches!(state.get(), ItemState::Unavailable | ItemState::Implied) {
            return None;
        }
        explained.get().flatten()
    };

    // "Choose anyway": a preview of the repair, applied in one click.
    let previewing = RwSignal::new(false);
    let planned = crate::latest(None, move || {
        let asked = previewing.get();
        let current = choices.with(Vec::clone);
        async move {
            if !asked {
                return None;
            }
            Some(compute.choose_anyway(current, id).await)
        }
    });
    let plan = move || planned.get().flatten();
    let preview_engine = engine.clone();
    let preview_name = item.name.clone();
    let preview = move || {
        plan().map(|p| match p {
            Some(repair) => {
                let catalog = preview_engine.catalog();
                let names: Vec<String> = repair.retract.iter().map(|&r| catalog.item(r).name.clone()).collect();
                let text = match lang.get() {
                    Lang::En => format!(
                        "To choose {preview_name}, these choices will be removed: {}.",
                        names.join(", ")
                    ),
                    Lang::De => format!(
                        "Um {preview_name} zu wählen, wird Folgendes entfernt: {}.",
                        names.join(", ")
                    ),
                };
                let apply = move |_| {
                    choices.set(repair.choices.clone());
                    previewing.set(false);
                };
                view! {
                    <div class="repair" role="group" aria-label=t("Choose anyway", "Trotzdem wählen")>
                        <p>{text}</p>
                        <button class="primary small" on:click=apply>{t("Apply", "Übernehmen")}</button>
                        <button class="secondary small" on:click=move |_| previewing.set(false)>{t("Cancel", "Abbrechen")}</button>
                    </div>
                }
                .into_any()
            }
            None => view! {
                <div class="repair"><p>{t("This option is not available in any configuration.", "Diese Option ist in keiner Konfiguration verfügbar.")}</p></div>
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
                aria-describedby=move || reason().is_some().then(|| described.clone())
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
                reason()
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
                                                {t("Choose anyway", "Trotzdem wählen")}
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
