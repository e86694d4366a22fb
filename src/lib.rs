//! The configurator web app: Leptos 0.8, client-side rendered.
//!
//! Components render what the engine decides and hold no business logic: every state, reason
//! and total comes from [`configurator_engine::Engine::evaluate`].

pub mod app;
pub mod browser;
pub mod built_in;
pub mod catalog_engine;
pub mod components;
pub mod desk;
pub mod element;
pub mod embed;
pub mod format;
pub mod i18n;
pub mod load;
pub mod mode;
pub mod punchout;
pub mod saved;
pub mod saved_page;
pub mod state;
pub mod task;
pub mod tools;
pub mod url;
pub mod worker;

pub use app::App;
