//! Rotating a buyer organisation's shared secret, with a confirmation first: the old secret
//! stops working at once, and the new one is shown this once.

use configurator_api::procurement::NewSecret;
use leptos::prelude::*;

use super::api;
use crate::i18n::{t, use_lang};

/// The new secret, shown once with where to enter it.
#[component]
pub fn SecretShown(secret: String) -> impl IntoView {
    view! {
        <div class="desk-note" id="secret-shown" role="status">
            <p>{t(
                "The new shared secret (copy it now: it is not shown again). Enter it as the shared secret (cXML SharedSecret, OCI PASSWORD) in the buyer's procurement system:",
                "Das neue gemeinsame Geheimnis (jetzt kopieren: es wird nicht wieder angezeigt). Tragen Sie es im Beschaffungssystem des Käufers als gemeinsames Geheimnis (cXML SharedSecret, OCI PASSWORD) ein:",
            )}</p>
            <p><code id="new-secret" class="desk-secret">{secret}</code></p>
        </div>
    }
}

/// "Rotate secret": asks first, then rotates (`POST /api/procurement/organisations/{id}/secret`)
/// and shows the new secret once.
#[component]
pub fn RotateSecret(id: i64, name: String) -> impl IntoView {
    let lang = use_lang();
    let asking = RwSignal::new(false);
    let secret = RwSignal::new(None::<String>);
    let problem = RwSignal::new(String::new());
    let rotate = move |_| {
        asking.set(false);
        leptos::task::spawn_local(async move {
            let path = format!("/api/procurement/organisations/{id}/secret");
            match api::typed::<(), NewSecret>("POST", &path, None).await {
                Ok(n) => {
                    problem.set(String::new());
                    secret.set(Some(n.shared_secret));
                }
                Err(p) => problem.set(super::problem_words::problem_text(&p, lang.get_untracked())),
            }
        });
    };
    let question = move || {
        match lang.get() {
        crate::i18n::Lang::En => format!(
            "Rotate the shared secret of {name}? The old secret stops working at once: its procurement system is refused until the new one is entered there."
        ),
        crate::i18n::Lang::De => format!(
            "Das gemeinsame Geheimnis von {name} erneuern? Das alte gilt sofort nicht mehr: sein Beschaffungssystem wird abgelehnt, bis dort das neue eingetragen ist."
        ),
    }
    };
    view! {
        <div class="desk-actions">
            {move || if asking.get() {
                view! {
                    <div role="group" aria-labelledby="rotate-question">
                        <p id="rotate-question">{question.clone()}</p>
                        <button class="primary" id="rotate-confirm" on:click=rotate>{t("Rotate now", "Jetzt erneuern")}</button>
                        <button class="secondary" id="rotate-cancel" on:click=move |_| asking.set(false)>{t("Keep the secret", "Geheimnis behalten")}</button>
                    </div>
                }
                .into_any()
            } else {
                view! {
                    <button class="secondary" id="rotate-secret" on:click=move |_| { secret.set(None); asking.set(true); }>
                        {t("Rotate secret", "Geheimnis erneuern")}
                    </button>
                }
                .into_any()
            }}
            {move || secret.get().map(|secret| view! { <SecretShown secret /> })}
            <p class="desk-problem" role="alert">{move || problem.get()}</p>
        </div>
    }
}
