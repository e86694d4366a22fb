use configurator_engine::{share, Engine};
use leptos::prelude::*;

use super::group_step::GroupStep;
use super::quote_view::QuoteView;
use super::saved_quotes::SavedQuotes;
use super::step_list::StepList;
use super::sticky_bar::StickyBar;
use super::summary::Summary;
use crate::state::{provide_configurator, AppView, CurrentView};
use crate::url;

/// The configuration page: steps on the left, the current step's options in the middle, the
/// summary with the running total on the right. The step and the choices live in the address
/// bar (reload, back and forward restore them); Ctrl+Z and Ctrl+Shift+Z undo and redo.
#[component]
pub fn Configurator(engine: Engine) -> impl IntoView {
    let (engine, choices, _, step) = provide_configurator(engine);
    let catalog = engine.0.catalog();
    let name = catalog.name.clone();
    let description = catalog.description.clone();
    let first = catalog.groups()[0].id;
    let CurrentView(view) = expect_context();
    // What a link from another catalog version changed, shown until dismissed.
    let notice = RwSignal::new(None::<String>);
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
                    let mut text = "This link was made with another version of this catalog: \
                                    your choices were checked against the current one."
                        .to_owned();
                    if !shared.missing.is_empty() {
                        text.push_str(&format!(
                            " No longer offered, so left out: {}.",
                            shared.missing.join(", ")
                        ));
                    }
                    notice.set(Some(text));
                }
                choices.restore(shared.choices);
            }
            Some(Err(e)) => {
                if announce {
                    notice.set(Some(format!("The link could not be opened: {e}")));
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
        let key = e.key().to_lowercase();
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
        <div class="app">
            <header class="app-header">
                <div class="brand" aria-hidden="true">"◆"</div>
                <div class="header-text">
                    <h1>{name}</h1>
                    <p class="tagline">{description}</p>
                </div>
                <button class="secondary small no-print" id="open-saved" on:click=move |_| view.set(AppView::Saved)>
                    "Saved quotes"
                </button>
            </header>
            <Show when=move || notice.with(Option::is_some)>
                <div class="notice" role="status">
                    <p>{move || notice.get().unwrap_or_default()}</p>
                    <button class="link" on:click=move |_| notice.set(None)>"Dismiss"</button>
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
