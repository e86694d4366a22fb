//! Choosing the customer account a quote is for.

use configurator_api::accounts::{Account, AccountList};
use leptos::prelude::*;

use super::api;
use crate::i18n::t;

/// A labelled list of the desk's accounts; `selected` holds the chosen one (with what it is
/// entitled to), `None` until the user picks one.
#[component]
pub fn AccountPicker(selected: RwSignal<Option<Account>>) -> impl IntoView {
    let accounts = RwSignal::new(Vec::<Account>::new());
    let problem = RwSignal::new(String::new());
    leptos::task::spawn_local(async move {
        match api::typed::<(), AccountList>("GET", "/api/accounts", None).await {
            Ok(list) => accounts.set(list.accounts),
            Err(p) => problem.set(p.message),
        }
    });
    let value = Memo::new(move |_| selected.get().map(|a| a.id.to_string()).unwrap_or_default());
    view! {
        <label class="desk-field">
            <span>{t("Customer account", "Kundenkonto")}</span>
            <select
                id="draft-account"
                // Again once the list is there: a preselected account (an organisation's) shows.
                prop:value=move || { accounts.track(); value.get() }
                on:change=move |ev| {
                    let id = event_target_value(&ev);
                    selected.set(accounts.with_untracked(|l| {
                        l.iter().find(|a| a.id.to_string() == id).cloned()
                    }));
                }
            >
                <option value="">{t("— choose an account —", "— Konto wählen —")}</option>
                <For each=move || accounts.get() key=|a| (a.id, a.updated_at.clone()) let:a>
                    <option value=a.id.to_string()>{a.input.name.clone()}</option>
                </For>
            </select>
        </label>
        <p class="desk-problem" role="alert">{move || problem.get()}</p>
    }
}
