use configurator_engine::compare::{compare, Cell, Row, RowKind, Side, Verdict};
use leptos::prelude::*;

use super::columns::{Column, Engines, Source};
use crate::format;
use crate::i18n::{t, use_lang, Lang};

/// A section of the table: its name in English and German, and which rows belong to it.
type Section = (&'static str, &'static str, fn(&RowKind) -> bool);

/// The sections of the table, by the kinds of rows in each.
const SECTIONS: [Section; 4] = [
    ("Overview", "Überblick", |k| {
        matches!(k, RowKind::Status | RowKind::Answer)
    }),
    ("Bill of materials", "Stückliste", |k| {
        matches!(k, RowKind::Line { .. })
    }),
    ("Key figures", "Kennzahlen", |k| *k == RowKind::Resource),
    ("Prices", "Preise", |k| {
        matches!(k, RowKind::OneTime | RowKind::Monthly | RowKind::Yearly)
    }),
];

/// A row's header text.
fn label(row: &Row, lang: Lang) -> String {
    match row.kind {
        RowKind::Status => lang.pick("Status", "Status").to_owned(),
        RowKind::OneTime => lang.pick("One-time (net)", "Einmalig (netto)").to_owned(),
        RowKind::Monthly => lang.pick("Per month (net)", "Pro Monat (netto)").to_owned(),
        RowKind::Yearly => lang.pick("Per year (net)", "Pro Jahr (netto)").to_owned(),
        _ => row.label.clone(),
    }
}

/// A row's name for tests and styles: `status`, `answer`, `line`, `resource`, `one-time`, …
fn kind_name(kind: &RowKind) -> &'static str {
    match kind {
        RowKind::Status => "status",
        RowKind::Answer => "answer",
        RowKind::Line { .. } => "line",
        RowKind::Resource => "resource",
        RowKind::OneTime => "one-time",
        RowKind::Monthly => "monthly",
        RowKind::Yearly => "yearly",
    }
}

/// A cell's text: what is shown, and for an empty cell what a screen reader says instead.
fn cell_text(cell: &Cell, lang: Lang) -> (String, Option<&'static str>) {
    let text = match cell {
        Cell::Empty => {
            return (
                "—".to_owned(),
                Some(lang.pick("not included", "nicht enthalten")),
            )
        }
        Cell::Status(Verdict::Complete) => lang.pick("Complete", "Vollständig").to_owned(),
        Cell::Status(Verdict::Incomplete(0)) => {
            lang.pick("Not complete", "Unvollständig").to_owned()
        }
        Cell::Status(Verdict::Incomplete(n)) => match lang {
            Lang::En if *n == 1 => "Not complete: 1 step open".to_owned(),
            Lang::En => format!("Not complete: {n} steps open"),
            Lang::De if *n == 1 => "Unvollständig: 1 Schritt offen".to_owned(),
            Lang::De => format!("Unvollständig: {n} Schritte offen"),
        },
        Cell::Status(Verdict::Conflict) => lang
            .pick(
                "Conflict: the choices contradict each other",
                "Konflikt: die Auswahl widerspricht sich",
            )
            .to_owned(),
        Cell::Answer(a) => a.clone(),
        Cell::Quantity(q) => q.to_string(),
        Cell::Meter { used, provided } => {
            let (u, p) = (
                format::grouped(&used.to_string(), lang),
                format::grouped(&provided.to_string(), lang),
            );
            match lang {
                Lang::En => format!("{u} of {p}"),
                Lang::De => format!("{u} von {p}"),
            }
        }
        Cell::Money(m, currency) => format::money(*m, currency, lang),
    };
    (text, None)
}

/// One row: its header (with a "differs" mark) and a cell per configuration.
fn row_view(row: Row, lang: Lang) -> impl IntoView {
    let name = label(&row, lang);
    let sku = match &row.kind {
        RowKind::Line { sku } => Some(view! { <code class="row-sku">{sku.clone()}</code> }),
        _ => None,
    };
    let mark = row.differs.then(|| {
        view! { <span class="differs-badge">{lang.pick("differs", "abweichend")}</span> }
    });
    let over = |c: &Cell| matches!(c, Cell::Meter { used, provided } if used > provided);
    let cells = row
        .cells
        .iter()
        .map(|c| {
            let (text, spoken) = cell_text(c, lang);
            let hidden = spoken.map(|s| view! { <span class="visually-hidden">{s}</span> });
            let empty = spoken.is_some();
            view! {
                <td class:empty=empty class:over=over(c)>
                    <span aria-hidden=empty.then_some("true")>{text}</span>
                    {hidden}
                </td>
            }
        })
        .collect_view();
    view! {
        <tr class:differs=row.differs data-row=kind_name(&row.kind)>
            <th scope="row"><span class="row-label">{name}</span>{sku}{mark}</th>
            {cells}
        </tr>
    }
}

