use leptos::prelude::*;

use crate::i18n::{use_lang, Lang};

/// The UI language switch: one button per language, the current one pressed. The choice is
/// kept in the address bar and for the next visit (see [`crate::i18n`]).
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let lang = use_lang();
    let buttons = Lang::ALL
        .into_iter()
        .map(|l| {
            view! {
                <button
                    class="lang"
                    lang=l.tag()
                    id=format!("lang-{}", l.tag())
                    aria-pressed=move || if lang.get() == l { "true" } else { "false" }
                    on:click=move |_| lang.set(l)
                >
                    {l.name()}
                </button>
            }
        })
        .collect_view();
    view! {
        <div class="language-switch no-print" role="group" aria-label=move || lang.get().pick("Language", "Sprache")>
            {buttons}
        </div>
    }
}
