//! The iframe embed: `embed.html` is the app without its page chrome, talking to the page that
//! frames it with the `configurator-embed/1` message protocol (docs/embedding.md).
//!
//! Safety: the frame talks only to its parent, and only when the parent's origin is allowed
//! (the catalog's `embed.origins`, or the build's default list, `CONFIGURATOR_EMBED_ORIGINS` at
//! build time); it posts to that origin only, never `*`. Messages from anywhere else are
//! ignored, with one console warning. Every incoming message is read into typed fields
//! (unknown fields refused); one that cannot be read, or names a price book, tier or term the
//! catalog does not have, gets an `error` back and changes nothing. The host never sets a
//! price: it only selects what the catalog defines.

use configurator_engine::pricing::{price, PricingContext};
use configurator_engine::{share, Catalog, Evaluation, Status};
use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::i18n::Lang;

/// The protocol version every message carries.
pub const PROTOCOL: &str = "configurator-embed/1";

/// What the embed bundle (`src/bin/embed.rs`) adds to the configurator: its conversation with
/// the host. Set once by that bundle's `main`; the app's own bundle never sets it, so none of
/// this code (the messages, their readers and writers, the allowlist) is in the app's
/// WebAssembly.
pub struct EmbedHooks {
    /// Starts the conversation with the host (`components/embed_bridge.rs`).
    pub bridge: fn(Link),
    /// The iframe's parent page, if the catalog or the build allows it.
    pub parent: fn(&configurator_engine::Catalog) -> Option<Parent>,
    /// Hands a quote to the host ("Send quote to this page").
    pub send_quote: fn(&Link, &configurator_engine::quote::Quote),
}

thread_local! {
    static HOOKS: std::cell::Cell<Option<&'static EmbedHooks>> = const { std::cell::Cell::new(None) };
}

/// Installs the embed's hooks (the embed bundle's `main`, before anything mounts).
pub fn set_hooks(hooks: &'static EmbedHooks) {
    HOOKS.with(|h| h.set(Some(hooks)));
}

/// The embed's hooks, in the embed bundle.
pub fn hooks() -> Option<&'static EmbedHooks> {
    HOOKS.with(std::cell::Cell::get)
}

/// Origins allowed by every catalog: the build's `CONFIGURATOR_EMBED_ORIGINS` (space or comma
/// separated), if it was set.
fn build_origins() -> impl Iterator<Item = &'static str> {
    option_env!("CONFIGURATOR_EMBED_ORIGINS")
        .unwrap_or_default()
        .split([' ', ','])
        .filter(|o| configurator_engine::catalog::is_origin(o))
}

/// Whether a page of `origin` may embed `catalog`.
pub fn allowed(catalog: &Catalog, origin: &str) -> bool {
    catalog.embed_origins.iter().any(|o| o == origin) || build_origins().any(|o| o == origin)
}

/// The origin of the page that frames this one: the browser's `location.ancestorOrigins`
/// where it has it, else the origin of the referrer (the page that loaded the frame).
fn parent_origin() -> Option<String> {
    let w = window();
    if w.parent().ok().flatten().is_none_or(|p| p == w) {
        return None;
    }
    let location: JsValue = w.location().into();
    let ancestors = js_sys::Reflect::get(&location, &"ancestorOrigins".into()).ok();
    if let Some(first) = ancestors
        .and_then(|a| js_sys::Reflect::get(&a, &0.into()).ok())
        .and_then(|o| o.as_string())
    {
        return Some(first);
    }
    let referrer = document().referrer();
    web_sys::Url::new(&referrer).ok().map(|u| u.origin())
}

/// Writes one warning to the console.
fn warn(text: &str) {
    web_sys::console::warn_1(&text.into());
}

/// A message from the embed to its host (the parent page, or the element's listeners).
pub enum Outgoing {
    /// The embed is listening: what it understands.
    Ready {
        capabilities: &'static [&'static str],
    },
    /// The configuration changed.
    Change {
        /// The configuration as a share string (empty when nothing is chosen).
        configuration: String,
        /// `complete`, `incomplete` or `conflict`.
        status: &'static str,
        /// Totals under the pricing context, as decimal strings, and their currency.
        totals: Option<Totals>,
    },
    /// The user sent the quote to the page: the quote's JSON text, as `configurator verify`
    /// reads it.
    Quote { quote: String },
    /// The content's height in CSS pixels, for the frame's height.
    Resize { height: u32 },
    /// A message could not be used; nothing changed.
    Error { message: String },
}

