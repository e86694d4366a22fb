//! Bills of materials from elsewhere (a distributor's estimate, an old order): read as SKUs and
//! quantities, matched to a product line, and rebuilt into a configuration, with everything
//! that did not fit as data ([`Finding`]): unknown SKUs, quantities not sold, lines that
//! conflict with the lines before them (with the explanation and the repair), what the rules
//! add, and what is still missing (with the cheapest choice).
//!
//! The rebuild takes the lines in the order written: a line that conflicts with the
//! configuration so far is left out, so the result is always a valid (maybe incomplete)
//! configuration, never an error.

use crate::answer::{ItemState, Status};
use crate::catalog::Catalog;
use crate::choice::Choice;
use crate::engine::Engine;
use crate::ids::{GroupId, ItemId};
use crate::Explanation;

/// One line of a bill of materials as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BomLine {
    /// Its line number in the text (1-based).
    pub line: usize,
    /// The SKU.
    pub sku: String,
    /// Units (1 when the line gives none).
    pub quantity: u32,
}

/// A line that cannot be read: where, and why.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {problem}")]
pub struct BomError {
    /// The line number (1-based).
    pub line: usize,
    /// What is wrong (data: a page words it in its language; `Display` is English).
    pub problem: BomProblem,
}

/// Why a line of a bill of materials cannot be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BomProblem {
    /// No cell of the line is a SKU (the line, shortened for display).
    #[error("no SKU in `{0}`")]
    NoSku(String),
    /// The quantity is not a whole number from 1 to [`MAX_BOM_QUANTITY`] (as written, shortened
    /// for display).
    #[error("quantity `{written}` of {sku}: a whole number from 1 to {MAX_BOM_QUANTITY}")]
    Quantity {
        /// The quantity as written.
        written: String,
        /// The line's SKU.
        sku: String,
    },
}

/// The most units one line may order (more is surely a typo).
pub const MAX_BOM_QUANTITY: u32 = 100_000;

/// Reads a bill of materials: CSV with a header naming a `sku` (or `part`, `product`) column and
/// optionally a `quantity` (`qty`) column, or plain lines such as `NR220-24SFF 2`, `2 x
/// NR220-24SFF` or `NR220-24SFF,2,3650.00` (the SKU is the first cell that is not a whole
/// number, the quantity the first whole number). Cells may be separated by commas, semicolons,
/// tabs or spaces and quoted with `"`. Empty lines and lines starting with `#` are skipped.
pub fn parse(text: &str) -> Result<Vec<BomLine>, BomError> {
    let mut out = Vec::new();
    let mut columns: Option<(usize, Option<usize>)> = None;
    let mut first = true;
    for (k, raw) in text.lines().enumerate() {
        let line = k + 1;
        let raw = raw.trim().trim_start_matches('\u{feff}');
        if raw.is_empty() || raw.starts_with('#') {
            continue;
        }
        let cells = cells(raw);
        if std::mem::take(&mut first) {
            if let Some(h) = header(&cells) {
                columns = Some(h);
                continue;
            }
        }
        let (sku, quantity) = match columns {
            Some((s, q)) => (
                cells.get(s).filter(|c| !c.is_empty()).cloned(),
                q.and_then(|q| cells.get(q)).filter(|c| !c.is_empty()),
            ),
            None => (
                cells
                    .iter()
                    .find(|c| !is_number(c) && !is_times(c))
                    .cloned(),
                cells.iter().find(|c| is_number(c)),
            ),
        };
        let Some(sku) = sku else {
            return Err(BomError {
                line,
                problem: BomProblem::NoSku(crate::json::shown(raw)),
            });
        };
        let quantity = match quantity {
            None => 1,
            Some(q) => match q.parse::<u32>() {
                Ok(n) if (1..=MAX_BOM_QUANTITY).contains(&n) => n,
                _ => {
                    return Err(BomError {
                        line,
                        problem: BomProblem::Quantity {
                            written: crate::json::shown(q),
                            sku,
                        },
                    })
                }
            },
        };
        out.push(BomLine {
            line,
            sku,
            quantity,
        });
    }
    Ok(out)
}

