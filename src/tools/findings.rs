//! A rebuilt bill of materials' findings as text in the page's language: what a finding is
//! comes from the engine ([`configurator_engine::bom::Finding`]); this only words it.

use configurator_engine::bom::Finding;
use configurator_engine::{Catalog, Constraint, Explanation, ItemId};

use crate::i18n::Lang;

/// `Name (SKU)`.
fn named(c: &Catalog, i: ItemId) -> String {
    let it = c.item(i);
    format!("{} ({})", it.name, it.sku)
}

/// Why, in the catalog's words (the choices involved, the rules' messages, the groups'
/// limits), as a sentence after the one before; empty without an explanation.
fn because(c: &Catalog, e: Option<&Explanation>, l: Lang) -> String {
    let Some(e) = e else {
        return String::new();
    };
    let mut parts: Vec<String> = e
        .choices
        .iter()
        .map(|&i| format!("{} {}", l.pick("with", "mit"), named(c, i)))
        .collect();
    parts.extend(e.constraints.iter().map(|&k| match k {
        Constraint::Rule(r) => c.rule(r).message.trim_end_matches('.').to_owned(),
        Constraint::Group(g) => {
            let g = c.group(g);
            match l {
                Lang::En => format!("{}: at most {}", g.name, g.max),
                Lang::De => format!("{}: höchstens {}", g.name, g.max),
            }
        }
    }));
    format!(" {}: {}.", l.pick("Because", "Grund"), parts.join("; "))
}

/// A finding's kind (`unknown`, `quantity`, `conflict`, `added`, `missing`) and its text.
pub fn text(c: &Catalog, f: &Finding, l: Lang) -> (&'static str, String) {
    match (f, l) {
        (Finding::Unknown { line, sku }, Lang::En) => (
            "unknown",
            format!("Line {line}: {sku} is not in this product line; left out."),
        ),
        (Finding::Unknown { line, sku }, Lang::De) => (
            "unknown",
            format!("Zeile {line}: {sku} gehört nicht zu dieser Produktlinie; ausgelassen."),
        ),
        (
            Finding::Quantity {
                line,
                item,
                asked,
                used,
                sold,
            },
            _,
        ) => {
            let sold_in = c.item(*item).quantities_text();
            let why = match (sold, l) {
                (true, Lang::En) => "are not possible with the lines before".to_owned(),
                (true, Lang::De) => "sind mit den Zeilen davor nicht möglich".to_owned(),
                (false, Lang::En) => format!("are not sold (it comes in {sold_in})"),
                (false, Lang::De) => format!("werden nicht verkauft (erhältlich: {sold_in})"),
            };
            let text = match l {
                Lang::En => format!(
                    "Line {line}: {asked} × {} {why}; the configuration has {used}.",
                    named(c, *item)
                ),
                Lang::De => format!(
                    "Zeile {line}: {asked} × {} {why}; die Konfiguration hat {used}.",
                    named(c, *item)
                ),
            };
            ("quantity", text)
        }
        (
            Finding::Conflict {
                line,
                item,
                explanation,
                retract,
            },
            _,
        ) => {
            let fix = match (retract, l) {
                (Some(r), _) if r.is_empty() => String::new(),
                (Some(r), Lang::En) => format!(" To keep it, remove {}.", list(c, r)),
                (Some(r), Lang::De) => {
                    format!(" Um sie zu behalten, entfernen Sie {}.", list(c, r))
                }
                (None, Lang::En) => " It can never be chosen.".to_owned(),
                (None, Lang::De) => " Sie ist nie wählbar.".to_owned(),
            };
            let why = because(c, explanation.as_ref(), l);
            let text = match l {
                Lang::En => format!(
                    "Line {line}: {} does not go with the lines before; left out.{why}{fix}",
                    named(c, *item)
                ),
                Lang::De => format!(
                    "Zeile {line}: {} passt nicht zu den Zeilen davor; ausgelassen.{why}{fix}",
                    named(c, *item)
                ),
            };
            ("conflict", text)
        }
        (
            Finding::Added {
                item,
                quantity,
                explanation,
            },
            _,
        ) => {
            let why = because(c, explanation.as_ref(), l);
            let text = match l {
                Lang::En => format!(
                    "Added: {quantity} × {}, which the lines require.{why}",
                    named(c, *item)
                ),
                Lang::De => format!(
                    "Hinzugefügt: {quantity} × {}, von den Zeilen verlangt.{why}",
                    named(c, *item)
                ),
            };
            ("added", text)
        }
        (Finding::Missing { group, suggestion }, _) => {
            let g = &c.group(*group).name;
            let hint = match (suggestion, l) {
                (Some(i), Lang::En) => format!(" The cheapest completion takes {}.", named(c, *i)),
                (Some(i), Lang::De) => {
                    format!(" Die günstigste Vervollständigung wählt {}.", named(c, *i))
                }
                (None, _) => String::new(),
            };
            let text = match l {
                Lang::En => format!("Missing: {g} still needs a choice.{hint}"),
                Lang::De => format!("Fehlt: {g} braucht noch eine Auswahl.{hint}"),
            };
            ("missing", text)
        }
    }
}

fn list(c: &Catalog, items: &[ItemId]) -> String {
    items
        .iter()
        .map(|&i| named(c, i))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Why a bill of materials cannot be read, in the language: the line and the problem.
pub fn unreadable(e: &configurator_engine::bom::BomError, l: Lang) -> String {
    use configurator_engine::bom::{BomProblem, MAX_BOM_QUANTITY};
    let line = e.line;
    match (&e.problem, l) {
        (BomProblem::NoSku(text), Lang::En) => {
            format!("Cannot read it: line {line} has no SKU (`{text}`).")
        }
        (BomProblem::NoSku(text), Lang::De) => {
            format!("Nicht lesbar: Zeile {line} enthält keine Artikelnummer (`{text}`).")
        }
        (BomProblem::Quantity { written, sku }, Lang::En) => format!(
            "Cannot read it: line {line} orders `{written}` of {sku}; a quantity is a whole number from 1 to {MAX_BOM_QUANTITY}."
        ),
        (BomProblem::Quantity { written, sku }, Lang::De) => format!(
            "Nicht lesbar: Zeile {line} bestellt `{written}` von {sku}; eine Menge ist eine ganze Zahl von 1 bis {MAX_BOM_QUANTITY}."
        ),
    }
}
