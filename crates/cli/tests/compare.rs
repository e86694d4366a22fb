//! `configurator compare`: configurations side by side, the rows that differ marked, the exit
//! code saying whether any does.

mod common;

use common::{configurator, temp};
use serde_json::Value;

fn config(name: &str, text: &str) -> String {
    let path = temp("compare", name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn two_configurations_side_by_side_with_the_differences_marked() {
    let a = config(
        "a.json",
        r#"[["chassis","48p"],["power","1100ac"],["licence","advantage"],["support","smartcare-nbd"]]"#,
    );
    let b = config(
        "b.json",
        r#"[["chassis","48u"],["power","1100ac",2],["licence","advantage"]]"#,
    );
    let (code, out, err) = configurator(&["compare", "catalogs/nx-3400-switch.json", &a, &b]);
    assert_eq!(code, 1, "{out}{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].contains("a.json") && lines[0].contains("b.json"),
        "{out}"
    );
    let row = |start: &str| {
        lines
            .iter()
            .find(|l| l[2..].starts_with(start))
            .unwrap_or_else(|| panic!("no row {start}:\n{out}"))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(row("Status"), "Status complete complete");
    assert_eq!(row("NX-3400 48P"), "* NX-3400 48P (NX3400-48P) 1 -");
    assert_eq!(row("1100 W AC"), "* 1100 W AC (PWR-NX-1100AC) 1 2");
    assert_eq!(
        row("Network Advantage"),
        "Network Advantage (LIC-NX-ADV) 1 1"
    );
    assert_eq!(row("UPOE power"), "* UPOE power (W) 0 of 740 1440 of 1480");
    assert_eq!(
        row("One-time"),
        "* One-time (net) 12,985.00 USD 18,980.00 USD"
    );
    assert_eq!(*lines.last().unwrap(), "7 of 9 rows differ (marked *)");

    // Only the differences, as JSON, in the euro price book.
    let (code, out, _) = configurator(&[
        "compare",
        "catalogs/nx-3400-switch.json",
        &a,
        &b,
        "--only-differences",
        "--book",
        "eur",
        "--json",
    ]);
    assert_eq!(code, 1);
    let doc: Value = serde_json::from_str(&out).unwrap();
    let rows = doc["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 7);
    assert!(rows.iter().all(|r| r["differs"] == true));
    let total = rows.iter().find(|r| r["kind"] == "one_time").unwrap();
    assert!(
        total["cells"][0].as_str().unwrap().ends_with(" EUR"),
        "{total}"
    );
}

#[test]
fn the_same_configuration_twice_exits_zero_and_bad_input_is_named() {
    let a = config("same.json", r#"[["chassis","24p"]]"#);
    let (code, out, err) = configurator(&["compare", "catalogs/nx-3400-switch.json", &a, &a]);
    assert_eq!(code, 0, "{out}{err}");
    // Status, the chassis line and the one-time total: all the same.
    assert!(out.ends_with("0 of 3 rows differ (marked *)\n"), "{out}");
    assert!(!out.lines().any(|l| l.starts_with('*')), "{out}");
    let bad = config("bad.json", r#"[["chassis","nope"]]"#);
    let (code, _, err) = configurator(&["compare", "catalogs/nx-3400-switch.json", &a, &bad]);
    assert_eq!(code, 2);
    assert!(
        err.contains("bad.json") && err.contains("chassis.nope"),
        "{err}"
    );
    let (code, _, err) = configurator(&["compare", "catalogs/nx-3400-switch.json", &a]);
    assert_eq!(code, 2, "{err}");
}