/// The cells of a line: split at commas, semicolons or tabs when it has any, else at spaces;
/// quotes removed.
fn cells(line: &str) -> Vec<String> {
    let separated = line.contains([',', ';', '\t']);
    let mut out = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    for ch in line.chars() {
        match ch {
            '"' => quoted = !quoted,
            ',' | ';' | '\t' if !quoted => out.push(std::mem::take(&mut cell)),
            c if c.is_whitespace() && !quoted && !separated => out.push(std::mem::take(&mut cell)),
            c => cell.push(c),
        }
    }
    out.push(cell);
    let out: Vec<String> = out.into_iter().map(|c| c.trim().to_owned()).collect();
    if separated {
        out
    } else {
        out.into_iter().filter(|c| !c.is_empty()).collect()
    }
}

fn is_number(cell: &str) -> bool {
    !cell.is_empty() && cell.bytes().all(|b| b.is_ascii_digit())
}

fn is_times(cell: &str) -> bool {
    matches!(cell, "x" | "X" | "×" | "*")
}

/// The SKU and quantity columns of a header row, if it is one.
fn header(cells: &[String]) -> Option<(usize, Option<usize>)> {
    let find = |names: &[&str]| {
        cells.iter().position(|c| {
            let c = c.to_ascii_lowercase();
            names.iter().any(|n| c == *n)
        })
    };
    let sku = find(&[
        "sku",
        "part",
        "part number",
        "product",
        "product number",
        "item",
    ])?;
    Some((sku, find(&["quantity", "qty", "units", "count"])))
}

/// Which of `catalogs` a bill of materials is for: the one that knows most of its SKUs
/// (the first on a tie); `None` when none knows any.
pub fn product_line(catalogs: &[&Catalog], lines: &[BomLine]) -> Option<usize> {
    let known = |c: &Catalog| {
        lines
            .iter()
            .filter(|l| c.item_by_sku(&l.sku).is_some())
            .count()
    };
    let (best, n) = catalogs
        .iter()
        .enumerate()
        .map(|(k, c)| (k, known(c)))
        .fold((0, 0), |a, b| if b.1 > a.1 { b } else { a });
    (n > 0).then_some(best)
}

/// Something about a bill of materials that did not go in as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Finding {
    /// No item of the product line has this SKU: the line is left out.
    Unknown {
        /// Line number.
        line: usize,
        /// The SKU as written.
        sku: String,
    },
    /// The item is not sold in that quantity, or not with the lines before in that quantity:
    /// the configuration takes `used` instead (`None`: the engine's choice).
    Quantity {
        /// Line number.
        line: usize,
        /// The item.
        item: ItemId,
        /// The quantity asked for (the sum of its lines).
        asked: u32,
        /// The quantity the configuration has.
        used: u32,
        /// Whether it is sold in `asked` at all (if so, the lines before rule it out).
        sold: bool,
    },
    /// The item cannot go with the lines before it: left out, with why, and the earlier
    /// lines' items that would have to go for it to stay (`None`: never possible).
    Conflict {
        /// Line number.
        line: usize,
        /// The item.
        item: ItemId,
        /// Why it is unavailable.
        explanation: Option<Explanation>,
        /// What to remove to take it anyway.
        retract: Option<Vec<ItemId>>,
    },
    /// Not on the bill of materials but required by the lines on it: added.
    Added {
        /// The item.
        item: ItemId,
        /// Its units.
        quantity: u32,
        /// Why it is required.
        explanation: Option<Explanation>,
    },
    /// A group still needs a choice; `suggestion` is the choice of the cheapest completion.
    Missing {
        /// The group.
        group: GroupId,
        /// The cheapest completion's item of that group, if any.
        suggestion: Option<ItemId>,
    },
}

/// A bill of materials rebuilt into a configuration of one product line.
#[derive(Clone, Debug)]
pub struct Rebuilt {
    /// The configuration: valid, maybe incomplete.
    pub choices: Vec<Choice>,
    /// Whatever did not go in as written, in line order, then what was added and what is
    /// missing.
    pub findings: Vec<Finding>,
    /// The status of the configuration.
    pub status: Status,
}

impl Rebuilt {
    /// Whether the bill of materials went in whole, as written, into a complete configuration
    /// (what the rules added is fine).
    pub fn clean(&self) -> bool {
        self.status == Status::Complete
            && self
                .findings
                .iter()
                .all(|f| matches!(f, Finding::Added { .. }))
    }
}

/// How many of the quantities nearest to the one asked for are tried.
const NEAREST: usize = 8;

