//! The saved-quotes page (`/saved/?id=CATALOG&from=QUERY`): the quotes saved in this browser
//! for one catalog, opened in the configurator by `from` (its query naming the catalog).

use leptos::prelude::*;

use crate::components::language_switch::LanguageSwitch;
use crate::components::saved_quotes::SavedQuotes;
use crate::i18n::{self, t};

/// The page: a header with the language switch, and the saved quotes.
#[component]
pub fn SavedPage() -> impl IntoView {
    i18n::provide();
    let catalog_id = crate::url::param("id").unwrap_or_default();
    let from = crate::url::param("from").unwrap_or_default();
    let body = if catalog_id.is_empty() {
        view! {
            <p role="alert">{t(
                "No catalog named: open the saved quotes from the configurator.",
                "Kein Katalog angegeben: öffnen Sie die gespeicherten Angebote im Konfigurator.",
            )}</p>
        }
        .into_any()
    } else {
        view! { <SavedQuotes catalog_id from /> }.into_any()
    };
    view! {
        <div class="app">
            <header class="app-header">
                <div class="brand" aria-hidden="true">"◆"</div>
                <div class="header-text">
                    <p class="tagline">{t("Quotes saved in this browser", "In diesem Browser gespeicherte Angebote")}</p>
                </div>
                <LanguageSwitch />
            </header>
            <main class="quote-page">{body}</main>
        </div>
    }
}
