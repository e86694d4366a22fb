//! Where this page runs: its own page, the iframe embed (`…/embed.html`) or custom elements on a
//! partner's page (`embed.js`). The one place the mode flags are kept and read; `url`, `i18n`,
//! `browser`, `built_in` and the configurator ask here; PunchOut mode (a procurement system's
//! session) too.

use leptos::prelude::window;

thread_local! {
    /// Whether this module serves `<product-configurator>` elements on a host page (`embed.js`)
    /// instead of its own page: then the address bar, `<html lang>` and history are the host's,
    /// and nothing here touches them.
    static ELEMENT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether this module serves custom elements on a host page (see [`ELEMENT`]).
pub fn in_element() -> bool {
    ELEMENT.with(std::cell::Cell::get)
}

/// Marks this module as serving custom elements (see [`ELEMENT`]).
pub fn enter_element_mode() {
    ELEMENT.with(|e| e.set(true));
}

/// Whether this page is the iframe embed (`…/embed.html`).
pub fn is_embed() -> bool {
    window()
        .location()
        .pathname()
        .is_ok_and(|p| p.ends_with("/embed.html"))
}

thread_local! {
    /// Whether this bundle has PunchOut mode (the PunchOut module's `set_hooks`: the embed bundle).
    static PUNCHOUT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Marks this bundle as having PunchOut mode (see [`PUNCHOUT`]).
pub fn enable_punchout() {
    PUNCHOUT.with(|p| p.set(true));
}

/// Whether this page runs in PunchOut mode: a procurement system's session opened it at
/// `/punchout/s/{session}/`, in a bundle that has the mode (see `crate::punchout`).
pub fn punchout() -> bool {
    PUNCHOUT.with(std::cell::Cell::get)
        && !in_element()
        && window()
            .location()
            .pathname()
            .is_ok_and(|p| p.starts_with("/punchout/s/"))
}

/// Whether this page owns its address bar, language and history (neither embed).
pub fn owns_page() -> bool {
    !in_element() && !is_embed()
}