/// Rebuilds `lines` into a configuration of `engine`'s catalog (see the module's notes).
pub fn rebuild(engine: &Engine, lines: &[BomLine]) -> Rebuilt {
    let catalog = engine.catalog();
    let mut findings = Vec::new();
    // Lines of one SKU are one choice, at the first line, with their quantities summed.
    let mut merged: Vec<(usize, ItemId, u32)> = Vec::new();
    for l in lines {
        match catalog.item_by_sku(&l.sku) {
            None => findings.push(Finding::Unknown {
                line: l.line,
                sku: l.sku.clone(),
            }),
            Some(i) => match merged.iter_mut().find(|m| m.1 == i) {
                Some(m) => m.2 = m.2.saturating_add(l.quantity),
                None => merged.push((l.line, i, l.quantity)),
            },
        }
    }
    // The configuration so far and its evaluation (carried from one line to the next).
    let mut choices: Vec<Choice> = Vec::new();
    let mut ev = engine.evaluate(&choices);
    for (line, item, asked) in merged {
        let it = catalog.item(item);
        let sold = it.allows_quantity(asked);
        if ev.item(item) == ItemState::Unavailable {
            findings.push(Finding::Conflict {
                line,
                item,
                explanation: engine.explain(&choices, item),
                retract: engine.repair(&choices, item),
            });
            continue;
        }
        let mut with = choices.clone();
        with.push(Choice::from(item));
        if it.has_quantity() {
            // The quantity asked for, else the nearest one sold that fits (the larger on a
            // tie), else the engine's.
            let mut near: Vec<u32> = it.quantities().collect();
            crate::sort::by_key(&mut near, |&q| {
                (u64::from(q.abs_diff(asked)) << 1) | u64::from(q < asked)
            });
            with.last_mut().expect("pushed").quantity = near.into_iter().take(NEAREST).find(|&q| {
                let mut w = choices.clone();
                w.push(Choice {
                    item,
                    quantity: Some(q),
                });
                engine.consistent(&w)
            });
        }
        let next = engine.evaluate(&with);
        let used = next.quantity(item);
        if used != asked {
            findings.push(Finding::Quantity {
                line,
                item,
                asked,
                used,
                sold,
            });
        }
        (choices, ev) = (with, next);
    }
    findings.sort_by_key(|f| match f {
        Finding::Unknown { line, .. }
        | Finding::Quantity { line, .. }
        | Finding::Conflict { line, .. } => *line,
        _ => usize::MAX,
    });
    for it in catalog.items() {
        if ev.item(it.id) == ItemState::Implied && !catalog.is_answer(it.id) {
            findings.push(Finding::Added {
                item: it.id,
                quantity: ev.quantity(it.id),
                explanation: engine.explain(&choices, it.id),
            });
        }
    }
    if let Status::Incomplete { missing } = &ev.status {
        let cheapest = engine.cheapest_completion(&choices).unwrap_or_default();
        for &group in missing {
            let suggestion = cheapest
                .iter()
                .map(|c| c.item)
                .find(|&i| catalog.item(i).group == group);
            findings.push(Finding::Missing { group, suggestion });
        }
    }
    Rebuilt {
        choices,
        findings,
        status: ev.status,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DEMO_CATALOG, DEMO_CATALOG_FILE};

    fn line(line: usize, sku: &str, quantity: u32) -> BomLine {
        BomLine {
            line,
            sku: sku.to_owned(),
            quantity,
        }
    }

    #[test]
    fn reads_csv_with_a_header_and_plain_lines() {
        let csv = "\u{feff}Part Number;Description;Qty;Price\n\"NX3400-48P\";\"48 ports, PoE+\";1;5995.00\n\nPWR-NX-1100AC;1100 W;2;995.00\n";
        assert_eq!(
            parse(csv).unwrap(),
            [line(2, "NX3400-48P", 1), line(4, "PWR-NX-1100AC", 2)]
        );
        let plain = "# from the distributor\nNX3400-48P\n2 x PWR-NX-1100AC\nNX-SFP-10G-SR 8\nNM-NX-8X,1,1295.00\n";
        assert_eq!(
            parse(plain).unwrap(),
            [
                line(2, "NX3400-48P", 1),
                line(3, "PWR-NX-1100AC", 2),
                line(4, "NX-SFP-10G-SR", 8),
                line(5, "NM-NX-8X", 1)
            ]
        );
        // A header without a quantity column: one unit each.
        assert_eq!(parse("sku\nA\n").unwrap(), [line(2, "A", 1)]);
    }

    #[test]
    fn unreadable_lines_are_errors_that_name_the_line() {
        assert_eq!(
            parse("A 1\n2 3\n").unwrap_err(),
            BomError {
                line: 2,
                problem: BomProblem::NoSku("2 3".into())
            }
        );
        let e = parse("sku,qty\nA,0\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert_eq!(
            e.to_string(),
            "line 2: quantity `0` of A: a whole number from 1 to 100000"
        );
        assert!(parse("sku,qty\nA,1.5\n").is_err());
        assert!(parse("A 100001\n").is_err());
    }

    fn demo() -> Engine {
        Engine::new(Catalog::from_json(DEMO_CATALOG_FILE, DEMO_CATALOG).unwrap())
    }

    #[test]
    fn a_clean_bill_of_materials_rebuilds_whole() {
        let e = demo();
        let lines =
            parse("NX3400-48P 1\nPWR-NX-1100AC 2\nLIC-NX-ADV 1\npwr-nx-1100ac 1\n").unwrap();
        let r = rebuild(&e, &lines);
        // The two supply lines are one choice of three units (the case of the SKU aside).
        assert_eq!(r.choices.len(), 3);
        let power = e.catalog().item_by_key("power", "1100ac").unwrap();
        assert_eq!(r.choices[1].item, power);
        assert_eq!(r.findings.len(), 1, "{:?}", r.findings);
        assert!(matches!(
            r.findings[0],
            Finding::Quantity {
                line: 2,
                asked: 3,
                used: 2,
                sold: false,
                ..
            }
        ));
        assert_eq!(r.status, Status::Complete);
        assert!(!r.clean());
        let ok = rebuild(
            &e,
            &parse("NX3400-48P\n2 x PWR-NX-1100AC\nLIC-NX-ADV\n").unwrap(),
        );
        assert!(ok.clean(), "{:?}", ok.findings);
    }

    #[test]
    fn unknown_conflicting_added_and_missing_lines_are_findings() {
        let e = demo();
        let c = e.catalog();
        let id = |g: &str, i: &str| c.item_by_key(g, i).unwrap();
        let bom = "NX3400-24P\nPWR-NX-350AC\nNO-SUCH-SKU 3\nSTK-NX-KIT\n";
        let r = rebuild(&e, &parse(bom).unwrap());
        assert_eq!(
            r.choices.iter().map(|ch| ch.item).collect::<Vec<_>>(),
            [id("chassis", "24p"), id("accessories", "stack-kit")]
        );
        let [conflict, unknown, rest @ ..] = r.findings.as_slice() else {
            panic!("{:?}", r.findings)
        };
        // The 350 W supply cannot power the 24P: why, and what to remove to keep it.
        let Finding::Conflict {
            line: 2,
            item,
            explanation: Some(why),
            retract: Some(retract),
        } = conflict
        else {
            panic!("{conflict:?}")
        };
        assert_eq!(*item, id("power", "350ac"));
        assert_eq!(why.choices, [id("chassis", "24p")]);
        assert_eq!(retract, &[id("chassis", "24p")]);
        assert_eq!(
            unknown,
            &Finding::Unknown {
                line: 3,
                sku: "NO-SUCH-SKU".into()
            }
        );
        // The stacking kit brings a cable; a supply and a licence are still missing, each with
        // the cheapest completion's choice.
        assert!(rest.iter().any(|f| matches!(f, Finding::Added { item, quantity: 1, explanation: Some(_) } if *item == id("accessories", "stack-cable"))), "{rest:?}");
        let missing: Vec<_> = rest
            .iter()
            .filter_map(|f| match f {
                Finding::Missing { group, suggestion } => {
                    Some((c.group(*group).key.as_str(), suggestion.is_some()))
                }
                _ => None,
            })
            .collect();
        assert_eq!(missing, [("power", true), ("licence", true)]);
        assert!(matches!(r.status, Status::Incomplete { .. }));
        // Which product line: the one that knows most SKUs.
        let other = Catalog::from_json("x.json", r#"{"id": "x", "name": "X", "version": "1", "currency": "USD", "groups": [{"id": "g", "name": "G", "choice": "single", "items": [{"id": "a", "sku": "STK-NX-KIT", "name": "A", "price": "1"}]}]}"#).unwrap();
        let lines = parse(bom).unwrap();
        assert_eq!(product_line(&[&other, c], &lines), Some(1));
        assert_eq!(product_line(&[&other], &parse("NOPE\n").unwrap()), None);
    }
}
