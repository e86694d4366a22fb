//! The browser's plumbing the app needs, in one place: fetching a text file, downloading one,
//! reading a chosen file, the clipboard, printing and the page's own address.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Fetches a text file, starting now (several fetches run at once): (its address, its text),
/// or why not.
pub fn fetch_text(
    address: String,
) -> impl std::future::Future<Output = Result<(String, String), String>> {
    let started = JsFuture::from(window().fetch_with_str(&address));
    async move {
        let why = |e: wasm_bindgen::JsValue| format!("{address}: {}", js_error(&e));
        let response: web_sys::Response = started
            .await
            .map_err(|e| format!("{address}: network error ({})", js_error(&e)))?
            .unchecked_into();
        if !response.ok() {
            return Err(format!(
                "{address}: HTTP {} {}",
                response.status(),
                response.status_text()
            ));
        }
        let text = JsFuture::from(response.text().map_err(why)?)
            .await
            .map_err(why)?;
        Ok((address, text.as_string().unwrap_or_default()))
    }
}

/// Starts fetching the bytes at `address` now; the future gives them, or `None` when they
/// cannot be fetched (missing, unreachable: the caller does without).
pub fn fetch_bytes(address: &str) -> impl std::future::Future<Output = Option<Vec<u8>>> {
    let started = JsFuture::from(window().fetch_with_str(address));
    async move {
        let response: web_sys::Response = started.await.ok()?.dyn_into().ok()?;
        if !response.ok() {
            return None;
        }
        let buffer = JsFuture::from(response.array_buffer().ok()?).await.ok()?;
        Some(js_sys::Uint8Array::new(&buffer).to_vec())
    }
}

fn js_error(e: &wasm_bindgen::JsValue) -> String {
    js_sys::Error::from(e.clone())
        .message()
        .as_string()
        .unwrap_or_else(|| format!("{e:?}"))
}

/// Whether a quote desk serves this page (it adds `<meta name="quote-desk">` to the app's
/// page); never in an embed, whose page is a partner's.
pub fn quote_desk() -> bool {
    crate::mode::owns_page()
        && document()
            .query_selector("meta[name='quote-desk']")
            .ok()
            .flatten()
            .is_some()
}

/// Offers `text` as a file download named `name`; false when the browser refused.
pub fn download(name: &str, text: &str, mime: &str) -> bool {
    offer(name, text, mime).is_some()
}

fn offer(name: &str, text: &str, mime: &str) -> Option<()> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let a: web_sys::HtmlAnchorElement = document().create_element("a").ok()?.unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Some(())
}

/// The file chosen in the file input that fired `ev`; the input is cleared, so choosing the
/// same file again fires again.
pub fn take_file(ev: &leptos::ev::Event) -> Option<web_sys::File> {
    let input: web_sys::HtmlInputElement = ev.target()?.dyn_into().ok()?;
    let file = input.files().and_then(|f| f.get(0));
    input.set_value("");
    file
}

/// The text of a file the user chose (empty if it cannot be read).
pub async fn read_text(file: web_sys::File) -> String {
    JsFuture::from(file.text())
        .await
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// Copies `text` to the clipboard (best effort: the browser may refuse).
pub fn copy(text: &str) {
    let _ = window().navigator().clipboard().write_text(text);
}

/// Opens the browser's print dialog (print, or save as PDF).
pub fn print() {
    let _ = window().print();
}

/// This page's address without its query.
pub fn page_address() -> String {
    window()
        .location()
        .href()
        .ok()
        .and_then(|h| h.split('?').next().map(str::to_owned))
        .unwrap_or_default()
}
