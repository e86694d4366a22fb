//! The configurator web app: Leptos 0.8, client-side rendered.
//!
//! Components render what the engine decides and hold no business logic: every state, reason
//! and total comes from [`configurator_engine::Engine::evaluate`].

pub mod browser;
pub mod built_in;
pub mod components;
pub mod desk;
pub mod element;
pub mod embed;
pub mod format;
pub mod i18n;
pub mod load;
pub mod saved;
pub mod saved_page;
pub mod state;
pub mod task;
pub mod tools;
pub mod url;
pub mod worker;

use leptos::prelude::*;

use components::configurator::Configurator;
use components::load_error::{LoadError, LoadProblem};
use components::start_page::StartPage;
use load::{open, Opened};
use task::latest;

/// The application root: the start page, or the configurator for a built-in product line
/// (`?product=ID`) or for a catalog loaded from an address (`?catalog=URL`); a catalog that
/// cannot be found, fetched or loaded gets a clear error page.
#[component]
pub fn App() -> impl IntoView {
    i18n::provide();
    opened(url::source())
}

/// The configurator for a catalog source once it is open, or why it cannot be.
pub fn opened(source: url::Source) -> impl IntoView {
    let lang = i18n::use_lang();
    let opened = latest(None, move || open(source.clone()));
    move || {
        let l = lang.get_untracked();
        // No such product line, or the catalog could not be fetched: one page, two texts.
        let (title, hint, line) = match opened.get() {
            None => return view! { <main class="start"><p role="status">{move || lang.get().pick("Loading…", "Wird geladen …")}</p></main> }.into_any(),
            Some(Opened::Start(lines)) => return view! { <StartPage lines /> }.into_any(),
            Some(Opened::Loaded(loaded)) => return view! { <Configurator loaded /> }.into_any(),
            Some(Opened::Invalid(error)) => return view! { <LoadError error /> }.into_any(),
            Some(Opened::NoProduct(id)) => (
                l.pick("No such product line", "Diese Produktlinie gibt es nicht"),
                l.pick(
                    "The link names a product line this site does not have.",
                    "Der Link nennt eine Produktlinie, die diese Seite nicht anbietet.",
                ),
                format!("product `{id}`"),
            ),
            Some(Opened::Unreachable(reason)) => (
                l.pick("The catalog could not be fetched", "Der Katalog konnte nicht abgerufen werden"),
                l.pick(
                    "Check the address and that the server allows this site to read it.",
                    "Prüfen Sie die Adresse und ob der Server dieser Seite das Lesen erlaubt.",
                ),
                reason,
            ),
        };
        view! { <LoadProblem title hint lines=vec![line] /> }.into_any()
    }
}
