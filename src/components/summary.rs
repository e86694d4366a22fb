use configurator_engine::{ItemId, Status, COUNT_BUDGET};
use leptos::prelude::*;

use super::resource_meters::ResourceMeters;
use crate::format;
use crate::state::{AppView, Choices, CurrentEvaluation, CurrentStep, CurrentView, EngineCtx};

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
    let total = move || format::money(evaluation.with(|e| e.total), &total_currency);
    // The priced lines (catalog list prices, no partner context): percentage and recurring
    // prices come from here.
    let priced_engine = engine.clone();
    let priced = Memo::new(move |_| {
        evaluation.with(|e| {
            configurator_engine::pricing::price(priced_engine.catalog(), e, &Default::default())
                .ok()
        })
    });
    let yearly_currency = currency.clone();
    let yearly = Memo::new(move |_| {
        priced.with(|p| {
            p.as_ref()
                .map(|p| p.totals.yearly)
                .filter(|y| *y != configurator_engine::Money::ZERO)
                .map(|y| format!("Plus {} per year", format::money(y, &yearly_currency)))
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
                <p class="status status-complete" role="status">"Complete: ready to quote."</p>
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
                        <p>"Still required:"</p>
                        <ul>{links}</ul>
                    </div>
                }
                .into_any()
            }
            Status::Conflict(e) => {
                let lines = format::reasons(catalog, &e)
                    .into_iter()
                    .map(|l| view! { <li>{l}</li> })
                    .collect_view();
                view! {
                    <div class="status status-conflict" role="alert">
                        <p>"These choices conflict:"</p>
                        <ul>{lines}</ul>
                    </div>
                }
                .into_any()
            }
        }
    };
    let count_engine = engine.clone();
    let count = move || {
        // A small budget for catalogs without a diagram: a count is a nicety, not worth a frozen page.
        choices
            .with(|c| count_engine.count_within(c, COUNT_BUDGET / 50))
            .map(|n| {
                let n = format::grouped(&n.to_string());
                if n == "1" {
                    "1 configuration possible".to_owned()
                } else {
                    format!("{n} configurations possible")
                }
            })
    };
    let defaults_engine = engine.clone();
    let complete_defaults = move |_| {
        let next = choices.with(|c| defaults_engine.complete_with_defaults(c));
        choices.set(next);
    };
    let cheapest_engine = engine.clone();
    let complete_cheapest = move |_| {
        if let Some(next) = choices.with(|c| cheapest_engine.cheapest_completion(c)) {
            choices.set(next);
        }
    };
    view! {
        <aside class="summary" aria-labelledby="summary-title">
            <h2 id="summary-title">"Summary"</h2>
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
                            let per = per.map(|p| format!(" / {}", p.name())).unwrap_or_default();
                            format!("{}{per}", format::money(list, &line_currency))
                        };
                        view! {
                            <li class="summary-line">
                                <span class="line-name">
                                    <span class="line-qty" class:hidden=move || quantity() < 2>{move || format!("{} × ", quantity())}</span>
                                    {item.name.clone()}
                                    <span class="line-included" class:hidden=move || !implied()>" (included)"</span>
                                </span>
                                <span class="line-sku">{item.sku.clone()}</span>
                                <span class="line-price">{line_price}</span>
                            </li>
                        }
                    }
                </For>
            </ul>
            <p class="summary-empty" class:hidden=move || evaluation.with(|e| e.items.iter().any(|s| s.is_in()))>
                "Nothing chosen yet."
            </p>
            <div class="total">
                <span>"Total (list)"</span>
                <output id="total" aria-live="polite">{total}</output>
            </div>
            <p class="recurring-total" id="recurring-total" class:hidden=move || yearly.with(Option::is_none)>{move || yearly.get()}</p>
            {status}
            <ResourceMeters />
            <p class="count" id="count">{count}</p>
            <div class="summary-actions">
                <button class="primary" id="review-quote" on:click=move |_| view.set(AppView::Quote)>"Review quote"</button>
                <button class="secondary" on:click=complete_defaults>"Complete with defaults"</button>
                <button class="secondary" on:click=complete_cheapest>"Cheapest completion"</button>
                <button class="secondary" on:click=move |_| choices.set(Vec::new())>"Start over"</button>
                <div class="undo-redo">
                    <button
                        class="secondary"
                        aria-keyshortcuts="Control+Z"
                        aria-disabled=move || if choices.can_undo() { "false" } else { "true" }
                        on:click=move |_| {
                            choices.undo();
                        }
                    >
                        "Undo"
                    </button>
                    <button
                        class="secondary"
                        aria-keyshortcuts="Control+Shift+Z"
                        aria-disabled=move || if choices.can_redo() { "false" } else { "true" }
                        on:click=move |_| {
                            choices.redo();
                        }
                    >
                        "Redo"
                    </button>
                </div>
            </div>
        </aside>
    }
}
