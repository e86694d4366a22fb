use configurator_engine::{ChoiceKind, ItemId};
use leptos::prelude::*;

use super::item_card::ItemCard;
use crate::state::{CurrentStep, EngineCtx};

/// The options of the current step, with the group's name, help text and how many to choose.
#[component]
pub fn GroupStep() -> impl IntoView {
    let EngineCtx(engine) = expect_context();
    let CurrentStep(step) = expect_context();
    let header_engine = engine.clone();
    let header = move || {
        let g = header_engine.catalog().group(step.get());
        let hint = match (g.kind, g.min, g.max) {
            (ChoiceKind::Single, 1, _) => "Choose one".to_owned(),
            (ChoiceKind::Single, _, _) => "Choose one, or none".to_owned(),
            (_, 0, max) => format!("Choose up to {max}"),
            (_, min, max) if min == max => format!("Choose {min}"),
            (_, min, max) => format!("Choose {min} to {max}"),
        };
        view! {
            <h2 id="step-title">{g.name.clone()}</h2>
            <p class="step-hint">{hint}</p>
            <p class="step-description">{g.description.clone()}</p>
        }
    };
    let items = move || -> Vec<ItemId> { engine.catalog().group(step.get()).items.clone() };
    view! {
        <section class="options" aria-labelledby="step-title">
            {header}
            <div class="option-list" role="group" aria-labelledby="step-title">
                <For each=items key=|id| *id let:id>
                    <ItemCard id />
                </For>
            </div>
        </section>
    }
}
