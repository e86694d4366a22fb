use configurator_engine::{share, Currency, Money};
use leptos::prelude::*;

use super::group_step::GroupStep;
use super::language_switch::LanguageSwitch;
use super::quote_view::QuoteView;
use super::saved_quotes::SavedQuotes;
use super::step_list::StepList;
use super::sticky_bar::StickyBar;
use super::summary::Summary;
use crate::i18n::{t, use_lang, Lang};
use crate::state::{provide_configurator, AppView, Compute, CurrentView, Loaded};
use crate::url;

/// The configuration page: steps on the left, the current step's options in the middle, the
/// summary with the running total on the right. The step and the choices live in the address
/// bar (reload, back and forward restore them); Ctrl+Z and Ctrl+Shift+Z undo and redo.
/// `data-engine` says where the engine's answers are computed (`page` or `worker`).
#[component]
pub fn Configurator(loaded: Loaded) -> impl IntoView {
    let (engine, choices, _, step) = provide_configurator(loaded);
    let compute: Compute = expect_context();
    let engine_place = if compute.in_worker() {
        "worker"
    } else {
        "page"
    };
    let catalog = engine.0.catalog();
    let name = catalog.name.clone();
    let description = catalog.description.clone();
    let first = catalog.groups()[0].id;
    let CurrentView(view) = expect_context();
    let lang = use_lang();
    // What a link from another catalog version changed, shown until dismissed.
    let notice = RwSignal::new(None::<Notice>);
    let restore_engine = engine.0.clone();
    let restore = move |announce: bool| {
        let catalog = restore_engine.catalog();
        let (s, c, v) = url::read();
        view.set(match v.as_deref() {
            Some("quote") => AppView::Quote,
            Some("saved") => AppView::Saved,
            _ => AppView::Configure,
        });
        match c.as_deref().map(|c| share::decode(catalog, c)) {
            None => choices.restore(Vec::new()),
            Some(Ok(shared)) => {
                if announce && !shared.same_catalog {
                    let changes = shared
                        .price_changes
                        .iter()
                        .map(|p| (catalog.item(p.item).name.clone(), p.then, p.now))
                        .collect();
                    notice.set(Some(Notice::OtherVersion {
                        missing: shared.missing.clone(),
                        changes,
                        currency: catalog.currency.clone(),
                    }));
                }
                choices.restore(shared.choices);
            }
            Some(Err(e)) => {
                if announce {
                    notice.set(Some(Notice::Broken(e.to_string())));
                }
            }
        }
        step.0
            .set(s.and_then(|k| catalog.group_by_key(&k)).unwrap_or(first));
    };
    restore(true);
    let _ = window_event_listener(leptos::ev::popstate, move |_| restore(false));
    // Every change goes into the address bar as a new history entry (the first replaces).
    let url_engine = engine.0.clone();
    let first_write = StoredValue::new(true);
    Effect::new(move |_| {
        let catalog = url_engine.catalog();
        let share = choices.with(|c| (!c.is_empty()).then(|| share::encode(catalog, c)));
        let key = catalog.group(step.0.get()).key.clone();
        let push = !first_write.get_value();
        first_write.set_value(false);
        let page = match view.get() {
            AppView::Configure => None,
            AppView::Quote => Some("quote"),
            AppView::Saved => Some("saved"),
        };
        url::write(&url::query(page, &key, share.as_deref()), push);
    });
    let _ = window_event_listener(leptos::ev::keydown, move |e| {
        let typing = e
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
        if typing || !(e.ctrl_key() || e.meta_key()) {
            return;
        }
        let key = e.key().to_ascii_lowercase();
        let done = match (key.as_str(), e.shift_key()) {
            ("z", false) => choices.undo(),
            ("z", true) | ("y", false) => choices.redo(),
            _ => return,
        };
        if done {
            e.prevent_default();
        }
    });
    view! {
        <div class="app" data-engine=engine_place>
            <header class="app-header">
                <div class="brand" aria-hidden="true">"◆"</div>
                <div class="header-text">
                    <h1>{name}</h1>
                    <p class="tagline">{description}</p>
                </div>
                <LanguageSwitch />
                <button class="secondary small no-print" id="open-saved" on:click=move |_| view.set(AppView::Saved)>
                    {t("Saved quotes", "Gespeicherte Angebote")}
                </button>
            </header>
            <Show when=move || notice.with(Option::is_some)>
                <div class="notice" role="status">
                    <p>{move || notice.get().map(|n| n.text(lang.get())).unwrap_or_default()}</p>
                    <button class="link" on:click=move |_| notice.set(None)>{t("Dismiss", "Schließen")}</button>
                </div>
            </Show>
            {move || match view.get() {
                AppView::Configure => view! {
                    <main class="configurator">
                        <StepList />
                        <GroupStep />
                        <Summary />
                    </main>
                }
                .into_any(),
                AppView::Quote => view! { <main class="quote-page"><QuoteView /></main> }.into_any(),
                AppView::Saved => view! { <main class="quote-page"><SavedQuotes /></main> }.into_any(),
            }}
            <StickyBar />
        </div>
    }
}

/// What opening a link found, shown above the configurator until dismissed.
#[derive(Clone, Debug, PartialEq)]
enum Notice {
    /// Made under another catalog version: choices no longer offered, and list prices that
    /// changed (item name, then, now).
    OtherVersion {
        missing: Vec<String>,
        changes: Vec<(String, Money, Money)>,
        currency: Currency,
    },
    /// The link could not be read, and why.
    Broken(String),
}

impl Notice {
    fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (
                Notice::OtherVersion {
                    missing,
                    changes,
                    currency,
                },
                _,
            ) => {
                let mut text = lang
                    .pick(
                        "This link was made with another version of this catalog: your choices \
                         were checked against the current one, at today's prices.",
                        "Dieser Link stammt aus einer anderen Version dieses Katalogs: Ihre \
                         Auswahl wurde mit der aktuellen geprüft, zu heutigen Preisen.",
                    )
                    .to_owned();
                if !missing.is_empty() {
                    text.push_str(&match lang {
                        Lang::En => {
                            format!(" No longer offered, so left out: {}.", missing.join(", "))
                        }
                        Lang::De => format!(
                            " Nicht mehr im Angebot und daher weggelassen: {}.",
                            missing.join(", ")
                        ),
                    });
                }
                if !changes.is_empty() {
                    let list: Vec<String> = changes
                        .iter()
                        .map(|(name, then, now)| {
                            let (then, now) = (
                                crate::format::money(*then, currency, lang),
                                crate::format::money(*now, currency, lang),
                            );
                            format!("{name} {then} → {now}")
                        })
                        .collect();
                    text.push_str(&format!(
                        " {}: {}.",
                        lang.pick("New list prices", "Neue Listenpreise"),
                        list.join(", ")
                    ));
                }
                text
            }
            (Notice::Broken(e), Lang::En) => format!("The link could not be opened: {e}"),
            (Notice::Broken(e), Lang::De) => format!("Der Link konnte nicht geöffnet werden: {e}"),
        }
    }
}
