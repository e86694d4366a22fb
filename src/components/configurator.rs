use configurator_engine::share;
use leptos::prelude::*;

use super::group_step::GroupStep;
use super::language_switch::LanguageSwitch;
use super::link_notice::{LinkNotice, Notice};
use super::quote_view::QuoteView;
use super::step_list::StepList;
use super::sticky_bar::StickyBar;
use super::summary::Summary;
use crate::embed::Link;
use crate::i18n::t;
use crate::state::{
    provide_configurator, AppView, Choices, Compute, CurrentStep, CurrentView, EmbedLink,
    EngineCtx, Loaded, QuoteSettings,
};
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
    let (name, description) = engine.with(|e| {
        let catalog = e.catalog();
        (catalog.name.clone(), catalog.description.clone())
    });
    let CurrentView(view) = expect_context();
    // Embedded (the iframe, or a custom element): no page chrome, and a conversation with the
    // host (an allowed parent page, or the element's events).
    let element = use_context::<crate::element::ElementHost>();
    let embedded = crate::mode::is_embed() || element.is_some();
    let hooks = crate::embed::hooks();
    let link = match (hooks, element) {
        (None, _) => None,
        (Some(_), Some(e)) => Some(Link::Host(e.host)),
        (Some(h), None) => crate::mode::is_embed()
            .then(|| engine.with(|e| (h.parent)(e.catalog())))
            .flatten()
            .map(Link::Parent),
    };
    provide_context(EmbedLink(link.clone()));
    // A procurement system's session: its banner, and no page of ours to leave to.
    let punchout = crate::mode::punchout();
    if punchout {
        crate::punchout::start();
    }
    if let (Some(h), Some(link)) = (hooks, link) {
        (h.bridge)(link);
    }
    // What a link from another catalog version changed, shown until dismissed.
    let notice = RwSignal::new(None::<Notice>);
    sync_address(engine, choices, step, view, notice);
    undo_keys(choices);
    view! {
        <div class=if embedded { "app embedded" } else { "app" } data-engine=engine_place>
            <header class="app-header">
                <div class="brand" aria-hidden="true">"◆"</div>
                <div class="header-text">
                    <h1>{name}</h1>
                    <p class="tagline">{description}</p>
                </div>
                <LanguageSwitch />
                {(!embedded && !punchout).then(|| {
                    // The saved quotes and the comparison are pages of their own (the saved/
                    // and tools/ bundles); they come back to this address (catalog, step and
                    // configuration).
                    let go = move |page: &'static str| leave(engine, page);
                    view! {
                        <button class="secondary small no-print" id="open-compare" on:click=move |_| go("tools/?view=compare&")>
                            {t("Compare", "Vergleichen")}
                        </button>
                        <button class="secondary small no-print" id="open-saved" on:click=move |_| go("saved/?")>
                            {t("Saved quotes", "Gespeicherte Angebote")}
                        </button>
                    }
                })}
            </header>
            {crate::punchout::part(crate::punchout::Part::Banner)}
            <LinkNotice notice />
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
            }}
            <StickyBar />
        </div>
    }
}

/// Goes to `page` (`saved/?`, `tools/?view=compare&`) with the catalog's id and this address
/// (`from`), to come back to.
#[inline(never)]
fn leave(engine: EngineCtx, page: &str) {
    let id = engine.with(|e| crate::url::encode(&e.catalog().id));
    let here = window().location().search().unwrap_or_default();
    let from = crate::url::encode(here.trim_start_matches('?'));
    let _ = window()
        .location()
        .assign(&format!("/{page}id={id}&from={from}"));
}

/// The address bar is the state: the page, step and choices are read from it now and on
/// back / forward (a link from another catalog version raises a notice), and every change is
/// written to it as a new history entry (the first replaces the current one).
fn sync_address(
    engine: EngineCtx,
    choices: Choices,
    CurrentStep(step): CurrentStep,
    view: RwSignal<AppView>,
    notice: RwSignal<Option<Notice>>,
) {
    let restore = move |announce: bool| {
        let engine = engine.get();
        let catalog = engine.catalog();
        let (s, c, v) = url::read();
        view.set(match v.as_deref() {
            Some("quote") => AppView::Quote,
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
        let first = catalog.groups()[0].id;
        step.set(s.and_then(|k| catalog.group_by_key(&k)).unwrap_or(first));
    };
    restore(true);
    reopen_saved(engine, choices, view, notice);
    let _ = window_event_listener(leptos::ev::popstate, move |_| restore(false));
    let first_write = StoredValue::new(true);
    Effect::new(move |_| {
        let (share, key) = engine.with(|e| {
            let catalog = e.catalog();
            let share = choices.with(|c| (!c.is_empty()).then(|| share::encode(catalog, c)));
            (share, catalog.group(step.get()).key.clone())
        });
        let push = !first_write.get_value();
        first_write.set_value(false);
        let page = match view.get() {
            AppView::Configure => None,
            AppView::Quote => Some("quote"),
        };
        url::write(&url::query(page, &key, share.as_deref()), push);
    });
}

/// `?open=KEY` (from the saved-quotes page): the saved quote's configuration, pricing context
/// and details, on the quote page; a quote that cannot be reopened says why.
fn reopen_saved(
    engine: EngineCtx,
    choices: Choices,
    view: RwSignal<AppView>,
    notice: RwSignal<Option<Notice>>,
) {
    let Some(key) = url::param("open") else {
        return;
    };
    let settings: QuoteSettings = expect_context();
    let reopened = engine.with(|e| {
        let catalog = e.catalog();
        crate::saved::reopen(&key, &catalog.id).and_then(|q| {
            configurator_engine::quote::resolve(catalog, &q.configuration)
                .map(|c| (c, q))
                .map_err(|e| e.to_string())
        })
    });
    match reopened {
        Ok((c, q)) => {
            choices.restore(c);
            settings.context.set(q.context);
            settings.meta.set(q.meta);
            view.set(AppView::Quote);
        }
        Err(e) => notice.set(Some(Notice::Broken(e))),
    }
}

/// Ctrl+Z undoes, Ctrl+Shift+Z (or Ctrl+Y) redoes, except while typing in a field.
fn undo_keys(choices: Choices) {
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
}
