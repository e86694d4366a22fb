use configurator_engine::{Currency, Money};
use leptos::prelude::*;

use crate::i18n::{t, use_lang, Lang};

/// What opening a link found, shown above the configurator until dismissed.
#[component]
pub fn LinkNotice(notice: RwSignal<Option<Notice>>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <Show when=move || notice.with(Option::is_some)>
            <div class="notice" role="status">
                <p>{move || notice.get().map(|n| n.text(lang.get())).unwrap_or_default()}</p>
                <button class="link" on:click=move |_| notice.set(None)>{t("Dismiss", "Schließen")}</button>
            </div>
        </Show>
    }
}

/// What a link from another catalog version (or a broken one) says.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    /// Made under another catalog version: choices no longer offered, and list prices that
    /// changed (item name, then, now).
    OtherVersion {
        missing: Vec<String>,
        changes: Vec<(String, Money, Money)>,
        currency: Currency,
    },
    /// The link could not be read, and why.
    Broken(String),
}

impl Notice {
    /// The notice in the UI language.
    pub fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (
                Notice::OtherVersion {
                    missing,
                    changes,
                    currency,
                },
                _,
            ) => {
                let mut text = lang
                    .pick(
                        "This link was made with another version of this catalog: your choices \
                         were checked against the current one, at today's prices.",
                        "Dieser Link stammt aus einer anderen Version dieses Katalogs: Ihre \
                         Auswahl wurde mit der aktuellen geprüft, zu heutigen Preisen.",
                    )
                    .to_owned();
                if !missing.is_empty() {
                    text.push_str(&match lang {
                        Lang::En => {
                            format!(" No longer offered, so left out: {}.", missing.join(", "))
                        }
                        Lang::De => format!(
                            " Nicht mehr im Angebot und daher weggelassen: {}.",
                            missing.join(", ")
                        ),
                    });
                }
                if !changes.is_empty() {
                    let list: Vec<String> = changes
                        .iter()
                        .map(|(name, then, now)| {
                            let (then, now) = (
                                crate::format::money(*then, currency, lang),
                                crate::format::money(*now, currency, lang),
                            );
                            format!("{name} {then} → {now}")
                        })
                        .collect();
                    text.push_str(&format!(
                        " {}: {}.",
                        lang.pick(
                            "List prices today, against the ones written in the link (a link \
                             can be edited: only today's prices count)",
                            "Listenpreise heute, gegenüber den im Link angegebenen (ein Link \
                             lässt sich verändern: es gelten nur die heutigen Preise)",
                        ),
                        list.join(", ")
                    ));
                }
                text
            }
            (Notice::Broken(e), Lang::En) => format!("The link could not be opened: {e}"),
            (Notice::Broken(e), Lang::De) => format!("Der Link konnte nicht geöffnet werden: {e}"),
        }
    }
}
