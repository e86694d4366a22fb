use configurator_engine::quote::QuoteLine;
use configurator_engine::{Currency, Money};
use leptos::prelude::*;

use crate::format;
use crate::i18n::Lang;

/// One line of the bill of materials, and its discount waterfall (list, each discount, net)
/// opened from the line's discount total.
#[component]
pub fn BomLine(line: QuoteLine, currency: Currency, lang: Lang) -> impl IntoView {
    let w = |en: &'static str, de: &'static str| lang.pick(en, de);
    let show = move |m: Money| format::money(m, &currency, lang);
    let open = RwSignal::new(false);
    let discount: Money = line.discounts.iter().map(|d| d.amount).sum();
    let per = line
        .recurring
        .map(|r| format!(" / {}", format::period(r.name(), lang)))
        .unwrap_or_default();
    let has_discounts = !line.discounts.is_empty();
    let waterfall_id = format!("waterfall-{}", line.line.replace('.', "-"));
    let steps = line
        .discounts
        .iter()
        .map(|d| {
            view! {
                <li><span>{d.name.clone()}</span><span class="amount">{format!("−{}", show(d.amount))}</span></li>
            }
        })
        .collect_view();
    let list = show(line.list);
    let net = show(line.net);
    let minor = line.parent.is_some();
    let toggle = has_discounts.then(|| {
        let controls = waterfall_id.clone();
        view! {
            <button
                class="link"
                aria-expanded=move || if open.get() { "true" } else { "false" }
                aria-controls=controls
                on:click=move |_| open.update(|o| *o = !*o)
            >
                {format!("−{}", show(discount))}
            </button>
        }
    });
    view! {
        <tr class:minor=minor>
            <td>{line.line.clone()}</td>
            <td class="mono">{line.sku.clone()}</td>
            <td>{line.name.clone()}</td>
            <td class="num" data-label=w("Qty", "Menge")>{line.quantity}</td>
            <td class="num" data-label=w("Unit list", "Einzelpreis")>{show(line.unit_list)}</td>
            <td class="num" data-label=w("List", "Liste")>{format!("{list}{per}")}</td>
            <td class="num" data-label=w("Discounts", "Rabatte")>
                {toggle.map_or_else(|| view! { <span class="muted">"—"</span> }.into_any(), IntoAny::into_any)}
            </td>
            <td class="num strong">{format!("{net}{per}")}</td>
        </tr>
        <tr class="waterfall" id=waterfall_id class:hidden=move || !open.get()>
            <td></td>
            <td colspan="7">
                <ul>
                    <li><span>{w("List", "Liste")}</span><span class="amount">{list.clone()}</span></li>
                    {steps}
                    <li class="strong"><span>{w("Net", "Netto")}</span><span class="amount">{net.clone()}</span></li>
                </ul>
            </td>
        </tr>
    }
}
