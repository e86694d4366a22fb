//! One order on the desk (`#/order/NUMBER`).

use configurator_api::orders::{OrderAnswer, OrderDetail};
use leptos::prelude::*;

use super::api::{self, ApiProblem};
use super::order_actions::OrderActions;
use super::order_view::{OrderFacts, OrderLines, Shipments, Timeline};
use super::order_words::order_status_name;
use super::problem_words::problem_text;
use crate::i18n::{t, use_lang, Lang};

/// One order: its facts, lines, shipments and life, the order document as PDF, and for the
/// order desk the steps the desk lists (the order after each step shown at once).
#[component]
pub fn OrderPage(
    /// The order's number.
    number: String,
) -> impl IntoView {
    let lang = use_lang();
    let data = RwSignal::new(None::<Result<OrderDetail, ApiProblem>>);
    let message = RwSignal::new(String::new());
    let problem = RwSignal::new(String::new());
    let n = number.clone();
    leptos::task::spawn_local(async move {
        data.set(Some(api::get_typed(&format!("/api/orders/{n}")).await));
    });
    let on_done = Callback::new(move |r: Result<OrderAnswer, ApiProblem>| match r {
        Ok(a) => {
            let l = lang.get_untracked();
            let s = order_status_name(a.order.summary.status, l);
            message.set(match l {
                Lang::En => format!("Done: the order is now {}.", s.to_lowercase()),
                Lang::De => format!("Erledigt: der Auftrag ist jetzt {s}."),
            });
            problem.set(String::new());
            data.set(Some(Ok(a.order)));
        }
        Err(p) => {
            message.set(String::new());
            problem.set(problem_text(&p, lang.get_untracked()));
        }
    });
    view! {
        <p class="no-print"><a href="#/orders">{t("← All orders", "← Alle Aufträge")}</a></p>
        {move || match data.get() {
            None => view! { <p role="status">{t("Loading…", "Wird geladen …")}</p> }.into_any(),
            Some(Err(p)) => view! { <p class="desk-problem" role="alert">{problem_text(&p, lang.get())}</p> }.into_any(),
            Some(Ok(o)) => {
                let number = o.summary.number.clone();
                view! {
                    <section class="desk-card" aria-labelledby="order-title">
                        <h1 id="order-title">{format!("{} · {}", o.summary.number, o.summary.customer)}</h1>
                        <OrderFacts order=o.clone() />
                        <p class="desk-message" role="status" id="order-message">{move || message.get()}</p>
                        <p class="desk-problem" role="alert" id="order-problem">{move || problem.get()}</p>
                        <p class="desk-exports no-print">
                            <a href=format!("/api/orders/{number}/document.pdf") target="_blank" id="order-pdf">{t("Order as PDF", "Auftrag als PDF")}</a>
                            " · "
                            <a href=format!("#/quote/{}", o.summary.quote)>{t("The quote", "Das Angebot")}</a>
                        </p>
                    </section>
                    {(!o.actions.is_empty()).then(|| view! {
                        <OrderActions number=number.clone() lines=o.lines.clone() actions=o.actions.clone() on_done />
                    })}
                    <section class="desk-card" aria-labelledby="lines-title">
                        <h2 id="lines-title">{t("Lines", "Positionen")}</h2>
                        <OrderLines order=o.clone() />
                    </section>
                    <section class="desk-card" aria-labelledby="shipments-title">
                        <h2 id="shipments-title">{t("Shipments", "Sendungen")}</h2>
                        <Shipments shipments=o.shipments.clone() />
                    </section>
                    <section class="desk-card" aria-labelledby="events-title">
                        <h2 id="events-title">{t("History", "Verlauf")}</h2>
                        <Timeline order=o.clone() />
                    </section>
                }
                .into_any()
            }
        }}
    }
}
