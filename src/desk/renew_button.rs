use configurator_api::quotes::Renewed;
use leptos::prelude::*;

use super::api;
use super::problem_words::problem_text;
use crate::i18n::{t, use_lang};

/// This tab's storage key of the last renewal made here (its [`Renewed`] as JSON), read by
/// the new quote's page to show what changed.
pub const RENEWED_KEY: &str = "configurator.desk.renewed";

/// "Renew at today's prices": a new draft for the same customer account from this quote (any
/// status), priced by the desk with today's catalog; this quote stays as it is. Opens the new
/// quote, whose page shows what changed ([`super::renewal_notice::RenewalNotice`]). The main
/// action (`primary`) of a quote that has no other.
#[component]
pub fn RenewButton(
    /// The quote renewed.
    number: String,
    /// Whether it is the page's main action.
    primary: bool,
) -> impl IntoView {
    let lang = use_lang();
    let problem = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let number = StoredValue::new(number);
    let renew = move |_| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            let path = format!("/api/quotes/{}/renew", number.get_value());
            match api::typed::<(), Renewed>("POST", &path, None).await {
                Ok(r) => {
                    if let (Ok(Some(s)), Ok(text)) =
                        (window().session_storage(), serde_json::to_string(&r))
                    {
                        let _ = s.set_item(RENEWED_KEY, &text);
                    }
                    super::go(&format!("/quote/{}", r.number));
                }
                Err(p) => {
                    problem.set(problem_text(&p, lang.get_untracked()));
                    busy.set(false);
                }
            }
        });
    };
    view! {
        <div class="desk-renew no-print">
            <button class=if primary { "primary" } else { "secondary" } id="renew" type="button"
                disabled=move || busy.get() on:click=renew>
                {t("Renew at today's prices", "Zu heutigen Preisen erneuern")}
            </button>
            <p class="desk-hint">{t(
                "A new draft for the same customer, priced with today's catalog. This quote stays as it is.",
                "Ein neuer Entwurf für denselben Kunden, mit dem heutigen Katalog berechnet. Dieses Angebot bleibt, wie es ist.",
            )}</p>
            <p class="desk-problem" role="alert">{move || problem.get()}</p>
        </div>
    }
}
