use configurator_api::access::{NoFields, PasswordReset, ResetDone, ResetInfo};
use leptos::prelude::*;

use super::access_words::problem_text;
use super::api::{self, ApiProblem};
use super::new_password::NewPassword;
use crate::i18n::{t, use_lang};

/// The page of a one-time reset link (`#reset=TOKEN`, the token never leaves the fragment
/// but to the desk): whose link it is, a new password typed twice; then signing in with it.
#[component]
pub fn ResetPassword(token: String) -> impl IntoView {
    let lang = use_lang();
    let info = RwSignal::new(None::<Result<ResetInfo, ApiProblem>>);
    let done = RwSignal::new(None::<String>);
    let new = RwSignal::new(String::new());
    let repeat = RwSignal::new(String::new());
    let differ = Memo::new(move |_| repeat.with(|r| !r.is_empty() && new.with(|n| n != r)));
    let problem = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let token = StoredValue::new(token);
    leptos::task::spawn_local(async move {
        let path = format!("/api/password-reset/{}", token.get_value());
        info.set(Some(
            api::typed::<NoFields, ResetInfo>("GET", &path, None).await,
        ));
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if differ.get_untracked() {
            return;
        }
        busy.set(true);
        let body = PasswordReset {
            token: token.get_value(),
            password: new.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match api::typed::<_, ResetDone>("POST", "/api/password-reset", Some(&body)).await {
                Ok(d) => done.set(Some(d.name)),
                Err(p) => problem.set(problem_text(&p, lang.get_untracked())),
            }
            busy.set(false);
        });
    };
    let body = move || {
        match (info.get(), done.get()) {
        (_, Some(name)) => view! {
            <p role="status" id="reset-done">{move || lang.get().pick(
                format!("The password of {name} is set. Sign in with it now."),
                format!("Das Passwort von {name} ist gesetzt. Melden Sie sich jetzt damit an."),
            )}</p>
            <a href="#/" id="reset-sign-in">{t("Sign in", "Anmelden")}</a>
        }
        .into_any(),
        (None, None) => view! { <p role="status">{t("Checking the link…", "Link wird geprüft …")}</p> }.into_any(),
        (Some(Err(p)), None) => {
            view! { <p class="desk-problem" role="alert">{move || problem_text(&p, lang.get())}</p> }.into_any()
        }
        (Some(Ok(i)), None) => view! {
            <p>{move || lang.get().pick(
                format!("A new password for {} (this link works once, until {}).", i.name, i.expires_at.replace('T', " ")),
                format!("Ein neues Passwort für {} (dieser Link gilt einmal, bis {}).", i.name, i.expires_at.replace('T', " ")),
            )}</p>
            <form class="sign-in" on:submit=submit>
                <NewPassword id="reset" new repeat differ />
                <button class="primary" type="submit" id="set-password"
                    disabled=move || busy.get() || differ.get()>{t("Set the password", "Passwort setzen")}</button>
            </form>
            <p class="desk-problem" role="alert">{move || problem.get()}</p>
        }
        .into_any(),
    }
    };
    view! {
        <section class="desk-card" aria-labelledby="reset-title">
            <h1 id="reset-title">{t("Set a new password", "Neues Passwort setzen")}</h1>
            {body}
        </section>
    }
}
