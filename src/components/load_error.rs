use configurator_engine::CatalogError;
use leptos::prelude::*;

use crate::i18n::{t, use_lang};

/// A clear error page for a catalog that does not load: every problem with its place.
#[component]
pub fn LoadError(error: CatalogError) -> impl IntoView {
    let lines: Vec<String> = error.diagnostics.iter().map(ToString::to_string).collect();
    let lang = use_lang().get_untracked();
    view! {
        <LoadProblem
            title=lang.pick("This catalog could not be loaded", "Dieser Katalog konnte nicht geladen werden")
            hint=lang.pick("Fix the problems below and reload the page.", "Beheben Sie die Fehler unten und laden Sie die Seite neu.")
            lines
        />
    }
}

/// An error page with a title, a hint of what to do, the problems, and a way back to the
/// start page.
#[component]
pub fn LoadProblem(
    /// What went wrong, in a few words.
    title: &'static str,
    /// What to do about it.
    hint: &'static str,
    /// The problems, one per line.
    lines: Vec<String>,
) -> impl IntoView {
    view! {
        <main class="load-error" role="alert">
            <h1>{title}</h1>
            <p>{hint}</p>
            <ul>{lines.into_iter().map(|l| view! { <li><code>{l}</code></li> }).collect_view()}</ul>
            <p><a href="?">{t("Back to the product lines", "Zurück zu den Produktlinien")}</a></p>
        </main>
    }
}
