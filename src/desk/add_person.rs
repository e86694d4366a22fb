use configurator_api::access::{NewUser, UserAnswer};
use leptos::prelude::*;

use super::access_words::{password_rules, problem_text};
use super::api;
use super::feedback::Feedback;
use crate::i18n::{t, use_lang};

/// The admins' form to add a user: name, role, team, e-mail for the desk's messages and a
/// first password (the password rules shown).
#[component]
pub fn AddPerson(feedback: Feedback) -> impl IntoView {
    let lang = use_lang();
    let name = RwSignal::new(String::new());
    let role = RwSignal::new("rep".to_owned());
    let team = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        let body = NewUser {
            name: name.get_untracked().trim().to_owned(),
            role: role.get_untracked(),
            team: team.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
            email: Some(email.get_untracked().trim().to_owned()).filter(|e| !e.is_empty()),
            language: None,
        };
        leptos::task::spawn_local(async move {
            let r = api::typed::<_, UserAnswer>("POST", "/api/users", Some(&body)).await;
            let l = lang.get_untracked();
            match r {
                Ok(added) => {
                    let n = added.user.name;
                    feedback.problem.set(String::new());
                    feedback
                        .message
                        .set(l.pick(format!("Added {n}."), format!("{n} hinzugefügt.")));
                    feedback.reload.update(|k| *k += 1);
                    name.set(String::new());
                    password.set(String::new());
                    email.set(String::new());
                }
                Err(p) => {
                    feedback.message.set(String::new());
                    feedback.problem.set(problem_text(&p, l));
                }
            }
            busy.set(false);
        });
    };
    view! {
        <section class="desk-card" aria-labelledby="add-person-title">
            <h2 id="add-person-title">{t("Add a person", "Person hinzufügen")}</h2>
            <form class="desk-filters" on:submit=submit>
                <div class="desk-field">
                    <label for="new-name">{t("Name", "Name")}</label>
                    <input id="new-name" required autocomplete="off" prop:value=move || name.get()
                        on:input=move |e| name.set(event_target_value(&e)) />
                </div>
                <div class="desk-field">
                    <label for="new-role">{t("Role", "Rolle")}</label>
                    <select id="new-role" prop:value=move || role.get()
                        on:change=move |e| role.set(event_target_value(&e))>
                        <option value="rep">{t("Sales rep", "Vertrieb")}</option>
                        <option value="manager">{t("Manager", "Manager")}</option>
                        <option value="director">{t("Director", "Direktor")}</option>
                        <option value="admin">{t("Admin", "Admin")}</option>
                        <option value="orderdesk">{t("Order desk (fulfilment)", "Auftragsabwicklung")}</option>
                    </select>
                </div>
                <div class="desk-field">
                    <label for="new-team">{t("Team", "Team")}</label>
                    <input id="new-team" required autocomplete="off" prop:value=move || team.get()
                        on:input=move |e| team.set(event_target_value(&e)) />
                </div>
                <div class="desk-field">
                    <label for="new-email">{t("E-mail (for the desk's messages)", "E-Mail (für Nachrichten des Desks)")}</label>
                    <input id="new-email" type="email" autocomplete="off" prop:value=move || email.get()
                        on:input=move |e| email.set(event_target_value(&e)) />
                </div>
                <div class="desk-field">
                    <label for="new-password">{t("First password", "Erstes Passwort")}</label>
                    <input id="new-password" type="password" required autocomplete="new-password"
                        aria-describedby="new-password-rules" prop:value=move || password.get()
                        on:input=move |e| password.set(event_target_value(&e)) />
                </div>
                <button class="primary" type="submit" id="add-person" disabled=move || busy.get()>{t("Add", "Hinzufügen")}</button>
            </form>
            <p id="new-password-rules">{password_rules()}</p>
        </section>
    }
}
