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
pub mod worker;

use leptos::prelude::*;

use components::configurator::Configurator;
use components::load_error::{LoadError, LoadProblem};
use components::start_page::StartPage;
use configurator_engine::{wire, Catalog, CatalogError, Engine, DEMO_CATALOG, DEMO_CATALOG_FILE};
use state::Loaded;

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
    let source = url::source();
    if source == url::Source::Start {
        return view! { <StartPage /> }.into_any();
    }
    let opened = latest(None, move || open(source.clone()));
    (move || match opened.get() {
        None => view! { <main class="start"><p role="status">{lang.pick("Loading the catalog…", "Katalog wird geladen …")}</p></main> }.into_any(),
        Some(Opened::Loaded(loaded)) => view! { <Configurator loaded /> }.into_any(),
        Some(Opened::Invalid(error)) => view! { <LoadError error /> }.into_any(),
        Some(Opened::NoProduct(id)) => view! {
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
        Some(Opened::Unreachable(reason)) => view! {
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
    })
    .into_any()
}

/// What opening the catalog in the address gave.
#[derive(Clone)]
enum Opened {
    /// Ready to configure.
    Loaded(Loaded),
    /// The catalog has errors.
    Invalid(CatalogError),
    /// No built-in product line has this id.
    NoProduct(String),
    /// The catalog could not be fetched, and why.
    Unreachable(String),
}

async fn open(source: url::Source) -> Opened {
    let (catalog, text) = match source {
        url::Source::Product(id) => match BUILT_IN.iter().find_map(|&(file, text)| {
            Catalog::from_json(file, text)
                .ok()
                .filter(|c| c.id == id)
                .map(|c| (c, text.to_owned()))
        }) {
            Some(found) => found,
            None => return Opened::NoProduct(id),
        },
        url::Source::Remote(address) => match fetch_text(address).await {
            Ok((name, text)) => match Catalog::from_json(&name, &text) {
                Ok(catalog) => (catalog, text),
                Err(error) => return Opened::Invalid(error),
            },
            Err(reason) => return Opened::Unreachable(reason),
        },
        url::Source::Start => unreachable!("the start page opens no catalog"),
    };
    Opened::Loaded(load(catalog, &text).await)
}

/// The latest answer of an asynchronous question that depends on signals: `ask` runs
/// (tracked) whenever what it reads changes and returns the future to await; an answer is
/// kept only if no newer question was asked meanwhile, so a slow answer never overwrites a
/// newer one. `initial` until the first answer. (Plain effects and tasks rather than
/// resources: each resource type costs several KB of wasm, and a resource under a
/// `<Suspense>` sends the page back to its fallback on every change.)
pub fn latest<T, F>(
    initial: Option<T>,
    ask: impl Fn() -> F + 'static,
) -> ReadSignal<Option<T>, LocalStorage>
where
    T: 'static,
    F: std::future::Future<Output = T> + 'static,
{
    let answer = RwSignal::new_local(initial);
    let asked = StoredValue::new(0u64);
    Effect::new(move |_| {
        let question = ask();
        let Some(n) = asked.try_update_value(|n| {
            *n += 1;
            *n
        }) else {
            return;
        };
        leptos::task::spawn_local(async move {
            let value = question.await;
            if asked.try_get_value() == Some(n) {
                let _ = answer.try_set(Some(value));
            }
        });
    });
    answer.read_only()
}

/// Catalogs larger than this (text bytes, or items) get their engine in a worker: the demo
/// catalogs answer a click in microseconds, the shared benchmark models (5 MB of tables, or
/// hundreds of items with thousands of clauses) in milliseconds to tens of milliseconds.
const LARGE_TEXT: usize = 512 * 1024;
const LARGE_ITEMS: usize = 300;

/// Decides where a parsed catalog's engine runs (`text` is its source, which a worker parses
/// for itself): `?engine=worker` or `?engine=page` in the address choose; otherwise a worker
/// for a large catalog. Without a worker (none can be made, or it fails to answer) the engine
/// runs on the page.
async fn load(catalog: Catalog, text: &str) -> Loaded {
    let large = text.len() > LARGE_TEXT || catalog.items().len() > LARGE_ITEMS;
    let in_worker = match url::param("engine").as_deref() {
        Some("worker") => true,
        Some("page") => false,
        _ => large,
    };
    if !in_worker {
        return Loaded::here(Engine::new(catalog));
    }
    // The page keeps a cheap engine (no diagram; its solvers are built only if asked) for the
    // catalog and as the fallback; the worker compiles the full one.
    let engine = Engine::with_diagram_budget(catalog, 0);
    let Some(remote) = worker::Remote::start(text) else {
        return Loaded::here(engine);
    };
    let remote = std::rc::Rc::new(remote);
    let first = remote
        .call(&wire::Request::Evaluate(Vec::new()).encode())
        .await
        .and_then(|words| wire::decode_evaluation(&words, &engine).ok());
    match first {
        Some(first) => Loaded {
            engine: std::sync::Arc::new(engine),
            remote: Some((remote, std::sync::Arc::new(first))),
        },
        None => Loaded::here(engine),
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
