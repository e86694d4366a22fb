//! The configurator web app: Leptos 0.8, client-side rendered.
//!
//! Components render what the engine decides and hold no business logic: every state, reason
//! and total comes from [`configurator_engine::Engine::evaluate`].

pub mod components;
pub mod format;
pub mod i18n;
pub mod saved;
pub mod state;
pub mod url;

use leptos::prelude::*;

use components::configurator::Configurator;
use components::load_error::{LoadError, LoadProblem};
use components::start_page::StartPage;
use configurator_engine::{Catalog, Engine, DEMO_CATALOG, DEMO_CATALOG_FILE};

/// The built-in catalogs: file name and JSON text.
pub const BUILT_IN: [(&str, &str); 2] = [
    (DEMO_CATALOG_FILE, DEMO_CATALOG),
    (
        "catalogs/nx-ap-wireless.json",
        include_str!("../catalogs/nx-ap-wireless.json"),
    ),
];

/// The application root: the start page, or the configurator for a built-in product line
/// (`?product=ID`) or for a catalog loaded from an address (`?catalog=URL`); a catalog that
/// cannot be found, fetched or loaded gets a clear error page.
#[component]
pub fn App() -> impl IntoView {
    let lang = i18n::provide().0.get_untracked();
    match url::source() {
        url::Source::Start => view! { <StartPage /> }.into_any(),
        url::Source::Product(id) => {
            let found = BUILT_IN
                .iter()
                .map(|(file, text)| Catalog::from_json(file, text))
                .find(|c| c.as_ref().is_ok_and(|c| c.id == id) || c.is_err());
            match found {
                Some(Ok(catalog)) => {
                    view! { <Configurator engine=Engine::new(catalog) /> }.into_any()
                }
                Some(Err(error)) => view! { <LoadError error /> }.into_any(),
                None => view! {
                    <LoadProblem
                        title=lang.pick("No such product line", "Diese Produktlinie gibt es nicht")
                        hint=lang.pick(
                            "The link names a product line this site does not have.",
                            "Der Link nennt eine Produktlinie, die diese Seite nicht anbietet.",
                        )
                        lines=vec![format!("product `{id}`")]
                    />
                }
                .into_any(),
            }
        }
        url::Source::Remote(address) => view! { <RemoteCatalog address lang /> }.into_any(),
    }
}

/// A catalog fetched from `address`: a loading message, then the configurator or the reason
/// it cannot be used (network, HTTP status, or every problem in the file with its place).
#[component]
fn RemoteCatalog(address: String, lang: i18n::Lang) -> impl IntoView {
    let fetched = LocalResource::new(move || fetch_text(address.clone()));
    view! {
        <Suspense fallback=move || view! { <main class="start"><p role="status">{lang.pick("Loading the catalog…", "Katalog wird geladen …")}</p></main> }>
            {move || {
                fetched
                    .get()
                    .map(|r| match r {
                        Err(reason) => view! {
                            <LoadProblem
                                title=lang.pick("The catalog could not be fetched", "Der Katalog konnte nicht abgerufen werden")
                                hint=lang.pick(
                                    "Check the address and that the server allows this site to read it.",
                                    "Prüfen Sie die Adresse und ob der Server dieser Seite das Lesen erlaubt.",
                                )
                                lines=vec![reason]
                            />
                        }
                        .into_any(),
                        Ok((name, text)) => match Catalog::from_json(&name, &text) {
                            Ok(catalog) => view! { <Configurator engine=Engine::new(catalog) /> }.into_any(),
                            Err(error) => view! { <LoadError error /> }.into_any(),
                        },
                    })
            }}
        </Suspense>
    }
}

/// Resolves in a later task of the browser's event loop (a zero-delay timeout), so that work
/// awaiting it runs after the browser has had the chance to paint and to handle input.
pub async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback(&resolve);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Fetches a text file: (its address, its text), or why not.
async fn fetch_text(address: String) -> Result<(String, String), String> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let response = JsFuture::from(window().fetch_with_str(&address))
        .await
        .map_err(|e| format!("{address}: network error ({})", js_error(&e)))?;
    let response: web_sys::Response = response
        .dyn_into()
        .map_err(|_| format!("{address}: not an HTTP response"))?;
    if !response.ok() {
        return Err(format!(
            "{address}: HTTP {} {}",
            response.status(),
            response.status_text()
        ));
    }
    let text = JsFuture::from(
        response
            .text()
            .map_err(|e| format!("{address}: {}", js_error(&e)))?,
    )
    .await
    .map_err(|e| format!("{address}: {}", js_error(&e)))?;
    Ok((address, text.as_string().unwrap_or_default()))
}

fn js_error(e: &wasm_bindgen::JsValue) -> String {
    js_sys::Error::from(e.clone())
        .message()
        .as_string()
        .unwrap_or_else(|| format!("{e:?}"))
}
