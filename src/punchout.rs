//! PunchOut mode: a buyer's procurement system (cXML `PunchOutSetupRequest` or SAP OCI) opened
//! the configurator at `/punchout/s/{session}/`. The page reads its session there
//! (`…/session`: [`configurator_api::procurement::PunchoutSession`]), names the buyer's
//! organisation in a banner, prices at their contract, and instead of the quote's actions
//! offers one button that sends the configuration back into their cart: the server prices it
//! (`…/transfer`) and answers the form this page builds with the DOM and submits to the
//! procurement system (cXML's `BrowserFormPost`, OCI's `HOOK_URL`).
//!
//! None of it is in the customer's page (`configurator-app`, which has a size budget: see
//! docs/benchmarks.md): like the embeds' conversation, it is installed as [`Hooks`] by the
//! embed bundle (`src/bin/embed.rs`), which the server serves on the PunchOut paths; the app's
//! components ask [`part`] and [`active`], which answer nothing without the hooks. The session is
//! read with the engine's JSON reader, not a derived one.

use configurator_engine::json::{self, Reader};
use configurator_engine::Status;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::{t, use_lang, Lang};
use crate::state::{Choices, CurrentEvaluation, EngineCtx};

/// What the page shows of its PunchOut session.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Session {
    /// The buyer organisation's name.
    pub organisation: String,
    /// The person shopping, if their procurement system named them.
    pub buyer: Option<String>,
    /// Whether the session only looks at a configured product of the cart (`inspect`).
    pub inspect: bool,
}

/// The session as the page knows it: `None` while asking, then the session or a message in
/// the reader's language (an ended session).
#[derive(Clone, Copy)]
pub struct PunchOut(pub RwSignal<Option<Result<Session, String>>>);

/// The session's base path (`/punchout/s/{session}/`), when this page runs in PunchOut mode.
pub fn base() -> Option<String> {
    if !crate::mode::punchout() {
        return None;
    }
    let path = window().location().pathname().ok()?;
    let rest = path.strip_prefix("/punchout/s/")?;
    let token = rest.split('/').next()?;
    Some(format!("/punchout/s/{token}/"))
}

/// The parts of the page PunchOut mode adds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// The banner naming the buyer organisation.
    Banner,
    /// The transfer to the procurement system.
    Transfer,
}

/// PunchOut mode's code, installed by the bundle that serves it (the embed bundle).
pub struct Hooks {
    /// Provides the session's context and starts reading it.
    pub provide: fn(),
    /// A part of the page.
    pub view: fn(Part) -> AnyView,
}

/// The hooks the embed bundle installs (`set_hooks(&HOOKS)`); the app's bundle never names
/// them, so none of this module's views is linked into it.
pub static HOOKS: Hooks = Hooks {
    provide,
    view: |part| match part {
        Part::Banner => view! { <Banner /> }.into_any(),
        Part::Transfer => view! { <TransferButton /> }.into_any(),
    },
};

thread_local! {
    static INSTALLED: std::cell::Cell<Option<&'static Hooks>> = const { std::cell::Cell::new(None) };
}

/// Installs PunchOut mode (the embed bundle's `main`, before anything mounts).
pub fn set_hooks(hooks: &'static Hooks) {
    INSTALLED.with(|h| h.set(Some(hooks)));
    crate::mode::enable_punchout();
}

/// Whether this page runs in PunchOut mode: on a session's path, in a bundle that has it
/// (`crate::mode::punchout`, which the app's other modules ask).
pub fn active() -> bool {
    crate::mode::punchout()
}

/// Starts PunchOut mode when [`active`]: the session's context, read from the server.
pub fn start() {
    if let Some(h) = INSTALLED.with(std::cell::Cell::get).filter(|_| active()) {
        (h.provide)();
    }
}

/// A part of PunchOut mode's page, when [`active`].
pub fn part(part: Part) -> Option<AnyView> {
    INSTALLED
        .with(std::cell::Cell::get)
        .filter(|_| active())
        .map(|h| (h.view)(part))
}

/// Reads a [`configurator_api::procurement::PunchoutSession`]'s fields the page shows (and its
/// language); other fields are skipped.
fn read_session(text: &str) -> json::Result<(Session, Option<String>)> {
    let mut s = Session::default();
    let mut language = None;
    let mut r = Reader::new(text);
    r.members("a PunchOut session", &mut |r, key, _| {
        match key.as_ref() {
            "organisation" => s.organisation = r.owned()?,
            "buyer" => {
                if !r.null() {
                    s.buyer = Some(r.owned()?);
                }
            }
            "operation" => s.inspect = r.string()? == "inspect",
            "language" => language = Some(r.owned()?),
            _ => r.skip()?,
        }
        Ok(())
    })?;
    r.finish()?;
    Ok((s, language))
}

