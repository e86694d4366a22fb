use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::embed::{self, Outgoing, Parent, PROTOCOL};
use crate::i18n::use_lang;
use crate::state::{Choices, CurrentEvaluation, EngineCtx, QuoteSettings};

/// The iframe embed's side of the conversation with its parent page (see [`crate::embed`]):
/// `ready` once, `change` after every new answer or pricing, `resize` when the content's
/// height changes; `init` messages from the parent applied, anything unusable answered with
/// `error`, messages from elsewhere ignored (one warning). Renders nothing.
#[component]
pub fn EmbedBridge(parent: Parent) -> impl IntoView {
    let engine: EngineCtx = expect_context();
    let choices: Choices = expect_context();
    let CurrentEvaluation(evaluation) = expect_context();
    let QuoteSettings { context, .. } = expect_context();
    let lang = use_lang();
    let catalog = engine.get().catalog();
    parent.post(&Outgoing::Ready {
        protocol: PROTOCOL,
        capabilities: &["init", "change", "quote", "resize", "error"],
    });
    let to = parent.clone();
    Effect::new(move |_| {
        let message = evaluation
            .with(|e| choices.with(|c| context.with(|ctx| embed::change(catalog, c, e, ctx))));
        to.post(&message);
    });
    let warned = StoredValue::new(false);
    let from = parent.clone();
    let _ = window_event_listener(leptos::ev::message, move |event| {
        if !from.sent(&event) {
            if !warned.get_value() {
                warned.set_value(true);
                web_sys::console::warn_1(
                    &"configurator embed: a message not from the allowed parent page was ignored"
                        .into(),
                );
            }
            return;
        }
        let text = embed::data_text(&event).unwrap_or_default();
        match embed::read_init(catalog, &text) {
            Ok(init) => {
                if let Some(l) = init.lang {
                    lang.set(l);
                }
                if let Some(p) = init.pricing {
                    context.set(p);
                }
                if let Some(c) = init.choices {
                    choices.restore(c);
                }
            }
            Err(message) => from.post(&Outgoing::Error {
                protocol: PROTOCOL,
                message,
            }),
        }
    });
    watch_height(parent);
}

/// Posts `resize` with the page's content height whenever it changes.
fn watch_height(parent: Parent) {
    let Some(body) = document().body() else {
        return;
    };
    let last = std::cell::Cell::new(0i32);
    let measured = body.clone();
    let on_resize = Closure::<dyn FnMut()>::new(move || {
        let height = measured.scroll_height();
        if height != last.replace(height) {
            parent.post(&Outgoing::Resize {
                protocol: PROTOCOL,
                height: u32::try_from(height).unwrap_or(0),
            });
        }
    });
    if let Ok(observer) = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
        observer.observe(&body);
        // The observer and its callback live as long as the page.
        std::mem::forget(observer);
        on_resize.forget();
    }
}
