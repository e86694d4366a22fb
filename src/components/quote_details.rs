use configurator_engine::quote::QuoteMeta;
use leptos::prelude::*;

use crate::i18n::t;
use crate::state::QuoteSettings;

/// The quote's details: number, customer, prepared by, valid until and notes.
#[component]
pub fn QuoteDetails() -> impl IntoView {
    let QuoteSettings { meta, .. } = expect_context();
    let field = move |f: fn(&mut QuoteMeta, String)| {
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            meta.update(|m| f(m, v));
        }
    };
    view! {
        <fieldset class="quote-meta">
            <legend>{t("Quote details", "Angebotsdaten")}</legend>
            <label>{t("Quote number", "Angebotsnummer")} <input id="quote-number" prop:value=move || meta.with(|m| m.quote_number.clone()) on:input=field(|m, v| m.quote_number = v) /></label>
            <label>{t("Customer", "Kunde")} <input id="quote-customer" prop:value=move || meta.with(|m| m.customer.clone()) on:input=field(|m, v| m.customer = v) /></label>
            <label>{t("Prepared by", "Erstellt von")} <input id="quote-prepared-by" prop:value=move || meta.with(|m| m.prepared_by.clone()) on:input=field(|m, v| m.prepared_by = v) /></label>
            <label>{t("Valid until", "Gültig bis")} <input id="quote-valid-until" type="date" prop:value=move || meta.with(|m| m.valid_until.clone().unwrap_or_default()) on:input=field(|m, v| m.valid_until = (!v.is_empty()).then_some(v)) /></label>
            <label class="wide">{t("Notes", "Anmerkungen")} <textarea id="quote-notes" prop:value=move || meta.with(|m| m.notes.clone()) on:input=field(|m, v| m.notes = v)></textarea></label>
        </fieldset>
    }
}
