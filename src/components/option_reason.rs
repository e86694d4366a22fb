use configurator_engine::{ItemId, ItemState};
use leptos::prelude::*;

use crate::format;
use crate::i18n::{t, use_lang, Lang};
use crate::state::{Choices, Compute, EngineCtx};

/// An option's reason: a heading ("Not available with …", "Included because of …") and the
/// rules' messages.
pub type Reason = (String, Vec<String>);

/// The reason of option `id` in its current `state`, when the state calls for one. Computed
/// only for the options on screen, each in a task of its own after the click has been
/// answered: a few milliseconds each on a large catalog, so a step with dozens of unavailable
/// options would otherwise block the page. An option keeps its last reason until the new one
/// is ready.
pub fn explained(
    id: ItemId,
    state: Memo<ItemState>,
) -> impl Fn() -> Option<Reason> + Copy + Send + Sync + 'static {
    let engine: EngineCtx = expect_context();
    let choices: Choices = expect_context();
    let compute: Compute = expect_context();
    let lang = use_lang();
    let restricted = move |s: ItemState| matches!(s, ItemState::Unavailable | ItemState::Implied);
    let answer = crate::task::latest(None, move || {
        let state = state.get();
        let l = lang.get();
        let current = choices.with(Vec::clone);
        async move {
            if !restricted(state) {
                return None;
            }
            crate::task::next_task().await;
            let e = compute.explain(current, id).await?;
            let engine = engine.get();
            let catalog = engine.catalog();
            let with = format::choice_names(catalog, &e, l);
            let head = match (state, with.is_empty(), l) {
                (ItemState::Implied, _, Lang::En) => format!("Included because of {with}"),
                (ItemState::Implied, _, Lang::De) => format!("Enthalten wegen {with}"),
                (_, true, l) => l.pick("Not available", "Nicht verfügbar").to_owned(),
                (_, false, Lang::En) => format!("Not available with {with}"),
                (_, false, Lang::De) => format!("Nicht verfügbar mit {with}"),
            };
            Some((head, format::reasons(catalog, &e, l)))
        }
    });
    move || {
        if !restricted(state.get()) {
            return None;
        }
        answer.get().flatten()
    }
}

/// Why an option is unavailable or included, and for an unavailable one "Choose anyway"
/// (which opens the repair preview).
#[component]
pub fn OptionReason<R>(
    reason: R,
    state: Memo<ItemState>,
    previewing: RwSignal<bool>,
    dom_id: String,
) -> impl IntoView
where
    R: Fn() -> Option<Reason> + Send + Sync + 'static,
{
    move || {
        reason().map(|(head, lines)| {
            let unavailable = state.get() == ItemState::Unavailable;
            view! {
                <div class="option-reason" id=dom_id.clone()>
                    <strong>{head}</strong>
                    {lines.into_iter().map(|l| view! { <span class="reason-line">{l}</span> }).collect_view()}
                    {unavailable
                        .then(|| {
                            view! {
                                <button
                                    class="link choose-anyway"
                                    class:hidden=move || previewing.get()
                                    on:click=move |_| previewing.set(true)
                                >
                                    {t("Choose anyway", "Trotzdem wählen")}
                                </button>
                            }
                        })}
                </div>
            }
        })
    }
}
