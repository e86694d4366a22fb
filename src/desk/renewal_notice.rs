use configurator_api::quotes::Renewed;
use leptos::prelude::*;

use super::renew_button::RENEWED_KEY;
use super::words;
use crate::i18n::{use_lang, Lang};

/// The renewal that made quote `number` in this tab, if it is the last one made here.
fn renewal_of(number: &str) -> Option<Renewed> {
    let text = window()
        .session_storage()
        .ok()
        .flatten()?
        .get_item(RENEWED_KEY)
        .ok()
        .flatten()?;
    serde_json::from_str::<Renewed>(&text)
        .ok()
        .filter(|r| r.number == number)
}

/// What renewing changed, in the reader's words: the quote it came from, the catalog versions,
/// the lines whose price changed, what is no longer offered, the totals before → after, and
/// whether the configuration still goes together.
pub fn renewal_lines(r: &Renewed, l: Lang) -> Vec<String> {
    change_lines(&r.changed, &r.no_longer_offered, &r.configuration, l)
}

/// What a quote made again at today's prices (a renewal, a buyer's reorder) changed, in the
/// reader's words: what is no longer offered, the lines whose price changed, the totals
/// before → after, and whether the `configuration` (`complete`, `incomplete`, `conflict`)
/// still goes together.
pub fn change_lines(
    changed: &[configurator_api::quotes::Change],
    no_longer_offered: &[String],
    configuration: &str,
    l: Lang,
) -> Vec<String> {
    let mut lines: Vec<String> = no_longer_offered
        .iter()
        .map(|item| {
            l.pick(
                format!("No longer offered, left out: {item}"),
                format!("Nicht mehr im Angebot, entfernt: {item}"),
            )
        })
        .collect();
    lines.extend(
        changed
            .iter()
            .filter(|c| {
                // Lines gone because they are no longer offered are said above.
                !(c.kind == configurator_api::quotes::ChangeKind::LineRemoved
                    && c.item
                        .as_ref()
                        .is_some_and(|i| no_longer_offered.contains(i)))
            })
            .map(|c| words::change(c, l)),
    );
    match configuration {
        "conflict" => lines.push(l.pick(
            "The choices no longer go together: change the configuration before submitting.",
            "Die Auswahl passt nicht mehr zusammen: Ändern Sie die Konfiguration vor dem Einreichen.",
        ).to_owned()),
        "incomplete" => lines.push(l.pick(
            "The configuration is incomplete under today's catalog: complete it before submitting.",
            "Die Konfiguration ist mit dem heutigen Katalog unvollständig: Vervollständigen Sie sie vor dem Einreichen.",
        ).to_owned()),
        _ => {}
    }
    if lines.is_empty() {
        lines.push(
            l.pick(
                "Nothing changed: the same prices as before.",
                "Nichts hat sich geändert: dieselben Preise wie zuvor.",
            )
            .to_owned(),
        );
    }
    lines
}

/// On a quote just renewed in this tab: where it came from and what changed.
#[component]
pub fn RenewalNotice(
    /// The quote shown.
    number: String,
) -> impl IntoView {
    let lang = use_lang();
    renewal_of(&number).map(|r| {
        let r2 = r.clone();
        let heading = move || {
            let l = lang.get();
            let versions = if r.source_catalog_version == r.catalog_version {
                l.pick(
                    format!("catalog version {}", r.catalog_version),
                    format!("Katalogversion {}", r.catalog_version),
                )
            } else {
                l.pick(
                    format!(
                        "catalog version {} (was {})",
                        r.catalog_version, r.source_catalog_version
                    ),
                    format!(
                        "Katalogversion {} (vorher {})",
                        r.catalog_version, r.source_catalog_version
                    ),
                )
            };
            l.pick(
                format!(
                    "Renewed from {} (revision {}) at today's prices, {versions}. What changed:",
                    r.source, r.source_revision
                ),
                format!(
                    "Aus {} (Revision {}) zu heutigen Preisen erneuert, {versions}. Was sich geändert hat:",
                    r.source, r.source_revision
                ),
            )
        };
        let lines = move || renewal_lines(&r2, lang.get());
        view! {
            <div class="notice" id="renewal" role="status">
                <p>{heading}</p>
                <ul>{move || lines().into_iter().map(|x| view! { <li>{x}</li> }).collect_view()}</ul>
            </div>
        }
    })
}
