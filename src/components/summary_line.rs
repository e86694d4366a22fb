use configurator_engine::ItemId;
use leptos::prelude::*;

use crate::format;
use crate::i18n::use_lang;
use crate::state::{Choices, CurrentEvaluation, CurrentPriced, EngineCtx};

/// One line of the summary: quantity, name (marked when it is included rather than chosen),
/// SKU and list price (per period for a recurring item; none for an answer to a question).
#[component]
pub fn SummaryLine(id: ItemId) -> impl IntoView {
    let engine: EngineCtx = expect_context();
    let choices: Choices = expect_context();
    let CurrentEvaluation(evaluation) = expect_context();
    let CurrentPriced(priced) = expect_context();
    let lang = use_lang();
    let catalog = engine.get().catalog();
    let item = catalog.item(id);
    let (sku, price, currency) = (&item.sku, item.price, &catalog.currency);
    // An answer to a question shows after its group's name, without a price: it is not ordered.
    let answer = catalog.is_answer(id);
    let name = if answer {
        format!("{}: {}", catalog.group(item.group).name, item.name)
    } else {
        item.name.clone()
    };
    let implied = move || !choices.with(|c| c.iter().any(|c| c.item == id));
    let quantity = move || evaluation.with(|e| e.quantity(id));
    // PunchOut mode: the buyer's contract price (the net), else the list price.
    let contract = crate::mode::punchout();
    let line_price = move || {
        let (list, per) = priced
            .with(|p| {
                p.as_ref()?
                    .lines
                    .iter()
                    .find(|l| l.item == id)
                    .map(|l| (if contract { l.net } else { l.list }, l.recurring))
            })
            .unwrap_or((price.times(quantity()), None));
        let l = lang.get();
        let per = per
            .map(|p| format!(" / {}", format::period(p.name(), l)))
            .unwrap_or_default();
        format!("{}{per}", format::money(list, currency, l))
    };
    view! {
        <li class="summary-line">
            <span class="line-name">
                <img class="line-image" src=item.image.as_deref().map(crate::built_in::image) alt="" />
                <span class="line-qty" class:hidden=move || quantity() < 2>{move || format!("{} × ", quantity())}</span>
                {name}
                <span class="line-included" class:hidden=move || !implied()>{move || lang.get().pick(" (added automatically)", " (automatisch hinzugefügt)")}</span>
            </span>
            <span class="line-sku">{sku.as_str()}</span>
            <span class="line-price">{move || (!answer).then(line_price)}</span>
        </li>
    }
}
