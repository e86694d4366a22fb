//! The buyer's sign-in form.

use configurator_api::portal::{BuyerCredentials, PortalSession};
use leptos::prelude::*;

use super::super::access_words::problem_text;
use super::super::api;
use super::BuyerSession;
use crate::i18n::{t, use_lang};

/// Signs a buyer in with their e-mail address and password; a refusal is said in an alert,
/// only the password is cleared.
#[component]
pub fn PortalSignIn() -> impl IntoView {
    let lang = use_lang();
    let session: BuyerSession = expect_context();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let problem = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        let body = BuyerCredentials {
            email: email.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match api::post_typed::<_, PortalSession>("/api/portal/session", &body).await {
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
            <h1>{t("Sign in to your customer portal", "Am Kundenportal anmelden")}</h1>
            <label for="portal-email">{t("E-mail address", "E-Mail-Adresse")}</label>
            <input id="portal-email" type="email" name="email" autocomplete="username" required
                prop:value=move || email.get() on:input=move |e| email.set(event_target_value(&e)) />
            <label for="portal-password">{t("Password", "Passwort")}</label>
            <input id="portal-password" type="password" name="password" autocomplete="current-password" required
                prop:value=move || password.get() on:input=move |e| password.set(event_target_value(&e)) />
            <button class="primary" type="submit" id="portal-sign-in" disabled=move || busy.get()>{t("Sign in", "Anmelden")}</button>
            <p class="desk-problem" role="alert">{move || problem.get()}</p>
        </form>
    }
}
