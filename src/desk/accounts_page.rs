//! The customer accounts: a list everyone reads; managers, directors and admins add and edit.

use configurator_api::accounts::{Account, AccountList};
use leptos::prelude::*;

use super::account_form::AccountForm;
use super::api;
use crate::i18n::{t, use_lang};

/// What the form edits: nothing, a new account, or one of the list.
#[derive(Clone, Debug, PartialEq)]
enum Editing {
    None,
    New,
    Account(Account),
}

/// The accounts page (`#/accounts`): name, language, price book, partner tier and main contact
/// of each account, an "Add an account" button and an "Edit" button per account for those who
/// may edit; reps read them only. Anyone may invite a contact to the buyer's portal.
#[component]
pub fn AccountsPage() -> impl IntoView {
    let lang = use_lang();
    let reload = RwSignal::new(0u32);
    let list = RwSignal::new(None::<Result<AccountList, String>>);
    let editing = RwSignal::new(Editing::None);
    let message = RwSignal::new(String::new());
    Effect::new(move |_| {
        reload.track();
        leptos::task::spawn_local(async move {
            let r = api::typed::<(), AccountList>("GET", "/api/accounts", None).await;
            list.set(Some(r.map_err(|p| {
                super::problem_words::problem_text(&p, lang.get_untracked())
            })));
        });
    });
    let can_edit = Memo::new(move |_| matches!(list.get(), Some(Ok(ref l)) if l.can_edit));
    let accounts = Memo::new(move |_| match list.get() {
        Some(Ok(l)) => l.accounts,
        _ => Vec::new(),
    });
    let on_saved = Callback::new(move |a: Account| {
        message.set(match lang.get_untracked() {
            crate::i18n::Lang::En => format!("Saved account “{}”.", a.input.name),
            crate::i18n::Lang::De => format!("Konto „{}“ gespeichert.", a.input.name),
        });
        editing.set(Editing::None);
        reload.update(|n| *n += 1);
    });
    view! {
        <p class="no-print"><a href="#/">{t("← All quotes", "← Alle Angebote")}</a></p>
        <section class="desk-card" aria-labelledby="accounts-title">
            <h1 id="accounts-title">{t("Customer accounts", "Kundenkonten")}</h1>
            <p class="desk-message" role="status" id="accounts-message">{move || message.get()}</p>
            {move || match list.get() {
                None => view! { <p role="status">{t("Loading…", "Wird geladen …")}</p> }.into_any(),
                Some(Err(m)) => view! { <p class="desk-problem" role="alert">{m}</p> }.into_any(),
                Some(Ok(_)) => view! {
                    <table class="desk-table" id="account-list">
                        <thead><tr>
                            <th scope="col">{t("Name", "Name")}</th>
                            <th scope="col">{t("Language", "Sprache")}</th>
                            <th scope="col">{t("Price book", "Preisliste")}</th>
                            <th scope="col">{t("Partner tier", "Partnerstufe")}</th>
                            <th scope="col">{t("Main contact", "Hauptansprechpartner")}</th>
                            <th scope="col"><span class="visually-hidden">{t("Actions", "Aktionen")}</span></th>
                        </tr></thead>
                        <tbody>
                            <For each=move || accounts.get() key=|a| (a.id, a.updated_at.clone()) let:a>
                                <tr>
                                    <td>{a.input.name.clone()}</td>
                                    <td>{a.input.language.clone()}</td>
                                    <td>{a.input.price_book.clone()}</td>
                                    <td>{a.input.partner_tier.clone().unwrap_or_else(|| "–".into())}</td>
                                    <td>{a.input.contacts.first().map(|c| format!("{} <{}>", c.name, c.email)).unwrap_or_else(|| "–".into())}</td>
                                    <td>
                                    <super::invite_contact::InviteContacts account=a.clone() />
                                    {move || can_edit.get().then(|| {
                                        let a = a.clone();
                                        let label = format!("{} {}", lang.get().pick("Edit", "Bearbeiten"), a.input.name);
                                        view! {
                                            <button class="secondary" aria-label=label on:click=move |_| editing.set(Editing::Account(a.clone()))>
                                                {t("Edit", "Bearbeiten")}
                                            </button>
                                        }
                                    })}
                                    </td>
                                </tr>
                            </For>
                        </tbody>
                    </table>
                }
                .into_any(),
            }}
            {move || can_edit.get().then(|| view! {
                <button class="primary" id="account-new" on:click=move |_| editing.set(Editing::New)>
                    {t("Add an account", "Konto hinzufügen")}
                </button>
            })}
        </section>
        {move || match editing.get() {
            Editing::None => None,
            Editing::New => Some(view! { <AccountForm account=None on_saved /> }.into_any()),
            Editing::Account(a) => Some(view! { <AccountForm account=Some(a) on_saved /> }.into_any()),
        }}
    }
}
