use configurator_api::access::{NoFields, ResetLink, SessionsEnded, UserAnswer};
use leptos::prelude::*;

use super::access_words::problem_text;
use super::api::{self, ApiProblem};
use super::confirm_disable::ConfirmDisable;
use super::feedback::Feedback;
use crate::i18n::{t, use_lang, Lang};

/// Shows an action's outcome: its message (and the list loaded again), or its problem.
fn report<T>(feedback: Feedback, lang: Lang, r: Result<T, ApiProblem>, done: String) {
    match r {
        Ok(_) => {
            feedback.problem.set(String::new());
            feedback.message.set(done);
            feedback.reload.update(|n| *n += 1);
        }
        Err(p) => {
            feedback.message.set(String::new());
            feedback.problem.set(problem_text(&p, lang));
        }
    }
}

/// One user's row on the people page: role, team, state, last sign-in and sessions, and what
/// an admin may do (disable only after a confirmation, never oneself).
#[component]
pub fn PersonRow(
    user: configurator_api::access::UserInfo,
    me: String,
    feedback: Feedback,
) -> impl IntoView {
    let lang = use_lang();
    let confirming = RwSignal::new(false);
    let id = user.id;
    let name = StoredValue::new(user.name.clone());
    let post_state = move |disable: bool| {
        confirming.set(false);
        let action = if disable { "disable" } else { "enable" };
        leptos::task::spawn_local(async move {
            let path = format!("/api/users/{id}/{action}");
            let r = api::typed::<_, UserAnswer>("POST", &path, Some(&NoFields {})).await;
            let (l, n) = (lang.get_untracked(), name.get_value());
            let done = match (disable, l) {
                (true, Lang::En) => format!("{n} is disabled; their sessions ended."),
                (true, Lang::De) => format!("{n} ist gesperrt; die Sitzungen sind beendet."),
                (false, Lang::En) => format!("{n} is enabled again."),
                (false, Lang::De) => format!("{n} ist wieder freigegeben."),
            };
            report(feedback, l, r, done);
        });
    };
    let reset = move |_| {
        leptos::task::spawn_local(async move {
            let path = format!("/api/users/{id}/reset");
            let r = api::typed::<_, ResetLink>("POST", &path, Some(&NoFields {})).await;
            let (l, n) = (lang.get_untracked(), name.get_value());
            if let Ok(link) = &r {
                let origin = window().location().origin().unwrap_or_default();
                feedback
                    .link
                    .set(Some((n.clone(), format!("{origin}{}", link.path))));
            }
            let done = l.pick(
                format!("A reset link for {n} is made: pass it on to them. Using it ends their sessions."),
                format!("Ein Link zum Zurücksetzen für {n} ist erstellt: geben Sie ihn weiter. Seine Nutzung beendet die Sitzungen."),
            );
            report(feedback, l, r, done);
        });
    };
    let end_sessions = move |_| {
        leptos::task::spawn_local(async move {
            let path = format!("/api/users/{id}/sessions");
            let r = api::typed::<NoFields, SessionsEnded>("DELETE", &path, None).await;
            let (l, n) = (lang.get_untracked(), name.get_value());
            let ended = r.as_ref().map(|s| s.ended).unwrap_or(0);
            let done = l.pick(
                format!("{n}: {ended} sessions ended."),
                format!("{n}: {ended} Sitzungen beendet."),
            );
            report(feedback, l, r, done);
        });
    };
    let label = move |en: &'static str, de: &'static str| {
        move || {
            let n = name.get_value();
            lang.get().pick(en.replace("{}", &n), de.replace("{}", &n))
        }
    };
    let myself = user.name == me;
    let state = if user.disabled {
        view! { <span class="desk-badge">{t("disabled", "gesperrt")}</span> }.into_any()
    } else {
        view! { <span>{t("active", "aktiv")}</span> }.into_any()
    };
    let last = user
        .last_sign_in
        .clone()
        .map(|s| s.replace('T', " ").trim_end_matches('Z').to_owned());
    let toggle = if user.disabled {
        view! {
            <button class="secondary" type="button" aria-label=label("Enable {}", "{} freigeben")
                on:click=move |_| post_state(false)>{t("Enable", "Freigeben")}</button>
        }
        .into_any()
    } else if myself {
        ().into_any()
    } else {
        view! {
            <button class="secondary" type="button" aria-label=label("Disable {}", "{} sperren")
                aria-expanded=move || confirming.get().to_string()
                on:click=move |_| confirming.set(true)>{t("Disable", "Sperren")}</button>
        }
        .into_any()
    };
    view! {
        <tr>
            <th scope="row">{user.name.clone()}</th>
            <td>{let r = user.role; move || super::approval_badge::role_name(r, lang.get())}</td>
            <td>{user.team.clone()}</td>
            <td>{state}</td>
            <td>{match last {
                Some(at) => view! { <span>{at}</span> }.into_any(),
                None => view! { <span>{t("never", "nie")}</span> }.into_any(),
            }}</td>
            <td class="num">{user.sessions}</td>
            <td>
                <div class="desk-buttons">
                    {toggle}
                    <button class="secondary" type="button" aria-label=label("Reset password of {}", "Passwort zurücksetzen für {}")
                        on:click=reset>{t("Reset password", "Passwort zurücksetzen")}</button>
                    <button class="secondary" type="button" aria-label=label("End sessions of {}", "Sitzungen beenden für {}")
                        on:click=end_sessions>{t("End sessions", "Sitzungen beenden")}</button>
                </div>
                {move || confirming.get().then(|| view! {
                    <ConfirmDisable name=name.get_value() confirming on_yes=move || post_state(true) />
                })}
            </td>
        </tr>
    }
}
