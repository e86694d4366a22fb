use configurator_api::access::{NoFields, UserInfo, UserList};
use leptos::prelude::*;

pub use super::feedback::Feedback;

use super::access_words::problem_text;
use super::add_person::AddPerson;
use super::api;
use super::person_row::PersonRow;
use crate::i18n::{t, use_lang};

/// The admins' page of people: every user with role, team, state, last sign-in and live
/// sessions; adding a user; disabling or enabling one (after a confirmation), making a
/// one-time reset link (shown once, with a copy button), ending their sessions.
#[component]
pub fn People() -> impl IntoView {
    let lang = use_lang();
    let session: super::Session = expect_context();
    let me = move || session.0.get().map(|m| m.name).unwrap_or_default();
    let feedback = Feedback {
        reload: RwSignal::new(0),
        message: RwSignal::new(String::new()),
        problem: RwSignal::new(String::new()),
        link: RwSignal::new(None),
    };
    let list = RwSignal::new(None::<Result<Vec<UserInfo>, String>>);
    Effect::new(move |_| {
        feedback.reload.track();
        leptos::task::spawn_local(async move {
            let r = api::typed::<NoFields, UserList>("GET", "/api/users", None).await;
            let l = lang.get_untracked();
            list.set(Some(r.map(|v| v.users).map_err(|p| problem_text(&p, l))));
        });
    });
    let table = move || match list.get() {
        None => view! { <p role="status">{t("Loading…", "Wird geladen …")}</p> }.into_any(),
        Some(Err(m)) => view! { <p class="desk-problem" role="alert">{m}</p> }.into_any(),
        Some(Ok(users)) => view! {
            <table class="desk-table" id="people">
                <thead><tr>
                    <th scope="col">{t("Name", "Name")}</th>
                    <th scope="col">{t("Role", "Rolle")}</th>
                    <th scope="col">{t("Team", "Team")}</th>
                    <th scope="col">{t("State", "Zustand")}</th>
                    <th scope="col">{t("Last sign-in", "Letzte Anmeldung")}</th>
                    <th scope="col" class="num">{t("Sessions", "Sitzungen")}</th>
                    <th scope="col">{t("Actions", "Aktionen")}</th>
                </tr></thead>
                <tbody>
                    <For each=move || users.clone()
                        key=|u| (u.id, u.disabled, u.sessions, u.last_sign_in.clone())
                        let:u>
                        <PersonRow user=u me=me() feedback />
                    </For>
                </tbody>
            </table>
        }
        .into_any(),
    };
    let link = move || {
        feedback.link.get().map(|(name, address)| {
            let copy = address.clone();
            view! {
                <div class="desk-reset-link" role="group" aria-labelledby="reset-link-label">
                    <label id="reset-link-label" for="reset-link">
                        {move || lang.get().pick(
                            format!("Reset link for {name} (valid 24 hours, shown once: copy it now)"),
                            format!("Link zum Zurücksetzen für {name} (24 Stunden gültig, nur einmal gezeigt: jetzt kopieren)"),
                        )}
                    </label>
                    <input id="reset-link" readonly size="70" prop:value=address />
                    <button class="secondary" type="button" id="copy-reset-link"
                        on:click=move |_| crate::browser::copy(&copy)>{t("Copy", "Kopieren")}</button>
                </div>
            }
        })
    };
    view! {
        <section class="desk-card" aria-labelledby="people-title">
            <h1 id="people-title">{t("People", "Personen")}</h1>
            <p role="status" id="people-message">{move || feedback.message.get()}</p>
            <p class="desk-problem" role="alert">{move || feedback.problem.get()}</p>
            {link}
            {table}
        </section>
        <AddPerson feedback />
    }
}
