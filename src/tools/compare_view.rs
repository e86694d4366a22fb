use configurator_engine::{share, Choice};
use leptos::prelude::*;

use super::columns::{self, Engines, Source, MOST};
use super::compare_table::CompareTable;
use super::Lines;
use crate::i18n::{t, use_lang, Lang};

/// The sources in the address (`x=`, and the configurator's `from=` query), in order, and
/// whether the configurator's was a catalog opened from an address (not a built-in line).
fn sources_in_address() -> (Vec<Source>, bool) {
    let search = window().location().search().unwrap_or_default();
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else {
        return (Vec::new(), false);
    };
    let xs: Vec<String> = params
        .get_all("x")
        .iter()
        .filter_map(|v| v.as_string())
        .collect();
    let from = params
        .get("from")
        .and_then(|f| web_sys::UrlSearchParams::new_with_str(&f).ok());
    let remote = from.as_ref().is_some_and(|q| q.get("catalog").is_some());
    let from = from.and_then(|q| Some((q.get("product")?, q.get("c").unwrap_or_default())));
    (columns::from_query(&xs, from), remote)
}

/// Writes the sources to the address (`?view=compare&x=…`), replacing the history entry.
fn write_address(sources: &[Source]) {
    let xs: String = sources
        .iter()
        .map(|s| format!("&x={}", crate::url::encode(&s.text())))
        .collect();
    let lang = crate::url::source_param();
    crate::url::write(&format!("?{lang}view=compare{xs}"), false);
}

