//! `configurator import`, `count` and `replay` as the back office runs them.

mod common;

use common::{configurator, temp};
use configurator_engine::{Catalog, Engine, ItemId};

/// A catalog small enough to enumerate, with quantities and a resource rule.
const SMALL: &str = r#"{"id": "small", "name": "Small", "version": "1", "currency": "EUR",
  "groups": [
    {"id": "chassis", "name": "Chassis", "choice": "single", "required": true, "items": [
      {"id": "s", "sku": "S", "name": "Small", "price": "100", "attributes": {"slots": 2}},
      {"id": "l", "sku": "L", "name": "Large", "price": "200", "attributes": {"slots": 4}}]},
    {"id": "psu", "name": "Power", "choice": "single", "required": true, "items": [
      {"id": "a", "sku": "PA", "name": "A", "price": "10", "quantity": {"max": 2}, "attributes": {"watts": 100}},
      {"id": "b", "sku": "PB", "name": "B", "price": "20", "quantity": {"min": 1, "max": 3}, "attributes": {"watts": 150}}]},
    {"id": "mods", "name": "Modules", "choice": "multiple", "items": [
      {"id": "x", "sku": "MX", "name": "X", "price": "5", "quantity": {"max": 4}, "attributes": {"slot": 1, "draw": 60}},
      {"id": "y", "sku": "MY", "name": "Y", "price": "7", "quantity": {"min": 2, "max": 3}, "attributes": {"slot": 1, "draw": 40}},
      {"id": "z", "sku": "MZ", "name": "Z", "price": "9", "attributes": {"slot": 2}}]}],
  "rules": [
    {"id": "slots", "kind": "resource", "uses": "slot", "provides": "slots", "message": "slots"},
    {"id": "power", "kind": "resource", "uses": "draw", "provides": "watts", "message": "power"},
    {"id": "z-large", "kind": "requires", "if": "mods.z", "then": "chassis.l", "message": "z"}]}"#;

#[test]
fn count_matches_enumeration_with_quantities() {
    // Independent count: every assignment of quantities judged by the constraint checkers.
    let file = temp("cli", "small.json");
    std::fs::write(&file, SMALL).unwrap();
    let path = file.display().to_string();
    let engine = Engine::with_diagram_budget(Catalog::from_json("small.json", SMALL).unwrap(), 0);
    let items = engine.catalog().items();
    let large = engine.catalog().item_by_key("chassis", "l").unwrap();
    let (mut all, mut with_large) = (0u64, 0u64);
    let mut q = vec![0u32; items.len()];
    'outer: loop {
        if engine.check(&|i: ItemId| q[i.index()]).is_empty() {
            all += 1;
            with_large += u64::from(q[large.index()] > 0);
        }
        // Next assignment: each item 0 or within its quantity range.
        for (k, it) in items.iter().enumerate() {
            q[k] = match q[k] {
                0 => *it.quantity.start(),
                v if v < *it.quantity.end() => v + 1,
                _ => {
                    q[k] = 0;
                    continue;
                }
            };
            continue 'outer;
        }
        break;
    }
    let (code, out, err) = configurator(&["count", &path]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().last().unwrap(), all.to_string());
    let (code, out, _) = configurator(&["count", &path, "--select", "chassis=l"]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().last().unwrap(), with_large.to_string());
    assert!(with_large > 0 && with_large < all);
    let (code, _, err) = configurator(&[
        "count",
        "catalogs/nx-3400-switch.json",
        "--select",
        "chassis=99x",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("group `chassis` has no item `99x`"), "{err}");
}

/// A shared benchmark model (`../shared/benchmarks/MODEL`) imported from `format` into the
/// scratch catalog `name`, which is returned.
fn imported(format: &str, model: &str, name: &str) -> std::path::PathBuf {
    let out = temp("cli", name);
    let source = format!("../shared/benchmarks/{model}");
    let (code, _, err) =
        configurator(&["import", format, &source, "-o", &out.display().to_string()]);
    assert_eq!(code, 0, "{err}");
    out
}

