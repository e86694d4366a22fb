use leptos::prelude::*;

use super::config_count::ConfigCount;
use super::resource_meters::ResourceMeters;
use super::ship_estimate::ShipEstimate;
use super::status_panel::StatusPanel;
use super::summary_actions::SummaryActions;
use super::summary_line::SummaryLine;
use crate::format;
use crate::i18n::{t, use_lang, Lang};
use crate::state::{CurrentEvaluation, CurrentPriced, EngineCtx};

/// The summary: chosen and included items with prices, the running total (one-time charges;
/// yearly ones apart), the status, resource meters, the count of configurations still
/// possible, and the actions.
#[component]
pub fn Summary() -> impl IntoView {
    let engine: EngineCtx = expect_context();
    let CurrentEvaluation(evaluation) = expect_context();
    let CurrentPriced(priced) = expect_context();
    let lang = use_lang();
    let currency = &engine.get().catalog().currency;
    let total = move || {
        let amount = priced.with(|p| evaluation.with(|e| format::running_total(p.as_deref(), e)));
        format::money(amount, currency, lang.get())
    };
    let yearly = Memo::new(move |_| {
        let l = lang.get();
        let y = priced.with(|p| p.as_ref().map(|p| p.totals.yearly))?;
        (y != configurator_engine::Money::ZERO).then(|| {
            let y = format::money(y, currency, l);
            match l {
                Lang::En => format!("Plus {y} per year"),
                Lang::De => format!("Zuzüglich {y} pro Jahr"),
            }
        })
    });
    let lines = move || {
        evaluation.with(|ev| {
            (0..ev.items.len())
                .map(configurator_engine::ItemId::from_index)
                .filter(|&i| ev.item(i).is_in())
                .collect::<Vec<_>>()
        })
    };
    view! {
        <aside class="summary" aria-labelledby="summary-title">
            <h2 id="summary-title">{t("Summary", "Übersicht")}</h2>
            <ul class="summary-lines">
                <For each=lines key=|id| *id let:id>
                    <SummaryLine id />
                </For>
            </ul>
            <p class="summary-empty" class:hidden=move || evaluation.with(|e| e.items.iter().any(|s| s.is_in()))>
                {t("Nothing chosen yet.", "Noch nichts gewählt.")}
            </p>
            <div class="total">
                <span>{if crate::mode::punchout() {
                    t("Total (your contract)", "Summe (Ihr Vertrag)")
                } else {
                    t("Total (list)", "Summe (Liste)")
                }}</span>
                <output id="total" aria-live="polite">{total}</output>
            </div>
            <p class="recurring-total" id="recurring-total" class:hidden=move || yearly.with(Option::is_none)>{move || yearly.get()}</p>
            <ShipEstimate />
            <StatusPanel />
            <ResourceMeters />
            <ConfigCount />
            <SummaryActions />
        </aside>
    }
}
