//! The configurator web app: Leptos 0.8, client-side rendered.
//!
//! Components render what the engine decides and hold no business logic: every state, reason
//! and total comes from [`configurator_engine::Engine::evaluate`].

pub mod components;
pub mod format;
pub mod saved;
pub mod state;
pub mod url;

use leptos::prelude::*;

use components::configurator::Configurator;
use components::load_error::LoadError;
use configurator_engine::{Catalog, Engine, DEMO_CATALOG, DEMO_CATALOG_FILE};

/// The application root: loads the built-in demo catalog and shows the configurator for it,
/// or a clear error page if the catalog does not load.
#[component]
pub fn App() -> impl IntoView {
    match Catalog::from_json(DEMO_CATALOG_FILE, DEMO_CATALOG) {
        Ok(catalog) => view! { <Configurator engine=Engine::new(catalog) /> }.into_any(),
        Err(error) => view! { <LoadError error /> }.into_any(),
    }
}
