//! The route and the configuration in the address bar, `?step=power&c=…` (`c`: a share link,
//! see `configurator_engine::share`), so reload, back and forward restore what the user saw.

use leptos::prelude::window;
use web_sys::UrlSearchParams;

/// Where the catalog comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// No catalog named: the start page.
    Start,
    /// A built-in product line, by catalog id (`?product=nx-3400`).
    Product(String),
    /// A catalog file at an address (`?catalog=https://…`).
    Remote(String),
}

/// The catalog source in the address bar.
pub fn source() -> Source {
    if crate::mode::in_element() {
        return Source::Start; // The host page's address is not ours.
    }
    let search = window().location().search().unwrap_or_default();
    let Ok(params) = UrlSearchParams::new_with_str(&search) else {
        return Source::Start;
    };
    match (params.get("catalog"), params.get("product")) {
        (Some(c), _) => Source::Remote(c),
        (None, Some(p)) => Source::Product(p),
        (None, None) => Source::Start,
    }
}

/// The query naming the catalog first, then the language, the engine's place
/// (`engine=worker|page`), the backend, the diagram compiled off-line (`diagram=URL`) and the
/// contract's price book and tier (`book`, `tier`: the portal and PunchOut mode) when set,
/// ending in `&` when not empty: kept by every address the app writes.
pub fn source_param() -> String {
    let lang = ["lang", "engine", "backend", "diagram", "book", "tier"]
        .iter()
        .filter_map(|&k| param(k).map(|v| format!("{k}={}&", encode(&v))))
        .collect::<String>();
    match source() {
        Source::Start => lang,
        Source::Product(p) => format!("product={}&{lang}", encode(&p)),
        Source::Remote(c) => format!("catalog={}&{lang}", encode(&c)),
    }
}

/// One query parameter of the address bar (none in a custom element: the host's address).
pub fn param(name: &str) -> Option<String> {
    if crate::mode::in_element() {
        return None;
    }
    let search = window().location().search().unwrap_or_default();
    UrlSearchParams::new_with_str(&search).ok()?.get(name)
}

/// Sets (or with `None` removes) one query parameter, replacing the history entry.
pub fn set_param(name: &str, value: Option<&str>) {
    if crate::mode::in_element() {
        return;
    }
    let search = window().location().search().unwrap_or_default();
    let Ok(params) = UrlSearchParams::new_with_str(&search) else {
        return;
    };
    match value {
        Some(v) => params.set(name, v),
        None => params.delete(name),
    }
    let text = params.to_string().as_string().unwrap_or_default();
    if text == search.trim_start_matches('?') {
        // Nothing changes (and rewriting the address would drop its fragment: the desk's
        // pages live there).
        return;
    }
    let query = if text.is_empty() {
        window().location().pathname().unwrap_or_default()
    } else {
        format!("?{text}")
    };
    // The fragment stays: a relative address without one would drop it.
    let hash = window().location().hash().unwrap_or_default();
    write(&format!("{query}{hash}"), false);
}

/// Percent-encodes a query value.
pub fn encode(s: &str) -> String {
    js_sys::encode_uri_component(s)
        .as_string()
        .unwrap_or_default()
}

/// The step (group key), share string and view (`quote`) in the address bar, if any.
pub fn read() -> (Option<String>, Option<String>, Option<String>) {
    if crate::mode::in_element() {
        return (None, None, None);
    }
    let search = window().location().search().unwrap_or_default();
    let Ok(params) = UrlSearchParams::new_with_str(&search) else {
        return (None, None, None);
    };
    (params.get("step"), params.get("c"), params.get("view"))
}

/// The query string for a page (`quote`, `saved`; the configuration when `None`) and step, and
/// a share string (`c` left out when there are no choices).
pub fn query(view: Option<&str>, step: &str, share: Option<&str>) -> String {
    let view = view.map(|v| format!("view={v}&")).unwrap_or_default();
    let source = source_param();
    match share {
        Some(c) => format!("?{source}{view}step={step}&c={c}"),
        None => format!("?{source}{view}step={step}"),
    }
}

/// Puts `query` in the address bar: a new history entry (`push`), or replacing the current
/// one. Nothing happens when it is already there.
pub fn write(query: &str, push: bool) {
    // A frame's history entries would be the host page's too (its back button): never push.
    let push = push && !crate::mode::is_embed();
    if crate::mode::in_element() {
        return;
    }
    let w = window();
    if w.location().search().unwrap_or_default() == query {
        return;
    }
    let Ok(history) = w.history() else { return };
    let _ = if push {
        history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(query))
    } else {
        history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(query))
    };
}
