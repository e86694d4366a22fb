use configurator_api::access::{NoFields, PasswordChange, SessionsEnded};
use leptos::prelude::*;

use super::access_words::problem_text;
use super::api;
use super::new_password::NewPassword;
use crate::i18n::{t, use_lang};

/// "My account", for everyone signed in: who they are, changing their password (the current
/// one needed; their other sessions end, this one stays) and signing out everywhere.
#[component]
pub fn Account() -> impl IntoView {
    let lang = use_lang();
    let session: super::Session = expect_context();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let repeat = RwSignal::new(String::new());
    let differ = Memo::new(move |_| repeat.with(|r| !r.is_empty() && new.with(|n| n != r)));
    let message = RwSignal::new(String::new());
    let problem = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let change = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if differ.get_untracked() {
            return;
        }
        busy.set(true);
        let body = PasswordChange {
            current: current.get_untracked(),
            new: new.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            let r =
                api::typed::<_, SessionsEnded>("POST", "/api/account/password", Some(&body)).await;
            let l = lang.get_untracked();
            match r {
                Ok(s) => {
                    problem.set(String::new());
                    message.set(l.pick(
                        format!(
                            "Password changed. {} other sessions ended; this one stays.",
                            s.ended
                        ),
                        format!(
                            "Passwort geändert. {} andere Sitzungen beendet; diese bleibt.",
                            s.ended
                        ),
                    ));
                    for f in [current, new, repeat] {
                        f.set(String::new());
                    }
                }
                Err(p) => {
                    message.set(String::new());
                    problem.set(problem_text(&p, l));
                }
            }
            busy.set(false);
        });
    };
    let everywhere = move |_| {
        leptos::task::spawn_local(async move {
            match api::typed::<NoFields, SessionsEnded>("DELETE", "/api/account/sessions", None)
                .await
            {
                Ok(_) => {
                    api::set_csrf("");
                    session.0.set(None);
                    super::go("#/");
                }
                Err(p) => problem.set(problem_text(&p, lang.get_untracked())),
            }
        });
    };
    let who = move || {
        session
            .0
            .get()
            .map(|me| {
                format!(
                    "{} · {} · {}",
                    me.name,
                    super::approval_badge::role_name(me.role, lang.get()),
                    me.team
                )
            })
            .unwrap_or_default()
    };
    view! {
        <section class="desk-card" aria-labelledby="account-title">
            <h1 id="account-title">{t("My account", "Mein Konto")}</h1>
            <p>{who}</p>
            <p role="status" id="account-message">{move || message.get()}</p>
            <p class="desk-problem" role="alert">{move || problem.get()}</p>
        </section>
        <section class="desk-card" aria-labelledby="change-title">
            <h2 id="change-title">{t("Change my password", "Mein Passwort ändern")}</h2>
            <form class="sign-in" on:submit=change>
                <label for="account-current">{t("Current password", "Aktuelles Passwort")}</label>
                <input id="account-current" type="password" required autocomplete="current-password"
                    prop:value=move || current.get() on:input=move |e| current.set(event_target_value(&e)) />
                <NewPassword id="account" new repeat differ />
                <button class="primary" type="submit" id="change-password"
                    disabled=move || busy.get() || differ.get()>{t("Change password", "Passwort ändern")}</button>
            </form>
        </section>
        <section class="desk-card" aria-labelledby="everywhere-title">
            <h2 id="everywhere-title">{t("Sign out everywhere", "Überall abmelden")}</h2>
            <p>{t(
                "Ends every session of yours, on every device, this one too.",
                "Beendet alle Ihre Sitzungen auf allen Geräten, auch diese.",
            )}</p>
            <button class="secondary" type="button" id="sign-out-everywhere" on:click=everywhere>
                {t("Sign out everywhere", "Überall abmelden")}
            </button>
        </section>
    }
}
