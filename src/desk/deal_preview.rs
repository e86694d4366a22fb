use std::collections::BTreeMap;

use configurator_api::quotes::{DealDraft, DealPreview};
use leptos::prelude::*;

use super::api::{self, ApiProblem};
use super::approval_badge::{a_role, role_name};
use super::problem_words::problem_text;
use super::words;
use crate::i18n::{use_lang, Lang};

/// Waits `ms` milliseconds (so that a preview is asked once typing pauses).
async fn pause(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// A preview in words: `15% below the entitled price: needs approval by a manager (above your
/// limit of 10%) · contract value $7,200.00`.
pub fn preview_text(p: &DealPreview, l: Lang) -> String {
    let depth = &p.depth;
    let limit = &p.owner_limit;
    let decision = match (&p.needs, p.beyond_every_limit) {
        (_, true) => {
            let admin = p.admin_limit.clone().unwrap_or_default();
            l.pick(
                format!("{depth}% below the entitled price: above every approval limit (the highest is {admin}%), nobody may approve it; lower the discount"),
                format!("{depth} % unter dem vertraglichen Preis: über jedem Freigabelimit (das höchste ist {admin} %), niemand darf es freigeben; senken Sie den Rabatt"),
            )
        }
        (Some(role), false) => {
            let who = a_role(*role, l);
            let owner = role_name(p.owner_role, l);
            l.pick(
                format!("{depth}% below the entitled price: needs approval by {who} (above the {owner} limit of {limit}%)"),
                format!("{depth} % unter dem vertraglichen Preis: Freigabe durch {who} nötig (über dem Limit für {owner} von {limit} %)"),
            )
        }
        (None, false) => l.pick(
            format!("{depth}% below the entitled price: within the limit of {limit}%, no approval needed"),
            format!("{depth} % unter dem vertraglichen Preis: innerhalb des Limits von {limit} %, keine Freigabe nötig"),
        ),
    };
    let value = words::amount(&p.contract_value, &p.currency, l);
    l.pick(
        format!("{decision} · contract value {value}"),
        format!("{decision} · Vertragswert {value}"),
    )
}

/// Below the deal-discount inputs, while typing: how far below the account's entitled price
/// the quote would go and whether approval will be needed. The desk computes it (the engine's
/// entitlement rule, `POST /api/quotes/{number}/deal-preview`); nothing is saved.
#[component]
pub fn DealPreviewLine(
    /// The quote.
    number: String,
    /// The deal discount of every line, as typed.
    whole: RwSignal<String>,
    /// Per line, as typed.
    lines: RwSignal<BTreeMap<String, String>>,
) -> impl IntoView {
    let lang = use_lang();
    let path = format!("/api/quotes/{number}/deal-preview");
    let answer = crate::task::latest(None, move || {
        let draft = DealDraft {
            deal: Some(whole.get()),
            deal_lines: lines.get(),
        };
        let path = path.clone();
        async move {
            pause(250).await;
            api::typed::<DealDraft, DealPreview>("POST", &path, Some(&draft)).await
        }
    });
    let text = move || -> (String, bool) {
        let l = lang.get();
        match answer.get() {
            None => (String::new(), false),
            Some(Ok(p)) => (
                preview_text(&p, l),
                p.needs.is_some() || p.beyond_every_limit,
            ),
            Some(Err(p)) => (problem_text(&p as &ApiProblem, l), true),
        }
    };
    view! {
        <p id="deal-preview" class="desk-preview" aria-live="polite"
            class:desk-preview-warn=move || text().1>{move || text().0}</p>
    }
}
