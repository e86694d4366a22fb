//! The invitation's page: a buyer sets their first password, then is signed in.

use configurator_api::portal::{AcceptInvitation, InvitationInfo, PortalSession};
use leptos::prelude::*;

use super::super::access_words::problem_text;
use super::super::api::{self, ApiProblem};
use super::super::new_password::NewPassword;
use super::BuyerSession;
use crate::i18n::{t, use_lang, Lang};

/// The one-time link's page (`#/portal/welcome/TOKEN`): who it is for and for which account,
/// a password typed twice (the desk's rules); then the buyer is signed in and sees their home.
#[component]
pub fn Welcome(
    /// The link's token.
    token: String,
) -> impl IntoView {
    let lang = use_lang();
    let session: BuyerSession = expect_context();
    let info = RwSignal::new(None::<Result<InvitationInfo, ApiProblem>>);
    let new = RwSignal::new(String::new());
    let repeat = RwSignal::new(String::new());
    let differ = Memo::new(move |_| repeat.with(|r| !r.is_empty() && new.with(|n| n != r)));
    let problem = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let token = StoredValue::new(token);
    leptos::task::spawn_local(async move {
        let path = format!("/api/portal/invitations/{}", token.get_value());
        info.set(Some(api::get_typed(&path).await));
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !matches!(info.get_untracked(), Some(Ok(_))) || differ.get_untracked() {
            return;
        }
        busy.set(true);
        let password = new.get_untracked();
        leptos::task::spawn_local(async move {
            let path = format!("/api/portal/invitations/{}", token.get_value());
            // The desk signs the buyer in as it closes the link.
            let signed =
                api::post_typed::<_, PortalSession>(&path, &AcceptInvitation { password }).await;
            busy.set(false);
            match signed {
                Ok(answer) => {
                    super::signed_in(session, answer);
                    super::super::go(&super::href(""));
                }
                Err(p) => problem.set(problem_text(&p, lang.get_untracked())),
            }
        });
    };
    move || {
        match info.get() {
        None => view! { <p role="status">{t("Loading…", "Wird geladen …")}</p> }.into_any(),
        Some(Err(p)) => view! {
            <section class="desk-card" role="alert">
                <h1>{t("This invitation does not open", "Diese Einladung lässt sich nicht öffnen")}</h1>
                <p>{problem_text(&p, lang.get())}</p>
                <p>{t("Ask your contact for a new invitation.", "Bitten Sie Ihren Ansprechpartner um eine neue Einladung.")}</p>
            </section>
        }
        .into_any(),
        Some(Ok(i)) => view! {
            <form class="desk-card sign-in" on:submit=submit>
                <h1>{move || match lang.get() {
                    Lang::En => format!("Welcome, {}", i.name),
                    Lang::De => format!("Willkommen, {}", i.name),
                }}</h1>
                <p id="welcome-who">{move || match lang.get() {
                    Lang::En => format!("Set a password to see the quotes and orders of {}. You sign in with {}.", i.account_name, i.email),
                    Lang::De => format!("Legen Sie ein Passwort fest, um Angebote und Aufträge von {} zu sehen. Sie melden sich mit {} an.", i.account_name, i.email),
                }}</p>
                <NewPassword id="welcome" new repeat differ />
                <button class="primary" type="submit" id="welcome-set"
                    disabled=move || busy.get() || differ.get()>{t("Set password and sign in", "Passwort festlegen und anmelden")}</button>
                <p class="desk-problem" role="alert">{move || problem.get()}</p>
            </form>
        }
        .into_any(),
    }
    }
}
