use configurator_engine::quote::{self, Quote};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::format;
use crate::i18n::{t, use_lang, Lang};
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
    let lang = use_lang();
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
        Err(e) => message.set(match lang.get_untracked() {
            Lang::En => format!("“{}” cannot be opened: {e}", s.name),
            Lang::De => format!("„{}“ kann nicht geöffnet werden: {e}", s.name),
        }),
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
        let l = lang.get_untracked();
        wasm_bindgen_futures::spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text())
                .await
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default();
            let result = match Quote::from_json(&text) {
                Err(e) => Err(match l {
                    Lang::En => format!("{name} is not a quote: {e}"),
                    Lang::De => format!("{name} ist kein Angebot: {e}"),
                }),
                Ok(q) if q.catalog.id != catalog_id => Err(match l {
                    Lang::En => format!(
                        "{name} was made for another catalog (`{}`): not imported.",
                        q.catalog.id
                    ),
                    Lang::De => format!(
                        "{name} gehört zu einem anderen Katalog (`{}`): nicht importiert.",
                        q.catalog.id
                    ),
                }),
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
                    .map(|_| match l {
                        Lang::En => format!("Imported “{title}”."),
                        Lang::De => format!("„{title}“ importiert."),
                    })
                    .map_err(|e| e.text(l))
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
    let unavailable = move || entries.with(|e| e.as_ref().err().map(|e| e.text(lang.get())));
    view! {
        <section class="saved" aria-labelledby="saved-title">
            <div class="quote-head">
                <h2 id="saved-title">{t("Saved quotes", "Gespeicherte Angebote")}</h2>
                <button class="secondary small" on:click=move |_| view.set(AppView::Configure)>
                    {t("Back to configuration", "Zurück zur Konfiguration")}
                </button>
            </div>
            <div class="saved-tools">
                <label class="saved-search">
                    {t("Search", "Suchen")}
                    <input
                        id="saved-search"
                        type="search"
                        placeholder=t("Name, customer or quote number", "Name, Kunde oder Angebotsnummer")
                        prop:value=move || search.get()
                        on:input=move |ev| search.set(event_target_value(&ev))
                    />
                </label>
                <label class="file-button">
                    {t("Import a quote (JSON)", "Angebot importieren (JSON)")}
                    <input id="saved-import" type="file" accept=".json,application/json" on:change=import />
                </label>
            </div>
            {move || unavailable().map(|e| view! { <p class="status status-conflict" role="alert">{e}</p> })}
            <Show when=move || !skipped().is_empty()>
                <div class="notice" role="status" id="saved-skipped">
                    <p>
                        {move || {
                            let s = skipped();
                            match lang.get() {
                                Lang::En => format!(
                                    "{} saved entr{} could not be read and {} skipped (kept in storage): {}",
                                    s.len(),
                                    if s.len() == 1 { "y" } else { "ies" },
                                    if s.len() == 1 { "was" } else { "were" },
                                    s.join("; ")
                                ),
                                Lang::De => format!(
                                    "{} gespeicherte{} Einträge konnte{} nicht gelesen werden und {} übersprungen (bleib{} gespeichert): {}",
                                    s.len(),
                                    if s.len() == 1 { "r" } else { "" },
                                    if s.len() == 1 { "" } else { "n" },
                                    if s.len() == 1 { "wurde" } else { "wurden" },
                                    if s.len() == 1 { "t" } else { "en" },
                                    s.join("; ")
                                ),
                            }
                        }}
                    </p>
                </div>
            </Show>
            <p class="saved-empty" class:hidden=move || !rows().is_empty()>{t("No saved quotes match.", "Keine gespeicherten Angebote gefunden.")}</p>
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
    let lang = use_lang();
    let name = RwSignal::new(saved.name.clone());
    let currency = configurator_engine::Currency::from_code(&saved.quote.totals.currency);
    let value = saved.quote.totals.contract_value.clone();
    let total = move |l: Lang| {
        currency
            .as_ref()
            .and_then(|c| {
                configurator_engine::Money::parse(&value, c)
                    .ok()
                    .map(|m| format::money(m, c, l))
            })
            .unwrap_or_else(|| value.clone())
    };
    let customer = saved.quote.meta.customer.clone();
    let saved_at = saved.saved_at.clone();
    let meta_line = move || {
        let l = lang.get();
        let when = format::date(&saved_at, l);
        format!(
            "{customer} · {} {when} · {}",
            l.pick("saved", "gespeichert am"),
            total(l)
        )
    };
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
        let l = lang.get_untracked();
        report(
            saved::put(Some(&k2), &s)
                .map(|_| match l {
                    Lang::En => format!("Renamed to “{title}”."),
                    Lang::De => format!("Umbenannt in „{title}“."),
                })
                .map_err(|e| e.text(l)),
        );
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
                        aria-label=t("New name", "Neuer Name")
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
                <span class="saved-meta">{meta_line}</span>
            </div>
            <div class="saved-actions">
                <button class="secondary small" on:click=move |_| open(s1.clone())>{t("Open", "Öffnen")}</button>
                <button
                    class="secondary small"
                    on:click={
                        let rename = rename.clone();
                        move |_| if editing.get_untracked() { rename() } else { editing.set(true) }
                    }
                >
                    {move || {
                        let l = lang.get();
                        if editing.get() { l.pick("Save name", "Name speichern") } else { l.pick("Rename", "Umbenennen") }
                    }}
                </button>
                <button
                    class="secondary small"
                    on:click=move |_| {
                        let mut copy = s3.clone();
                        let l = lang.get_untracked();
                        copy.name = format!("{} ({})", copy.name, l.pick("copy", "Kopie"));
                        copy.saved_at = saved::now();
                        let title = copy.name.clone();
                        report(
                            saved::put(None, &copy)
                                .map(|_| match l {
                                    Lang::En => format!("Duplicated as “{title}”."),
                                    Lang::De => format!("Dupliziert als „{title}“."),
                                })
                                .map_err(|e| e.text(l)),
                        );
                    }
                >
                    {t("Duplicate", "Duplizieren")}
                </button>
                <button
                    class="secondary small"
                    on:click=move |_| {
                        let l = lang.get_untracked();
                        report(
                            saved::remove(&k1)
                                .map(|_| l.pick("Deleted.", "Gelöscht.").to_owned())
                                .map_err(|e| e.text(l)),
                        )
                    }
                >
                    {t("Delete", "Löschen")}
                </button>
            </div>
        </li>
    }
}
