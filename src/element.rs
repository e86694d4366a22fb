//! `<product-configurator>`: the configurator as a custom element on a partner's page.
//!
//! `embed.js` (written by the embed bundle's build, `embed/Trunk.toml`) defines the element: it
//! gives each one a shadow root holding the app's style sheet and a container, loads the embed
//! bundle's module once for the page (without mounting the app on the page) and calls its
//! `mountConfigurator` ([`mount`]) per element. The element's attributes choose the catalog (`product`
//! or `catalog`), the language (`lang`), the configuration (`config`, a share string) and the
//! pricing (`price-book`, `partner-tier`: ids the catalog defines); the element fires the embed
//! messages (docs/embedding.md) as DOM events (`ready`, `change`, `quote`, `error`) whose
//! `detail` is the message. Several elements on one page each have their own state.

use leptos::prelude::*;

use crate::embed::{self, Link, Outgoing};
use crate::url::Source;

/// The attributes the configurator follows while it runs.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Attrs {
    /// `lang`.
    pub lang: Option<String>,
    /// `config`: a share string.
    pub config: Option<String>,
    /// `price-book`.
    pub price_book: Option<String>,
    /// `partner-tier`.
    pub partner_tier: Option<String>,
}

impl Attrs {
    fn of(host: &web_sys::HtmlElement) -> Attrs {
        Attrs {
            lang: host.get_attribute("lang"),
            config: host.get_attribute("config"),
            price_book: host.get_attribute("price-book"),
            partner_tier: host.get_attribute("partner-tier"),
        }
    }
}

/// The element a configurator runs in, and its attributes (context of an element's app).
#[derive(Clone)]
pub struct ElementHost {
    /// The `<product-configurator>` element: events are fired on it.
    pub host: web_sys::HtmlElement,
    /// Its attributes, as last read.
    pub attrs: ArcRwSignal<Attrs>,
}

/// A running element's configurator: [`ElementHandle::update`] after an attribute changed;
/// dropping it unmounts the configurator.
pub struct ElementHandle {
    attrs: ArcRwSignal<Attrs>,
    _mounted: Box<dyn std::any::Any>,
}

impl ElementHandle {
    /// Reads the element's `lang`, `config`, `price-book` and `partner-tier` again.
    pub fn update(&self, host: &web_sys::HtmlElement) {
        self.attrs.set(Attrs::of(host));
    }
}

/// Mounts a configurator for the element `host` into `root` (a container in its shadow root).
pub fn mount(host: web_sys::HtmlElement, root: web_sys::HtmlElement) -> ElementHandle {
    embed::enter_element_mode();
    let source = match (host.get_attribute("catalog"), host.get_attribute("product")) {
        (Some(c), _) => Source::Remote(c),
        (None, Some(p)) => Source::Product(p),
        (None, None) => Source::Start,
    };
    let attrs = ArcRwSignal::new(Attrs::of(&host));
    let context = ElementHost {
        host: host.clone(),
        attrs: attrs.clone(),
    };
    let mounted = leptos::mount::mount_to(root, move || {
        let locale = crate::i18n::provide();
        if let Some(lang) = context
            .attrs
            .with_untracked(|a| a.lang.as_deref().and_then(crate::i18n::Lang::from_tag))
        {
            locale.0.set(lang);
        }
        provide_context(context.clone());
        let body = if source == Source::Start {
            let message = "set the element's `product` or `catalog` attribute";
            Link::Host(context.host.clone()).post(&Outgoing::Error {
                message: message.into(),
            });
            view! {
                <crate::components::load_error::LoadProblem
                    title="No catalog named"
                    hint="Set the element's product or catalog attribute."
                    lines=vec![message.to_owned()]
                />
            }
            .into_any()
        } else {
            crate::opened(source.clone()).into_any()
        };
        view! { <div class="element-root" lang=move || locale.0.get().tag()>{body}</div> }
    });
    ElementHandle {
        attrs,
        _mounted: Box::new(mounted),
    }
}
