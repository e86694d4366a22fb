use configurator_engine::quote;
use leptos::prelude::*;

use super::bill_of_materials::BillOfMaterials;
use super::pricing_fields::PricingFields;
use super::quote_actions::QuoteActions;
use super::quote_details::QuoteDetails;
use crate::i18n::{t, use_lang};
use crate::state::{AppView, Choices, CurrentEvaluation, CurrentView, EngineCtx, QuoteSettings};

/// The quote: pricing context (price book, partner tier, term), metadata, the bill of
/// materials with major and minor lines and each line's waterfall on demand, totals split into
/// one-time, recurring and contract value; downloads (CSV, JSON), print and a share link.
#[component]
pub fn QuoteView() -> impl IntoView {
    let engine: EngineCtx = expect_context();
    let choices: Choices = expect_context();
    let CurrentView(view) = expect_context();
    let CurrentEvaluation(evaluation) = expect_context();
    let QuoteSettings { context, meta } = expect_context();
    let lang = use_lang();
    let quote = Memo::new(move |_| {
        let ctx = context.get();
        let m = meta.get();
        engine.with(|en| {
            evaluation.with(|e| {
                choices.with(|c| {
                    quote::build_from(en.catalog(), c, e, &ctx, m).map_err(|e| e.to_string())
                })
            })
        })
    });
    let body = move || match quote.get() {
        Err(e) => view! { <p class="status status-conflict" role="alert">{e}</p> }.into_any(),
        Ok(q) => view! { <BillOfMaterials quote=q lang=lang.get() /> }.into_any(),
    };
    view! {
        <section class="quote" aria-labelledby="quote-title">
            <div class="quote-head">
                <h2 id="quote-title">{t("Quote", "Angebot")}</h2>
                <button class="secondary small no-print" on:click=move |_| view.set(AppView::Configure)>
                    {t("Back to configuration", "Zurück zur Konfiguration")}
                </button>
            </div>
            <div class="quote-forms">
                <PricingFields />
                <QuoteDetails />
            </div>
            {body}
            // PunchOut mode: the transfer instead of the quote's actions (the procurement
            // system makes the order), which its style sheet hides with the pricing fields.
            {crate::punchout::part(crate::punchout::Part::Transfer)}
            <QuoteActions quote />
        </section>
    }
}
