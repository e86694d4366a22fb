use configurator_engine::quote::Quote;
use configurator_engine::share;
use leptos::prelude::*;

use super::quote_mode::QuoteMode;
use crate::browser;
use crate::i18n::{t, use_lang, Lang};
use crate::state::{Choices, EmbedLink, EngineCtx};

/// The quote's actions: download as CSV or JSON, print (or save as PDF), copy a share link,
/// save in the browser and, when a quote desk serves this page, save to the desk; what
/// happened is announced below them, and where quotes are kept.
#[component]
pub fn QuoteActions(quote: Memo<Result<Quote, String>>) -> impl IntoView {
    let engine: EngineCtx = expect_context();
    let choices: Choices = expect_context();
    let lang = use_lang();
    let message = RwSignal::new(String::new());
    let download = move |csv: bool| {
        let Some(Ok(q)) = quote.try_get() else { return };
        let number = if q.meta.quote_number.is_empty() {
            "quote".to_owned()
        } else {
            q.meta.quote_number.clone()
        };
        let (name, text, mime) = if csv {
            (format!("{number}.csv"), q.to_csv(), "text/csv")
        } else {
            (format!("{number}.json"), q.to_json(), "application/json")
        };
        let l = lang.get_untracked();
        message.set(match (browser::download(&name, &text, mime), l) {
            (true, Lang::En) => format!("Downloaded {name}."),
            (true, Lang::De) => format!("{name} heruntergeladen."),
            (false, l) => l
                .pick(
                    "The browser did not allow the download.",
                    "Der Browser hat den Download nicht erlaubt.",
                )
                .into(),
        });
    };
    let copy_link = move |_| {
        let (link, first) = engine.with(|e| {
            let catalog = e.catalog();
            let link = choices.with(|c| share::encode(catalog, c));
            (link, catalog.groups()[0].key.clone())
        });
        // The configuration page at its first step, with the product line (and language).
        let full = format!(
            "{}{}",
            browser::page_address(),
            crate::url::query(None, &first, Some(&link))
        );
        browser::copy(&full);
        message.set(match lang.get_untracked() {
            Lang::En => format!("Share link copied: {full}"),
            Lang::De => format!("Link zum Teilen kopiert: {full}"),
        });
    };
    let save = move |to_desk: bool| {
        let Some(Ok(q)) = quote.try_get() else { return };
        let l = lang.get_untracked();
        let name = [&q.meta.quote_number, &q.meta.customer]
            .into_iter()
            .find(|s| !s.is_empty())
            .cloned()
            .unwrap_or_else(|| l.pick("Untitled quote", "Angebot ohne Titel").to_owned());
        let saved = crate::saved::Saved {
            name: name.clone(),
            saved_at: crate::saved::now(),
            quote: q,
        };
        let put = crate::saved::put(None, &saved);
        if let (true, Ok(key)) = (to_desk, &put) {
            // Kept in this browser until the desk has it: the desk's page uploads it (after
            // signing in) and removes this copy; nothing is lost if the desk is unreachable.
            let _ = window().location().assign(&format!("/desk/#upload={key}"));
        }
        message.set(match (put, l) {
            (Ok(_), Lang::En) => format!("Saved as “{name}”."),
            (Ok(_), Lang::De) => format!("Gespeichert als „{name}“."),
            (Err(e), l) => e.text(l),
        });
    };
    let desk = crate::browser::quote_desk();
    // In the iframe embed with an allowed parent page: hand the quote to that page.
    let parent = use_context::<EmbedLink>().and_then(|l| l.0);
    let send = parent.map(|parent| {
        let on_send = move |_| {
            let Some(Ok(q)) = quote.try_get() else { return };
            if let Some(h) = crate::embed::hooks() {
                (h.send_quote)(&parent, &q);
            }
            message.set(
                lang.get_untracked()
                    .pick("Quote sent to this page.", "Angebot an diese Seite übergeben.")
                    .to_owned(),
            );
        };
        view! { <button class="primary" id="send-quote" on:click=on_send>{t("Send quote to this page", "Angebot an diese Seite übergeben")}</button> }
    });
    view! {
        <div class="quote-actions no-print">
            {send}
            <button class="primary" on:click=move |_| download(true)>{t("Download CSV", "CSV herunterladen")}</button>
            <button class="secondary" on:click=move |_| download(false)>{t("Download JSON", "JSON herunterladen")}</button>
            <button class="secondary" on:click=move |_| browser::print()>{t("Print or save as PDF", "Drucken oder als PDF speichern")}</button>
            <button class="secondary" on:click=copy_link>{t("Copy share link", "Link zum Teilen kopieren")}</button>
            <button class="secondary" id="save-quote" on:click=move |_| save(false)>{t("Save quote", "Angebot speichern")}</button>
            {desk.then(|| view! {
                <button class="primary" id="save-to-desk" on:click=move |_| save(true)>{t("Save to quote desk", "Im Angebotsdesk speichern")}</button>
            })}
        </div>
        <QuoteMode desk />
        <p class="quote-message" role="status">{move || message.get()}</p>
    }
}
