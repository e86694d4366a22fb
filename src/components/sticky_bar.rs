use configurator_engine::Status;
use leptos::prelude::*;

use crate::format;
use crate::i18n::{t, use_lang, Lang};
use crate::state::{CurrentEvaluation, CurrentPriced, EngineCtx};

/// On phone widths, a bar fixed to the bottom of the screen with the total and the status, and
/// a link to the full summary. Hidden on wider screens (the summary pane is always in view).
#[component]
pub fn StickyBar() -> impl IntoView {
    let engine: EngineCtx = expect_context();
    let CurrentEvaluation(evaluation) = expect_context();
    let currency = &engine.get().catalog().currency;
    let lang = use_lang();
    let CurrentPriced(priced) = expect_context();
    // One-time charges; recurring ones are shown apart in the summary.
    let total = move || {
        let amount = priced.with(|p| evaluation.with(|e| format::running_total(p.as_deref(), e)));
        format::money(amount, currency, lang.get())
    };
    let status = move || {
        let l = lang.get();
        evaluation.with(|e| match &e.status {
            Status::Complete => ("complete", l.pick("Complete", "Vollständig").to_owned()),
            Status::Incomplete { missing } if missing.is_empty() => (
                "incomplete",
                l.pick("Incomplete", "Unvollständig").to_owned(),
            ),
            Status::Incomplete { missing } => (
                "incomplete",
                match l {
                    Lang::En => format!("{} still required", missing.len()),
                    Lang::De => format!("{} noch erforderlich", missing.len()),
                },
            ),
            Status::Conflict(_) => ("conflict", l.pick("In conflict", "Im Konflikt").to_owned()),
        })
    };
    view! {
        <div class="sticky-bar" role="region" aria-label=t("Total and status", "Summe und Status")>
            <span class="sticky-total">{total}</span>
            <span class="sticky-status" data-status=move || status().0>{move || status().1}</span>
            <a class="sticky-link" href="#summary-title">{t("Summary", "Übersicht")}</a>
        </div>
    }
}
