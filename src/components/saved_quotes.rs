use configurator_engine::quote::Quote;
use leptos::prelude::*;

use super::saved_compare::SavedCompare;
use super::saved_row::SavedRow;
use super::skipped_notice::SkippedNotice;
use crate::i18n::{t, use_lang, Lang};
use crate::saved::{self, Entry, Saved};

/// Saved quotes of catalog `catalog_id`: search, open, duplicate, rename, delete, and import a
/// quote JSON. Entries that cannot be read (corrupt, or made for another catalog) are listed as
/// skipped and kept. `from` is the configurator's query it came from (`product=…&c=…`): "Open"
/// goes there with `open=KEY`, "Back" without.
#[component]
pub fn SavedQuotes(catalog_id: String, from: String) -> impl IntoView {
    let lang = use_lang();
    let back = format!("/?{from}");
    let from = StoredValue::new(from);
    let refresh = RwSignal::new(0u32);
    let list_id = catalog_id.clone();
    let entries = Memo::new(move |_| {
        refresh.track();
        saved::list(&list_id)
    });
    let search = RwSignal::new(String::new());
    // Saved quotes picked to compare side by side (storage keys, in the order picked).
    let picked = RwSignal::new(Vec::<String>::new());
    let message = RwSignal::new(String::new());
    let report = move |r: Result<String, String>| {
        match r {
            Ok(m) | Err(m) => message.set(m),
        }
        refresh.update(|n| *n += 1);
    };

    // The configurator reopens it (`?open=KEY`) with its configuration, context and details.
    let open = move |key: String| {
        let _ = window().location().assign(&format!(
            "/?{}&open={}",
            from.get_value(),
            crate::url::encode(&key)
        ));
    };

    let import_id = catalog_id.clone();
    let import = move |ev: leptos::ev::Event| {
        let Some(file) = crate::browser::take_file(&ev) else {
            return;
        };
        let catalog_id = import_id.clone();
        let l = lang.get_untracked();
        leptos::task::spawn_local(async move {
            let name = file.name();
            let text = crate::browser::read_text(file).await;
            report(import(&name, &text, &catalog_id, l));
        });
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
                <h1 id="saved-title">{t("Saved quotes", "Gespeicherte Angebote")}</h1>
                <a class="secondary small button-link" href=back>
                    {t("Back to configuration", "Zurück zur Konfiguration")}
                </a>
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
            <SavedCompare picked />
            <SkippedNotice skipped />
            <p class="saved-empty" class:hidden=move || !rows().is_empty()>{t("No saved quotes match.", "Keine gespeicherten Angebote gefunden.")}</p>
            <ul class="saved-list">
                <For each=rows key=|(k, s)| (k.clone(), s.name.clone(), s.saved_at.clone()) let:row>
                    <SavedRow key=row.0 saved=row.1 open report picked />
                </For>
            </ul>
            <p class="quote-message" role="status">{move || message.get()}</p>
        </section>
    }
}

/// Saves the quote in `text` (from the file `name`) when it is one made for `catalog_id`;
/// what happened, in the UI language.
fn import(name: &str, text: &str, catalog_id: &str, l: Lang) -> Result<String, String> {
    match Quote::from_json(text) {
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
            let saved = Saved {
                name: title.clone(),
                saved_at: saved::now(),
                quote: q,
            };
            saved::put(None, &saved)
                .map(|_| match l {
                    Lang::En => format!("Imported “{title}”."),
                    Lang::De => format!("„{title}“ importiert."),
                })
                .map_err(|e| e.text(l))
        }
    }
}
