use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::element::{Attrs, ElementHost};
use configurator_engine::pricing::PricingContext;

use crate::embed::{self, Init, Link, Outgoing, Parent};
use crate::i18n::use_lang;
use crate::state::{Choices, CurrentEvaluation, EngineCtx, QuoteSettings};

/// The embed's side of the conversation with its host (see [`crate::embed`]): `ready` once,
/// `change` after every new answer or pricing. In the iframe: `resize` when the content's
/// height changes, `init` messages from the allowed parent applied, anything unusable answered
/// with `error`, messages from elsewhere ignored (one warning). In a custom element: its
/// attributes (`lang`, `config`, `price-book`, `partner-tier`) applied as they change, an
/// unusable one answered with an `error` event. Called by the configurator page; renders
/// nothing (a function, not a component: the page's view type stays the same).
pub fn bridge(link: Link) {
    let engine: EngineCtx = expect_context();
    let choices: Choices = expect_context();
    let CurrentEvaluation(evaluation) = expect_context();
    let QuoteSettings { context, .. } = expect_context();
    let lang = use_lang();
    let catalog = engine.get().catalog();
    link.post(&Outgoing::Ready {
        capabilities: &["init", "change", "quote", "resize", "error"],
    });
    let to = link.clone();
    Effect::new(move |_| {
        let message = evaluation
            .with(|e| choices.with(|c| context.with(|ctx| embed::change(catalog, c, e, ctx))));
        to.post(&message);
    });
    let apply = move |init: Init| {
        if let Some(l) = init.lang {
            lang.set(l);
        }
        if let Some(p) = init.pricing {
            context.set(p);
        }
        if let Some(c) = init.choices {
            choices.restore(c);
        }
    };
    match link {
        Link::Parent(parent) => {
            listen(parent.clone(), apply);
            watch_height(parent);
        }
        Link::Host(host) => {
            let ElementHost { attrs, .. } = expect_context();
            // Only what changed is applied: a new `lang` keeps the user's choices.
            let last = StoredValue::new(Attrs::default());
            Effect::new(move |_| {
                let now = attrs.get();
                let before = last.get_value();
                last.set_value(now.clone());
                let changed =
                    |a: &Option<String>, b: &Option<String>| (a != b).then(|| a.clone()).flatten();
                let pricing = (now.price_book != before.price_book
                    || now.partner_tier != before.partner_tier)
                    .then(|| PricingContext {
                        price_book: now.price_book.clone(),
                        partner_tier: now.partner_tier.clone(),
                        ..PricingContext::default()
                    });
                let config = changed(&now.config, &before.config);
                let tag = changed(&now.lang, &before.lang);
                match embed::init_from(catalog, config.as_deref(), tag.as_deref(), pricing) {
                    Ok(init) => apply(init),
                    Err(message) => Link::Host(host.clone()).post(&Outgoing::Error { message }),
                }
            });
        }
    }
}

/// Applies `init` messages from the allowed parent; answers unusable ones with `error`.
fn listen(parent: Parent, apply: impl Fn(Init) + 'static) {
    let warned = StoredValue::new(false);
    let catalog = expect_context::<EngineCtx>().get().catalog();
    let _ = window_event_listener(leptos::ev::message, move |event| {
        if !parent.sent(&event) {
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
        match embed::reopen(&text, &crate::url::source()) {
            Ok(Some(to)) => {
                let _ = window()
                    .location()
                    .replace(&format!("embed.html?{}", to.query));
                return;
            }
            Ok(None) => {}
            Err(message) => {
                parent.post(&Outgoing::Error { message });
                return;
            }
        }
        match embed::read_init(catalog, &text) {
            Ok(init) => apply(init),
            Err(message) => parent.post(&Outgoing::Error { message }),
        }
    });
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
