//! `<product-configurator>`: the configurator as a custom element on a partner's page.
//!
//! `embed.js` (written by the embed bundle's build, `embed/Trunk.toml`) defines the element: it
//! gives each one a shadow root holding the app's style sheet and a container, loads the embed
//! bundle's module once for the page (without mounting the app on the page) and calls its
//! `mountConfigurator` ([`crate::app::mount_element`]) per element. The element's attributes choose the catalog (`product`
//! or `catalog`), the language (`lang`), the configuration (`config`, a share string) and the
//! pricing (`price-book`, `partner-tier`: ids the catalog defines); the element fires the embed
//! messages (docs/embedding.md) as DOM events (`ready`, `change`, `quote`, `error`) whose
//! `detail` is the message. Several elements on one page each have their own state.

use leptos::prelude::*;

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
    /// The attributes of `host` as they are now.
    pub fn of(host: &web_sys::HtmlElement) -> Attrs {
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