impl Outgoing {
    /// The message as JSON text: `protocol`, `type`, then its fields (see the schema).
    pub fn to_json(&self) -> String {
        let text = |t: &str| serde_json::to_string(t).unwrap_or_else(|_| "\"\"".into());
        let head = format!(
            r#"{{"protocol":{},"type":{}"#,
            text(PROTOCOL),
            text(self.kind())
        );
        let body = match self {
            Outgoing::Ready { capabilities } => {
                let list: Vec<String> = capabilities.iter().map(|c| text(c)).collect();
                format!(r#""capabilities":[{}]"#, list.join(","))
            }
            Outgoing::Change {
                configuration,
                status,
                totals,
            } => {
                let totals = totals.as_ref().map_or("null".to_owned(), |t| {
                    format!(
                        r#"{{"currency":{},"one_time":{},"monthly":{},"yearly":{},"contract_value":{}}}"#,
                        text(&t.currency),
                        text(&t.one_time),
                        text(&t.monthly),
                        text(&t.yearly),
                        text(&t.contract_value)
                    )
                });
                format!(
                    r#""configuration":{},"status":{},"totals":{totals}"#,
                    text(configuration),
                    text(status)
                )
            }
            Outgoing::Quote { quote } => format!(r#""quote":{quote}"#),
            Outgoing::Resize { height } => format!(r#""height":{height}"#),
            Outgoing::Error { message } => format!(r#""message":{}"#, text(message)),
        };
        format!("{head},{body}}}")
    }
}

/// Totals in a `change` message.
pub struct Totals {
    pub currency: String,
    pub one_time: String,
    pub monthly: String,
    pub yearly: String,
    pub contract_value: String,
}

/// A message from the parent page.
#[derive(Default)]
pub struct Incoming {
    pub protocol: String,
    pub kind: String,
    pub configuration: Option<String>,
    pub lang: Option<String>,
    pub pricing: Option<PricingContext>,
    pub catalog: Option<String>,
    pub product: Option<String>,
}

impl Incoming {
    /// Reads a message's JSON text: an object of the known fields only (`protocol` and
    /// `type` required), each of its type.
    pub fn read(text: &str) -> Result<Incoming, String> {
        use configurator_engine::json::Reader;
        const F: &[&str] = &[
            "protocol",
            "type",
            "configuration",
            "lang",
            "pricing",
            "catalog",
            "product",
        ];
        let mut m = Incoming::default();
        let mut r = Reader::new(text);
        r.object("a message (an object)", F, &mut |r, k| {
            match k {
                0 => m.protocol = r.owned()?,
                1 => m.kind = r.owned()?,
                2 => m.configuration = Some(r.owned()?),
                3 => m.lang = Some(r.owned()?),
                4 => m.pricing = Some(PricingContext::read(r, false)?),
                5 => m.catalog = Some(r.owned()?),
                _ => m.product = Some(r.owned()?),
            }
            Ok(())
        })
        .and_then(|fields| fields.require(F, &[0, 1]))
        .and_then(|()| r.finish())
        .map_err(|e| format!("unreadable message: {e}"))?;
        Ok(m)
    }
}

/// Another catalog an `init` asks the frame to show: the frame opens it (a new page load, with
/// the language and configuration of the same `init`) and says `ready` again; the host sends
/// the rest of its `init` then.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reopen {
    /// The frame's new address, relative to `embed.html`.
    pub query: String,
}

/// What an `init` asks for, checked against the catalog.
pub struct Init {
    pub choices: Option<Vec<configurator_engine::Choice>>,
    pub lang: Option<Lang>,
    pub pricing: Option<PricingContext>,
}

/// `text` for a query string: every byte but letters, digits and `-_.~` as `%XX`.
fn percent_encoded(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// An `init` asking for another catalog than `current`: the frame's address for it, or `None`
/// when it names none (or the one shown). Both `catalog` and `product` is an error.
pub fn reopen(text: &str, current: &crate::url::Source) -> Result<Option<Reopen>, String> {
    let Ok(m) = Incoming::read(text) else {
        return Ok(None); // `read_init` says why.
    };
    let source = match (m.catalog, m.product) {
        (Some(_), Some(_)) => return Err("give `catalog` or `product`, not both".into()),
        (Some(c), None) => crate::url::Source::Remote(c),
        (None, Some(p)) => crate::url::Source::Product(p),
        (None, None) => return Ok(None),
    };
    if &source == current {
        return Ok(None);
    }
    let part = |k: &str, v: &str| format!("{k}={}", percent_encoded(v));
    let mut query = match &source {
        crate::url::Source::Remote(c) => part("catalog", c),
        crate::url::Source::Product(p) => part("product", p),
        crate::url::Source::Start => return Ok(None),
    };
    if let Some(l) = m.lang.as_deref().and_then(Lang::from_tag) {
        query.push('&');
        query.push_str(&part("lang", l.tag()));
    }
    if let Some(c) = m.configuration.as_deref().filter(|c| !c.is_empty()) {
        query.push('&');
        query.push_str(&part("c", c));
    }
    Ok(Some(Reopen { query }))
}

/// Reads an incoming message's JSON text into an [`Init`], or says why it cannot be used.
pub fn read_init(catalog: &Catalog, text: &str) -> Result<Init, String> {
    let m = Incoming::read(text)?;
    if m.protocol != PROTOCOL {
        return Err(format!(
            "protocol `{}` is not `{PROTOCOL}`",
            configurator_engine::json::shown(&m.protocol)
        ));
    }
    if m.kind != "init" {
        return Err(format!(
            "unknown message type `{}` (the frame understands `init`)",
            configurator_engine::json::shown(&m.kind)
        ));
    }
    init_from(
        catalog,
        m.configuration.as_deref(),
        m.lang.as_deref(),
        m.pricing,
    )
}

/// An [`Init`] from its parts (an `init` message's fields, or a custom element's attributes),
/// each checked against the catalog.
pub fn init_from(
    catalog: &Catalog,
    configuration: Option<&str>,
    lang: Option<&str>,
    pricing: Option<PricingContext>,
) -> Result<Init, String> {
    let lang = match lang {
        None => None,
        Some(tag) => Some(Lang::from_tag(tag).ok_or_else(|| {
            format!(
                "language `{}` is not offered (en, de)",
                configurator_engine::json::shown(tag)
            )
        })?),
    };
    let choices = match configuration {
        None => None,
        Some("") => Some(Vec::new()),
        Some(c) => Some(
            share::decode(catalog, c)
                .map_err(|e| format!("configuration: {e}"))?
                .choices,
        ),
    };
    if let Some(p) = &pricing {
        p.check(catalog).map_err(|e| e.to_string())?;
    }
    Ok(Init {
        choices,
        lang,
        pricing,
    })
}

/// The `change` message for an evaluation under a pricing context.
pub fn change(
    catalog: &Catalog,
    choices: &[configurator_engine::Choice],
    evaluation: &Evaluation,
    context: &PricingContext,
) -> Outgoing {
    let status = match evaluation.status {
        Status::Complete => "complete",
        Status::Incomplete { .. } => "incomplete",
        Status::Conflict { .. } => "conflict",
    };
    let totals = price(catalog, evaluation, context).ok().map(|p| {
        let text = |m: configurator_engine::Money| m.to_plain_string(&p.currency);
        Totals {
            currency: p.currency.code().to_owned(),
            one_time: text(p.totals.one_time),
            monthly: text(p.totals.monthly),
            yearly: text(p.totals.yearly),
            contract_value: text(p.totals.contract_value),
        }
    });
    Outgoing::Change {
        configuration: if choices.is_empty() {
            String::new()
        } else {
            share::encode(catalog, choices)
        },
        status,
        totals,
    }
}

/// Where the embed's messages go: the parent page of the iframe embed, or the host element of
/// a `<product-configurator>` (as DOM events named by the message's type, the message as their
/// `detail`).
#[derive(Clone)]
pub enum Link {
    /// The iframe's allowed parent page.
    Parent(Parent),
    /// The custom element.
    Host(web_sys::HtmlElement),
}

impl Link {
    /// Sends `message`.
    pub fn post(&self, message: &Outgoing) {
        match self {
            Link::Parent(p) => p.post(message),
            Link::Host(host) => {
                let Ok(detail) = js_sys::JSON::parse(&message.to_json()) else {
                    return;
                };
                let init = web_sys::CustomEventInit::new();
                init.set_detail(&detail);
                init.set_bubbles(true);
                init.set_composed(true);
                if let Ok(event) =
                    web_sys::CustomEvent::new_with_event_init_dict(message.kind(), &init)
                {
                    let _ = host.dispatch_event(&event);
                }
            }
        }
    }
}

impl Outgoing {
    /// The message's type (`ready`, `change`, …): the DOM event's name for an element.
    pub fn kind(&self) -> &'static str {
        match self {
            Outgoing::Ready { .. } => "ready",
            Outgoing::Change { .. } => "change",
            Outgoing::Quote { .. } => "quote",
            Outgoing::Resize { .. } => "resize",
            Outgoing::Error { .. } => "error",
        }
    }
}

/// The link to the parent page: its origin, when allowed.
#[derive(Clone)]
pub struct Parent {
    origin: String,
}

impl Parent {
    /// The parent page, if there is one and `catalog` allows its origin (else one warning).
    pub fn find(catalog: &Catalog) -> Option<Parent> {
        let origin = parent_origin()?;
        if allowed(catalog, &origin) {
            Some(Parent { origin })
        } else {
            warn(&format!(
                "configurator embed: the page at {origin} is not allowed to embed this catalog \
                 (its embed.origins); no messages are exchanged"
            ));
            None
        }
    }

    /// Posts `message` to the parent, to its origin only.
    pub fn post(&self, message: &Outgoing) {
        let Ok(value) = js_sys::JSON::parse(&message.to_json()) else {
            return;
        };
        if let Ok(Some(parent)) = window().parent() {
            let _ = parent.post_message(&value, &self.origin);
        }
    }

    /// Whether a message event comes from the parent window at its allowed origin.
    pub fn sent(&self, event: &web_sys::MessageEvent) -> bool {
        let from_parent = match (event.source(), window().parent()) {
            (Some(source), Ok(Some(parent))) => js_sys::Object::is(&source, &parent),
            _ => false,
        };
        from_parent && event.origin() == self.origin
    }
}

/// A message's data as JSON text (objects as the parent posted them, or a JSON string).
pub fn data_text(event: &web_sys::MessageEvent) -> Option<String> {
    let data = event.data();
    if let Some(s) = data.as_string() {
        return Some(s);
    }
    js_sys::JSON::stringify(&data).ok()?.as_string()
}

/// The project's JSON Schema checker (shared with the catalog schema's tests).
#[cfg(test)]
#[path = "../crates/engine/tests/json_schema/mod.rs"]
mod json_schema;

#[cfg(test)]
mod tests {
    use super::json_schema;
    use super::*;
    use configurator_engine::{DEMO_CATALOG, DEMO_CATALOG_FILE};
    use serde_json::{json, Value};

    const SCHEMA: &str = include_str!("../crates/engine/embed-messages.schema.json");

    fn problems(v: &Value) -> Vec<String> {
        let schema: Value = serde_json::from_str(SCHEMA).unwrap();
        json_schema::problems(&schema, v)
    }

    #[test]
    fn every_message_the_frame_sends_fits_the_published_schema() {
        let c = demo();
        let e = configurator_engine::Engine::new(c.clone());
        let chassis = c.item_by_key("chassis", "48p").unwrap();
        let choices = [configurator_engine::Choice::from(chassis)];
        let eval = e.evaluate(&choices);
        let quote = configurator_engine::quote::build(
            &e,
            &choices,
            &Default::default(),
            Default::default(),
        )
        .unwrap();
        let messages = [
            Outgoing::Ready {
                capabilities: &["init"],
            },
            change(&c, &choices, &eval, &PricingContext::default()),
            change(
                &c,
                &[],
                &e.evaluate::<configurator_engine::ItemId>(&[]),
                &PricingContext::default(),
            ),
            Outgoing::Resize { height: 812 },
            Outgoing::Quote {
                quote: quote.to_json(),
            },
            Outgoing::Error {
                message: "no".into(),
            },
        ];
        for m in &messages {
            let v: Value = serde_json::from_str(&m.to_json()).unwrap();
            assert_eq!(problems(&v), Vec::<String>::new(), "{v}");
        }
        // The checker can fail: a change without totals, a ready with an extra field.
        assert!(!problems(&json!({"protocol": PROTOCOL, "type": "change", "configuration": "", "status": "complete"})).is_empty());
        assert!(!problems(
            &json!({"protocol": PROTOCOL, "type": "ready", "capabilities": [], "x": 1})
        )
        .is_empty());
    }

    #[test]
    fn an_init_naming_another_catalog_reopens_the_frame() {
        use crate::url::Source;
        let here = Source::Product("nx-3400".into());
        let msg = |extra: &str| format!(r#"{{"protocol":"{PROTOCOL}","type":"init"{extra}}}"#);
        assert_eq!(reopen(&msg(""), &here), Ok(None));
        assert_eq!(reopen(&msg(r#","product":"nx-3400""#), &here), Ok(None));
        assert_eq!(
            reopen(
                &msg(r#","product":"nx-ap","lang":"de","configuration":"Aw-x_""#),
                &here
            ),
            Ok(Some(Reopen {
                query: "product=nx-ap&lang=de&c=Aw-x_".into()
            }))
        );
        assert_eq!(
            reopen(
                &msg(r#","catalog":"https://a.example/c.json?v=1&x""#),
                &here
            ),
            Ok(Some(Reopen {
                query: "catalog=https%3A%2F%2Fa.example%2Fc.json%3Fv%3D1%26x".into()
            }))
        );
        assert!(reopen(&msg(r#","catalog":"x","product":"y""#), &here)
            .unwrap_err()
            .contains("not both"));
    }

    #[test]
    fn the_schema_and_the_reader_agree_on_init() {
        let c = demo();
        let full = json!({"protocol": PROTOCOL, "type": "init", "configuration": "", "lang": "de",
            "pricing": {"price_book": "list", "partner_tier": "gold", "term_months": 36}});
        assert_eq!(problems(&full), Vec::<String>::new());
        assert!(read_init(&c, &full.to_string()).is_ok());
        let extra = json!({"protocol": PROTOCOL, "type": "init", "price": "1.00"});
        assert!(!problems(&extra).is_empty());
        assert!(read_init(&c, &extra.to_string()).is_err());
    }

    fn demo() -> Catalog {
        Catalog::from_json(DEMO_CATALOG_FILE, DEMO_CATALOG).unwrap()
    }

    #[test]
    fn init_messages_are_read_and_checked() {
        let c = demo();
        let ok = read_init(
            &c,
            r#"{"protocol":"configurator-embed/1","type":"init","lang":"de","pricing":{"partner_tier":"gold"}}"#,
        )
        .unwrap();
        assert_eq!(ok.lang, Some(Lang::De));
        assert_eq!(ok.pricing.unwrap().partner_tier.as_deref(), Some("gold"));
        let err = |text: &str| read_init(&c, text).err().unwrap();
        assert!(err(r#"{"protocol":"configurator-embed/1","type":"init","pricing":{"partner_tier":"platinum"}}"#)
            .contains("no partner tier `platinum` in this catalog (it has: silver, gold)"));
        assert!(err(
            r#"{"protocol":"configurator-embed/1","type":"init","pricing":{"price":"1.00"}}"#
        )
        .contains("unknown field `price`"));
        assert!(err(r#"{"protocol":"x/9","type":"init"}"#).contains("protocol"));
        assert!(
            err(r#"{"protocol":"configurator-embed/1","type":"init","configuration":"!!"}"#)
                .contains("configuration:")
        );
        assert!(err("[1,2]").contains("unreadable"));
    }
}
