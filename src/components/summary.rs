use configurator_engine::{ItemId, Status, COUNT_BUDGET};
use leptos::prelude::*;

use super::resource_meters::ResourceMeters;
use crate::format;
use crate::i18n::{t, use_lang, Lang};
use crate::state::{
    AppView, Choices, Compute, CurrentEvaluation, CurrentPriced, CurrentStep, CurrentView,
    EngineCtx,
};

/// The summary: chosen and included items with prices, the status and the running total.
#[component]
pub fn Summary() -> impl IntoView {
    let EngineCtx(engine) = expect_context();
    let CurrentEvaluation(evaluation) = expect_context();
    let CurrentStep(step) = expect_context();
    let choices: Choices = expect_context();
    let CurrentView(view) = expect_context();
    let currency = engine.catalog().currency.clone();
    let total_currency = currency.clone();
    let lang = use_lang();
    // The priced lines (catalog list prices, no partner context): percentage and recurring
    // prices come from here, and the total counts one-time charges only.
    let CurrentPriced(priced) = expect_context();
    let total = move || {
        let amount = priced.with(|p| evaluation.with(|e| format::running_total(p.as_deref(), e)));
        format::money(amount, &total_currency, lang.get())
    };
    let yearly_currency = currency.clone();
    let yearly = Memo::new(move |_| {
        let l = lang.get();
        priced.with(|p| {
            p.as_ref()
                .map(|p| p.totals.yearly)
                .filter(|y| *y != configurator_engine::Money::ZERO)
                .map(|y| {
                    let y = format::money(y, &yearly_currency, l);
                    match l {
                        Lang::En => format!("Plus {y} per year"),
                        Lang::De => format!("Zuzüglich {y} pro Jahr"),
                    }
                })
        })
    });

    let lines_engine = engine.clone();
    let lines = move || -> Vec<ItemId> {
        let ev = evaluation.get();
        lines_engine
            .catalog()
            .items()
            .iter()
            .filter(|it| ev.item(it.id).is_in())
            .map(|it| it.id)
            .collect()
    };
    let line_engine = engine.clone();
    let status_engine = engine.clone();
    let status = move || {
        let catalog = status_engine.catalog();
        match evaluation.with(|e| e.status.clone()) {
            Status::Complete => view! {
                <p class="status status-complete" role="status">{t("Complete: ready to quote.", "Vollständig: bereit für ein Angebot.")}</p>
            }
            .into_any(),
            Status::Incomplete { missing } => {
                let links = missing
                    .into_iter()
                    .map(|g| {
                        let name = catalog.group(g).name.clone();
                        view! {
                            <li><button class="link" on:click=move |_| step.set(g)>{name}</button></li>
                        }
                    })
                    .collect_view();
                view! {
                    <div class="status status-incomplete" role="status">
                        <p>{t("Still required:", "Noch erforderlich:")}</p>
                        <ul>{links}</ul>
                    </div>
                }
                .into_any()
            }
            Status::Conflict(e) => {
                let l = lang.get();
                let lines = format::reasons(catalog, &e, l)
                    .into_iter()
                    .map(|l| view! { <li>{l}</li> })
                    .collect_view();
                // Each fix: leave out one of the choices that conflict.
                let fixes = e
                    .choices
                    .iter()
                    .map(|&i| {
                        let label = match l {
                            Lang::En => format!("Remove {}", catalog.item(i).name),
                            Lang::De => format!("{} entfernen", catalog.item(i).name),
                        };
                        let remove = move |_| choices.update(|c| c.retain(|c| c.item != i));
                        view! { <li><button class="link fix" on:click=remove>{label}</button></li> }
                    })
                    .collect_view();
                view! {
                    <div class="status status-conflict" role="alert">
                        <p>{t("These choices conflict:", "Diese Auswahl steht im Konflikt:")}</p>
                        <ul>{lines}</ul>
                        <p>{t("To fix it:", "Zur Lösung:")}</p>
                        <ul class="fixes">{fixes}</ul>
                    </div>
                }
                .into_any()
            }
        }
    };
    let compute: Compute = expect_context();
    // A small budget for catalogs without a diagram: a count is a nicety, not worth a frozen
    // page (and in a worker it is asked after the evaluation).
    let counted = crate::latest(None, move || {
        let current = choices.with(Vec::clone);
        async move { compute.count(current, COUNT_BUDGET / 50).await }
    });
    let count = move || {
        counted.get().flatten().map(|n| {
            let l = lang.get();
            let n = format::grouped(&n.to_string(), l);
            match (n == "1", l) {
                (true, Lang::En) => "1 configuration possible".to_owned(),
                (true, Lang::De) => "1 Konfiguration möglich".to_owned(),
                (false, Lang::En) => format!("{n} configurations possible"),
                (false, Lang::De) => format!("{n} Konfigurationen möglich"),
            }
        })
    };
    let complete_defaults = move |_| {
        let current = choices.get_untracked();
        leptos::task::spawn_local(async move { choices.set(compute.defaults(current).await) });
    };
    let complete_cheapest = move |_| {
        let current = choices.get_untracked();
        leptos::task::spawn_local(async move {
            if let Some(next) = compute.cheapest(current).await {
                choices.set(next);
            }
        });
    };
    view! {
        <aside class="summary" aria-labelledby="summary-title">
            <h2 id="summary-title">{t("Summary", "Übersicht")}</h2>
            <ul class="summary-lines">
                <For each=lines key=|id| *id let:id>
                    {
                        let catalog = line_engine.catalog();
                        let item = catalog.item(id);
                        let implied = move || !choices.with(|c| c.iter().any(|c| c.item == id));
                        let price = item.price;
                        let line_currency = catalog.currency.clone();
                        let quantity = move || evaluation.with(|e| e.quantity(id));
                        let line_price = move || {
                            let (list, per) = priced
                                .with(|p| {
                                    p.as_ref()?.lines.iter().find(|l| l.item == id).map(|l| (l.list, l.recurring))
                                })
                                .unwrap_or((price.times(quantity()), None));
                            let l = lang.get();
                            let per = per.map(|p| format!(" / {}", format::period(p.name(), l))).unwrap_or_default();
                            format!("{}{per}", format::money(list, &line_currency, l))
                        };
                        view! {
                            <li class="summary-line">
                                <span class="line-name">
                                    <span class="line-qty" class:hidden=move || quantity() < 2>{move || format!("{} × ", quantity())}</span>
                                    {item.name.clone()}
                                    <span class="line-included" class:hidden=move || !implied()>{move || lang.get().pick(" (included)", " (enthalten)")}</span>
                                </span>
                                <span class="line-sku">{item.sku.clone()}</span>
                                <span class="line-price">{line_price}</span>
                            </li>
                        }
                    }
                </For>
            </ul>
            <p class="summary-empty" class:hidden=move || evaluation.with(|e| e.items.iter().any(|s| s.is_in()))>
                {t("Nothing chosen yet.", "Noch nichts gewählt.")}
            </p>
            <div class="total">
                <span>{t("Total (list)", "Summe (Liste)")}</span>
                <output id="total" aria-live="polite">{total}</output>
            </div>
            <p class="recurring-total" id="recurring-total" class:hidden=move || yearly.with(Option::is_none)>{move || yearly.get()}</p>
            {status}
            <ResourceMeters />
            <p class="count" id="count">{count}</p>
            <div class="summary-actions">
                <button class="primary" id="review-quote" on:click=move |_| view.set(AppView::Quote)>{t("Review quote", "Angebot prüfen")}</button>
                <button class="secondary" on:click=complete_defaults>{t("Complete with defaults", "Mit Standardwerten vervollständigen")}</button>
                <button class="secondary" on:click=complete_cheapest>{t("Cheapest completion", "Günstigste Vervollständigung")}</button>
                <button class="secondary" on:click=move |_| choices.set(Vec::new())>{t("Start over", "Neu beginnen")}</button>
                <div class="undo-redo">
                    <button
                        class="secondary"
                        aria-keyshortcuts="Control+Z"
                        aria-disabled=move || if choices.can_undo() { "false" } else { "true" }
                        on:click=move |_| {
                            choices.undo();
                        }
                    >
                        {t("Undo", "Rückgängig")}
                    </button>
                    <button
                        class="secondary"
                        aria-keyshortcuts="Control+Shift+Z"
                        aria-disabled=move || if choices.can_redo() { "false" } else { "true" }
                        on:click=move |_| {
                            choices.redo();
                        }
                    >
                        {t("Redo", "Wiederholen")}
                    </button>
                </div>
            </div>
        </aside>
    }
}
