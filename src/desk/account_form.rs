//! Adding or editing one customer account.

use configurator_api::accounts::{Account, AccountAnswer, AccountInput, Contact};
use leptos::prelude::*;

use super::api;
use super::contacts_editor::ContactsEditor;
use crate::i18n::{t, use_lang};

/// The form of an account (`None`: a new one): name, addresses, language, price book, partner
/// tier and contacts. The desk checks everything; its refusal names the field. `on_saved`
/// runs with the account as stored.
#[component]
pub fn AccountForm(account: Option<Account>, on_saved: Callback<Account>) -> impl IntoView {
    let lang = use_lang();
    let id = account.as_ref().map(|a| a.id);
    let input = account.map(|a| a.input).unwrap_or_else(|| AccountInput {
        language: "en".into(),
        price_book: "list".into(),
        ..Default::default()
    });
    let name = RwSignal::new(input.name);
    let bill_to = RwSignal::new(input.bill_to);
    let ship_to = RwSignal::new(input.ship_to);
    let language = RwSignal::new(input.language);
    let book = RwSignal::new(input.price_book);
    let tier = RwSignal::new(input.partner_tier.unwrap_or_default());
    let next = RwSignal::new(input.contacts.len());
    let contacts = RwSignal::new(
        input
            .contacts
            .into_iter()
            .enumerate()
            .collect::<Vec<(usize, Contact)>>(),
    );
    let problem = RwSignal::new(String::new());
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = AccountInput {
            name: name.get_untracked(),
            bill_to: bill_to.get_untracked(),
            ship_to: ship_to.get_untracked(),
            language: language.get_untracked(),
            price_book: book.get_untracked(),
            partner_tier: Some(tier.get_untracked()).filter(|t| !t.trim().is_empty()),
            contacts: contacts
                .get_untracked()
                .into_iter()
                .map(|(_, c)| c)
                .collect(),
        };
        leptos::task::spawn_local(async move {
            let r = match id {
                Some(id) => {
                    api::typed::<_, AccountAnswer>(
                        "PUT",
                        &format!("/api/accounts/{id}"),
                        Some(&body),
                    )
                    .await
                }
                None => api::typed::<_, AccountAnswer>("POST", "/api/accounts", Some(&body)).await,
            };
            match r {
                Ok(a) => {
                    problem.set(String::new());
                    on_saved.run(a.account);
                }
                Err(p) => problem.set(super::problem_words::problem_text(&p, lang.get_untracked())),
            }
        });
    };
    view! {
        <form class="desk-card desk-account-form" id="account-form" on:submit=save>
            <h2>{move || match id {
                Some(_) => lang.get().pick("Edit account", "Konto bearbeiten"),
                None => lang.get().pick("New account", "Neues Konto"),
            }}</h2>
            <label class="desk-field"><span>{t("Name", "Name")}</span>
                <input id="account-name" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) required /></label>
            <label class="desk-field"><span>{t("Bill-to address", "Rechnungsadresse")}</span>
                <textarea id="account-bill-to" rows="3" prop:value=move || bill_to.get() on:input=move |ev| bill_to.set(event_target_value(&ev))></textarea></label>
            <label class="desk-field"><span>{t("Ship-to address (empty: the bill-to address)", "Lieferadresse (leer: die Rechnungsadresse)")}</span>
                <textarea id="account-ship-to" rows="3" prop:value=move || ship_to.get() on:input=move |ev| ship_to.set(event_target_value(&ev))></textarea></label>
            <label class="desk-field"><span>{t("Language", "Sprache")}</span>
                <select id="account-language" prop:value=move || language.get() on:change=move |ev| language.set(event_target_value(&ev))>
                    <option value="en">"English"</option>
                    <option value="de">"Deutsch"</option>
                </select></label>
            <label class="desk-field"><span>{t("Price book", "Preisliste")}</span>
                <input id="account-book" prop:value=move || book.get() on:input=move |ev| book.set(event_target_value(&ev)) /></label>
            <label class="desk-field"><span>{t("Partner tier (empty: none)", "Partnerstufe (leer: keine)")}</span>
                <input id="account-tier" prop:value=move || tier.get() on:input=move |ev| tier.set(event_target_value(&ev)) /></label>
            <ContactsEditor contacts language next />
            <p class="desk-problem" role="alert" id="account-problem">{move || problem.get()}</p>
            <button type="submit" class="primary" id="account-save">{t("Save account", "Konto speichern")}</button>
        </form>
    }
}
