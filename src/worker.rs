//! The engine in a web worker, for catalogs too large to answer within a frame.
//!
//! The worker runs this same wasm module (no second download): the page makes a module worker
//! from a two-line script that imports the app's JS glue and instantiates the wasm; `main`
//! sees it is not in a window and calls [`serve`] instead of mounting the app. The worker
//! builds its own engine from the catalog text (on the diagram compiled off-line when the page
//! sends one first, as `[address, Uint8Array]`), then answers requests as flat `u32` words
//! ([`configurator_engine::wire`]). Messages: the page sends the catalog text at once (the
//! script keeps what arrives while the wasm starts and hands it over in order), then requests
//! `[id, words…]`; each answer is `[id, 1, words…]`, or `[id, 0]` if the request was malformed.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use configurator_engine::{wire, Catalog, Engine};
use gloo_events::EventListener;
use js_sys::{Array, Function, Promise, Uint32Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};

/// Whether this instance runs in a worker (no window).
pub fn is_worker() -> bool {
    js_sys::global().dyn_into::<web_sys::Window>().is_err()
}

thread_local! {
    static ENGINE: RefCell<Option<Engine>> = const { RefCell::new(None) };
    static PREPARED: Cell<bool> = const { Cell::new(false) };
    /// The diagram compiled off-line, when the page sends one before the catalog.
    static ARTIFACT: RefCell<Option<(String, Vec<u8>)>> = const { RefCell::new(None) };
    static BUDGET: Cell<usize> = const { Cell::new(configurator_engine::DIAGRAM_BUDGET) };
}

