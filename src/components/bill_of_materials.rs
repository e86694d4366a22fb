use configurator_engine::quote::{Quote, QuoteStatus};
use configurator_engine::Money;
use leptos::prelude::*;

use super::bom_line::BomLine;
use crate::format;
use crate::i18n::Lang;

/// The priced part of a quote: its status, the bill of materials, the totals, and when it
/// ships once ordered (the longest lead time of its lines, `Quote::lead_days`; said only when a
/// line has one).
#[component]
pub fn BillOfMaterials(quote: Quote, lang: Lang) -> impl IntoView {
    let w = |en: &'static str, de: &'static str| lang.pick(en, de);
    let currency = quote.totals.currency.clone();
    let show = move |m: Money| format::money(m, &currency, lang);
    let status = match quote.status {
        QuoteStatus::Complete => None,
        QuoteStatus::Incomplete => Some(w(
            "This configuration is incomplete: the quote cannot be ordered yet.",
            "Diese Konfiguration ist unvollständig: das Angebot kann noch nicht bestellt werden.",
        )),
        QuoteStatus::Conflict => Some(w(
            "This configuration is in conflict: the quote cannot be ordered.",
            "Diese Konfiguration steht im Konflikt: das Angebot kann nicht bestellt werden.",
        )),
    };
    let term = quote.context.term_months.unwrap_or(12);
    let lead_days = quote.lead_days();
    let ships = (lead_days > 0).then(|| {
        view! {
            <dt>{w("Ships", "Versand")}</dt>
            <dd id="quote-ships">
                {match lang {
                    Lang::En => format!("about {lead_days} days after the order"),
                    Lang::De => format!("etwa {lead_days} Tage nach der Bestellung"),
                }}
            </dd>
        }
    });
    let t = quote.totals.clone();
    let rows = quote
        .lines
        .into_iter()
        .map(|line| view! { <BomLine line currency=t.currency.clone() lang /> })
        .collect_view();
    let recurring = (t.monthly != Money::ZERO).then(
        || view! { <dt>{w("Monthly", "Monatlich")}</dt><dd id="quote-monthly">{show(t.monthly)}</dd> },
    );
    let yearly = (t.yearly != Money::ZERO).then(
        || view! { <dt>{w("Yearly", "Jährlich")}</dt><dd id="quote-yearly">{show(t.yearly)}</dd> },
    );
    view! {
        {status.map(|s| view! { <p class="status status-incomplete" role="status">{s}</p> })}
        <div class="bom-wrap">
            <table class="bom">
                <caption class="visually-hidden">{w("Bill of materials", "Stückliste")}</caption>
                <thead>
                    <tr>
                        <th scope="col">{w("Line", "Pos.")}</th>
                        <th scope="col">{w("SKU", "Art.-Nr.")}</th>
                        <th scope="col">{w("Description", "Beschreibung")}</th>
                        <th scope="col" class="num">{w("Qty", "Menge")}</th>
                        <th scope="col" class="num">{w("Unit list", "Einzelpreis")}</th>
                        <th scope="col" class="num">{w("List", "Liste")}</th>
                        <th scope="col" class="num">{w("Discounts", "Rabatte")}</th>
                        <th scope="col" class="num">{w("Net", "Netto")}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <dl class="quote-totals">
            <dt>{w("One-time", "Einmalig")}</dt>
            <dd id="quote-one-time">{show(t.one_time)}</dd>
            {recurring}
            {yearly}
            <dt>
                {match lang {
                    Lang::En => format!("Contract value ({term} months)"),
                    Lang::De => format!("Vertragswert ({term} Monate)"),
                }}
            </dt>
            <dd id="quote-contract-value" class="strong">{show(t.contract_value)}</dd>
            {ships}
        </dl>
    }
}
