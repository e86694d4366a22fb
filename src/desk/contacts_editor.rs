//! The contacts of an account being edited.

use configurator_api::accounts::Contact;
use leptos::prelude::*;

use crate::i18n::t;

/// One labelled row per contact (name, e-mail, language) with "Remove contact", and "Add a
/// contact" (in the account's `language`); `next` numbers new rows (their keys).
#[component]
pub fn ContactsEditor(
    contacts: RwSignal<Vec<(usize, Contact)>>,
    language: RwSignal<String>,
    next: RwSignal<usize>,
) -> impl IntoView {
    let edit = move |key: usize, f: fn(&mut Contact, String), value: String| {
        contacts.update(|l| {
            if let Some((_, c)) = l.iter_mut().find(|(k, _)| *k == key) {
                f(c, value);
            }
        });
    };
    let value = move |key: usize, f: fn(&Contact) -> String| {
        move || {
            contacts.with(|l| {
                l.iter()
                    .find(|(k, _)| *k == key)
                    .map(|(_, c)| f(c))
                    .unwrap_or_default()
            })
        }
    };
    view! {
        <fieldset>
            <legend>{t("Contacts", "Ansprechpartner")}</legend>
            <For each=move || contacts.get() key=|(k, _)| *k let:c>
                <div class="desk-contact">
                    <label class="desk-field"><span>{t("Contact name", "Name des Ansprechpartners")}</span>
                        <input prop:value=value(c.0, |c| c.name.clone()) on:input=move |ev| edit(c.0, |c, v| c.name = v, event_target_value(&ev)) /></label>
                    <label class="desk-field"><span>{t("E-mail", "E-Mail")}</span>
                        <input type="email" prop:value=value(c.0, |c| c.email.clone()) on:input=move |ev| edit(c.0, |c, v| c.email = v, event_target_value(&ev)) /></label>
                    <label class="desk-field"><span>{t("Contact's language", "Sprache des Ansprechpartners")}</span>
                        <select prop:value=value(c.0, |c| c.language.clone()) on:change=move |ev| edit(c.0, |c, v| c.language = v, event_target_value(&ev))>
                            <option value="en">"English"</option>
                            <option value="de">"Deutsch"</option>
                        </select></label>
                    <button type="button" class="secondary" on:click=move |_| contacts.update(|l| l.retain(|(k, _)| *k != c.0))>
                        {t("Remove contact", "Ansprechpartner entfernen")}
                    </button>
                </div>
            </For>
            <button type="button" class="secondary" id="account-add-contact" on:click=move |_| {
                let k = next.get_untracked();
                next.set(k + 1);
                let language = language.get_untracked();
                contacts.update(|l| l.push((k, Contact { name: String::new(), email: String::new(), language })));
            }>{t("Add a contact", "Ansprechpartner hinzufügen")}</button>
        </fieldset>
    }
}
