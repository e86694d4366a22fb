//! What the people page's parts (the list, a row, the add form) tell the page.

use leptos::prelude::*;

/// What the people page's parts tell it: reload the list, a message, a problem, a reset link
/// just made (whose, and its address: shown once).
#[derive(Clone, Copy)]
pub struct Feedback {
    /// Bumped to load the list again.
    pub reload: RwSignal<u32>,
    /// What was done.
    pub message: RwSignal<String>,
    /// What went wrong.
    pub problem: RwSignal<String>,
    /// The reset link just made: (name, address).
    pub link: RwSignal<Option<(String, String)>>,
}
