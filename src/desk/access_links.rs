use configurator_api::session::Role;
use leptos::prelude::*;

use crate::i18n::t;

/// The header's links of people and access, once signed in: "People" for admins, "My
/// account" for everyone.
#[component]
pub fn AccessLinks() -> impl IntoView {
    let session: super::Session = expect_context();
    move || {
        session.0.get().map(|me| {
            view! {
                {(me.role == Role::Admin).then(|| view! { <a href="#/people" id="nav-people">{t("People", "Personen")}</a> })}
                <a href="#/account" id="nav-account">{t("My account", "Mein Konto")}</a>
            }
        })
    }
}
