use leptos::prelude::*;

use crate::i18n::t;
use crate::state::{AppView, Choices, Compute, CurrentView};

/// The summary's actions: in PunchOut mode the transfer to the procurement system first; review the quote, complete with defaults or at the lowest price,
/// start over, undo and redo.
#[component]
pub fn SummaryActions() -> impl IntoView {
    let choices: Choices = expect_context();
    let compute: Compute = expect_context();
    let CurrentView(view) = expect_context();
    let complete_defaults = move |_| {
        let current = choices.get_untracked();
        leptos::task::spawn_local(async move { choices.set(compute.defaults(current).await) });
    };
    let complete_cheapest = move |_| {
        let current = choices.get_untracked();
        leptos::task::spawn_local(async move {
            if let Some(next) = compute.cheapest(current).await {
                choices.set(next);
            }
        });
    };
    view! {
        <div class="summary-actions">
            {crate::punchout::part(crate::punchout::Part::Transfer)}
            <button class="primary" id="review-quote" on:click=move |_| view.set(AppView::Quote)>{t("Review quote", "Angebot prüfen")}</button>
            <button class="secondary" on:click=complete_defaults>{t("Complete with defaults", "Mit Standardwerten vervollständigen")}</button>
            <button class="secondary" on:click=complete_cheapest>{t("Cheapest completion", "Günstigste Vervollständigung")}</button>
            <button class="secondary" on:click=move |_| choices.set(Vec::new())>{t("Start over", "Neu beginnen")}</button>
            <div class="undo-redo">
                <button
                    class="secondary"
                    aria-keyshortcuts="Control+Z"
                    aria-disabled=move || if choices.can_undo() { "false" } else { "true" }
                    on:click=move |_| {
                        choices.undo();
                    }
                >
                    {t("Undo", "Rückgängig")}
                </button>
                <button
                    class="secondary"
                    aria-keyshortcuts="Control+Shift+Z"
                    aria-disabled=move || if choices.can_redo() { "false" } else { "true" }
                    on:click=move |_| {
                        choices.redo();
                    }
                >
                    {t("Redo", "Wiederholen")}
                </button>
            </div>
        </div>
    }
}