/// The worker's side: listen, build the engine from the first message, answer the rest.
pub fn serve() {
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_scope = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        let data = e.data();
        if let Some(budget) = data.as_f64() {
            // The diagram budget comes first (`?backend=` on the page).
            BUDGET.with(|b| b.set(budget as usize));
            return;
        }
        if let Some(pair) = data.dyn_ref::<Array>() {
            // The diagram compiled off-line (its address and bytes), before the catalog.
            let address = pair.get(0).as_string().unwrap_or_default();
            let bytes = js_sys::Uint8Array::new(&pair.get(1)).to_vec();
            ARTIFACT.with(|a| *a.borrow_mut() = Some((address, bytes)));
            return;
        }
        if let Some(text) = data.as_string() {
            // The page parsed the same text already: it is a valid catalog.
            let budget = BUDGET.with(Cell::get);
            let artifact = ARTIFACT.with(|a| a.borrow_mut().take());
            let engine = Catalog::from_json("catalog", &text)
                .ok()
                .map(|c| crate::catalog_engine::engine_from(c, budget, artifact.as_ref()));
            ENGINE.with(|e| *e.borrow_mut() = engine);
            return;
        }
        let words = Uint32Array::new(&data).to_vec();
        let Some((&id, request)) = words.split_first() else {
            return;
        };
        let answer = ENGINE.with(|e| {
            e.borrow()
                .as_ref()
                .and_then(|engine| wire::serve(engine, request).ok())
        });
        let mut out = vec![id];
        match answer {
            Some(words) => {
                out.push(1);
                out.extend(words);
            }
            None => out.push(0),
        }
        let _ = reply_scope.post_message(&Uint32Array::from(&out[..]));
        // Once the first answer is out, build what explanations need while the page draws.
        if !PREPARED.replace(true) {
            ENGINE.with(|e| e.borrow().as_ref().map(Engine::prepare_explanations));
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
}

struct Inner {
    worker: Worker,
    failed: Cell<bool>,
    /// Requests awaiting their answer, by id (a handful at a time).
    pending: RefCell<Vec<(u32, Function)>>,
    next: Cell<u32>,
}

impl Inner {
    /// Answers every waiting request with nothing (the caller then asks the page's engine).
    fn fail(&self) {
        self.failed.set(true);
        for (_, resolve) in self.pending.borrow_mut().drain(..) {
            let _ = resolve.call1(&JsValue::NULL, &JsValue::NULL);
        }
    }
}

/// The page's side: a worker holding the engine of one catalog.
pub struct Remote {
    inner: Rc<Inner>,
    /// The worker's script (revoked when the worker goes).
    _url: gloo_file::ObjectUrl,
    /// The worker's answers and failures (listening ends when the worker goes).
    _on_message: gloo_events::EventListener,
    _on_error: gloo_events::EventListener,
}

impl Remote {
    /// Starts a worker for the catalog `text` (valid: the page parses it too), its engine built
    /// with diagram budget `budget` ([`crate::catalog_engine::diagram_budget`]). `None` where no worker
    /// can be made (no module workers, or a page not built by trunk).
    pub fn start(
        text: &str,
        budget: usize,
        artifact: Option<&(String, Vec<u8>)>,
    ) -> Option<Remote> {
        let document = web_sys::window()?.document()?;
        let base = web_sys::window()?.location().href().ok()?;
        let absolute = |selector: &str| -> Option<String> {
            let href = document
                .query_selector(selector)
                .ok()??
                .get_attribute("href")?;
            Some(web_sys::Url::new_with_base(&href, &base).ok()?.href())
        };
        let js = absolute("link[rel=modulepreload][href$='.js']")?;
        let wasm = absolute("link[rel=preload][href$='.wasm']")?;
        // Messages that arrive while the wasm starts are kept, then handed to `serve`'s
        // handler in order (the page posts the catalog and its first question at once).
        let script = format!(
            "import init from {js:?};\nconst early = [];\nself.onmessage = (e) => early.push(e);\n\
             await init({{ module_or_path: {wasm:?} }});\nfor (const e of early) self.onmessage(e);\n"
        );
        let blob = gloo_file::Blob::new_with_options(script.as_str(), Some("text/javascript"));
        let url = gloo_file::ObjectUrl::from(blob);
        let worker_options = web_sys::WorkerOptions::new();
        worker_options.set_type(web_sys::WorkerType::Module);
        let worker = Worker::new_with_options(&url, &worker_options).ok()?;
        worker
            .post_message(&JsValue::from_f64(budget as f64))
            .ok()?;
        if let Some((address, bytes)) = artifact {
            let pair = Array::of2(
                &JsValue::from_str(address),
                &js_sys::Uint8Array::from(&bytes[..]),
            );
            worker.post_message(&pair).ok()?;
        }
        worker.post_message(&JsValue::from_str(text)).ok()?;
        let inner = Rc::new(Inner {
            worker,
            failed: Cell::new(false),
            pending: RefCell::new(Vec::new()),
            next: Cell::new(0),
        });
        let state = inner.clone();
        let on_message = EventListener::new(&inner.worker, "message", move |e| {
            let Some(e) = e.dyn_ref::<MessageEvent>() else {
                return;
            };
            let words = Uint32Array::new(&e.data());
            let id = words.get_index(0);
            let waiting = {
                let mut pending = state.pending.borrow_mut();
                let at = pending.iter().position(|(k, _)| *k == id);
                at.map(|at| pending.swap_remove(at).1)
            };
            if let Some(resolve) = waiting {
                let _ = resolve.call1(&JsValue::NULL, &words);
            }
        });
        let state = inner.clone();
        let on_error = EventListener::new(&inner.worker, "error", move |_| state.fail());
        Some(Remote {
            inner,
            _url: url,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// Sends a request; the answer's words, or `None` if the worker failed (then the caller
    /// asks the page's engine instead).
    pub async fn call(&self, request: &[u32]) -> Option<Vec<u32>> {
        let inner = &self.inner;
        if inner.failed.get() {
            return None;
        }
        let id = inner.next.get();
        inner.next.set(id.wrapping_add(1));
        let mut message = Vec::with_capacity(request.len() + 1);
        message.push(id);
        message.extend_from_slice(request);
        let message = Uint32Array::from(&message[..]);
        let promise = Promise::new(&mut |resolve, _| {
            inner.pending.borrow_mut().push((id, resolve));
        });
        if inner.worker.post_message(&message).is_err() {
            inner.fail();
        }
        let answer = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?;
        if answer.is_null() {
            return None;
        }
        let words = Uint32Array::new(&answer).to_vec();
        match words.get(1) {
            Some(1) => Some(words[2..].to_vec()),
            _ => None,
        }
    }
}

impl Drop for Remote {
    fn drop(&mut self) {
        self.inner.worker.terminate();
        self.inner.fail();
    }
}