/// The message for a PunchOut call that failed with HTTP `status` (0: unreachable), the
/// server's own text `detail` added for a refusal.
fn failure(status: u16, detail: &str, l: Lang) -> String {
    match status {
        0 => l
            .pick(
                "The server cannot be reached. Try again.",
                "Der Server ist nicht erreichbar. Bitte erneut versuchen.",
            )
            .to_owned(),
        404 | 410 => l
            .pick(
                "This PunchOut session has ended. Start again from your procurement system.",
                "Diese PunchOut-Sitzung ist beendet. Bitte erneut aus Ihrem Beschaffungssystem starten.",
            )
            .to_owned(),
        _ => format!(
            "{} ({detail})",
            l.pick(
                "The configuration could not be transferred",
                "Die Konfiguration konnte nicht übertragen werden"
            )
        ),
    }
}

/// Provides [`PunchOut`] and starts reading the session; its language becomes the page's.
/// The page's root gets the class `punchout` (the style sheet hides the quote's own actions
/// and fields), and `punchout-inspect` in an inspect session (nor the way back to the
/// configuration).
fn provide() {
    let state = PunchOut(RwSignal::new(None));
    provide_context(state);
    if let Some(root) = document().document_element() {
        let _ = root.class_list().add_1("punchout");
    }
    let Some(base) = base() else { return };
    let lang = use_lang();
    leptos::task::spawn_local(async move {
        let l = lang.get_untracked();
        let answer = match crate::browser::fetch_text(format!("{base}session")).await {
            // An unknown or expired session is a 404; anything else, the network.
            Err(e) => Err(failure(if e.contains("HTTP") { 404 } else { 0 }, "", l)),
            Ok((_, text)) => read_session(&text).map_err(|e| failure(500, &e.message, l)),
        };
        state.0.set(Some(answer.map(|(s, language)| {
            if let Some(next) = language.as_deref().and_then(Lang::from_tag) {
                lang.set(next);
            }
            if s.inspect {
                // Read-only: no way back into the configuration (the style sheet).
                if let Some(root) = document().document_element() {
                    let _ = root.class_list().add_1("punchout-inspect");
                }
            }
            s
        })));
    });
}

/// The banner above the configurator: whose procurement system this is, and that prices are
/// their contract's; an ended session says so.
#[component]
pub fn Banner() -> impl IntoView {
    let PunchOut(state) = expect_context();
    let lang = use_lang();
    let text = move || {
        let l = lang.get();
        match state.get()? {
            Err(m) => Some((m, String::new())),
            Ok(s) => {
                let who = match &s.buyer {
                    Some(b) => format!("{} · {b}", s.organisation),
                    None => s.organisation.clone(),
                };
                let what = match (s.inspect, l) {
                    (true, Lang::En) => "Viewing a configured item of your cart".to_owned(),
                    (true, Lang::De) => {
                        "Sie sehen einen konfigurierten Artikel Ihres Warenkorbs an".to_owned()
                    }
                    (false, Lang::En) => format!("Prices of your contract with {}", s.organisation),
                    (false, Lang::De) => format!("Preise Ihres Vertrags mit {}", s.organisation),
                };
                Some((who, what))
            }
        }
    };
    view! {
        <div class="punchout-banner no-print" role="region" aria-label=t("Procurement system", "Beschaffungssystem")>
            <strong id="punchout-organisation">{move || text().map(|t| t.0)}</strong>
            <span id="punchout-pricing">{move || text().map(|t| t.1)}</span>
        </div>
    }
}

/// The choices as choices JSON (`[["group","item",qty], …]`, as saved configurations are).
fn choices_json(engine: EngineCtx, choices: &[configurator_engine::Choice]) -> String {
    #[derive(serde::Serialize)]
    #[serde(untagged)]
    enum Part<'a> {
        Key(&'a str),
        Quantity(u32),
    }
    let catalog = engine.get().catalog();
    let list: Vec<Vec<Part<'_>>> = choices
        .iter()
        .map(|c| {
            let item = catalog.item(c.item);
            let mut parts = vec![
                Part::Key(&catalog.group(item.group).key),
                Part::Key(&item.key),
            ];
            parts.extend(c.quantity.map(Part::Quantity));
            parts
        })
        .collect();
    serde_json::to_string(&list).unwrap_or_default()
}

