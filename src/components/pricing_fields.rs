use leptos::prelude::*;

use crate::i18n::{t, use_lang};
use crate::state::{EngineCtx, QuoteSettings};

/// The quote's pricing context: price book, partner tier and term, among those the catalog
/// defines.
#[component]
pub fn PricingFields() -> impl IntoView {
    let engine: EngineCtx = expect_context();
    let QuoteSettings { context, .. } = expect_context();
    let lang = use_lang();
    let (books, tiers, terms) = engine.with(|e| {
        let pricing = &e.catalog().pricing;
        let books: Vec<(String, String)> = pricing
            .books
            .iter()
            .map(|b| (b.id.clone(), format!("{} ({})", b.name, b.currency.code())))
            .collect();
        let tiers: Vec<(String, String)> = pricing
            .tiers
            .iter()
            .map(|t| (t.id.clone(), t.name.clone()))
            .collect();
        (books, tiers, pricing.terms.clone())
    });
    let set_book = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        context.update(|c| c.price_book = Some(v));
    };
    let set_tier = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        context.update(|c| c.partner_tier = (!v.is_empty()).then_some(v));
    };
    let set_term = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev).parse().ok();
        context.update(|c| c.term_months = v);
    };
    let book_options = books
        .into_iter()
        .map(|(id, name)| {
            let selected_id = id.clone();
            let selected =
                move || context.with(|c| c.price_book.as_deref().unwrap_or("list") == selected_id);
            view! { <option value=id selected=selected>{name}</option> }
        })
        .collect_view();
    // A catalog without partner tiers (as a quote desk serves it to browsers: its tiers are
    // internal) shows no tier selector at all.
    let has_tiers = !tiers.is_empty();
    let tier_options = tiers
        .into_iter()
        .map(|(id, name)| {
            let selected_id = id.clone();
            let selected =
                move || context.with(|c| c.partner_tier.as_deref() == Some(selected_id.as_str()));
            view! { <option value=id selected=selected>{name}</option> }
        })
        .collect_view();
    let first_term = terms.first().copied().unwrap_or(12);
    let term_options = terms
        .into_iter()
        .map(|t| {
            let selected = move || context.with(|c| c.term_months.unwrap_or(first_term) == t);
            let label = move || format!("{t} {}", lang.get().pick("months", "Monate"));
            view! { <option value=t.to_string() selected=selected>{label}</option> }
        })
        .collect_view();
    view! {
        <fieldset class="quote-context">
            <legend>{t("Pricing", "Preise")}</legend>
            <label>{t("Price book", "Preisliste")} <select id="quote-book" on:change=set_book>{book_options}</select></label>
            {has_tiers.then(|| view! {
                <label>
                    {t("Partner tier", "Partnerstufe")}
                    <select id="quote-tier" on:change=set_tier>
                        <option value="" selected=move || context.with(|c| c.partner_tier.is_none())>{t("None (list price)", "Keine (Listenpreis)")}</option>
                        {tier_options}
                    </select>
                </label>
            })}
            <label>{t("Term", "Laufzeit")} <select id="quote-term" on:change=set_term>{term_options}</select></label>
        </fieldset>
    }
}
