use configurator_engine::{Choice, ItemId};
use leptos::prelude::*;

use crate::i18n::{use_lang, Lang};
use crate::state::{Choices, CurrentEvaluation, EngineCtx};

/// The quantity of an option that is in the configuration: a stepper bounded by the
/// quantities the engine says are achievable (steps skip the ones that are not), and a note
/// of what is possible. Shown only for items with a quantity.
#[component]
pub fn QuantityStepper(id: ItemId) -> impl IntoView {
    let engine: EngineCtx = expect_context();
    let choices: Choices = expect_context();
    let CurrentEvaluation(evaluation) = expect_context();
    let lang = use_lang();
    let (name, dom_id) = engine.with(|e| {
        let item = e.catalog().item(id);
        let group = &e.catalog().group(item.group).key;
        (item.name.clone(), format!("qty-{group}-{}", item.key))
    });
    let quantities = Memo::new(move |_| evaluation.with(|ev| ev.quantities[id.index()].clone()));
    // Sets the item's quantity: a choice of its own (added last when it was only implied).
    let set = move |q: u32| {
        choices.update(|c| match c.iter_mut().find(|c| c.item == id) {
            Some(choice) => choice.quantity = Some(q),
            None => c.push(Choice {
                item: id,
                quantity: Some(q),
            }),
        })
    };
    // The next achievable quantity below or above the current one.
    let step = move |up: bool| {
        quantities.with(|q| {
            q.as_ref().and_then(|q| {
                if up {
                    q.values.iter().copied().find(|&v| v > q.current)
                } else {
                    q.values.iter().rev().copied().find(|&v| v < q.current)
                }
            })
        })
    };
    let note = move || {
        quantities.with(|q| {
            let l = lang.get();
            let possible = l.pick("possible", "möglich");
            q.as_ref().map(|q| match (q.min(), q.max()) {
                (Some(lo), Some(hi)) if lo == hi => {
                    format!("{} {lo} {possible}", l.pick("Only", "Nur"))
                }
                (Some(lo), Some(hi)) if q.is_contiguous() => format!("{lo}–{hi} {possible}"),
                (Some(_), Some(_)) => {
                    let list: Vec<String> = q.values.iter().map(u32::to_string).collect();
                    format!("{} {possible}", list.join(", "))
                }
                _ => l
                    .pick(
                        "No quantity fits the other choices",
                        "Keine Menge passt zur übrigen Auswahl",
                    )
                    .to_owned(),
            })
        })
    };
    let on_input = move |ev: leptos::ev::Event| {
        if let Ok(q) = event_target_value(&ev).trim().parse::<u32>() {
            let achievable = quantities.with(|v| v.as_ref().is_some_and(|v| v.values.contains(&q)));
            if achievable {
                set(q);
            }
        }
    };
    let words = move |en: &'static str, de: &'static str| {
        let name = name.clone();
        move || match lang.get() {
            Lang::En => format!("{en} {name}"),
            Lang::De => format!("{de} {name}"),
        }
    };
    let label = words("Quantity of", "Menge von");
    let fewer = words("Fewer", "Weniger");
    let more = words("More", "Mehr");
    let note_id = format!("{dom_id}-note");
    view! {
        <Show when=move || quantities.with(Option::is_some)>
            <div class="quantity" role="group" aria-label=label.clone()>
                <button
                    class="qty-step"
                    aria-label=fewer.clone()
                    aria-disabled=move || if step(false).is_some() { "false" } else { "true" }
                    on:click=move |_| {
                        if let Some(q) = step(false) {
                            set(q)
                        }
                    }
                >
                    "−"
                </button>
                <input
                    id=dom_id.clone()
                    type="number"
                    inputmode="numeric"
                    aria-label=label.clone()
                    aria-describedby=note_id.clone()
                    min=move || quantities.with(|q| q.as_ref().and_then(|q| q.min()))
                    max=move || quantities.with(|q| q.as_ref().and_then(|q| q.max()))
                    prop:value=move || quantities.with(|q| q.as_ref().map_or(0, |q| q.current)).to_string()
                    on:change=on_input
                />
                <button
                    class="qty-step"
                    aria-label=more.clone()
                    aria-disabled=move || if step(true).is_some() { "false" } else { "true" }
                    on:click=move |_| {
                        if let Some(q) = step(true) {
                            set(q)
                        }
                    }
                >
                    "+"
                </button>
                <span class="quantity-note" id=note_id.clone()>{note}</span>
            </div>
        </Show>
    }
}