/// Compare two to four configurations side by side: the configurator's (its Compare button),
/// quotes saved in this browser, or product lines' models (as they come with their defaults).
/// Lines, answers, resources and prices in one table, with the rows that differ marked; each
/// opens in the configurator to keep configuring. The address keeps the columns (`x=`).
#[component]
pub fn CompareView(lines: Lines) -> impl IntoView {
    let engines = Engines::new(lines);
    let (initial, remote) = sources_in_address();
    let sources = RwSignal::new(initial);
    write_address(&sources.get_untracked());
    let set = move |next: Vec<Source>| {
        write_address(&next);
        sources.set(next);
    };
    let shown = Memo::new(move |_| {
        sources.with(|s| {
            s.iter()
                .map(|src| engines.column(src).map_err(|e| (src.clone(), e)))
                .collect::<Vec<_>>()
        })
    });
    let remove = Callback::new(move |source: Source| {
        let mut next = sources.get_untracked();
        next.retain(|s| *s != source);
        set(next);
        if let Some(h) = document().get_element_by_id("compare-title") {
            use wasm_bindgen::JsCast;
            if let Ok(h) = h.dyn_into::<web_sys::HtmlElement>() {
                let _ = h.focus();
            }
        }
    });
    let add = Callback::new(move |source: Source| {
        let mut next = sources.get_untracked();
        if columns::add(&mut next, source) {
            set(next);
        }
    });
    let broken = move || {
        shown.with(|s| {
            s.iter()
                .filter_map(|c| c.as_ref().err())
                .map(|(src, why)| {
                    let src = src.clone();
                    let text = format!("{}: {why}", src.text());
                    view! {
                        <li class="finding finding-unknown">
                            {text}
                            " "
                            <button class="secondary small" on:click=move |_| remove.run(src.clone())>
                                {t("Remove", "Entfernen")}
                            </button>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let columns = Memo::new(move |_| {
        shown.with(|s| {
            s.iter()
                .filter_map(|c| c.as_ref().ok().cloned())
                .collect::<Vec<_>>()
        })
    });
    let count = move || sources.with(Vec::len);
    view! {
        <section class="compare" aria-labelledby="compare-title">
            <h2 id="compare-title" tabindex="-1">{t("Compare configurations", "Konfigurationen vergleichen")}</h2>
            <p class="step-description">{t(
                "Up to four side by side: the configuration you came from, quotes saved in this browser, or the models of a product line as they come. Rows that differ are marked.",
                "Bis zu vier nebeneinander: die Konfiguration, von der Sie kommen, in diesem Browser gespeicherte Angebote oder die Modelle einer Produktlinie, wie sie geliefert werden. Abweichende Zeilen sind markiert.",
            )}</p>
            {remote.then(|| view! {
                <p class="finding finding-unknown" id="compare-remote">{t(
                    "The configuration you came from uses a catalog opened from an address: only the built-in product lines can be compared.",
                    "Ihre Konfiguration verwendet einen Katalog von einer Adresse: verglichen werden können nur die eingebauten Produktlinien.",
                )}</p>
            })}
            <ul class="findings" aria-live="polite">{broken}</ul>
            <CompareTable engines columns remove />
            {move || if count() < MOST {
                view! { <AddColumn engines add /> }.into_any()
            } else {
                view! { <p class="filter-count" id="compare-full">{t(
                    "Four configurations are the most shown side by side: remove one to add another.",
                    "Höchstens vier Konfigurationen nebeneinander: entfernen Sie eine, um eine weitere hinzuzufügen.",
                )}</p> }.into_any()
            }}
        </section>
    }
}

/// The configuration of model `item` of product line `k` as it comes: chosen, then completed
/// with the catalog's defaults.
fn model_source(engines: Engines, k: usize, item: configurator_engine::ItemId) -> Source {
    let engine = engines.get(k);
    let choices = engine.complete_with_defaults(&[Choice::from(item)]);
    let catalog = engine.catalog();
    Source::Line(catalog.id.clone(), share::encode(catalog, &choices))
}

/// Adds a column: a product line's model, or a quote saved in this browser.
#[component]
fn AddColumn(engines: Engines, add: Callback<Source>) -> impl IntoView {
    let lang = use_lang();
    let lines = engines.lines();
    let model = RwSignal::new(String::new());
    let saved = RwSignal::new(String::new());
    let groups = lines
        .0
        .iter()
        .enumerate()
        .map(|(k, (c, _))| {
            let options = configurator_engine::compare::models(c)
                .into_iter()
                .map(|m| {
                    let it = c.item(m);
                    let value = format!("{k}.{}", m.index());
                    view! { <option value=value>{format!("{} ({})", it.name, it.sku)}</option> }
                })
                .collect_view();
            view! { <optgroup label=c.name.clone()>{options}</optgroup> }
        })
        .collect_view();
    // Quotes saved for a product line here (others cannot be priced again).
    let quotes: Vec<(String, String)> = crate::saved::list("")
        .unwrap_or_default()
        .into_iter()
        .filter_map(|e| {
            let crate::saved::Entry::Ok(key, s) = e else {
                return None;
            };
            let (line, _) = lines.0.iter().find(|(c, _)| c.id == s.quote.catalog.id)?;
            let when = crate::format::date(&s.saved_at, lang.get_untracked());
            Some((key, format!("{} · {} · {when}", s.name, line.name)))
        })
        .collect();
    let no_quotes = quotes.is_empty();
    let quote_options = quotes
        .into_iter()
        .map(|(key, label)| view! { <option value=key>{label}</option> })
        .collect_view();
    let add_model = move |_| {
        let v = model.get_untracked();
        let Some((k, i)) = v.split_once('.') else {
            return;
        };
        let (Ok(k), Ok(i)) = (k.parse::<usize>(), i.parse::<usize>()) else {
            return;
        };
        let item = engines.item(k, i);
        if let Some(item) = item {
            add.run(model_source(engines, k, item));
        }
    };
    let add_saved = move |_| {
        let key = saved.get_untracked();
        if !key.is_empty() {
            add.run(Source::Saved(key));
        }
    };
    view! {
        <div class="compare-add">
            <div class="compare-pick">
                <label for="compare-model">{t("A product line's model", "Ein Modell einer Produktlinie")}</label>
                <select id="compare-model" on:change=move |ev| model.set(event_target_value(&ev)) prop:value=move || model.get()>
                    <option value="">{t("Choose a model…", "Modell wählen…")}</option>
                    {groups}
                </select>
                <button class="secondary" id="compare-add-model" on:click=add_model>{t("Add the model", "Modell hinzufügen")}</button>
            </div>
            <div class="compare-pick">
                <label for="compare-saved">{t("A quote saved in this browser", "Ein in diesem Browser gespeichertes Angebot")}</label>
                <select id="compare-saved" disabled=no_quotes on:change=move |ev| saved.set(event_target_value(&ev)) prop:value=move || saved.get()>
                    <option value="">{move || match (lang.get(), no_quotes) {
                        (Lang::En, true) => "No saved quotes in this browser",
                        (Lang::De, true) => "Keine gespeicherten Angebote in diesem Browser",
                        (Lang::En, false) => "Choose a saved quote…",
                        (Lang::De, false) => "Gespeichertes Angebot wählen…",
                    }}</option>
                    {quote_options}
                </select>
                <button class="secondary" id="compare-add-saved" disabled=no_quotes on:click=add_saved>{t("Add the quote", "Angebot hinzufügen")}</button>
            </div>
        </div>
    }
}
