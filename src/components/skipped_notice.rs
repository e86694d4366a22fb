use leptos::prelude::*;

use crate::i18n::{use_lang, Lang};

/// The saved entries that could not be read (each `key: why`), which stay in storage.
#[component]
pub fn SkippedNotice<S>(skipped: S) -> impl IntoView
where
    S: Fn() -> Vec<String> + Copy + Send + Sync + 'static,
{
    let lang = use_lang();
    let text = move || {
        let s = skipped();
        let one = s.len() == 1;
        match lang.get() {
            Lang::En => format!(
                "{} saved entr{} could not be read and {} skipped (kept in storage): {}",
                s.len(),
                if one { "y" } else { "ies" },
                if one { "was" } else { "were" },
                s.join("; ")
            ),
            Lang::De => format!(
                "{} gespeicherte{} Einträge konnte{} nicht gelesen werden und {} übersprungen (bleib{} gespeichert): {}",
                s.len(),
                if one { "r" } else { "" },
                if one { "" } else { "n" },
                if one { "wurde" } else { "wurden" },
                if one { "t" } else { "en" },
                s.join("; ")
            ),
        }
    };
    view! {
        <Show when=move || !skipped().is_empty()>
            <div class="notice" role="status" id="saved-skipped">
                <p>{text}</p>
            </div>
        </Show>
    }
}
