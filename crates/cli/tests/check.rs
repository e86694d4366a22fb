//! `configurator check` as authors run it.

mod common;

use common::{configurator, temp};

#[test]
fn the_demo_catalog_checks_clean() {
    let (code, out, err) = configurator(&["check", "catalogs/nx-3400-switch.json"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out.trim(),
        "ok: catalogs/nx-3400-switch.json: Nexora NX-3400 Campus Switch 2026.11 (7 groups, 26 items, 11 rules)"
    );
}

#[test]
fn a_broken_catalog_names_file_line_and_column() {
    let file = temp("check", "broken.json");
    std::fs::write(
        &file,
        "{\"id\":\"c\",\"name\":\"n\",\"version\":\"1\",\"currency\":\"USD\",\"groups\":[\n {\"id\":\"g\",\"name\":\"G\",\"choice\":\"single\",\"items\":[\n  {\"id\":\"a\",\"sku\":\"A\",\"name\":\"A\",\"price\":\"ten\"}]}]}",
    )
    .unwrap();
    let path = file.display().to_string();
    let (code, out, err) = configurator(&["check", &path]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    let first = err.lines().next().unwrap();
    assert_eq!(
        first,
        format!("error: {path}:3:42: price of item `a`: `ten` is not a decimal amount; write it like \"1234.50\" (at /groups/0/items/0/price)")
    );
    assert!(err.contains("1 error"));
}

#[test]
fn a_missing_file_is_a_clear_error() {
    let (code, _, err) = configurator(&["check", "no/such/catalog.json"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("cannot read catalog file no/such/catalog.json"),
        "{err}"
    );
}

#[test]
fn check_warns_about_dead_and_forced_items_and_end_of_sale() {
    let file = temp("check", "warn.json");
    std::fs::write(
        &file,
        r#"{"id":"c","name":"N","version":"1","currency":"USD","groups":[
 {"id":"g","name":"G","choice":"single","required":true,"items":[
  {"id":"a","sku":"A","name":"A","price":"1","end_of_sale":"2026-01-31","replaced_by":"g.b"},
  {"id":"b","sku":"B","name":"B","price":"2"}]},
 {"id":"h","name":"H","choice":"multiple","items":[{"id":"x","sku":"X","name":"X","price":"3"}]}],
 "rules":[{"id":"no-b","kind":"excludes","then":"g.b","message":"B is withdrawn"}]}"#,
    )
    .unwrap();
    let path = file.display().to_string();
    let (code, out, err) = configurator(&["check", &path, "--today", "2026-11-23"]);
    assert_eq!(code, 0, "{err}");
    let warnings: Vec<&str> = out.lines().filter(|l| l.starts_with("warning")).collect();
    assert_eq!(
        warnings,
        [
            format!("warning: {path}: item `g.a` is in every configuration"),
            format!("warning: {path}: item `g.a` is past its end of sale (2026-01-31); replaced by `g.b`"),
            format!("warning: {path}: item `g.b` can never be chosen (dead): rule `no-b`"),
        ]
    );
    let (code, _, err) = configurator(&["check", &path, "--today", "23.11.2026"]);
    assert_eq!(code, 2);
    assert!(err.contains("is not a date"), "{err}");
}

#[test]
fn terminal_controls_in_catalog_text_are_shown_escaped() {
    let file = temp("check", "esc.json");
    // The name tries to erase the line and print a verdict of its own.
    std::fs::write(
        &file,
        r#"{"id":"c","name":"N\u001b[2K\rok: all fine\u009b31m\u202e","version":"1","currency":"USD","groups":[
 {"id":"g","name":"G","choice":"single","items":[{"id":"a","sku":"A","name":"A","price":"1"}]}]}"#,
    )
    .unwrap();
    let path = file.display().to_string();
    let (code, out, _) = configurator(&["check", &path]);
    assert_eq!(code, 0);
    assert!(!out.contains('\u{1b}') && !out.contains('\r') && !out.contains('\u{9b}'));
    assert!(
        out.contains(r"N\u{1b}[2K\u{d}ok: all fine\u{9b}31m\u{202e} 1"),
        "{out}"
    );
    // JSON output stays JSON, with the same text.
    let (_, out, _) = configurator(&["check", "--json", &path]);
    assert!(!out.contains('\u{9b}') && !out.contains('\u{202e}'));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v["catalog"].as_str().unwrap().starts_with("N\u{1b}[2K\rok"));
}

#[test]
fn unclear_inputs_get_clear_errors() {
    // Not UTF-8: the place of the first bad byte.
    let file = temp("check", "latin1.json");
    std::fs::write(&file, b"{\n  \"name\": \"Caf\xe9\"\n}").unwrap();
    let (code, _, err) = configurator(&["check", &file.display().to_string()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("latin1.json:2:15: the catalog file is not UTF-8 text (byte 0xe9)"),
        "{err}"
    );
    // A byte order mark is read past.
    let demo = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../catalogs/nx-3400-switch.json"
    ))
    .unwrap();
    let bom = temp("check", "bom.json");
    std::fs::write(&bom, format!("\u{feff}{demo}")).unwrap();
    let (code, out, err) = configurator(&["check", &bom.display().to_string()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("ok: "), "{out}");
    // A replayed click with a quantity says so.
    let sessions = temp("check", "sessions.jsonl");
    std::fs::write(
        &sessions,
        "[[\"chassis\",\"48p\"],[\"power\",\"1100ac\",2]]\n",
    )
    .unwrap();
    let (code, _, err) = configurator(&[
        "replay",
        "catalogs/nx-3400-switch.json",
        &sessions.display().to_string(),
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("click 2 sets a quantity (2)"), "{err}");
}

/// Every shipped catalog checks clean, and every one with a cases file (`catalogs/cases/`)
/// gives the answers its cases expect: statuses, explanations, quantities and prices.
#[test]
fn every_catalog_checks_clean_with_its_cases() {
    let dir = common::root().join("catalogs");
    let mut with_cases = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") || path.ends_with("product-lines.json") {
            continue;
        }
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let catalog = format!("catalogs/{stem}.json");
        let cases = format!("catalogs/cases/{stem}.cases.json");
        let mut args = vec!["check", catalog.as_str()];
        if common::root().join(&cases).exists() {
            args.extend(["--cases", cases.as_str()]);
            with_cases += 1;
        }
        let (code, out, err) = configurator(&args);
        assert_eq!(code, 0, "{catalog}: {out}{err}");
        assert!(!out.contains("FAILED"), "{out}");
        // (A catalog too large to compile once per rule is not searched for rules that never
        // bite, and says so.)
        let warnings = out
            .lines()
            .filter(|l| l.starts_with("warning") && !l.contains("were not looked for"));
        assert_eq!(warnings.count(), 0, "{catalog}: {out}");
    }
    assert!(with_cases >= 1);
}

