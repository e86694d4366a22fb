use configurator_engine::bom::{self, Rebuilt};
use configurator_engine::Status;
use leptos::prelude::*;

use super::{configure_link, findings, Lines};
use crate::i18n::{t, use_lang};

/// What importing gave: the product line (index in [`Lines`]) and the rebuild, or why not.
#[derive(Clone)]
enum Imported {
    Rebuilt(usize, std::sync::Arc<Rebuilt>),
    Unreadable(bom::BomError),
    Foreign,
}

/// Import a bill of materials, pasted or uploaded (CSV or plain lines of SKUs and
/// quantities): the product line that knows most SKUs is found, the configuration rebuilt,
/// and every line that did not go in as written shown with why and the fix; then open it in
/// the configurator.
#[component]
pub fn ImportView(lines: Lines) -> impl IntoView {
    let lang = use_lang();
    let text = RwSignal::new(String::new());
    let result = RwSignal::new(None::<Imported>);
    let lines = StoredValue::new(lines);
    let run = move || {
        let lines_for_run = lines.get_value();
        let parsed = match bom::parse(&text.get_untracked()) {
            Ok(p) => p,
            Err(e) => return result.set(Some(Imported::Unreadable(e))),
        };
        let refs: Vec<_> = lines_for_run.0.iter().map(|(c, _)| c).collect();
        let Some(k) = bom::product_line(&refs, &parsed) else {
            return result.set(Some(Imported::Foreign));
        };
        let (catalog, diagram) = &lines_for_run.0[k];
        let engine = crate::catalog_engine::engine_from(
            catalog.clone(),
            crate::catalog_engine::diagram_budget(),
            diagram.as_ref(),
        );
        result.set(Some(Imported::Rebuilt(
            k,
            std::sync::Arc::new(bom::rebuild(&engine, &parsed)),
        )));
    };
    let upload = move |ev: leptos::ev::Event| {
        if let Some(file) = crate::browser::take_file(&ev) {
            leptos::task::spawn_local(async move {
                text.set(crate::browser::read_text(file).await);
                run();
            });
        }
    };
    let shown = move || {
        let l = lang.get();
        match result.get()? {
            Imported::Unreadable(e) => Some(view! { <p class="status status-conflict" role="alert">{findings::unreadable(&e, l)}</p> }.into_any()),
            Imported::Foreign => Some(view! { <p class="status status-conflict" role="alert">{l.pick("None of these SKUs is in a product line here.", "Keine dieser Artikelnummern gehört zu einer Produktlinie hier.")}</p> }.into_any()),
            Imported::Rebuilt(k, r) => {
                let lines = lines.get_value();
                let catalog = &lines.0[k].0;
                let status = match &r.status {
                    Status::Complete if r.clean() => l.pick("Everything went in: the configuration is complete.", "Alles übernommen: die Konfiguration ist vollständig."),
                    Status::Complete => l.pick("The configuration is complete, with the changes below.", "Die Konfiguration ist vollständig, mit den Änderungen unten."),
                    _ => l.pick("The configuration is valid but not complete yet: see below.", "Die Konfiguration ist gültig, aber noch nicht vollständig: siehe unten."),
                };
                let items = r.findings.iter().map(|f| {
                    let (kind, text) = findings::text(catalog, f, l);
                    view! { <li class=format!("finding finding-{kind}")>{text}</li> }
                }).collect_view();
                let href = configure_link(catalog, &r.choices, None);
                Some(view! {
                    <section class="import-result" aria-labelledby="import-title" aria-live="polite">
                        <h2 id="import-title">{catalog.name.clone()}</h2>
                        <p class="status" role="status">{status}</p>
                        <ul class="findings">{items}</ul>
                        <a class="button primary" id="open-imported" href=href>{l.pick("Open in the configurator", "Im Konfigurator öffnen")}</a>
                    </section>
                }.into_any())
            }
        }
    };
    view! {
        <section class="import" aria-labelledby="import-heading">
            <h2 id="import-heading">{t("Import a bill of materials", "Stückliste importieren")}</h2>
            <p class="step-description">{t(
                "Paste or upload SKUs and quantities: a CSV with a SKU column, or one line per item such as \"2 x PSU-800-P\". The product line is found for you.",
                "Artikelnummern und Mengen einfügen oder hochladen: eine CSV mit einer SKU-Spalte oder eine Zeile pro Artikel wie \"2 x PSU-800-P\". Die Produktlinie wird automatisch erkannt.",
            )}</p>
            <label for="bom-text">{t("Bill of materials", "Stückliste")}</label>
            <textarea id="bom-text" rows="10" spellcheck="false" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            <div class="import-actions">
                <button class="primary" id="bom-rebuild" on:click=move |_| run()>{t("Rebuild the configuration", "Konfiguration aufbauen")}</button>
                <label class="button secondary file-button">
                    {t("Upload a file", "Datei hochladen")}
                    <input type="file" id="bom-file" accept=".csv,.txt,text/csv,text/plain" on:change=upload />
                </label>
            </div>
            {shown}
        </section>
    }
}
