use configurator_engine::{GroupId, Status};
use leptos::prelude::*;

use crate::i18n::{t, use_lang};
use crate::state::{CurrentEvaluation, CurrentStep, EngineCtx};

/// The steps of the configuration, one per group, with done / required / problem marks.
#[component]
pub fn StepList() -> impl IntoView {
    let engine: EngineCtx = expect_context();
    let CurrentEvaluation(evaluation) = expect_context();
    let CurrentStep(step) = expect_context();
    let lang = use_lang();
    let groups: Vec<(GroupId, String, u32)> = engine.with(|e| {
        e.catalog()
            .groups()
            .iter()
            .map(|g| (g.id, g.name.clone(), g.min))
            .collect()
    });
    let steps = groups
        .into_iter()
        .enumerate()
        .map(|(n, (gid, name, min))| {
            let mark = Memo::new(move |_| {
                let ev = evaluation.get();
                let chosen = engine.with(|e| {
                    let group = e.catalog().group(gid);
                    group.items.iter().any(|&i| ev.item(i).is_in())
                });
                let missing =
                    matches!(&ev.status, Status::Incomplete { missing } if missing.contains(&gid));
                if missing {
                    "required"
                } else if chosen {
                    "done"
                } else if min == 0 {
                    "optional"
                } else {
                    "open"
                }
            });
            let current = move || step.get() == gid;
            view! {
                <li>
                    <button
                        class="step"
                        class:current=current
                        aria-current=move || if current() { Some("step") } else { None }
                        data-mark=move || mark.get()
                        on:click=move |_| step.set(gid)
                    >
                        <span class="step-number" aria-hidden="true">{n + 1}</span>
                        <span class="step-name">{name}</span>
                        <span class="step-mark">
                            {move || {
                                let l = lang.get();
                                match mark.get() {
                                    "done" => l.pick("Done", "Erledigt"),
                                    "required" => l.pick("Required", "Erforderlich"),
                                    "optional" => l.pick("Optional", "Optional"),
                                    _ => "",
                                }
                            }}
                        </span>
                    </button>
                </li>
            }
        })
        .collect_view();
    view! {
        <nav class="steps" aria-label=t("Configuration steps", "Konfigurationsschritte")>
            <ol>{steps}</ol>
        </nav>
    }
}