/// A case whose expectation the engine does not meet fails the check (exit code 1), saying
/// what was expected and what the engine says; a file of another catalog's cases is refused.
#[test]
fn a_case_that_no_longer_holds_fails_the_check() {
    let file = temp("check", "wrong.cases.json");
    std::fs::write(
        &file,
        r#"{"catalog": "nr-rack", "cases": [
  {"name": "wrong price", "config": [["chassis", "nr110-8s"], ["processor", "s4410", 1], ["population", "p1"], ["memory", "16g", 1], ["power", "800w", 1], ["warranty", "3y-nbd"]],
   "status": "complete", "prices": [{"one_time": "4000.00"}]},
  {"name": "wrong reason", "config": [["chassis", "nr110-8s"]], "status": "incomplete",
   "missing": ["processor", "population", "memory", "power", "warranty"],
   "unavailable": {"processor.p8460": ["nvme-backplane"]}},
  {"name": "wrong status", "config": [["chassis", "nr110-8s"], ["processor", "p8460"]], "status": "complete"}
]}"#,
    )
    .unwrap();
    let path = file.display().to_string();
    let (code, out, _) =
        configurator(&["check", "catalogs/nr-rack-servers.json", "--cases", &path]);
    assert_eq!(code, 1, "{out}");
    for line in [
        "FAILED: case wrong price: one-time under book list: expected 4000.00, the engine says 4133.00",
        "FAILED: case wrong reason: expected processor.p8460 unavailable because of [\"nvme-backplane\"], the engine says [\"platinum-2u\"]",
        "FAILED: case wrong status: expected complete, the engine says conflict",
        "FAILED: case wrong status: expected the conflict explained by [], the engine says [\"platinum-2u\"]",
    ] {
        assert!(out.lines().any(|l| l == line), "no line {line:?} in:\n{out}");
    }
    assert!(out.ends_with(": 0 cases passed, 3 failed\n"), "{out}");
    let (code, _, err) = configurator(&["check", "catalogs/nx-3400-switch.json", "--cases", &path]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("the cases are for catalog `nr-rack`, not `nx-3400`"),
        "{err}"
    );
}

/// The shipped manifest checks clean: every product line's catalog loads under its id, every
/// diagram is fresh.
#[test]
fn the_product_line_manifest_checks_clean() {
    let (code, out, err) = configurator(&["check", "catalogs/product-lines.json"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        out.trim(),
        "ok: catalogs/product-lines.json: 5 product lines"
    );
}

/// A manifest naming a catalog under another id, a missing diagram and a missing file: each
/// line's problem named; a catalog of the folder that is no line is a warning.
#[test]
fn a_wrong_manifest_names_each_line_and_what_is_wrong() {
    let dir = temp("manifest", "lines");
    std::fs::create_dir_all(&dir).unwrap();
    let source = common::root().join("catalogs/nx-3400-switch.json");
    std::fs::copy(&source, dir.join("campus.json")).unwrap();
    std::fs::copy(&source, dir.join("spare.json")).unwrap();
    let manifest = dir.join("product-lines.json");
    std::fs::write(
        &manifest,
        r#"{"product_lines": [
            {"id": "campus", "catalog": "campus.json"},
            {"id": "nx-3400", "catalog": "campus.json", "diagram": "campus.diagram"},
            {"id": "gone", "catalog": "gone.json"}
        ]}"#,
    )
    .unwrap();
    let path = manifest.display().to_string();
    let (code, out, err) = configurator(&["check", &path]);
    assert_eq!(code, 1, "{out}{err}");
    let errors: Vec<&str> = err.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(errors.len(), 3, "{err}");
    assert!(errors[0].contains("product line `campus`: campus.json is the catalog `nx-3400`"));
    assert!(errors[1].contains("product line `nx-3400`: "), "{err}");
    assert!(errors[1].contains("campus.diagram"), "{err}");
    assert!(errors[2].contains("product line `gone`: ") && errors[2].contains("gone.json"));
    assert!(err.trim_end().ends_with("3 errors"), "{err}");
    assert!(out.contains("spare.json is not a product line"), "{out}");
    // A manifest that does not read names its place.
    std::fs::write(
        &manifest,
        "{\"product_lines\": [\n {\"id\": \"x\", \"file\": \"x.json\"}]}",
    )
    .unwrap();
    let (code, _, err) = configurator(&["check", &path]);
    assert_eq!(code, 1);
    assert!(err.contains("product-lines.json:2:"), "{err}");
    assert!(err.contains("unknown field `file`"), "{err}");
}
