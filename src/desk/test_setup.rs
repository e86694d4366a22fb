//! "Send a test setup request": an admin checks an organisation's settings with the request
//! its procurement system would send, and sees the request and the answer.

use configurator_api::procurement::{TestSetup, TestSetupResult};
use leptos::prelude::*;

use super::api;
use crate::i18n::{t, use_lang};

/// The test's form (the secret as the procurement admin entered it, a `BrowserFormPost` URL on
/// one of the organisation's origins, prefilled with `form_post`) and its result: status
/// code and text, the start page when it worked, the request and the answer. `on_sent` runs
/// once the desk answered (the log has a new entry).
#[component]
pub fn TestSetupForm(id: i64, form_post: String, on_sent: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let secret = RwSignal::new(String::new());
    let url = RwSignal::new(form_post);
    let result = RwSignal::new(None::<TestSetupResult>);
    let problem = RwSignal::new(String::new());
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = TestSetup {
            shared_secret: secret.get_untracked(),
            form_post_url: url.get_untracked().trim().to_owned(),
        };
        leptos::task::spawn_local(async move {
            let path = format!("/api/procurement/organisations/{id}/test");
            match api::post_typed::<_, TestSetupResult>(&path, &body).await {
                Ok(r) => {
                    problem.set(String::new());
                    result.set(Some(r));
                    on_sent.run(());
                }
                Err(p) => problem.set(super::problem_words::problem_text(&p, lang.get_untracked())),
            }
        });
    };
    let shown = move || {
        result.get().map(|r| {
            let ok = r.status_code == 200;
            view! {
                <div id="test-result">
                    <p class=if ok { "desk-message" } else { "desk-problem" } id="test-status">
                        {format!("{} {}", r.status_code, r.status_text).trim_end().to_owned()}
                    </p>
                    {r.start_page.map(|href| view! {
                        <p>{t("Start page: ", "Startseite: ")}<a id="test-start-page" href=href.clone() target="_blank" rel="noopener">{href.clone()}</a></p>
                    })}
                    <details>
                        <summary>{t("Request sent", "Gesendete Anfrage")}</summary>
                        <pre class="desk-mail" id="test-request" tabindex="0">{r.request}</pre>
                    </details>
                    <details open>
                        <summary>{t("Answer", "Antwort")}</summary>
                        <pre class="desk-mail" id="test-response" tabindex="0">{r.response}</pre>
                    </details>
                </div>
            }
        })
    };
    view! {
        <form class="desk-actions" id="test-setup" on:submit=send>
            <h3>{t("Send a test setup request", "Test-Setup-Anfrage senden")}</h3>
            <label class="desk-field"><span>{t("Shared secret (as entered in the procurement system)", "Gemeinsames Geheimnis (wie im Beschaffungssystem eingetragen)")}</span>
                <input id="test-secret" type="password" autocomplete="off" prop:value=move || secret.get() on:input=move |ev| secret.set(event_target_value(&ev)) /></label>
            <label class="desk-field"><span>{t("BrowserFormPost URL", "BrowserFormPost-URL")}</span>
                <input id="test-form-post" type="url" prop:value=move || url.get() on:input=move |ev| url.set(event_target_value(&ev)) /></label>
            <button type="submit" class="secondary" id="test-send">{t("Send a test setup request", "Test-Setup-Anfrage senden")}</button>
            <p class="desk-problem" role="alert">{move || problem.get()}</p>
            {shown}
        </form>
    }
}
