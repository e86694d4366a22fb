//! When the configuration would ship if ordered today.

use leptos::prelude::*;

use crate::format;
use crate::i18n::use_lang;
use crate::state::{CurrentEvaluation, EngineCtx};

/// When the configuration ships if ordered today: the longest lead time of the chosen items
/// (the catalog's `lead_days`, found by the engine's `Catalog::lead_days`) in days and as a
/// date in the reader's language and time zone. Hidden while nothing is chosen, and for a
/// catalog that states no lead times (it promises nothing about shipping).
#[component]
pub fn ShipEstimate() -> impl IntoView {
    let engine: EngineCtx = expect_context();
    let CurrentEvaluation(evaluation) = expect_context();
    let lang = use_lang();
    let states_lead_times = engine
        .get()
        .catalog()
        .items()
        .iter()
        .any(|i| i.lead_days > 0);
    let days = Memo::new(move |_| {
        evaluation.with(|ev| {
            let chosen: Vec<_> = (0..ev.items.len())
                .map(configurator_engine::ItemId::from_index)
                .filter(|&i| ev.item(i).is_in())
                .collect();
            (states_lead_times && !chosen.is_empty())
                .then(|| engine.get().catalog().lead_days(chosen))
        })
    });
    let text = move || {
        days.get()
            .map(|d| format::ship_estimate(d, format::today(), lang.get()))
    };
    view! {
        <p class="ship-estimate" id="ship-estimate" class:hidden=move || days.with(Option::is_none)>
            {text}
        </p>
    }
}
