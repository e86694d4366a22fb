//! The application root: the start page, or the configurator for a product line, or why a
//! catalog cannot be opened.

use leptos::prelude::*;

use crate::element::{Attrs, ElementHost};
use crate::embed::{Link, Outgoing};
use crate::url::Source;

use crate::components::configurator::Configurator;
use crate::components::load_error::{LoadError, LoadProblem};
use crate::components::start_page::StartPage;
use crate::load::{open, Opened};
use crate::task::latest;

/// The application root: the start page, or the configurator for a built-in product line
/// (`?product=ID`) or for a catalog loaded from an address (`?catalog=URL`); a catalog that
/// cannot be found, fetched or loaded gets a clear error page.
#[component]
pub fn App() -> impl IntoView {
    crate::i18n::provide();
    opened(crate::url::source())
}

/// The configurator for a catalog source once it is open, or why it cannot be.
pub fn opened(source: crate::url::Source) -> impl IntoView {
    let lang = crate::i18n::use_lang();
    let opened = latest(None, move || open(source.clone()));
    move || {
        let l = lang.get_untracked();
        // No such product line, or the catalog could not be fetched: one page, two texts.
        let (title, hint, line) = match opened.get() {
            None => return view! { <main class="start"><p role="status">{move || lang.get().pick("Loading…", "Wird geladen …")}</p></main> }.into_any(),
            Some(Opened::Start(lines)) => return view! { <StartPage lines /> }.into_any(),
            Some(Opened::Loaded(loaded)) => return view! { <Configurator loaded /> }.into_any(),
            Some(Opened::Invalid(error)) => return view! { <LoadError error /> }.into_any(),
            Some(Opened::NoProduct(id)) => (
                l.pick("No such product line", "Diese Produktlinie gibt es nicht"),
                l.pick(
                    "The link names a product line this site does not have.",
                    "Der Link nennt eine Produktlinie, die diese Seite nicht anbietet.",
                ),
                format!("product `{id}`"),
            ),
            Some(Opened::Unreachable(reason)) => (
                l.pick("The catalog could not be fetched", "Der Katalog konnte nicht abgerufen werden"),
                l.pick(
                    "Check the address and that the server allows this site to read it.",
                    "Prüfen Sie die Adresse und ob der Server dieser Seite das Lesen erlaubt.",
                ),
                reason,
            ),
        };
        view! { <LoadProblem title hint lines=vec![line] /> }.into_any()
    }
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

/// Mounts a configurator for the `<product-configurator>` element `host` into `root` (a container in its shadow root).
pub fn mount_element(host: web_sys::HtmlElement, root: web_sys::HtmlElement) -> ElementHandle {
    crate::mode::enter_element_mode();
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
            crate::app::opened(source.clone()).into_any()
        };
        view! { <div class="element-root" lang=move || locale.0.get().tag()>{body}</div> }
    });
    ElementHandle {
        attrs,
        _mounted: Box::new(mounted),
    }
}
