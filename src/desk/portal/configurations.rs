//! The buyer's saved configurations.

use configurator_api::portal::{SavedConfiguration, SavedConfigurations};
use leptos::prelude::*;

use super::super::api::{self, ApiProblem};
use super::super::problem_words::problem_text;
use super::super::reprice::contract_link;
use super::super::words;
use crate::i18n::{t, use_lang};

/// One saved configuration: name, product line, today's total at the account's prices, and
/// "Open in the configurator".
#[component]
fn ConfigurationRow(
    /// The configuration.
    c: SavedConfiguration,
    /// Where a problem opening it is said.
    problem: RwSignal<String>,
) -> impl IntoView {
    let lang = use_lang();
    let (catalog, choices) = (c.catalog.clone(), c.choices.clone());
    let open = move |_| {
        let (catalog, choices) = (catalog.clone(), choices.clone());
        leptos::task::spawn_local(async move {
            let keyed = configurator_engine::quote::choices_from_json(&choices);
            let link = match keyed {
                Ok(keyed) => contract_link(&catalog, &keyed, false).await,
                Err(e) => Err(e.to_string()),
            };
            match link {
                Ok(link) => {
                    let _ = window().location().assign(&link);
                }
                Err(m) => problem.set(m),
            }
        });
    };
    let name = c.name.clone();
    view! {
        <li>
            <strong>{c.name.clone()}</strong>
            {format!(" · {} · ", c.catalog)}
            {let (v, cur) = (c.total.clone(), c.currency.clone()); move || words::amount(&v, &cur, lang.get())}
            " · "
            <time datetime=c.saved_at.clone()>{let s = c.saved_at.clone(); move || words::time(&s, lang.get())}</time>
            " "
            <button class="secondary" type="button" on:click=open
                aria-label=move || format!("{} {name}", lang.get().pick("Open in the configurator:", "Im Konfigurator öffnen:"))>
                {t("Open in the configurator", "Im Konfigurator öffnen")}
            </button>
        </li>
    }
}

/// The configurations the buyer saved, newest first, each opened in the configurator.
#[component]
pub fn Configurations() -> impl IntoView {
    let lang = use_lang();
    let data = RwSignal::new(None::<Result<SavedConfigurations, ApiProblem>>);
    let problem = RwSignal::new(String::new());
    leptos::task::spawn_local(async move {
        data.set(Some(api::get_typed("/api/portal/configurations").await));
    });
    view! {
        <section class="desk-card" aria-labelledby="configurations-title">
            <h1 id="configurations-title">{t("Saved configurations", "Gespeicherte Konfigurationen")}</h1>
            <p class="desk-problem" role="alert">{move || problem.get()}</p>
            {move || match data.get() {
                None => view! { <p role="status">{t("Loading…", "Wird geladen …")}</p> }.into_any(),
                Some(Err(p)) => view! { <p class="desk-problem" role="alert">{problem_text(&p, lang.get())}</p> }.into_any(),
                Some(Ok(list)) if list.configurations.is_empty() => view! {
                    <p>{t("No saved configurations yet.", "Noch keine gespeicherten Konfigurationen.")}</p>
                }
                .into_any(),
                Some(Ok(list)) => view! {
                    <ul class="portal-list" id="configurations">
                        <For each=move || list.configurations.clone() key=|c| c.id let:c>
                            <ConfigurationRow c problem />
                        </For>
                    </ul>
                }
                .into_any(),
            }}
        </section>
    }
}
