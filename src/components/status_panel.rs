use configurator_engine::Status;
use leptos::prelude::*;

use crate::format;
use crate::i18n::{t, use_lang, Lang};
use crate::state::{Choices, CurrentEvaluation, CurrentStep, EngineCtx};

/// The configuration's status: complete; the groups still required (each a link to its step);
/// or the conflict, why, and one fix per conflicting choice (leave it out).
#[component]
pub fn StatusPanel() -> impl IntoView {
    let engine: EngineCtx = expect_context();
    let CurrentEvaluation(evaluation) = expect_context();
    let CurrentStep(step) = expect_context();
    let choices: Choices = expect_context();
    let lang = use_lang();
    move || {
        let engine = engine.get();
        let catalog = engine.catalog();
        match evaluation.with(|e| e.status.clone()) {
            Status::Complete => view! {
                <p class="status status-complete" role="status">{t("Complete: ready to quote.", "Vollständig: bereit für ein Angebot.")}</p>
            }
            .into_any(),
            Status::Incomplete { missing } => {
                let links = missing
                    .into_iter()
                    .map(|g| {
                        let name = catalog.group(g).name.clone();
                        view! {
                            <li><button class="link" on:click=move |_| step.set(g)>{name}</button></li>
                        }
                    })
                    .collect_view();
                view! {
                    <div class="status status-incomplete" role="status">
                        <p>{t("Still required:", "Noch erforderlich:")}</p>
                        <ul>{links}</ul>
                    </div>
                }
                .into_any()
            }
            Status::Conflict(e) => {
                let l = lang.get();
                let lines = format::reasons(catalog, &e, l)
                    .into_iter()
                    .map(|l| view! { <li>{l}</li> })
                    .collect_view();
                // Each fix: leave out one of the choices that conflict.
                let fixes = e
                    .choices
                    .iter()
                    .map(|&i| {
                        let label = match l {
                            Lang::En => format!("Remove {}", catalog.item(i).name),
                            Lang::De => format!("{} entfernen", catalog.item(i).name),
                        };
                        let remove = move |_| choices.update(|c| c.retain(|c| c.item != i));
                        view! { <li><button class="link fix" on:click=remove>{label}</button></li> }
                    })
                    .collect_view();
                view! {
                    <div class="status status-conflict" role="alert">
                        <p>{t("These choices conflict:", "Diese Auswahl steht im Konflikt:")}</p>
                        <ul>{lines}</ul>
                        <p>{t("To fix it:", "Zur Lösung:")}</p>
                        <ul class="fixes">{fixes}</ul>
                    </div>
                }
                .into_any()
            }
        }
    }
}
