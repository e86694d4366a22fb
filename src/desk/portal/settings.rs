//! The buyer's notification choices.

use configurator_api::portal::Notifications;
use leptos::prelude::*;

use super::super::api::{self, ApiProblem};
use super::super::problem_words::problem_text;
use crate::i18n::{t, use_lang};

/// Which e-mails the buyer receives (confirmation, shipment, delivery); in-portal alerts come
/// always.
#[component]
pub fn Settings() -> impl IntoView {
    let lang = use_lang();
    let loaded = RwSignal::new(None::<Result<(), ApiProblem>>);
    let confirmed = RwSignal::new(true);
    let shipped = RwSignal::new(true);
    let delivered = RwSignal::new(true);
    let message = RwSignal::new(String::new());
    let problem = RwSignal::new(String::new());
    leptos::task::spawn_local(async move {
        let r = api::get_typed::<Notifications>("/api/portal/notifications").await;
        if let Ok(n) = &r {
            confirmed.set(n.confirmed);
            shipped.set(n.shipped);
            delivered.set(n.delivered);
        }
        loaded.set(Some(r.map(|_| ())));
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = Notifications {
            confirmed: confirmed.get_untracked(),
            shipped: shipped.get_untracked(),
            delivered: delivered.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            let l = lang.get_untracked();
            match api::send_ignoring("PUT", "/api/portal/notifications", &body).await {
                Ok(()) => {
                    problem.set(String::new());
                    message.set(l.pick("Saved.", "Gespeichert.").to_owned());
                }
                Err(p) => {
                    message.set(String::new());
                    problem.set(problem_text(&p, l));
                }
            }
        });
    };
    let check = move |id: &'static str, label: Signal<&'static str>, v: RwSignal<bool>| {
        view! {
            <div class="desk-check">
                <input id=id type="checkbox" prop:checked=move || v.get() on:change=move |e| v.set(event_target_checked(&e)) />
                <label for=id>{label}</label>
            </div>
        }
    };
    view! {
        <section class="desk-card" aria-labelledby="settings-title">
            <h1 id="settings-title">{t("Notifications", "Benachrichtigungen")}</h1>
            {move || match loaded.get() {
                None => view! { <p role="status">{t("Loading…", "Wird geladen …")}</p> }.into_any(),
                Some(Err(p)) => view! { <p class="desk-problem" role="alert">{problem_text(&p, lang.get())}</p> }.into_any(),
                Some(Ok(())) => view! {
                    <form on:submit=save>
                        <fieldset>
                            <legend>{t("E-mail me when an order is…", "E-Mail an mich, wenn ein Auftrag …")}</legend>
                            {check("notify-confirmed", t("confirmed", "bestätigt ist"), confirmed)}
                            {check("notify-shipped", t("shipped (each shipment)", "versandt ist (jede Sendung)"), shipped)}
                            {check("notify-delivered", t("delivered", "geliefert ist"), delivered)}
                        </fieldset>
                        <p class="desk-hint">{t("Alerts in the portal come either way.", "Meldungen im Portal erhalten Sie in jedem Fall.")}</p>
                        <button class="primary" type="submit" id="save-notifications">{t("Save", "Speichern")}</button>
                    </form>
                }
                .into_any(),
            }}
            <p class="desk-message" role="status" id="settings-message">{move || message.get()}</p>
            <p class="desk-problem" role="alert">{move || problem.get()}</p>
        </section>
    }
}
