//! The embed bundle (embed/index.html): the configurator for partner pages, as the iframe
//! page `embed.html` and as the `<product-configurator>` element (`embed.js` loads this module).
//! It is the app plus the conversation with the host (`configurator_app::embed`), which the
//! app's own bundle leaves out; and PunchOut mode (`configurator_app::punchout`: the server
//! serves this bundle's page on a procurement system's session paths, `/punchout/s/…/`),
//! kept out of the customer's page for its size.

use configurator_app::embed::{self, EmbedHooks, Link, Outgoing, Parent};
use wasm_bindgen::prelude::*;

static HOOKS: EmbedHooks = EmbedHooks {
    bridge: configurator_app::components::embed_bridge::bridge,
    parent: Parent::find,
    send_quote: |link: &Link, quote| {
        link.post(&Outgoing::Quote {
            quote: quote.to_json(),
        })
    },
};

fn main() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&info.to_string().into());
    }));
    embed::set_hooks(&HOOKS);
    // PunchOut mode, on the paths where the server serves this bundle (`/punchout/s/…`).
    configurator_app::punchout::set_hooks(&configurator_app::punchout::HOOKS);
    if configurator_app::worker::is_worker() {
        // The same module, started as the engine's worker for a large catalog.
        configurator_app::worker::serve();
        return;
    }
    // Loaded by embed.js to serve <product-configurator> elements: the page is the host's.
    let for_elements = js_sys::Reflect::get(&js_sys::global(), &"__productConfigurator".into())
        .is_ok_and(|v| v.is_truthy());
    if for_elements {
        return;
    }
    leptos::mount::mount_to_body(configurator_app::App);
}

/// A running element's configurator, for `embed.js`: `update(host)` after an attribute
/// changed; `free()` unmounts it.
#[wasm_bindgen]
pub struct ElementHandle(configurator_app::app::ElementHandle);

#[wasm_bindgen]
impl ElementHandle {
    /// Reads the element's `lang`, `config`, `price-book` and `partner-tier` again.
    pub fn update(&self, host: &web_sys::HtmlElement) {
        self.0.update(host);
    }
}

/// Mounts a configurator for the element `host` into `root` (a container in its shadow root).
#[wasm_bindgen(js_name = mountConfigurator)]
pub fn mount_configurator(host: web_sys::HtmlElement, root: web_sys::HtmlElement) -> ElementHandle {
    // The hooks are set by `main`, which runs when the module starts; set them here too in
    // case a host calls this first.
    embed::set_hooks(&HOOKS);
    ElementHandle(configurator_app::app::mount_element(host, root))
}
