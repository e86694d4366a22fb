use configurator_engine::Status;
use leptos::prelude::*;

use crate::format;
use crate::state::{CurrentEvaluation, EngineCtx};

/// On phone widths, a bar fixed to the bottom of the screen with the total and the status, and
/// a link to the full summary. Hidden on wider screens (the summary pane is always in view).
#[component]
pub fn StickyBar() -> impl IntoView {
    let EngineCtx(engine) = expect_context();
    let CurrentEvaluation(evaluation) = expect_context();
    let currency = engine.catalog().currency.clone();
    let total = move || format::money(evaluation.with(|e| e.total), &currency);
    let status = move || {
        evaluation.with(|e| match &e.status {
            Status::Complete => ("complete", "Complete".to_owned()),
            Status::Incomplete { missing } if missing.is_empty() => {
                ("incomplete", "Incomplete".to_owned())
            }
            Status::Incomplete { missing } => {
                ("incomplete", format!("{} still required", missing.len()))
            }
            Status::Conflict(_) => ("conflict", "In conflict".to_owned()),
        })
    };
    view! {
        <div class="sticky-bar" role="region" aria-label="Total and status">
            <span class="sticky-total">{total}</span>
            <span class="sticky-status" data-status=move || status().0>{move || status().1}</span>
            <a class="sticky-link" href="#summary-title">"Summary"</a>
        </div>
    }
}
