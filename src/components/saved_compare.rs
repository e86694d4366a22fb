use leptos::prelude::*;

use crate::i18n::{t, use_lang, Lang};

/// The saved quotes picked to compare (storage keys, in the order picked): a link that opens
/// them side by side on the comparison page, shown once one is picked, and how to pick.
#[component]
pub fn SavedCompare(picked: RwSignal<Vec<String>>) -> impl IntoView {
    let lang = use_lang();
    let href = move || {
        let xs: String = picked.with(|p| {
            p.iter()
                .map(|k| format!("&x={}", crate::url::encode(&format!("saved:{k}"))))
                .collect()
        });
        format!("/tools/?view=compare{xs}")
    };
    let text = move || {
        let n = picked.with(Vec::len);
        match lang.get() {
            Lang::En => format!("Compare the {n} picked"),
            Lang::De => format!("Die {n} gewählten vergleichen"),
        }
    };
    view! {
        <p class="saved-compare">
            <a class="button primary small" id="saved-compare" href=href class:hidden=move || picked.with(Vec::is_empty)>
                {text}
            </a>
            <span class="filter-count">{t(
                "Tick Compare on up to four quotes to see them side by side.",
                "Markieren Sie bis zu vier Angebote mit Vergleichen, um sie nebeneinander zu sehen.",
            )}</span>
        </p>
    }
}
