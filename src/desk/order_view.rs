//! The parts of an order's page the desk and the buyer's portal share: the facts (status,
//! purchase order, addresses, dates), the lines with lead times and shipped units, the
//! shipments with carrier and tracking, and the life as a timeline.

use configurator_api::orders::{OrderDetail, Shipment};
use leptos::prelude::*;

use super::order_words::{order_event_text, order_status_name};
use super::words;
use crate::i18n::{t, use_lang};

/// A date (`YYYY-MM-DD`) as the reader writes it, or a dash.
fn day(d: Option<&str>, l: crate::i18n::Lang) -> String {
    d.filter(|d| !d.is_empty())
        .map(|d| crate::format::date(d, l))
        .unwrap_or_else(|| "–".to_owned())
}

/// Status, purchase order, quote, addresses, terms and the requested, estimated and confirmed
/// dates, as a description list.
#[component]
pub fn OrderFacts(
    /// The order.
    order: OrderDetail,
) -> impl IntoView {
    let lang = use_lang();
    let s = order.summary.clone();
    let status = s.status;
    let o = order.clone();
    let dates = Signal::derive(move || {
        let l = lang.get();
        (
            day(s.requested_date.as_deref(), l),
            day(Some(&s.estimated_ship_date), l),
            day(s.confirmed_ship_date.as_deref(), l),
        )
    });
    let total = {
        let (v, c) = (order.summary.total.clone(), order.summary.currency.clone());
        move || words::amount(&v, &c, lang.get())
    };
    view! {
        <p id="order-status" role="status"><strong>{move || order_status_name(status, lang.get())}</strong></p>
        <dl class="desk-facts">
            <dt>{t("Purchase order", "Bestellnummer")}</dt><dd id="order-po">{o.summary.purchase_order.clone()}</dd>
            <dt>{t("Quote", "Angebot")}</dt><dd>{format!("{} · r{}", o.summary.quote, o.summary.quote_revision)}</dd>
            <dt>{t("Total (net)", "Summe (netto)")}</dt><dd>{total}</dd>
            <dt>{t("Requested delivery", "Gewünschte Lieferung")}</dt><dd>{move || dates.get().0}</dd>
            <dt>{t("Estimated ship date", "Voraussichtlicher Versand")}</dt><dd id="order-estimated">{move || dates.get().1}</dd>
            <dt>{t("Confirmed ship date", "Bestätigter Versand")}</dt><dd id="order-confirmed">{move || dates.get().2}</dd>
            <dt>{t("Bill to", "Rechnungsadresse")}</dt><dd class="desk-address">{o.bill_to.clone()}</dd>
            <dt>{t("Ship to", "Lieferadresse")}</dt><dd class="desk-address">{o.ship_to.clone()}</dd>
            {o.term_months.map(|m| view! {
                <dt>{t("Term", "Laufzeit")}</dt>
                <dd id="order-term">{move || lang.get().pick(format!("{m} months"), format!("{m} Monate"))}</dd>
            })}
            <dt>{t("Catalog version", "Katalogversion")}</dt><dd>{format!("{} {}", o.summary.catalog, o.summary.catalog_version)}</dd>
        </dl>
    }
}

/// The lines: SKU, name, units, lead time, shipped units, net.
#[component]
pub fn OrderLines(
    /// The order.
    order: OrderDetail,
) -> impl IntoView {
    let lang = use_lang();
    let currency = order.summary.currency.clone();
    view! {
        <div class="desk-scroll" tabindex="0" role="region" aria-label=t("Lines", "Positionen")>
        <table class="desk-table" id="order-lines">
            <thead><tr>
                <th scope="col">{t("SKU", "Artikelnr.")}</th>
                <th scope="col">{t("Item", "Artikel")}</th>
                <th scope="col" class="num">{t("Units", "Menge")}</th>
                <th scope="col" class="num">{t("Lead time (days)", "Lieferzeit (Tage)")}</th>
                <th scope="col" class="num">{t("Shipped", "Versandt")}</th>
                <th scope="col" class="num">{t("Net", "Netto")}</th>
            </tr></thead>
            <tbody>
                <For each=move || order.lines.clone() key=|l| (l.line, l.shipped) let:l>
                    <tr>
                        <td>{l.sku.clone()}</td>
                        <td>{l.name.clone()}</td>
                        <td class="num">{l.quantity}</td>
                        <td class="num">{l.lead_days}</td>
                        <td class="num">{l.shipped}</td>
                        <td class="num">{let (v, c) = (l.net.clone(), currency.clone()); move || words::amount(&v, &c, lang.get())}</td>
                    </tr>
                </For>
            </tbody>
        </table>
        </div>
    }
}

/// The shipments: number, when, carrier, tracking number, what shipped, delivered.
#[component]
pub fn Shipments(
    /// The shipments, first first.
    shipments: Vec<Shipment>,
) -> impl IntoView {
    let lang = use_lang();
    if shipments.is_empty() {
        return view! { <p id="shipments-none">{t("Nothing shipped yet.", "Noch nichts versandt.")}</p> }
            .into_any();
    }
    view! {
        <ul class="desk-shipments" id="shipments">
            <For each=move || shipments.clone() key=|s| (s.number, s.delivered_at.clone()) let:s>
                <li>
                    {let s2 = s.clone(); move || {
                        let l = lang.get();
                        let units: i64 = s2.lines.iter().map(|x| x.quantity).sum();
                        l.pick(
                            format!("Shipment {} · {} · {units} {} · {} ", s2.number, words::time(&s2.at, l), if units == 1 { "unit" } else { "units" }, s2.carrier),
                            format!("Sendung {} · {} · {} Stück · {} ", s2.number, words::time(&s2.at, l), units, s2.carrier),
                        )
                    }}
                    <span class="desk-tracking">{s.tracking.clone()}</span>
                    {s.delivered_at.clone().map(|d| view! {
                        <span>{move || lang.get().pick(format!(" · delivered {}", words::time(&d, lang.get())), format!(" · geliefert {}", words::time(&d, lang.get())))}</span>
                    })}
                </li>
            </For>
        </ul>
    }
    .into_any()
}

/// The order's life, first first: when (local time), who, what (its data in the reader's
/// words, from the order's typed data: `order_event_text`).
#[component]
pub fn Timeline(
    /// The order.
    order: OrderDetail,
) -> impl IntoView {
    let lang = use_lang();
    let order = std::sync::Arc::new(order);
    let count = order.events.len();
    view! {
        <ol class="desk-timeline" id="order-events">
            <For each=move || 0..count key=|i| *i let:i>
                {
                    let at = order.events[i].at.clone();
                    let when = at.clone();
                    let o = order.clone();
                    view! {
                        <li>
                            <time datetime=at>{move || words::time(&when, lang.get())}</time>
                            " "
                            {move || order_event_text(&o, i, lang.get())}
                        </li>
                    }
                }
            </For>
        </ol>
    }
}
