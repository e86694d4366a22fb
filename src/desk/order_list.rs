//! The desk's list of orders (`#/orders`).

use configurator_api::orders::{OrderList as Answer, OrderStatus, OrderSummary};
use leptos::prelude::*;

use super::filter_field::filter_field;

use super::api::{self, encode};
use super::order_words::order_status_name;
use super::words;
use crate::i18n::{t, use_lang};

/// The filters of the list, as the query the desk reads (`status`, `q`, `from`, `to`).
#[derive(Clone, Debug, Default, PartialEq)]
struct Filter {
    status: String,
    q: String,
    from: String,
    to: String,
}

impl Filter {
    fn query(&self) -> String {
        [
            ("status", &self.status),
            ("q", &self.q),
            ("from", &self.from),
            ("to", &self.to),
        ]
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{k}={}", encode(v.trim())))
        .collect::<Vec<_>>()
        .join("&")
    }
}

/// The orders the user may see (reps their own, managers their team's, the order desk all),
/// searched and filtered by the desk; CSV and JSON exports of the same list.
#[component]
pub fn OrderList() -> impl IntoView {
    let lang = use_lang();
    let filter = RwSignal::new(Filter::default());
    let applied = RwSignal::new(Filter::default());
    let list = RwSignal::new(None::<Result<Vec<OrderSummary>, String>>);
    Effect::new(move |_| {
        let query = applied.get().query();
        leptos::task::spawn_local(async move {
            let r = api::get_typed::<Answer>(&format!("/api/orders?{query}")).await;
            list.set(Some(r.map(|a| a.orders).map_err(|p| {
                super::problem_words::problem_text(&p, lang.get_untracked())
            })));
        });
    });
    let field = move |id, label, kind, get, set| filter_field(filter, id, label, kind, get, set);
    let statuses = std::iter::once(None).chain(OrderStatus::ALL.map(Some));
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        applied.set(filter.get_untracked());
    };
    let body = move || {
        match list.get() {
        None => view! { <p role="status">{t("Loading…", "Wird geladen …")}</p> }.into_any(),
        Some(Err(m)) => view! { <p class="desk-problem" role="alert">{m}</p> }.into_any(),
        Some(Ok(rows)) if rows.is_empty() => {
            view! { <p role="status">{t("No orders match.", "Keine passenden Aufträge.")}</p> }
                .into_any()
        }
        Some(Ok(rows)) => view! {
            <div class="desk-scroll" tabindex="0" role="region" aria-label=t("Orders", "Aufträge")>
            <table class="desk-table" id="order-list">
                <thead><tr>
                    <th scope="col">{t("Order", "Auftrag")}</th>
                    <th scope="col">{t("Customer", "Kunde")}</th>
                    <th scope="col">{t("PO number", "Bestellnummer")}</th>
                    <th scope="col">{t("Status", "Status")}</th>
                    <th scope="col" class="num">{t("Total", "Summe")}</th>
                    <th scope="col">{t("Ship date", "Versanddatum")}</th>
                    <th scope="col">{t("Placed", "Aufgegeben")}</th>
                </tr></thead>
                <tbody>
                    <For each=move || rows.clone() key=|r| (r.number.clone(), r.status, r.updated_at.clone()) let:r>
                        <tr>
                            <td><a href=format!("#/order/{}", r.number)>{r.number.clone()}</a></td>
                            <td>{r.customer.clone()}</td>
                            <td>{r.purchase_order.clone()}</td>
                            <td>{let s = r.status; move || order_status_name(s, lang.get())}</td>
                            <td class="num">{let (v, c) = (r.total.clone(), r.currency.clone()); move || words::amount(&v, &c, lang.get())}</td>
                            <td>{let d = r.confirmed_ship_date.clone().unwrap_or_else(|| r.estimated_ship_date.clone()); move || crate::format::date(&d, lang.get())}</td>
                            <td><time datetime=r.created_at.clone()>{let u = r.created_at.clone(); move || words::time(&u, lang.get())}</time></td>
                        </tr>
                    </For>
                </tbody>
            </table>
            </div>
        }
        .into_any(),
    }
    };
    let export = move |kind: &str| format!("/api/orders/export.{kind}?{}", applied.get().query());
    view! {
        <section class="desk-card" aria-labelledby="orders-title">
            <h1 id="orders-title">{t("Orders", "Aufträge")}</h1>
            <form class="desk-filters" role="search" on:submit=search>
                {field("o-q", t("Customer, order or PO number", "Kunde, Auftrags- oder Bestellnummer"), "search", |f| f.q.clone(), |f, v| f.q = v)}
                <div class="desk-field">
                    <label for="o-status">{t("Status", "Status")}</label>
                    <select id="o-status" prop:value=move || filter.with(|f| f.status.clone())
                        on:change=move |e| filter.update(|f| f.status = event_target_value(&e))>
                        {statuses.map(|s| view! {
                            <option value=s.map_or("", OrderStatus::name)>{move || match s {
                                None => lang.get().pick("Any", "Alle").to_owned(),
                                Some(s) => order_status_name(s, lang.get()),
                            }}</option>
                        }).collect_view()}
                    </select>
                </div>
                {field("o-from", t("Placed from", "Aufgegeben ab"), "date", |f| f.from.clone(), |f, v| f.from = v)}
                {field("o-to", t("Placed until", "Aufgegeben bis"), "date", |f| f.to.clone(), |f, v| f.to = v)}
                <button class="primary" type="submit" id="search-orders">{t("Search", "Suchen")}</button>
            </form>
            {body}
            <p class="desk-exports">
                <a href=move || export("csv") download="orders.csv">{t("Export CSV", "CSV exportieren")}</a>
                " · "
                <a href=move || export("json") download="orders.json">{t("Export JSON", "JSON exportieren")}</a>
            </p>
        </section>
    }
}
