use leptos::prelude::*;

use super::access_words::password_rules;
use crate::i18n::t;

/// A new password typed twice, with the password rules; `differ` says whether the two differ
/// (the form does not send them then).
#[component]
pub fn NewPassword(
    /// Prefix of the fields' ids (`account`, `reset`).
    id: &'static str,
    /// The new password.
    new: RwSignal<String>,
    /// The same again.
    repeat: RwSignal<String>,
    /// Whether the two differ (once the second is typed).
    differ: Memo<bool>,
) -> impl IntoView {
    let (first, second, rules, problem) = (
        format!("{id}-new"),
        format!("{id}-repeat"),
        format!("{id}-rules"),
        format!("{id}-differ"),
    );
    view! {
        <label for=first.clone()>{t("New password", "Neues Passwort")}</label>
        <input id=first type="password" required autocomplete="new-password" aria-describedby=rules.clone()
            prop:value=move || new.get() on:input=move |e| new.set(event_target_value(&e)) />
        <label for=second.clone()>{t("New password again", "Neues Passwort wiederholen")}</label>
        <input id=second type="password" required autocomplete="new-password" aria-describedby=problem.clone()
            aria-invalid=move || differ.get().to_string()
            prop:value=move || repeat.get() on:input=move |e| repeat.set(event_target_value(&e)) />
        <p class="desk-hint" id=rules>{password_rules()}</p>
        <p class="desk-problem" id=problem>
            {move || differ.get().then(|| t("The two passwords differ.", "Die beiden Passwörter unterscheiden sich."))}
        </p>
    }
}
