//! "Invite to the portal" for each contact of a customer account.

use configurator_api::accounts::Account;
use configurator_api::portal::{Invitation, NewInvitation};
use leptos::prelude::*;

use super::api;
use super::problem_words::problem_text;
use crate::i18n::use_lang;

/// One button per contact of `account` that invites them to the buyer's portal
/// (`POST /api/accounts/{id}/invitations`): the one-time link is mailed to them, never shown
/// here (whoever holds it buys for the account); the page says where it went and until when
/// it is open.
#[component]
pub fn InviteContacts(
    /// The account.
    account: Account,
) -> impl IntoView {
    let lang = use_lang();
    let sent = RwSignal::new(None::<Invitation>);
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
                            sent.set(Some(inv));
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
            <p class="desk-invited" id=format!("invitation-sent-{id}") role="status">
                {move || sent.get().map(|inv| {
                    let until = crate::format::local_time(&inv.expires_at, lang.get());
                    lang.get().pick(
                        format!("Invitation mailed to {}: its link is open until {until}.", inv.email),
                        format!("Einladung an {} versandt: der Link ist bis {until} gültig.", inv.email),
                    )
                })}
            </p>
            <p class="desk-problem" role="alert">{move || problem.get()}</p>
        </div>
    }
}