#[test]
fn renault_imports_from_xcsp_and_counts_exactly() {
    let out_path = imported("xcsp", "renault-megane.xml", "renault.json")
        .display()
        .to_string();
    let (code, out, err) = configurator(&["check", &out_path]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("(99 groups, 396 items, 111 rules)"), "{out}");
    let (code, out, err) = configurator(&["count", &out_path]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().last().unwrap(), "7445949334016");
    // Without its diagram too: the factor counter (each table its own diagram).
    let (code, out, err) = configurator(&["count", &out_path, "--engine", "solver"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().last().unwrap(), "7445949334016");
    // And from a choice (Var1, the first variable, at its first value).
    let (_, with, _) = configurator(&["count", &out_path, "--select", "Var1=B64"]);
    let (code, without, err) = configurator(&[
        "count", &out_path, "--select", "Var1=B64", "--engine", "solver",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(without.lines().last(), with.lines().last());
}

#[test]
fn models_too_large_for_a_diagram_are_counted_too() {
    // financialServices has no decision diagram within the budget: the model counter counts
    // it. 97,451,212,554,676 (9.7e13) is the figure Sundermann et al. (2023) report for it.
    let out_path = imported(
        "dimacs",
        "financialServices_2018-05-09.dimacs",
        "financial.json",
    )
    .display()
    .to_string();
    let (code, out, err) = configurator(&["count", &out_path]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().last().unwrap(), "97451212554676");
}

#[test]
fn a_resource_rule_over_many_wide_quantities_is_answered_but_not_counted() {
    // Twelve items of up to 999 units drawing watts and a supply of up to 999 units: no
    // diagram, no clauses for the sum; `check` and `price` answer at once, `count` says why
    // it cannot (it once ran out of memory).
    let items: Vec<String> = (0..12)
        .map(|k| {
            format!(
                r#"{{"id":"x{k}","sku":"S{k}","name":"X{k}","price":"1","quantity":{{"min":1,"max":999}},"attributes":{{"u":{}}}}}"#,
                7 + 13 * k
            )
        })
        .chain([r#"{"id":"p","sku":"P","name":"P","price":"100","quantity":{"min":1,"max":999},"attributes":{"w":1000}}"#.to_owned()])
        .collect();
    let text = format!(
        r#"{{"id":"poe","name":"PoE","version":"1","currency":"USD","groups":[
  {{"id":"g","name":"G","choice":"multiple","items":[{}]}}],
  "rules":[{{"id":"w","kind":"resource","uses":"u","provides":"w","message":"power"}}]}}"#,
        items.join(",")
    );
    let file = temp("cli", "poe.json");
    std::fs::write(&file, text).unwrap();
    let path = file.display().to_string();
    let (code, out, err) = configurator(&["check", &path]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("ok:"), "{out}");
    let config = temp("cli", "poe-config.json");
    std::fs::write(&config, r#"[["g","x0",999],["g","p",7]]"#).unwrap();
    let (code, out, err) = configurator(&["price", &path, &config.display().to_string()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("1,699.00") || out.contains("1699.00"), "{out}");
    let (code, _, err) = configurator(&["count", &path]);
    assert_eq!(code, 2);
    assert!(err.contains("too large for an exact count"), "{err}");
    assert!(err.contains("resource rule"), "{err}");
}

#[test]
fn dimacs_import_goes_to_standard_output() {
    let (code, out, err) = configurator(&["import", "dimacs", "../shared/benchmarks/axTLS.dimacs"]);
    assert_eq!(code, 0, "{err}");
    let catalog = Catalog::from_json("stdout", &out).unwrap();
    assert_eq!(catalog.items().len(), 96);
    assert_eq!(catalog.rules().len(), 203);
    let bad = temp("cli", "bad.cnf");
    std::fs::write(&bad, "p cnf 1 1\n2 0\n").unwrap();
    let (code, _, err) = configurator(&["import", "dimacs", &bad.display().to_string()]);
    assert_eq!(code, 1);
    assert!(
        err.contains("bad.cnf:2: literal 2 is beyond the 1 declared variables"),
        "{err}"
    );
}

#[test]
fn uvl_import_writes_a_catalog_that_checks() {
    let model = temp("cli", "shop.uvl");
    std::fs::write(
        &model,
        "features\n\tShop {abstract}\n\t\tmandatory\n\t\t\tPayment\n\t\t\t\tor\n\t\t\t\t\tCard\n\t\t\t\t\tInvoice\n\t\toptional\n\t\t\tSearch\nconstraints\n\tInvoice => Search\n",
    )
    .unwrap();
    let out_file = temp("cli", "shop.json");
    let (code, _, err) = configurator(&[
        "import",
        "uvl",
        &model.display().to_string(),
        "-o",
        &out_file.display().to_string(),
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = configurator(&["count", &out_file.display().to_string()]);
    assert_eq!(code, 0, "{err}");
    // Payment by card, invoice or both; an invoice brings search: card alone, card and search,
    // invoice and search, both and search.
    assert_eq!(out.lines().last(), Some("4"));
    std::fs::write(&model, "features\n    Shop\n    Other\n").unwrap();
    let (code, _, err) = configurator(&["import", "uvl", &model.display().to_string()]);
    assert_eq!(code, 1);
    assert!(
        err.contains("shop.uvl:3: a second root feature `Other`"),
        "{err}"
    );
}

#[test]
fn replay_times_every_click_and_reports_choices_that_became_unavailable() {
    let sessions = temp("cli", "sessions.jsonl");
    std::fs::write(
        &sessions,
        "[[\"chassis\",\"48p\"],[\"power\",\"350ac\"],[\"power\",\"1100ac\"]]\n[[\"licence\",\"essentials\"]]\n",
    )
    .unwrap();
    let (code, out, err) = configurator(&[
        "replay",
        "catalogs/nx-3400-switch.json",
        &sessions.display().to_string(),
    ]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 5, "{out}");
    assert_eq!(lines[0]["click"], 0);
    assert_eq!(lines[0]["available"], 24); // 350 W and 715 W supplies are out
    assert_eq!(lines[1]["unavailable"], "power.350ac");
    assert_eq!(lines[1]["explanation"]["choices"][0], "chassis.48p");
    let rules: Vec<&str> = lines[1]["explanation"]["constraints"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["rule"].as_str())
        .collect();
    assert_eq!(rules, ["poe-48-power"]);
    assert!(lines[2]["micros"].is_u64());
    assert_eq!(lines[3]["session"], 1);
    let summary = &lines[4];
    assert_eq!(summary["engine"], "diagram");
    assert_eq!(summary["clicks"], 3);
    assert_eq!(summary["unavailable"], 1);
    assert!(
        summary["p50_micros"].is_u64()
            && summary["max_micros"].as_u64() >= summary["p99_micros"].as_u64()
    );
}

#[test]
fn every_path_answers_the_same_replay_count_and_check() {
    let demo = "catalogs/nx-3400-switch.json";
    let sessions = temp("cli", "paths.jsonl");
    std::fs::write(
        &sessions,
        "[[\"chassis\",\"48p\"],[\"power\",\"350ac\"],[\"licence\",\"advantage\"]]\n",
    )
    .unwrap();
    let run = |engine: &str| {
        let (code, out, err) = configurator(&[
            "replay",
            demo,
            &sessions.display().to_string(),
            "--engine",
            engine,
        ]);
        assert_eq!(code, 0, "{err}");
        let lines: Vec<serde_json::Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let summary = lines.last().unwrap().clone();
        // Everything but the timings.
        let answers: Vec<String> = lines
            .iter()
            .map(|l| {
                let mut l = l.clone();
                for k in ["micros", "p50_micros", "p99_micros", "max_micros", "engine"] {
                    l.as_object_mut().unwrap().remove(k);
                }
                l.to_string()
            })
            .collect();
        (summary["engine"].as_str().unwrap().to_owned(), answers)
    };
    let (auto, a) = run("auto");
    let (diagram, d) = run("diagram");
    let (solver, s) = run("solver");
    assert_eq!(
        (auto.as_str(), diagram.as_str(), solver.as_str()),
        ("diagram", "diagram", "solver")
    );
    assert_eq!(a, d);
    assert_eq!(a, s);
    let count = |engine: &str| {
        let (code, out, err) = configurator(&["count", demo, "--engine", engine]);
        assert_eq!(code, 0, "{err}");
        out.lines().last().unwrap().to_owned()
    };
    assert_eq!(count("solver"), count("diagram"));
    let (code, out, _) = configurator(&["check", demo, "--engine", "solver"]);
    assert_eq!(code, 0, "{out}");
    let (code, _, err) = configurator(&["check", demo, "--engine", "quantum"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn schema_prints_the_catalog_json_schema() {
    let (code, out, _) = configurator(&["schema"]);
    assert_eq!(code, 0);
    let schema: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(schema["title"], "Product catalog");
    assert_eq!(
        schema["$defs"]["rule"]["properties"]["kind"]["enum"][2],
        "table"
    );
}

#[test]
fn a_diagram_compiled_off_line_is_used_when_it_matches_and_refused_when_not() {
    let catalog = imported("xcsp", "renault-megane.xml", "megane-compiled.json");
    let path = catalog.display().to_string();
    let diagram = catalog.with_extension("diagram");
    let _ = std::fs::remove_file(&diagram);
    let (code, out, err) = configurator(&["compile", &path]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("nodes") && out.contains(&diagram.display().to_string()),
        "{out}"
    );
    let count = |engine: &str| {
        let (code, out, err) = configurator(&["count", &path, "--engine", engine]);
        assert_eq!(code, 0, "{err}");
        (out.lines().last().unwrap().to_owned(), err)
    };
    // Found beside the catalog and used: the same count as compiling.
    let (n, err) = count("auto");
    assert_eq!(n, "7445949334016");
    assert!(err.contains("using the diagram compiled off-line"), "{err}");
    let (n, err) = count("diagram");
    assert_eq!(n, "7445949334016");
    assert!(err.contains("using the diagram compiled off-line"), "{err}");
    // Damaged: refused with a clear warning, and the catalog compiled instead.
    let bytes = std::fs::read(&diagram).unwrap();
    let mut damaged = bytes.clone();
    let middle = damaged.len() / 2;
    damaged[middle] ^= 0x10;
    std::fs::write(&diagram, &damaged).unwrap();
    let (n, err) = count("auto");
    assert_eq!(n, "7445949334016");
    assert!(
        err.contains("damaged: its checksum does not match"),
        "{err}"
    );
    std::fs::write(&diagram, &bytes[..1000]).unwrap();
    let (n, err) = count("auto");
    assert_eq!(n, "7445949334016");
    assert!(err.contains("damaged"), "{err}");
    // Stale: the catalog changed after compiling.
    std::fs::write(&diagram, &bytes).unwrap();
    let mut text = std::fs::read_to_string(&catalog).unwrap();
    text.push('\n');
    std::fs::write(&catalog, &text).unwrap();
    let (n, err) = count("auto");
    assert_eq!(n, "7445949334016");
    assert!(
        err.contains("stale: compiled from another version of the catalog"),
        "{err}"
    );
    // Not a diagram at all; and a catalog whose diagram does not fit the budget asked for.
    std::fs::write(&diagram, "{}").unwrap();
    assert!(count("auto").1.contains("not a compiled decision diagram"));
    let (code, _, err) = configurator(&["compile", &path, "--budget", "100"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("does not fit 100 nodes"), "{err}");
}