/// The server's answer to a transfer: (`action`, `target`, fields), read with the engine's
/// reader ([`configurator_api::procurement::TransferForm`]).
type Form = (String, Option<String>, Vec<(String, String)>);

fn read_form(text: &str) -> json::Result<Form> {
    let (mut action, mut target, mut fields) = (String::new(), None, Vec::new());
    let mut r = Reader::new(text);
    r.members("a transfer form", &mut |r, key, _| {
        match key.as_ref() {
            "action" => action = r.owned()?,
            "target" => {
                if !r.null() {
                    target = Some(r.owned()?);
                }
            }
            "fields" => r.array("fields", &mut |r| {
                let (mut name, mut value) = (String::new(), String::new());
                r.members("a field", &mut |r, key, _| {
                    match key.as_ref() {
                        "name" => name = r.owned()?,
                        "value" => value = r.owned()?,
                        _ => r.skip()?,
                    }
                    Ok(())
                })?;
                fields.push((name, value));
                Ok(())
            })?,
            _ => r.skip()?,
        }
        Ok(())
    })?;
    r.finish()?;
    Ok((action, target, fields))
}

/// Builds the form with the DOM (never HTML text) and submits it: the browser posts the cart
/// to the procurement system.
fn submit((action, target, fields): Form) -> Option<()> {
    let doc = document();
    let form: web_sys::HtmlFormElement = doc.create_element("form").ok()?.unchecked_into();
    form.set_method("post");
    form.set_action(&action);
    form.set_enctype("application/x-www-form-urlencoded");
    if let Some(t) = target {
        form.set_target(&t);
    }
    for (name, value) in fields {
        let input: web_sys::HtmlInputElement = doc.create_element("input").ok()?.unchecked_into();
        input.set_type("hidden");
        input.set_name(&name);
        input.set_value(&value);
        form.append_child(&input).ok()?;
    }
    doc.body()?.append_child(&form).ok()?;
    form.submit().ok()
}

/// POSTs the configuration to `…/transfer` and submits the answer's form; the failure's
/// message otherwise.
async fn transfer(base: String, choices: String, l: Lang) -> Result<(), String> {
    let body = serde_json::to_string(&configurator_api::procurement::Transfer { choices })
        .unwrap_or_default();
    let sent = gloo_net::http::Request::post(&format!("{base}transfer"))
        .header("content-type", "application/json")
        .body(body)
        .map_err(|_| failure(0, "", l))?
        .send()
        .await
        .map_err(|_| failure(0, "", l))?;
    let status = sent.status();
    let text = sent.text().await.unwrap_or_default();
    if !sent.ok() {
        return Err(failure(status, &server_message(&text), l));
    }
    let form = read_form(&text).map_err(|e| failure(500, &e.message, l))?;
    submit(form).ok_or_else(|| failure(500, "form", l))
}

/// The `message` of the desk's error body, else the text itself.
fn server_message(text: &str) -> String {
    let mut message = None;
    let mut r = Reader::new(text);
    let _ = r.members("an error", &mut |r, key, _| {
        match key.as_ref() {
            "message" => message = Some(r.owned()?),
            _ => r.skip()?,
        }
        Ok(())
    });
    message.unwrap_or_else(|| text.chars().take(200).collect())
}