/// A column's header: its title, product line and source, why it has no prices if so, and
/// the actions (open it in the configurator, remove it).
fn column_head(
    k: usize,
    col: &Column,
    engines: Engines,
    remove: Callback<Source>,
    lang: Lang,
) -> impl IntoView {
    let lines = engines.lines();
    let catalog = &lines.0[col.line].0;
    let (kind, href) = match &col.source {
        Source::Saved(key) => (
            lang.pick("Saved quote", "Gespeichertes Angebot"),
            format!(
                "../?product={}&open={}",
                crate::url::encode(&catalog.id),
                crate::url::encode(key)
            ),
        ),
        Source::Line(..) => (
            lang.pick("Configuration", "Konfiguration"),
            super::configure_link(catalog, &col.choices, None),
        ),
    };
    // The price book when it is not the catalog's own list, and the partner tier, by name.
    let pricing = &catalog.pricing;
    let book = (col.context.price_book.as_deref())
        .and_then(|b| pricing.book(b))
        .filter(|&k| k > 0)
        .map(|k| pricing.books[k].name.clone());
    let tier = (col.context.partner_tier.as_deref())
        .and_then(|t| pricing.tier(t))
        .map(|t| t.name.clone());
    let unpriced = col.evaluated.priced.as_ref().err().map(|e| {
        let text = format!("{}: {e}", lang.pick("No prices", "Keine Preise"));
        view! { <span class="col-note">{text}</span> }
    });
    let title = col.title.clone();
    let (open_label, remove_label) = match lang {
        Lang::En => (
            format!("Open {title} in the configurator"),
            format!("Remove {title} from the comparison"),
        ),
        Lang::De => (
            format!("{title} im Konfigurator öffnen"),
            format!("{title} aus dem Vergleich entfernen"),
        ),
    };
    let source = col.source.clone();
    let meta = [Some(format!("{} · {kind}", catalog.name)), book, tier]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
    view! {
        <th scope="col" class="compare-col" id=format!("compare-col-{k}")>
            <span class="col-title">{title}</span>
            <span class="col-meta">{meta}</span>
            {unpriced}
            <span class="col-actions">
                <a class="button secondary small" href=href aria-label=open_label>{lang.pick("Open", "Öffnen")}</a>
                <button class="secondary small" aria-label=remove_label on:click=move |_| remove.run(source.clone())>
                    {lang.pick("Remove", "Entfernen")}
                </button>
            </span>
        </th>
    }
}

/// The configurations side by side: a table with a column per configuration and a row per
/// line, answer, resource and total, in sections; the rows that differ are marked in words
/// and colour, and can be shown alone.
#[component]
pub fn CompareTable(
    engines: Engines,
    columns: Memo<Vec<Column>>,
    remove: Callback<Source>,
) -> impl IntoView {
    let lang = use_lang();
    let only = RwSignal::new(false);
    let rows = Memo::new(move |_| {
        let lines = engines.lines();
        columns.with(|cols| {
            let sides: Vec<Side<'_>> = cols
                .iter()
                .map(|c| c.evaluated.side(&lines.0[c.line].0))
                .collect();
            compare(&sides)
        })
    });
    let summary = move || {
        let (n, all, differ) = (
            columns.with(Vec::len),
            rows.with(Vec::len),
            rows.with(|r| r.iter().filter(|r| r.differs).count()),
        );
        match lang.get() {
            _ if n == 0 => String::new(),
            Lang::En if n == 1 => "1 configuration: add another to compare.".to_owned(),
            Lang::De if n == 1 => {
                "1 Konfiguration: fügen Sie eine weitere zum Vergleich hinzu.".to_owned()
            }
            Lang::En => format!("{n} configurations side by side: {differ} of {all} rows differ."),
            Lang::De => {
                format!("{n} Konfigurationen nebeneinander: {differ} von {all} Zeilen weichen ab.")
            }
        }
    };
    let table = move || {
        let l = lang.get();
        let cols = columns.get();
        if cols.is_empty() {
            return view! {
                <p class="compare-empty" id="compare-empty">{l.pick(
                    "Nothing to compare yet: add a model or a saved quote below, or use Compare in the configurator.",
                    "Noch nichts zu vergleichen: fügen Sie unten ein Modell oder ein gespeichertes Angebot hinzu, oder nutzen Sie Vergleichen im Konfigurator.",
                )}</p>
            }
            .into_any();
        }
        let heads = cols
            .iter()
            .enumerate()
            .map(|(k, c)| column_head(k, c, engines, remove, l))
            .collect_view();
        let only = only.get();
        let all = rows.get();
        let bodies = SECTIONS
            .iter()
            .filter_map(|(en, de, belongs)| {
                let shown: Vec<Row> = all
                    .iter()
                    .filter(|r| belongs(&r.kind) && (r.differs || !only))
                    .cloned()
                    .collect();
                (!shown.is_empty()).then(|| {
                    let rows = shown.into_iter().map(|r| row_view(r, l)).collect_view();
                    view! {
                        <tbody>
                            <tr class="compare-section">
                                <th scope="rowgroup" colspan=cols.len() + 1><span>{l.pick(*en, *de)}</span></th>
                            </tr>
                            {rows}
                        </tbody>
                    }
                })
            })
            .collect_view();
        view! {
            <div class="compare-scroll" role="region" aria-labelledby="compare-caption" tabindex="0">
                <table class="compare-table">
                    <caption id="compare-caption" class="visually-hidden">{l.pick("Configurations side by side", "Konfigurationen nebeneinander")}</caption>
                    <thead>
                        <tr><td class="compare-corner"></td>{heads}</tr>
                    </thead>
                    {bodies}
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <div class="compare-controls">
            <label class="check">
                <input type="checkbox" id="compare-only" prop:checked=move || only.get() on:change=move |ev| only.set(event_target_checked(&ev)) />
                {t("Only the rows that differ", "Nur abweichende Zeilen")}
            </label>
            <p class="filter-count" id="compare-summary" role="status">{summary}</p>
        </div>
        {table}
    }
}
