use leptos::prelude::*;

use crate::i18n::{t, use_lang};

/// Asks before a user is disabled: what it does, "Yes, disable NAME" or "Cancel" (the
/// question closes either way).
#[component]
pub fn ConfirmDisable(
    /// Whom.
    name: String,
    /// Whether the question is open.
    confirming: RwSignal<bool>,
    /// Disables.
    on_yes: impl Fn() + Copy + 'static,
) -> impl IntoView {
    let lang = use_lang();
    let name = StoredValue::new(name);
    let text = move |en: &'static str, de: &'static str| {
        move || {
            let n = name.get_value();
            lang.get().pick(en.replace("{}", &n), de.replace("{}", &n))
        }
    };
    view! {
        <div class="desk-confirm" role="group" aria-label=text("Confirm: disable {}", "Bestätigen: {} sperren")>
            <p>{text(
                "Disable {}? They cannot sign in, and their sessions end at once.",
                "{} sperren? Die Anmeldung ist dann nicht mehr möglich, laufende Sitzungen enden sofort.",
            )}</p>
            <div class="desk-buttons">
                <button class="primary" type="button" id="confirm-disable"
                    on:click=move |_| on_yes()>{text("Yes, disable {}", "Ja, {} sperren")}</button>
                <button class="secondary" type="button"
                    on:click=move |_| confirming.set(false)>{t("Cancel", "Abbrechen")}</button>
            </div>
        </div>
    }
}
