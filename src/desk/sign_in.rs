use configurator_api::session::{Credentials, Session};
use leptos::prelude::*;

use super::access_words::problem_text;
use super::api;
use crate::i18n::{t, use_lang};

/// The sign-in form. A wrong password, a wait after too many failures, a disabled user or an
/// unreachable desk are said in an alert (in the page's language); nothing typed is cleared
/// but the password.
#[component]
pub fn SignIn() -> impl IntoView {
    let name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let problem = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let session: super::Session = expect_context();
    let lang = use_lang();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        let body = Credentials {
            name: name.get_untracked(),
            password: password.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match api::post_typed::<_, Session>("/api/session", &body).await {
                Ok(answer) => {
                    problem.set(String::new());
                    super::signed_in(session, answer);
                }
                Err(p) => {
                    password.set(String::new());
                    problem.set(problem_text(&p, lang.get_untracked()));
                }
            }
            busy.set(false);
        });
    };
    view! {
        <form class="desk-card sign-in" on:submit=submit>
            <h1>{t("Sign in to the quote desk", "Am Angebotsdesk anmelden")}</h1>
            <label for="desk-name">{t("Name", "Name")}</label>
            <input id="desk-name" name="username" autocomplete="username" required
                prop:value=move || name.get() on:input=move |e| name.set(event_target_value(&e)) />
            <label for="desk-password">{t("Password", "Passwort")}</label>
            <input id="desk-password" type="password" name="password" autocomplete="current-password" required
                prop:value=move || password.get() on:input=move |e| password.set(event_target_value(&e)) />
            <button class="primary" type="submit" id="sign-in" disabled=move || busy.get()>{t("Sign in", "Anmelden")}</button>
            <p class="desk-problem" role="alert">{move || problem.get()}</p>
        </form>
    }
}