/// The one action of PunchOut mode: "Transfer to your procurement system", enabled when the
/// configuration is complete (otherwise disabled but focusable, with the reason); none in an
/// inspect session.
#[component]
pub fn TransferButton() -> impl IntoView {
    let PunchOut(state) = expect_context();
    let engine: EngineCtx = expect_context();
    let choices: Choices = expect_context();
    let CurrentEvaluation(evaluation) = expect_context();
    let lang = use_lang();
    let busy = RwSignal::new(false);
    let message = RwSignal::new(String::new());
    let complete = Memo::new(move |_| evaluation.with(|e| matches!(e.status, Status::Complete)));
    let ready = move || matches!(state.get(), Some(Ok(ref s)) if !s.inspect);
    let on_click = move |_| {
        let (Some(base), true, false) = (base(), complete.get_untracked(), busy.get_untracked())
        else {
            return;
        };
        let text = choices_json(engine, &choices.get_untracked());
        busy.set(true);
        message.set(String::new());
        leptos::task::spawn_local(async move {
            let l = lang.get_untracked();
            if let Err(m) = transfer(base, text, l).await {
                message.set(m);
            }
            busy.set(false);
        });
    };
    move || {
        ready().then(|| view! {
            <div class="punchout-transfer no-print">
                <button
                    class="primary"
                    id="punchout-transfer"
                    aria-describedby="punchout-reason"
                    aria-disabled=move || if complete.get() && !busy.get() { "false" } else { "true" }
                    on:click=on_click
                >
                    {t("Transfer to your procurement system", "An Ihr Beschaffungssystem übertragen")}
                </button>
                <p id="punchout-reason" class="option-reason" role="status">
                    {move || match (complete.get(), message.get()) {
                        (_, m) if !m.is_empty() => m,
                        (false, _) => lang.get().pick(
                            "Complete the configuration to transfer it.",
                            "Vervollständigen Sie die Konfiguration, um sie zu übertragen.",
                        ).to_owned(),
                        (true, _) => String::new(),
                    }}
                </p>
            </div>
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_is_read_for_what_the_banner_shows_and_its_language() {
        let text = r#"{"flavour":"cxml","operation":"inspect","organisation":"Acme \"Buying\"",
            "buyer":"alice@acme.example","language":"de","catalog":"nx-3400","price_book":"list",
            "partner_tier":null,"return_url":"https://buy.example/return","expires_at":1}"#;
        let (s, lang) = read_session(text).unwrap();
        assert_eq!(s.organisation, "Acme \"Buying\"");
        assert_eq!(s.buyer.as_deref(), Some("alice@acme.example"));
        assert!(s.inspect);
        assert_eq!(lang.as_deref(), Some("de"));
        let (s, _) =
            read_session(r#"{"organisation":"A","buyer":null,"operation":"create"}"#).unwrap();
        assert_eq!((s.buyer, s.inspect), (None, false));
        assert!(read_session(r#"{"organisation":"A"} x"#).is_err());
    }

    #[test]
    fn a_transfer_form_keeps_its_fields_in_order() {
        let text = r#"{"action":"https://buy.example/hook","target":"_top","quote_number":"Q-1",
            "fields":[{"name":"NEW_ITEM-DESCRIPTION[1]","value":"Switch <48>"},
                      {"name":"NEW_ITEM-PRICE[1]","value":"1234.50"}]}"#;
        let (action, target, fields) = read_form(text).unwrap();
        assert_eq!(action, "https://buy.example/hook");
        assert_eq!(target.as_deref(), Some("_top"));
        assert_eq!(
            fields,
            vec![
                (
                    "NEW_ITEM-DESCRIPTION[1]".to_owned(),
                    "Switch <48>".to_owned()
                ),
                ("NEW_ITEM-PRICE[1]".to_owned(), "1234.50".to_owned()),
            ]
        );
        let (_, target, fields) = read_form(r#"{"action":"a","target":null,"fields":[]}"#).unwrap();
        assert_eq!((target, fields.len()), (None, 0));
    }

    #[test]
    fn failures_are_worded_in_the_readers_language() {
        assert!(failure(404, "", Lang::De).contains("beendet"));
        assert!(failure(0, "", Lang::En).contains("cannot be reached"));
        let refused = failure(409, "the catalog changed", Lang::De);
        assert!(refused.starts_with("Die Konfiguration konnte nicht übertragen werden"));
        assert!(refused.contains("the catalog changed"));
        assert_eq!(
            server_message(r#"{"error":"gone","message":"expired"}"#),
            "expired"
        );
        assert_eq!(server_message("plain"), "plain");
    }

    #[test]
    fn choices_are_written_as_saved_configurations_are() {
        let catalog = configurator_engine::Catalog::from_json(
            configurator_engine::DEMO_CATALOG_FILE,
            configurator_engine::DEMO_CATALOG,
        )
        .unwrap();
        let engine = EngineCtx::new(std::sync::Arc::new(configurator_engine::Engine::new(
            catalog,
        )));
        let c = engine.get().catalog();
        let first = c.items()[0].id;
        let choices = [
            configurator_engine::Choice::from(first),
            configurator_engine::Choice {
                item: c.items()[1].id,
                quantity: Some(2),
            },
        ];
        let text = choices_json(engine, &choices);
        let back = configurator_engine::quote::choices_from_json(&text).unwrap();
        assert_eq!(back.len(), 2);
        assert_eq!(back[0].item, c.items()[0].key);
        assert_eq!(back[0].quantity, None);
        assert_eq!(back[1].quantity, Some(2));
        assert!(text.starts_with("[[\""), "{text}");
    }
}
