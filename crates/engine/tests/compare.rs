//! Configurations side by side (`compare`): rows meet by SKU, question and resource label
//! across configurations and catalogs, every row has one cell per configuration, and a row
//! differs exactly when its cells do.

use configurator_engine::compare::{
    compare, models, verdict, Cell, Evaluated, Row, RowKind, Side, Verdict,
};
use configurator_engine::pricing::PricingContext;
use configurator_engine::{Catalog, Choice, Engine};

fn engine(file: &str) -> Engine {
    let text = std::fs::read_to_string(format!("../../catalogs/{file}")).unwrap();
    Engine::new(Catalog::from_json(file, &text).unwrap())
}

/// The configuration of `keys` (`group.item`) evaluated and priced.
fn data(engine: &Engine, keys: &[&str], context: &PricingContext) -> Evaluated {
    let c = engine.catalog();
    let choices: Vec<Choice> = keys
        .iter()
        .map(|k| {
            let (g, i) = k.split_once('.').unwrap();
            Choice::from(c.item_by_key(g, i).unwrap_or_else(|| panic!("{k}")))
        })
        .collect();
    Evaluated::new(engine, &choices, context)
}

fn side<'a>(engine: &'a Engine, d: &'a Evaluated) -> Side<'a> {
    d.side(engine.catalog())
}

fn line<'a>(rows: &'a [Row], sku: &str) -> Option<&'a Row> {
    rows.iter()
        .find(|r| matches!(&r.kind, RowKind::Line { sku: s } if s == sku))
}

