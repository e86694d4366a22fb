use configurator_engine::quote::{self, Quote};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::format;
use crate::saved::{self, Entry, Saved};
use crate::state::{AppView, Choices, CurrentView, EngineCtx, QuoteSettings};

/// Saved quotes: search, open, duplicate, rename, delete, and import a quote JSON. Entries that
/// cannot be read (corrupt, or made for another catalog) are listed as skipped and kept.
#[component]
pub fn SavedQuotes() -> impl IntoView {
    let EngineCtx(engine) = expect_context();
    let choices: Choices = expect_context();
    let CurrentView(view) = expect_context();
    let settings: QuoteSettings = expect_context();
    let catalog_id = engine.catalog().id.clone();
    let refresh = RwSignal::new(0u32);
    let list_id = catalog_id.clone();
    let entries = Memo::new(move |_| {
        refresh.track();
        saved::list(&list_id)
    });
    let search = RwSignal::new(String::new());
    let message = RwSignal::new(String::new());
    let report = move |r: Result<String, String>| {
        match r {
            Ok(m) | Err(m) => message.set(m),
        }
        refresh.update(|n| *n += 1);
    };

    let open_engine = engine.clone();
    let open = move |s: Saved| match quote::resolve(open_engine.catalog(), &s.quote.configuration) {
        Ok(c) => {
            choices.set(c);
            settings.context.set(s.quote.context.clone());
            settings.meta.set(s.quote.meta.clone());
            view.set(AppView::Quote);
        }
        Err(e) => message.set(format!("“{}” cannot be opened: {e}", s.name)),
    };

    let import_id = catalog_id.clone();
    let import = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        let catalog_id = import_id.clone();
        let name = file.name();
        wasm_bindgen_futures::spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text())
                .await
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default();
            let result = match Quote::from_json(&text) {
                Err(e) => Err(format!("{name} is not a quote: {e}")),
                Ok(q) if q.catalog.id != catalog_id => Err(format!(
                    "{name} was made for another catalog (`{}`): not imported.",
                    q.catalog.id
                )),
                Ok(q) => {
                    let title = if q.meta.quote_number.is_empty() {
                        name.trim_end_matches(".json").to_owned()
                    } else {
                        q.meta.quote_number.clone()
                    };
                    saved::put(
                        None,
                        &Saved {
                            name: title.clone(),
                            saved_at: saved::now(),
                            quote: q,
                        },
                    )
                    .map(|_| format!("Imported “{title}”."))
                }
            };
            report(result);
        });
        input.set_value("");
    };

    let rows = move || {
        let Ok(all) = entries.get() else {
            return Vec::new();
        };
        let s = search.get();
        all.into_iter()
            .filter_map(|e| match e {
                Entry::Ok(key, saved) if saved::matches(&saved, &s) => Some((key, *saved)),
                _ => None,
            })
            .collect::<Vec<_>>()
    };
    let skipped = move || {
        entries.with(|e| {
            e.as_ref()
                .map(|all| {
                    all.iter()
                        .filter_map(|x| match x {
                            Entry::Skipped(k, why) => Some(format!("{k}: {why}")),
                            Entry::Ok(..) => None,
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let unavailable = move || entries.with(|e| e.as_ref().err().cloned());
    view! {
        <section class="saved" aria-labelledby="saved-title">
            <div class="quote-head">
                <h2 id="saved-title">"Saved quotes"</h2>
                <button class="secondary small" on:click=move |_| view.set(AppView::Configure)>
                    "Back to configuration"
                </button>
            </div>
            <div class="saved-tools">
                <label class="saved-search">
                    "Search"
                    <input
                        id="saved-search"
                        type="search"
                        placeholder="Name, customer or quote number"
                        prop:value=move || search.get()
                        on:input=move |ev| search.set(event_target_value(&ev))
                    />
                </label>
                <label class="file-button">
                    "Import a quote (JSON)"
                    <input id="saved-import" type="file" accept=".json,application/json" on:change=import />
                </label>
            </div>
            {move || unavailable().map(|e| view! { <p class="status status-conflict" role="alert">{e}</p> })}
            <Show when=move || !skipped().is_empty()>
                <div class="notice" role="status" id="saved-skipped">
                    <p>
                        {move || {
                            let s = skipped();
                            format!(
                                "{} saved entr{} could not be read and {} skipped (kept in storage): {}",
                                s.len(),
                                if s.len() == 1 { "y" } else { "ies" },
                                if s.len() == 1 { "was" } else { "were" },
                                s.join("; ")
                            )
                        }}
                    </p>
                </div>
            </Show>
            <p class="saved-empty" class:hidden=move || !rows().is_empty()>"No saved quotes match."</p>
            <ul class="saved-list">
                <For each=rows key=|(k, s)| (k.clone(), s.name.clone(), s.saved_at.clone()) let:row>
                    <SavedRow key=row.0 saved=row.1 open=open.clone() report />
                </For>
            </ul>
            <p class="quote-message" role="status">{move || message.get()}</p>
        </section>
    }
}

/// One saved quote with its actions; renaming happens in place.
#[component]
fn SavedRow<O, R>(key: String, saved: Saved, open: O, report: R) -> impl IntoView
where
    O: Fn(Saved) + Clone + Send + Sync + 'static,
    R: Fn(Result<String, String>) + Copy + Send + Sync + 'static,
{
    let editing = RwSignal::new(false);
    let name = RwSignal::new(saved.name.clone());
    let currency = configurator_engine::Currency::from_code(&saved.quote.totals.currency);
    let total = currency
        .as_ref()
        .and_then(|c| {
            configurator_engine::Money::parse(&saved.quote.totals.contract_value, c)
                .ok()
                .map(|m| format::money(m, c))
        })
        .unwrap_or_else(|| saved.quote.totals.contract_value.clone());
    let customer = saved.quote.meta.customer.clone();
    let when = saved.saved_at.chars().take(10).collect::<String>();
    let (k1, k2) = (key.clone(), key);
    let (s1, s2, s3) = (saved.clone(), saved.clone(), saved.clone());
    let rename = move || {
        let mut s = s2.clone();
        s.name = name.get_untracked().trim().to_owned();
        if s.name.is_empty() {
            return;
        }
        editing.set(false);
        let title = s.name.clone();
        report(saved::put(Some(&k2), &s).map(|_| format!("Renamed to “{title}”.")));
    };
    let rename_key = rename.clone();
    view! {
        <li class="saved-item">
            <div class="saved-main">
                <Show
                    when=move || editing.get()
                    fallback=move || view! { <span class="saved-name">{name.get()}</span> }
                >
                    <input
                        class="saved-rename"
                        aria-label="New name"
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))
                        on:keydown={
                            let rename = rename_key.clone();
                            move |ev: leptos::ev::KeyboardEvent| {
                                if ev.key() == "Enter" {
                                    rename();
                                }
                            }
                        }
                    />
                </Show>
                <span class="saved-meta">{format!("{customer} · saved {when} · {total}")}</span>
            </div>
            <div class="saved-actions">
                <button class="secondary small" on:click=move |_| open(s1.clone())>"Open"</button>
                <button
                    class="secondary small"
                    on:click={
                        let rename = rename.clone();
                        move |_| if editing.get_untracked() { rename() } else { editing.set(true) }
                    }
                >
                    {move || if editing.get() { "Save name" } else { "Rename" }}
                </button>
                <button
                    class="secondary small"
                    on:click=move |_| {
                        let mut copy = s3.clone();
                        copy.name = format!("{} (copy)", copy.name);
                        copy.saved_at = saved::now();
                        let title = copy.name.clone();
                        report(saved::put(None, &copy).map(|_| format!("Duplicated as “{title}”.")));
                    }
                >
                    "Duplicate"
                </button>
                <button
                    class="secondary small"
                    on:click=move |_| {
                        report(saved::remove(&k1).map(|_| "Deleted.".to_owned()))
                    }
                >
                    "Delete"
                </button>
            </div>
        </li>
    }
}
