//! The route and the configuration in the address bar, `?step=power&c=…` (`c`: a share link,
//! see `configurator_engine::share`), so reload, back and forward restore what the user saw.

use leptos::prelude::window;
use web_sys::UrlSearchParams;

/// The step (group key), share string and view (`quote`) in the address bar, if any.
pub fn read() -> (Option<String>, Option<String>, Option<String>) {
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
    match share {
        Some(c) => format!("?{view}step={step}&c={c}"),
        None => format!("?{view}step={step}"),
    }
}

/// Puts `query` in the address bar: a new history entry (`push`), or replacing the current
/// one. Nothing happens when it is already there.
pub fn write(query: &str, push: bool) {
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
