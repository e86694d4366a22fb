use leptos::prelude::*;

use super::language_switch::LanguageSwitch;
use crate::format;
use crate::i18n::{t, use_lang, Lang};
use crate::load::Line;

/// A product line's card: its description, a starting price (its cheapest complete
/// configuration) and a "Configure" link.
fn card(line: Line) -> impl IntoView {
    let lang = use_lang();
    let Line {
        id,
        name,
        description,
        currency,
        from,
    } = line;
    let title_id = format!("product-{id}");
    let labelled_by = title_id.clone();
    view! {
        <li class="product" aria-labelledby=labelled_by>
            <h2 id=title_id>{name.clone()}</h2>
            <p>{description}</p>
            <p class="product-price">
                {move || from.map(|(once, yearly)| {
                    let l = lang.get();
                    let mut text = format!("{} {}", l.pick("From", "Ab"), format::money(once, &currency, l));
                    if yearly != configurator_engine::Money::ZERO {
                        text.push_str(&format!(
                            " + {} / {}",
                            format::money(yearly, &currency, l),
                            l.pick("year", "Jahr")
                        ));
                    }
                    text
                })}
            </p>
            <a
                class="button primary"
                href=format!("?product={id}")
                aria-label=move || match lang.get() {
                    Lang::En => format!("Configure {name}"),
                    Lang::De => format!("{name} konfigurieren"),
                }
            >
                {t("Configure", "Konfigurieren")}
            </a>
        </li>
    }
}

/// The start page: a search across every product line and a bill-of-materials import (both on
/// the tools page, `tools/`, a bundle of their own), and every built-in product line (fetched
/// from `catalogs/`, see [`crate::built_in`]) as a card.
#[component]
pub fn StartPage(lines: Vec<Line>) -> impl IntoView {
    let lines = lines.into_iter().map(card).collect_view();
    view! {
        <div class="app">
            <header class="app-header">
                <div class="brand" aria-hidden="true">"◆"</div>
                <div class="header-text">
                    <h1>{t("Nexora product configurator", "Nexora Produktkonfigurator")}</h1>
                    <p class="tagline">
                        {t("Choose a product line to configure and quote.", "Wählen Sie eine Produktlinie zum Konfigurieren und Anbieten.")}
                    </p>
                </div>
                <LanguageSwitch />
            </header>
            <main class="start">
                <form class="product-search" action="tools/" role="search">
                    <input type="hidden" name="view" value="search" />
                    <label for="product-search">{t("Search all product lines", "Alle Produktlinien durchsuchen")}</label>
                    <input type="search" id="product-search" name="q" class="filter-input" placeholder="NR220-24SFF, 48 PoE, ports>=48" />
                    <button class="primary" type="submit">{t("Search", "Suchen")}</button>
                    <a class="button secondary" href="tools/?view=import">{t("Import a bill of materials", "Stückliste importieren")}</a>
                </form>
                <ul class="products">{lines}</ul>
            </main>
        </div>
    }
}
