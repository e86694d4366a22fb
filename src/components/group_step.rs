use configurator_engine::ChoiceKind;
use leptos::prelude::*;

use super::step_options::StepOptions;
use crate::i18n::{t, use_lang, Lang};
use crate::state::{CurrentStep, EngineCtx};

/// The current step: the group's name (or the question it asks), help text and how many to
/// choose, its options (built
/// anew for each step, so a new step starts unfiltered), and back / next.
#[component]
pub fn GroupStep() -> impl IntoView {
    let engine: EngineCtx = expect_context();
    let CurrentStep(step) = expect_context();
    let lang = use_lang();
    let header = move || {
        // A question is the step's title (the group's name stays in the step list).
        let (name, description, kind, min, max) = engine.with(|e| {
            let g = e.catalog().group(step.get());
            let title = g.question.as_ref().unwrap_or(&g.name).clone();
            (title, g.description.clone(), g.kind, g.min, g.max)
        });
        let hint = match (kind, min, max, lang.get()) {
            (ChoiceKind::Single, 1, _, l) => l.pick("Choose one", "Eine Option wählen").to_owned(),
            (ChoiceKind::Single, _, _, l) => l
                .pick("Choose one, or none", "Eine oder keine Option wählen")
                .to_owned(),
            (_, 0, max, Lang::En) => format!("Choose up to {max}"),
            (_, 0, max, Lang::De) => format!("Bis zu {max} wählen"),
            (_, min, max, Lang::En) if min == max => format!("Choose {min}"),
            (_, min, max, Lang::De) if min == max => format!("{min} wählen"),
            (_, min, max, Lang::En) => format!("Choose {min} to {max}"),
            (_, min, max, Lang::De) => format!("{min} bis {max} wählen"),
        };
        view! {
            <h2 id="step-title">{name}</h2>
            <p class="step-hint">{hint}</p>
            <p class="step-description">{description}</p>
        }
    };
    let groups = engine.get().catalog().groups();
    let group_count = groups.len();
    let go = move |delta: isize| {
        let next = step.get_untracked().index() as isize + delta;
        if (0..group_count as isize).contains(&next) {
            step.set(groups[next as usize].id);
        }
    };
    let at_first = move || step.get().index() == 0;
    let at_last = move || step.get().index() + 1 == group_count;
    view! {
        <section class="options" aria-labelledby="step-title">
            {header}
            {move || {
                let group = step.get();
                view! { <StepOptions group /> }
            }}
            <div class="step-nav">
                <button class="secondary" class:hidden=at_first on:click=move |_| go(-1)>{t("Back", "Zurück")}</button>
                <button class="primary" class:hidden=at_last on:click=move |_| go(1)>{t("Next step", "Nächster Schritt")}</button>
            </div>
        </section>
    }
}
