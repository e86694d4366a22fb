use configurator_engine::ItemId;
use leptos::prelude::*;

use crate::i18n::{t, use_lang, Lang};
use crate::state::{Choices, Compute, EngineCtx};

/// "Choose anyway" for option `id` (named `name`): while `previewing`, the choices the repair
/// would remove, applied in one click, or why none helps.
#[component]
pub fn RepairPreview(id: ItemId, previewing: RwSignal<bool>, name: String) -> impl IntoView {
    let engine: EngineCtx = expect_context();
    let choices: Choices = expect_context();
    let compute: Compute = expect_context();
    let lang = use_lang();
    let planned = crate::task::latest(None, move || {
        let asked = previewing.get();
        let current = choices.with(Vec::clone);
        async move {
            if !asked {
                return None;
            }
            Some(compute.choose_anyway(current, id).await)
        }
    });
    move || {
        planned.get().flatten().map(|p| match p {
            Some(repair) => {
                let names: Vec<String> = engine.with(|e| {
                    repair
                        .retract
                        .iter()
                        .map(|&r| e.catalog().item(r).name.clone())
                        .collect()
                });
                let text = match lang.get() {
                    Lang::En => format!(
                        "To choose {name}, these choices will be removed: {}.",
                        names.join(", ")
                    ),
                    Lang::De => format!(
                        "Um {name} zu wählen, wird Folgendes entfernt: {}.",
                        names.join(", ")
                    ),
                };
                let apply = move |_| {
                    choices.set(repair.choices.clone());
                    previewing.set(false);
                };
                view! {
                    <div class="repair" role="group" aria-label=t("Choose anyway", "Trotzdem wählen")>
                        <p>{text}</p>
                        <button class="primary small" on:click=apply>{t("Apply", "Übernehmen")}</button>
                        <button class="secondary small" on:click=move |_| previewing.set(false)>{t("Cancel", "Abbrechen")}</button>
                    </div>
                }
                .into_any()
            }
            None => view! {
                <div class="repair"><p>{t("This option is not available in any configuration.", "Diese Option ist in keiner Konfiguration verfügbar.")}</p></div>
            }
            .into_any(),
        })
    }
}
