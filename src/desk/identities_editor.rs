//! The credentials that name a buyer organisation, being edited.

use configurator_api::procurement::Identity;
use leptos::prelude::*;

use crate::i18n::{t, use_lang};

/// One labelled row per credential (domain, identity) with "Remove", and "Add a credential";
/// `next` numbers new rows (their keys).
#[component]
pub fn IdentitiesEditor(
    identities: RwSignal<Vec<(usize, Identity)>>,
    next: RwSignal<usize>,
) -> impl IntoView {
    let lang = use_lang();
    let edit = move |key: usize, domain: bool, value: String| {
        identities.update(|l| {
            if let Some((_, i)) = l.iter_mut().find(|(k, _)| *k == key) {
                if domain {
                    i.domain = value;
                } else {
                    i.identity = value;
                }
            }
        });
    };
    let value = move |key: usize, domain: bool| {
        move || {
            identities.with(|l| {
                l.iter()
                    .find(|(k, _)| *k == key)
                    .map(|(_, i)| {
                        if domain {
                            i.domain.clone()
                        } else {
                            i.identity.clone()
                        }
                    })
                    .unwrap_or_default()
            })
        }
    };
    view! {
        <fieldset id="org-identities">
            <legend>{t("Credentials (From and Sender)", "Zugangskennungen (From und Sender)")}</legend>
            <For each=move || identities.get() key=|(k, _)| *k let:c>
                <div class="desk-contact">
                    <label class="desk-field"><span>{t("Domain", "Domäne")}</span>
                        <input class="org-domain" placeholder="NetworkID" prop:value=value(c.0, true) on:input=move |ev| edit(c.0, true, event_target_value(&ev)) /></label>
                    <label class="desk-field"><span>{t("Identity", "Kennung")}</span>
                        <input class="org-identity" prop:value=value(c.0, false) on:input=move |ev| edit(c.0, false, event_target_value(&ev)) /></label>
                    <button
                        type="button"
                        class="secondary"
                        aria-label=move || format!("{} {}", lang.get().pick("Remove credential", "Kennung entfernen"), value(c.0, false)())
                        on:click=move |_| identities.update(|l| l.retain(|(k, _)| *k != c.0))
                    >
                        {t("Remove", "Entfernen")}
                    </button>
                </div>
            </For>
            <button type="button" class="secondary" id="org-add-identity" on:click=move |_| {
                let k = next.get_untracked();
                next.set(k + 1);
                identities.update(|l| l.push((k, Identity { domain: "NetworkID".into(), identity: String::new() })));
            }>{t("Add a credential", "Kennung hinzufügen")}</button>
        </fieldset>
    }
}
