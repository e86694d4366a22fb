//! The browser's plumbing the app needs, in one place: fetching a text file (gloo-net),
//! downloading one and reading a chosen file (gloo-file), the clipboard, printing and the
//! page's own address.

use gloo_net::http::Request;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Fetches a text file, starting now (several fetches run at once): (its address, its text),
/// or why not.
pub fn fetch_text(
    address: String,
) -> impl std::future::Future<Output = Result<(String, String), String>> {
    let started = Request::get(&address).send();
    async move {
        let response = started
            .await
            .map_err(|e| format!("{address}: network error ({e})"))?;
        if !response.ok() {
            return Err(format!(
                "{address}: HTTP {} {}",
                response.status(),
                response.status_text()
            ));
        }
        let text = response
            .text()
            .await
            .map_err(|e| format!("{address}: {e}"))?;
        Ok((address, text))
    }
}

/// Starts fetching the bytes at `address` now; the future gives them, or `None` when they
/// cannot be fetched (missing, unreachable: the caller does without).
pub fn fetch_bytes(address: &str) -> impl std::future::Future<Output = Option<Vec<u8>>> {
    let started = Request::get(address).send();
    async move {
        let response = started.await.ok()?;
        if !response.ok() {
            return None;
        }
        response.binary().await.ok()
    }
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
    let blob = gloo_file::Blob::new_with_options(text, Some(mime));
    // Revoked when dropped, after the click has started the download.
    let url = gloo_file::ObjectUrl::from(blob);
    let a: web_sys::HtmlAnchorElement = document().create_element("a").ok()?.unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.click();
    Some(())
}

/// The file chosen in the file input that fired `ev`; the input is cleared, so choosing the
/// same file again fires again.
pub fn take_file(ev: &leptos::ev::Event) -> Option<gloo_file::File> {
    let input: web_sys::HtmlInputElement = ev.target()?.dyn_into().ok()?;
    let file = input.files().and_then(|f| f.get(0));
    input.set_value("");
    file.map(gloo_file::File::from)
}

/// The text of a file the user chose (empty if it cannot be read).
pub async fn read_text(file: gloo_file::File) -> String {
    gloo_file::futures::read_as_text(&file)
        .await
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
