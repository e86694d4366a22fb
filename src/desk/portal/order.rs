//! One order of the buyer's account: where it stands, its shipments and tracking, its
//! document, and reordering it.

use configurator_api::orders::{OrderDetail, OrderStatus, Reorder};
use leptos::prelude::*;

use super::super::api::{self, ApiProblem};
use super::super::order_view::{OrderFacts, OrderLines, Shipments, Timeline};
use super::super::order_words::progress;
use super::super::problem_words::problem_text;
use super::href;
use super::quote::REORDER_KEY;
use crate::i18n::{t, use_lang};

/// The progress line: received → confirmed → shipped → delivered, the steps reached marked
/// (and said to screen readers); a cancelled order says so.
#[component]
fn Progress(
    /// Where the order stands.
    status: OrderStatus,
) -> impl IntoView {
    let lang = use_lang();
    move || {
        let l = lang.get();
        if status == OrderStatus::Cancelled {
            return view! { <p class="portal-cancelled" id="order-progress">{l.pick("This order was cancelled.", "Dieser Auftrag wurde storniert.")}</p> }.into_any();
        }
        let steps = progress(status, l);
        let last = steps.iter().rposition(|(_, r)| *r).unwrap_or(0);
        view! {
            <ol class="portal-progress" id="order-progress" aria-label=l.pick("Progress", "Fortschritt")>
                {steps.into_iter().enumerate().map(|(i, (name, reached))| view! {
                    <li class:reached=reached aria-current=(i == last).then_some("step")>
                        {name}
                        {(!reached).then(|| view! { <span class="visually-hidden">{l.pick(" (not yet)", " (noch nicht)")}</span> })}
                    </li>
                }).collect_view()}
            </ol>
        }
        .into_any()
    }
}

/// The buyer's order page: the progress line, facts, lines, shipments with tracking numbers,
/// the life, the order document (PDF), and "Reorder" (a new quote at today's prices, opened
/// with what changed).
#[component]
pub fn PortalOrderPage(
    /// The order's number.
    number: String,
) -> impl IntoView {
    let lang = use_lang();
    let data = RwSignal::new(None::<Result<OrderDetail, ApiProblem>>);
    let problem = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let n = number.clone();
    leptos::task::spawn_local(async move {
        data.set(Some(
            api::get_typed(&format!("/api/portal/orders/{n}")).await,
        ));
    });
    let number = StoredValue::new(number);
    let reorder = move |_| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            let path = format!("/api/portal/orders/{}/reorder", number.get_value());
            match api::typed::<(), Reorder>("POST", &path, None).await {
                Ok(r) => {
                    if let (Ok(Some(s)), Ok(text)) =
                        (window().session_storage(), serde_json::to_string(&r))
                    {
                        let _ = s.set_item(REORDER_KEY, &text);
                    }
                    super::super::go(&href(&format!("quote/{}", r.quote)));
                }
                Err(p) => {
                    problem.set(problem_text(&p, lang.get_untracked()));
                    busy.set(false);
                }
            }
        });
    };
    view! {
        <p class="no-print"><a href=href("")>{t("← Home", "← Startseite")}</a></p>
        {move || match data.get() {
            None => view! { <p role="status">{t("Loading…", "Wird geladen …")}</p> }.into_any(),
            Some(Err(p)) => view! { <p class="desk-problem" role="alert">{problem_text(&p, lang.get())}</p> }.into_any(),
            Some(Ok(o)) => {
                let n = o.summary.number.clone();
                view! {
                    <section class="desk-card" aria-labelledby="portal-order-title">
                        <h1 id="portal-order-title">{move || lang.get().pick(format!("Order {n}"), format!("Auftrag {n}"))}</h1>
                        <Progress status=o.summary.status />
                        <OrderFacts order=o.clone() />
                        <p class="desk-exports no-print">
                            <a href=format!("/api/portal/orders/{}/document.pdf", o.summary.number) target="_blank" id="portal-order-pdf">{t("Order document (PDF)", "Auftragsdokument (PDF)")}</a>
                        </p>
                        <div class="desk-renew no-print">
                            <button class="secondary" type="button" id="reorder" disabled=move || busy.get() on:click=reorder>{t("Reorder", "Nachbestellen")}</button>
                            <p class="desk-hint">{t(
                                "A new quote with the same configuration at today's prices, with what changed shown before you order.",
                                "Ein neues Angebot mit derselben Konfiguration zu heutigen Preisen; was sich geändert hat, sehen Sie vor dem Bestellen.",
                            )}</p>
                            <p class="desk-problem" role="alert">{move || problem.get()}</p>
                        </div>
                    </section>
                    <section class="desk-card" aria-labelledby="portal-shipments-title">
                        <h2 id="portal-shipments-title">{t("Shipments and tracking", "Sendungen und Sendungsverfolgung")}</h2>
                        <Shipments shipments=o.shipments.clone() />
                    </section>
                    <section class="desk-card" aria-labelledby="portal-lines-title">
                        <h2 id="portal-lines-title">{t("Lines", "Positionen")}</h2>
                        <OrderLines order=o.clone() />
                    </section>
                    <section class="desk-card" aria-labelledby="portal-events-title">
                        <h2 id="portal-events-title">{t("History", "Verlauf")}</h2>
                        <Timeline order=o.clone() />
                    </section>
                }
                .into_any()
            }
        }}
    }
}
