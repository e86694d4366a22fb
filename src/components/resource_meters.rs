use leptos::prelude::*;

use crate::format;
use crate::i18n::{use_lang, Lang};
use crate::state::{CurrentEvaluation, EngineCtx};

/// Share of a resource from which its meter warns: the next unit may not fit.
const WARN_FROM_PERCENT: i64 = 80;

/// Meters of the catalog's resource rules (ports, watts, slots): what the configuration uses
/// of what it provides, turning to a warning from 80% on. A resource short of what is used
/// while the configuration is still valid is a step to take (more providers), shown as a
/// warning ("384 needed, 0 so far"); red only when the choices conflict. Only resources in
/// play are shown.
#[component]
pub fn ResourceMeters() -> impl IntoView {
    let engine: EngineCtx = expect_context();
    let CurrentEvaluation(evaluation) = expect_context();
    let lang = use_lang();
    let meters = Memo::new(move |_| {
        let engine = engine.get();
        let catalog = engine.catalog();
        evaluation.with(|ev| {
            let conflict = matches!(ev.status, configurator_engine::Status::Conflict(_));
            engine
                .resources(ev)
                .into_iter()
                .filter(|r| r.used > 0 || r.provided > 0)
                .map(|r| {
                    let rule = catalog.rule(r.rule);
                    let label = rule.label.clone().unwrap_or_else(|| rule.key.clone());
                    (rule.key.clone(), label, r.used, r.provided, conflict)
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <div class="meters" class:hidden=move || meters.with(Vec::is_empty)>
            <For each=move || meters.get().into_iter().map(move |m| (m, lang.get())) key=|m| m.clone() let:m>
                {
                    let ((key, label, used, provided, conflict), lang) = m;
                    let level = if used > provided && conflict {
                        "over"
                    } else if used > provided {
                        "short"
                    } else if provided > 0 && used * 100 >= provided * WARN_FROM_PERCENT {
                        "warn"
                    } else {
                        "ok"
                    };
                    let width = if provided > 0 { (used * 100 / provided).clamp(0, 100) } else { 100 };
                    let (u, p) = (format::grouped(&used.to_string(), lang), format::grouped(&provided.to_string(), lang));
                    let text = match (lang, level) {
                        (Lang::En, "short") => format!("{label}: {u} needed, {p} so far"),
                        (Lang::De, "short") => format!("{label}: {u} benötigt, bisher {p}"),
                        (Lang::En, _) => format!("{label}: {u} of {p} used"),
                        (Lang::De, _) => format!("{label}: {u} von {p} belegt"),
                    };
                    view! {
                        <div class="meter" data-level=level id=format!("meter-{key}")>
                            <span class="meter-text">{text.clone()}</span>
                            <div
                                class="meter-bar"
                                role="meter"
                                aria-label=label
                                aria-valuemin="0"
                                aria-valuemax=provided.to_string()
                                aria-valuenow=used.to_string()
                                aria-valuetext=text
                            >
                                <span class="meter-fill" style:width=format!("{width}%")></span>
                            </div>
                        </div>
                    }
                }
            </For>
        </div>
    }
}
