//! The buyer's home: unread alerts, their account's quotes and orders.

use configurator_api::portal::{Alerts, PortalOrders, PortalQuotes};
use leptos::prelude::*;

use super::super::api::{self, ApiProblem};
use super::super::order_words::{alert_text, order_status_name};
use super::super::problem_words::problem_text;
use super::super::quote_list::status_name;
use super::super::words;
use super::href;
use crate::i18n::{t, use_lang};

/// The portal's home page: alerts (unread ones marked, each a link to its order, "Mark all as
/// read"), the quotes sent to the account (sent, accepted, expired) and its orders with their
/// status, ship dates and tracking numbers.
#[component]
pub fn PortalHome() -> impl IntoView {
    let lang = use_lang();
    let reload = RwSignal::new(0u32);
    let data = RwSignal::new(None::<Result<(Alerts, PortalQuotes, PortalOrders), ApiProblem>>);
    Effect::new(move |_| {
        reload.track();
        leptos::task::spawn_local(async move {
            let all = async {
                let a: Alerts = api::get_typed("/api/portal/alerts").await?;
                let q: PortalQuotes = api::get_typed("/api/portal/quotes").await?;
                let o: PortalOrders = api::get_typed("/api/portal/orders").await?;
                Ok((a, q, o))
            };
            data.set(Some(all.await));
        });
    });
    let mark_read = move |_| {
        leptos::task::spawn_local(async move {
            let _ = api::typed::<(), Alerts>("POST", "/api/portal/alerts/read", None).await;
            reload.update(|n| *n += 1);
        });
    };
    move || {
        match data.get() {
        None => view! { <p role="status">{t("Loading…", "Wird geladen …")}</p> }.into_any(),
        Some(Err(p)) => view! { <p class="desk-problem" role="alert">{problem_text(&p, lang.get())}</p> }.into_any(),
        Some(Ok((alerts, quotes, orders))) => view! {
            <section class="desk-card" aria-labelledby="alerts-title">
                <h1 id="alerts-title">{move || lang.get().pick(
                    format!("Alerts ({} unread)", alerts.unread),
                    format!("Meldungen ({} ungelesen)", alerts.unread),
                )}</h1>
                {alerts.alerts.is_empty().then(|| view! { <p>{t("Nothing new.", "Nichts Neues.")}</p> })}
                <ul class="portal-alerts" id="alerts">
                    <For each=move || alerts.alerts.clone() key=|a| (a.id, a.read) let:a>
                        <li class:portal-unread=!a.read>
                            <time datetime=a.at.clone()>{let at = a.at.clone(); move || words::time(&at, lang.get())}</time>
                            " "
                            <a href=href(&format!("order/{}", a.subject))>{let (s, st) = (a.subject.clone(), a.status); move || alert_text(&s, st, lang.get())}</a>
                        </li>
                    </For>
                </ul>
                {(alerts.unread > 0).then(|| view! {
                    <button class="secondary" type="button" id="alerts-read" on:click=mark_read>{t("Mark all as read", "Alle als gelesen markieren")}</button>
                })}
            </section>
            <section class="desk-card" aria-labelledby="portal-quotes-title">
                <h2 id="portal-quotes-title">{t("Quotes", "Angebote")}</h2>
                {quotes.quotes.is_empty().then(|| view! { <p>{t("No quotes yet.", "Noch keine Angebote.")}</p> })}
                <ul class="portal-list" id="portal-quotes">
                    <For each=move || quotes.quotes.clone() key=|q| (q.number.clone(), q.status, q.updated_at.clone()) let:q>
                        <li>
                            <a href=href(&format!("quote/{}", q.number))>{q.number.clone()}</a>
                            " · "
                            {let s = q.status; move || status_name(s, lang.get())}
                            " · "
                            {let (v, c) = (q.total.clone(), q.currency.clone()); move || words::amount(&v, &c, lang.get())}
                            {q.valid_until.clone().map(|d| view! { <span>{move || lang.get().pick(format!(" · valid until {}", crate::format::date(&d, lang.get())), format!(" · gültig bis {}", crate::format::date(&d, lang.get())))}</span> })}
                            {q.order.clone().map(|o| view! { " · " <a href=href(&format!("order/{o}"))>{o.clone()}</a> })}
                        </li>
                    </For>
                </ul>
            </section>
            <section class="desk-card" aria-labelledby="portal-orders-title">
                <h2 id="portal-orders-title">{t("Orders", "Aufträge")}</h2>
                {orders.orders.is_empty().then(|| view! { <p>{t("No orders yet.", "Noch keine Aufträge.")}</p> })}
                <ul class="portal-list" id="portal-orders">
                    <For each=move || orders.orders.clone() key=|o| (o.number.clone(), o.status, o.tracking.len()) let:o>
                        <li>
                            <a href=href(&format!("order/{}", o.number))>{o.number.clone()}</a>
                            " · "
                            <span class="portal-order-status">{let s = o.status; move || order_status_name(s, lang.get())}</span>
                            " · "
                            {format!("PO {}", o.purchase_order)}
                            " · "
                            {let (v, c) = (o.total.clone(), o.currency.clone()); move || words::amount(&v, &c, lang.get())}
                            {(!o.tracking.is_empty()).then(|| view! { <span>{move || lang.get().pick(" · tracking ", " · Sendungen ")}{o.tracking.join(", ")}</span> })}
                        </li>
                    </For>
                </ul>
            </section>
        }
        .into_any(),
    }
    }
}
