use leptos::prelude::*;

use crate::i18n::{t, use_lang};

/// Asks before a destructive step (recording the customer's decline, revoking a customer
/// link): what it does, then the step's own "Yes, …" button or "Cancel" (the question closes
/// either way). Focus moves to the question when it opens, so keyboard and screen-reader users
/// land on it.
#[component]
pub fn ConfirmAction(
    /// Its id (the "Yes" button is `confirm-ID`).
    id: String,
    /// The question: what the step does (English, German).
    question: (String, String),
    /// The confirming button's text (English, German).
    yes: (String, String),
    /// Whether the question is open.
    confirming: RwSignal<bool>,
    /// Takes the step.
    on_yes: impl Fn() + Copy + 'static,
) -> impl IntoView {
    let lang = use_lang();
    let (q_en, q_de) = question;
    let (y_en, y_de) = yes;
    let q = move || lang.get().pick(q_en.clone(), q_de.clone());
    let q2 = q.clone();
    let y = move || lang.get().pick(y_en.clone(), y_de.clone());
    let first = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if let Some(b) = first.get() {
            let _ = b.focus();
        }
    });
    view! {
        <div class="desk-confirm" role="alertdialog" aria-modal="false" aria-label=q2 id=format!("ask-{id}")>
            <p>{q}</p>
            <div class="desk-buttons">
                <button class="primary" type="button" id=format!("confirm-{id}") node_ref=first
                    on:click=move |_| { confirming.set(false); on_yes() }>{y}</button>
                <button class="secondary" type="button"
                    on:click=move |_| confirming.set(false)>{t("Cancel", "Abbrechen")}</button>
            </div>
        </div>
    }
}
