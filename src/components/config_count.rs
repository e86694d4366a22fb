use configurator_engine::COUNT_BUDGET;
use leptos::prelude::*;

use crate::format;
use crate::i18n::{use_lang, Lang};
use crate::state::{Choices, Compute};

/// How many complete configurations are still possible with the current choices.
#[component]
pub fn ConfigCount() -> impl IntoView {
    let choices: Choices = expect_context();
    let compute: Compute = expect_context();
    let lang = use_lang();
    // A small budget for catalogs without a diagram: a count is a nicety, not worth a frozen
    // page (and in a worker it is asked after the evaluation).
    let counted = crate::task::latest(None, move || {
        let current = choices.with(Vec::clone);
        async move { compute.count(current, COUNT_BUDGET / 50).await }
    });
    let count = move || {
        counted.get().flatten().map(|n| {
            let l = lang.get();
            let n = format::grouped(&n.to_string(), l);
            match (n == "1", l) {
                (true, Lang::En) => "1 configuration possible".to_owned(),
                (true, Lang::De) => "1 Konfiguration möglich".to_owned(),
                (false, Lang::En) => format!("{n} configurations possible"),
                (false, Lang::De) => format!("{n} Konfigurationen möglich"),
            }
        })
    };
    view! { <p class="count" id="count">{count}</p> }
}
