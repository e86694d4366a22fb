use leptos::prelude::*;

use crate::i18n::use_lang;

/// Where quotes are kept: on the quote desk that serves this page, or in this browser.
#[component]
pub fn QuoteMode(desk: bool) -> impl IntoView {
    let lang = use_lang();
    view! {
        <p class="quote-mode no-print">{move || if desk {
            lang.get().pick(
                "This site has a quote desk: save the quote there to number it, get approvals and send it.",
                "Diese Seite hat einen Angebotsdesk: speichern Sie das Angebot dort, um es zu nummerieren, freigeben zu lassen und zu versenden.",
            )
        } else {
            lang.get().pick(
                "Quotes are saved in this browser (no quote desk serves this site).",
                "Angebote werden in diesem Browser gespeichert (diese Seite hat keinen Angebotsdesk).",
            )
        }}</p>
    }
}
