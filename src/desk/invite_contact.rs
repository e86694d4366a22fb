//! "Invite to the portal" for each contact of a customer account.

use configurator_api::accounts::Account;
use configurator_api::portal::{Invitation, NewInvitation};
use leptos::prelude::*;

use super::api;
use super::problem_words::problem_text;
use crate::i18n::use_lang;

/// One button per contact of `account` that invites them to the buyer's portal
/// (`POST /api/accounts/{id}/invitations`): the one-time link is mailed to them and shown here
/// once, to copy.
#[component]
pub fn InviteContacts(
    /// The account.
    account: Account,
) -> impl IntoView {
    let lang = use_lang();
    let link = RwSignal::new(None::<(String, String)>);
    let problem = RwSignal::new(String::new());
    let id = account.id;
    let buttons = account
        .input
        .contacts
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            let label_name = c.name.clone();
            let invite = move |_| {
                let body = NewInvitation {
                    name: c.name.clone(),
                    email: c.email.clone(),
                    language: c.language.clone(),
                };
                leptos::task::spawn_local(async move {
                    let path = format!("/api/accounts/{id}/invitations");
                    match api::post_typed::<_, Invitation>(&path, &body).await {
                        Ok(inv) => {
                            problem.set(String::new());
                            let origin = window().location().origin().unwrap_or_default();
                            link.set(Some((inv.email, format!("{origin}{}", inv.link))));
                        }
                        Err(p) => problem.set(problem_text(&p, lang.get_untracked())),
                    }
                });
            };
            view! {
                <button class="secondary" type="button" id=format!("invite-{id}-{i}") on:click=invite>
                    {move || lang.get().pick(format!("Invite {label_name} to the portal"), format!("{label_name} ins Portal einladen"))}
                </button>
            }
        })
        .collect_view();
    view! {
        <div class="desk-invite">
            {buttons}
            {move || link.get().map(|(email, address)| {
                let copy = address.clone();
                let input_id = format!("invitation-link-{id}");
                view! {
                    <div class="desk-reset-link" role="group">
                        <label for=input_id.clone()>{move || lang.get().pick(
                            format!("Invitation for {email} (mailed; shown once: copy it now)"),
                            format!("Einladung für {email} (per E-Mail versandt; nur einmal gezeigt: jetzt kopieren)"),
                        )}</label>
                        <input id=input_id class="invitation-link" readonly size="50" prop:value=address />
                        <button class="secondary" type="button" on:click=move |_| crate::browser::copy(&copy)>
                            {move || lang.get().pick("Copy", "Kopieren")}
                        </button>
                    </div>
                }
            })}
            <p class="desk-problem" role="alert">{move || problem.get()}</p>
        </div>
    }
}