/// Checks what holds for every comparison: one cell per side, `differs` exactly when the
/// cells are not all equal, and each side's lines are its priced lines with their quantities.
fn check(rows: &[Row], sides: &[Side<'_>]) {
    for r in rows {
        assert_eq!(r.cells.len(), sides.len(), "{r:?}");
        let first = &r.cells[0];
        assert_eq!(r.differs, r.cells.iter().any(|c| c != first), "{r:?}");
    }
    for (k, s) in sides.iter().enumerate() {
        let shown: Vec<(String, u32)> = rows
            .iter()
            .filter_map(|r| match (&r.kind, &r.cells[k]) {
                (RowKind::Line { sku }, Cell::Quantity(q)) => Some((sku.clone(), *q)),
                _ => None,
            })
            .collect();
        if let Some(p) = s.priced {
            let mut expected: Vec<(String, u32)> = p
                .lines
                .iter()
                .map(|l| (s.catalog.item(l.item).sku.clone(), l.quantity))
                .collect();
            let mut shown = shown.clone();
            expected.sort();
            shown.sort();
            assert_eq!(shown, expected);
        }
    }
}

#[test]
fn a_configuration_compared_with_itself_differs_nowhere() {
    let e = engine("nx-3400-switch.json");
    let cx = PricingContext::default();
    let a = data(
        &e,
        &["chassis.48p", "power.1100ac", "support.smartcare-nbd"],
        &cx,
    );
    let b = data(
        &e,
        &["chassis.48p", "power.1100ac", "support.smartcare-nbd"],
        &cx,
    );
    let sides = [side(&e, &a), side(&e, &b)];
    let rows = compare(&sides);
    check(&rows, &sides);
    assert!(rows.iter().all(|r| !r.differs), "{rows:#?}");
    // The status first, the chassis line before the others, a yearly total for the support.
    assert_eq!(rows[0].kind, RowKind::Status);
    let first_line = rows
        .iter()
        .find(|r| matches!(r.kind, RowKind::Line { .. }))
        .unwrap();
    assert_eq!(first_line.label, "NX-3400 48P");
    assert!(rows.iter().any(|r| r.kind == RowKind::Yearly));
    assert!(!rows.iter().any(|r| r.kind == RowKind::Monthly));
}

#[test]
fn two_models_differ_on_their_lines_resources_and_prices() {
    let e = engine("nx-3400-switch.json");
    let cx = PricingContext::default();
    let a = data(&e, &["chassis.48p", "power.715ac"], &cx);
    let b = data(&e, &["chassis.48u", "power.1100ac", "uplink.4x10g"], &cx);
    let c = data(&e, &["chassis.48p", "power.715ac"], &cx);
    let sides = [side(&e, &a), side(&e, &b), side(&e, &c)];
    let rows = compare(&sides);
    check(&rows, &sides);
    let p = line(&rows, "NX3400-48P").unwrap();
    assert_eq!(p.cells, [Cell::Quantity(1), Cell::Empty, Cell::Quantity(1)]);
    assert!(p.differs);
    // Lines in catalog order: both chassis first, then the supplies, then the module.
    let skus: Vec<&str> = rows
        .iter()
        .filter_map(|r| match &r.kind {
            RowKind::Line { sku } => Some(sku.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        skus[..5],
        [
            "NX3400-48P",
            "NX3400-48U",
            "PWR-NX-715AC",
            "PWR-NX-1100AC",
            "NM-NX-4X"
        ]
    );
    let m = line(&rows, "NM-NX-4X").unwrap();
    assert_eq!(m.cells, [Cell::Empty, Cell::Quantity(1), Cell::Empty]);
    // The UPOE budget: the 48U with an 1100 W supply provides it, the 48P draws none of it.
    let upoe = rows
        .iter()
        .find(|r| r.kind == RowKind::Resource && r.label == "UPOE power (W)")
        .unwrap();
    assert!(
        matches!(upoe.cells[1], Cell::Meter { provided, .. } if provided > 0),
        "{upoe:?}"
    );
    assert_eq!(upoe.cells[0], upoe.cells[2]);
    assert!(upoe.differs);
    let total = rows.iter().find(|r| r.kind == RowKind::OneTime).unwrap();
    assert!(total.differs);
    let amounts: Vec<String> = total
        .cells
        .iter()
        .map(|c| match c {
            Cell::Money(m, cur) => format!("{} {}", cur.code(), m.amount()),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(amounts[0], amounts[2]);
    assert_eq!(
        amounts[0],
        format!(
            "USD {}",
            a.priced.as_ref().unwrap().totals.one_time.amount()
        )
    );
    assert_eq!(rows[0].cells[0], Cell::Status(verdict(&a.evaluation)));
    assert_eq!(rows[0].cells[0], rows[0].cells[2]);
}

#[test]
fn answers_meet_by_question_and_catalogs_by_sku() {
    let k = engine("ck-cooking-lines.json");
    let s = engine("nx-3400-switch.json");
    let cx = PricingContext::default();
    let gas = data(&k, &["energy.gas", "range.r6g"], &cx);
    let electric = data(&k, &["energy.electric", "range.r6i"], &cx);
    let switch = data(&s, &["chassis.24p"], &cx);
    let sides = [side(&k, &gas), side(&k, &electric), side(&s, &switch)];
    let rows = compare(&sides);
    check(&rows, &sides);
    let energy = rows
        .iter()
        .find(|r| r.kind == RowKind::Answer && r.label == "Energy")
        .unwrap();
    assert!(energy.differs);
    assert!(matches!(&energy.cells[0], Cell::Answer(a) if a.to_lowercase().contains("gas")));
    assert!(matches!(&energy.cells[1], Cell::Answer(a) if a.to_lowercase().contains("electric")));
    assert_eq!(energy.cells[2], Cell::Empty);
    // Answers are never lines; the switch's lines are empty in the kitchen columns.
    assert!(!rows
        .iter()
        .any(|r| matches!(r.kind, RowKind::Line { .. }) && r.label.to_lowercase() == "gas"));
    let chassis = line(&rows, "NX3400-24P").unwrap();
    assert_eq!(chassis.cells[..2], [Cell::Empty, Cell::Empty]);
    // Each catalog prices in its own currency.
    let total = rows.iter().find(|r| r.kind == RowKind::OneTime).unwrap();
    assert!(total.differs);
}

#[test]
fn an_unpriced_conflict_shows_its_status_and_no_totals() {
    let e = engine("nx-3400-switch.json");
    let cx = PricingContext::default();
    let ok = data(&e, &["chassis.24p"], &cx);
    // Two chassis of a single-choice group: a conflict.
    let bad = data(&e, &["chassis.24p", "chassis.48p"], &cx);
    let mut sides = vec![side(&e, &ok), side(&e, &bad)];
    sides[1].priced = None;
    let rows = compare(&sides);
    check(&rows, &sides);
    assert_eq!(rows[0].cells[1], Cell::Status(Verdict::Conflict));
    assert!(rows[0].differs);
    let total = rows.iter().find(|r| r.kind == RowKind::OneTime).unwrap();
    assert_eq!(total.cells[1], Cell::Empty);
}

#[test]
fn every_pair_of_models_compares_consistently() {
    for file in [
        "nx-3400-switch.json",
        "nx-ap-wireless.json",
        "nr-rack-servers.json",
        "ck-cooking-lines.json",
    ] {
        let e = engine(file);
        let c = e.catalog();
        let ms = models(c);
        assert!(ms.len() >= 2, "{file}");
        let cx = PricingContext::default();
        let all: Vec<Evaluated> = ms
            .iter()
            .map(|&m| Evaluated::new(&e, &e.complete_with_defaults(&[Choice::from(m)]), &cx))
            .collect();
        let sides: Vec<Side<'_>> = all.iter().map(|d| side(&e, d)).collect();
        let rows = compare(&sides);
        check(&rows, &sides);
        // Every model is a line of its own column only.
        for (k, &m) in ms.iter().enumerate() {
            let r = line(&rows, &c.item(m).sku).unwrap();
            for (j, cell) in r.cells.iter().enumerate() {
                assert_eq!(matches!(cell, Cell::Quantity(_)), j == k, "{file}: {r:?}");
            }
            assert!(r.differs);
        }
    }
}
