//! `price`, `quote`, `verify`, `diff` and `check --json` as authors and the back office run
//! them, with golden output on the demo catalog.

mod common;

use common::{configurator, root};

fn temp(name: &str) -> std::path::PathBuf {
    common::temp("quoting", name)
}

const DEMO: &str = "catalogs/nx-3400-switch.json";
const CONFIG: &str = "crates/cli/tests/golden/full-config.json";

fn golden(name: &str) -> String {
    std::fs::read_to_string(root().join("crates/cli/tests/golden").join(name)).unwrap()
}

#[test]
fn price_prints_the_waterfall_table_and_csv_like_the_golden_files() {
    let (code, out, err) = configurator(&["price", DEMO, CONFIG, "--tier", "gold", "--term", "36"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, golden("price-gold-36.txt"));
    let (code, out, _) = configurator(&["price", DEMO, CONFIG, "--book", "eur", "--format", "csv"]);
    assert_eq!(code, 0);
    assert_eq!(out, golden("price-eur.csv"));
    // Bad context: a clear error naming what exists.
    let (code, _, err) = configurator(&["price", DEMO, CONFIG, "--tier", "platinum"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("no partner tier `platinum` in this catalog (it has: silver, gold)"),
        "{err}"
    );
    let bad = temp("bad-config.json");
    std::fs::write(&bad, r#"[["chassis","48p"],["power"]]"#).unwrap();
    let (code, _, err) = configurator(&["price", DEMO, &bad.display().to_string()]);
    assert_eq!(code, 2);
    assert!(err.contains("choice 2 is [\"power\"]"), "{err}");
}

#[test]
fn a_quote_verifies_and_a_tampered_one_does_not() {
    let q = temp("q.json");
    let qs = q.display().to_string();
    let (code, _, err) = configurator(&[
        "quote",
        DEMO,
        CONFIG,
        "--tier",
        "silver",
        "--number",
        "Q-42",
        "--customer",
        "ACME",
        "--valid-until",
        "2026-12-31",
        "-o",
        &qs,
    ]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&q).unwrap();
    assert!(text.contains("\"quote_number\": \"Q-42\""));
    let (code, out, _) = configurator(&["verify", DEMO, &qs]);
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("ok: "), "{out}");
    // Expired by --today.
    let (code, out, _) = configurator(&["verify", DEMO, &qs, "--today", "2027-01-01"]);
    assert_eq!(code, 1);
    assert!(out.contains("meta.valid_until"), "{out}");
    // A lowered price is caught with its place.
    let tampered = temp("tampered.json");
    std::fs::write(
        &tampered,
        text.replacen("\"net\": \"6796.00\"", "\"net\": \"5796.00\"", 1),
    )
    .unwrap();
    assert_ne!(
        std::fs::read_to_string(&tampered).unwrap(),
        text,
        "the tamper applies"
    );
    let (code, out, _) = configurator(&["verify", DEMO, &tampered.display().to_string()]);
    assert_eq!(code, 1);
    assert!(
        out.contains("line 1 (chassis.48p) net: quote says `5796.00`, catalog gives `6796.00`"),
        "{out}"
    );
}

#[test]
fn check_json_reports_errors_with_places_and_lint_warnings() {
    let broken = temp("broken.json");
    std::fs::write(
        &broken,
        "{\"id\":\"c\",\"name\":\"n\",\"version\":\"1\",\"currency\":\"USD\",\"groups\":[\n {\"id\":\"g\",\"name\":\"G\",\"choice\":\"single\",\"items\":[{\"id\":\"a\",\"sku\":\"A\",\"name\":\"A\",\"price\":\"1.234\"}]}]}",
    )
    .unwrap();
    let (code, out, _) = configurator(&["check", "--json", &broken.display().to_string()]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["ok"], false);
    assert_eq!(v["errors"][0]["line"], 2);
    assert_eq!(v["errors"][0]["path"], "/groups/0/items/0/price");
    let linted = temp("linted.json");
    std::fs::write(
        &linted,
        r#"{"id":"c","name":"n","version":"1","currency":"USD",
  "price_books":[{"id":"eur","name":"Euro","currency":"EUR"}],
  "groups":[{"id":"g","name":"G","choice":"multiple","items":[
    {"id":"a","sku":"A","name":"A","price":"1","prices":{"eur":"1"}},
    {"id":"b","sku":"B","name":"B","price":"2"}]}],
  "rules":[{"id":"r1","kind":"requires","if":"g.a","then":"g.b","message":"a needs b"},
           {"id":"r2","kind":"requires","if":"g.a","then":"g.a or g.b","message":"never bites"}]}"#,
    )
    .unwrap();
    let (code, out, _) = configurator(&["check", "--json", &linted.display().to_string()]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let kinds: Vec<(String, String)> = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                w["kind"].as_str().unwrap().to_owned(),
                w["subject"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("missing-price".to_owned(), "g.b".to_owned()),
            ("idle-rule".to_owned(), "r2".to_owned())
        ]
    );
    let (code, out, _) = configurator(&["check", &linted.display().to_string()]);
    assert_eq!(code, 0);
    assert!(out.contains("warning: "), "{out}");
    assert!(out.contains("rule `r2` never bites"), "{out}");
}

#[test]
fn diff_lists_changes_and_the_saved_configurations_they_break() {
    let old = std::fs::read_to_string(root().join(DEMO)).unwrap();
    let new = old
        .replace("\"price\": \"8495.00\"", "\"price\": \"8995.00\"")
        .replace("{ \"id\": \"fan-spare\"", "{ \"id\": \"fan-spare-2\"")
        .replace(
            "\"if\": \"chassis.48p\"",
            "\"if\": \"chassis.48p or chassis.48t\"",
        );
    assert_ne!(new, old);
    let new_path = temp("new.json");
    std::fs::write(&new_path, new).unwrap();
    let dir = temp("configs");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("a-ok.json"),
        r#"[["chassis","24t"],["power","350ac"]]"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("b-broken.json"),
        r#"[["chassis","48t"],["power","715ac"]]"#,
    )
    .unwrap();
    std::fs::write(dir.join("c-gone.json"), r#"[["accessories","fan-spare"]]"#).unwrap();
    let np = new_path.display().to_string();
    let (code, out, err) =
        configurator(&["diff", DEMO, &np, "--configs", &dir.display().to_string()]);
    assert_eq!(code, 1, "{err}");
    for expected in [
        "changed price of chassis.48p in list: 8495.00 -> 8995.00",
        "removed item accessories.fan-spare (Spare fan module)",
        "added item accessories.fan-spare-2 (Spare fan module)",
        "changed rule poe-48-power: ",
        "valid: ",
        "invalid: ",
        "b-broken.json: chassis.48t and power.715ac conflict (",
        "rule poe-48-power: The 48-port",
        "c-gone.json: ",
    ] {
        assert!(out.contains(expected), "missing `{expected}` in:\n{out}");
    }
    let (code, out, _) = configurator(&["diff", DEMO, DEMO]);
    assert_eq!(code, 0);
    assert_eq!(out.trim(), "no changes to items, prices or rules");
}

/// A small catalog with a table: groups `a` (items in `a_items` order) and `b`, and `rows`.
fn table_catalog(a_items: &[&str], rows: &str) -> String {
    let items = |ids: &[&str]| -> String {
        let list: Vec<String> = ids
            .iter()
            .map(|i| format!(r#"{{"id": "{i}", "sku": "S-{i}", "name": "{i}", "price": "1.00"}}"#))
            .collect();
        list.join(", ")
    };
    format!(
        r#"{{"id": "t", "name": "T", "version": "1", "currency": "EUR",
            "groups": [{{"id": "a", "name": "A", "choice": "single", "items": [{}]}},
                       {{"id": "b", "name": "B", "choice": "single", "items": [{}]}}],
            "rules": [{{"id": "pairs", "kind": "table", "groups": ["a", "b"], "allowed": {rows},
                        "message": "Not offered together."}}]}}"#,
        items(a_items),
        items(&["p", "q"])
    )
}

#[test]
fn diff_compares_tables_as_sets_of_rows_by_key() {
    let old = temp("table-old.json");
    std::fs::write(&old, table_catalog(&["x", "y"], r#"[["x","p"],["y","q"]]"#)).unwrap();
    // The same table: rows and the items of a group in another order (the item ids change).
    let same = temp("table-same.json");
    std::fs::write(
        &same,
        table_catalog(&["y", "x"], r#"[["y","q"],["x","p"]]"#),
    )
    .unwrap();
    let changed = temp("table-changed.json");
    std::fs::write(
        &changed,
        table_catalog(&["x", "y"], r#"[["x","q"],["y","q"]]"#),
    )
    .unwrap();
    let path = |p: &std::path::Path| p.display().to_string();
    let (code, out, err) = configurator(&["diff", &path(&old), &path(&same)]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(out.trim(), "no changes to items, prices or rules");
    // Changes alone are reported, not an error (only saved configurations they break are).
    let (code, out, err) = configurator(&["diff", &path(&old), &path(&changed)]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("changed rule pairs: Not offered together."),
        "{out}"
    );
}

#[test]
fn every_command_has_help() {
    for cmd in [
        "check", "price", "quote", "verify", "diff", "import", "count", "replay", "schema",
    ] {
        let (code, out, _) = configurator(&[cmd, "--help"]);
        assert_eq!(code, 0, "{cmd}");
        assert!(out.contains("Usage: configurator"), "{cmd}: {out}");
    }
}

#[test]
fn verify_says_what_is_wrong_with_an_unready_undated_or_unreadable_quote() {
    // An incomplete configuration: the quote says so, and verify says why it fails.
    let config = temp("incomplete.json");
    std::fs::write(&config, r#"[["chassis","48p"]]"#).unwrap();
    let q = temp("incomplete-quote.json");
    let qs = q.display().to_string();
    let (code, _, _) = configurator(&["quote", DEMO, &config.display().to_string(), "-o", &qs]);
    assert_eq!(code, 0);
    let (code, out, _) = configurator(&["verify", DEMO, &qs]);
    assert_eq!(code, 1);
    assert!(
        out.contains(
            "status: quote says `incomplete`, catalog gives `incomplete: not ready to order`"
        ),
        "{out}"
    );
    assert!(!out.contains("quote says `complete`"), "{out}");
    // A validity date that is no date is a difference, with or without --today.
    let text = std::fs::read_to_string(&q).unwrap().replace(
        "\"notes\": \"\"",
        "\"valid_until\": \"zzzz\",\n    \"notes\": \"\"",
    );
    let undated = temp("undated.json");
    std::fs::write(&undated, text).unwrap();
    let (code, out, _) = configurator(&[
        "verify",
        DEMO,
        &undated.display().to_string(),
        "--today",
        "2026-01-01",
    ]);
    assert_eq!(code, 1);
    assert!(out.contains("meta.valid_until: quote says `zzzz`"), "{out}");
    // An unreadable quote fails verification (exit 1), like a differing one.
    let broken = temp("broken-quote.json");
    std::fs::write(&broken, "{\"format\": 1}").unwrap();
    let (code, _, err) = configurator(&["verify", DEMO, &broken.display().to_string()]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("not a quote"), "{err}");
}

#[test]
fn verify_understands_deal_discounts() {
    let q = temp("deal.json");
    let qs = q.display().to_string();
    let (code, _, err) = configurator(&[
        "quote",
        DEMO,
        CONFIG,
        "--deal",
        "5",
        "--deal-line",
        "optics.sfp-10g-sr=12.5",
        "-o",
        &qs,
    ]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&q).unwrap();
    assert!(text.contains("\"source\": \"deal\""), "{text}");
    let (code, out, _) = configurator(&["verify", DEMO, &qs]);
    assert_eq!(code, 0, "{out}");
    // A deeper deal written into the quote without its prices is caught, line by line.
    let deeper = temp("deal-deeper.json");
    std::fs::write(
        &deeper,
        text.replacen("\"deal\": \"5\"", "\"deal\": \"9\"", 1),
    )
    .unwrap();
    let (code, out, _) = configurator(&["verify", DEMO, &deeper.display().to_string()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("line 1 (chassis.48p) discounts"), "{out}");
    let (code, _, err) = configurator(&["price", DEMO, CONFIG, "--deal-line", "optics"]);
    assert_ne!(code, 0);
    assert!(err.contains("expected group.item=PERCENT"), "{err}");
}

#[test]
fn verify_measures_a_quote_against_the_accounts_entitlement() {
    // The finding of issue 26: gold and a 10 % deal, for an account that is no partner.
    let q = temp("entitled.json");
    let qs = q.display().to_string();
    let (code, _, err) = configurator(&[
        "quote", DEMO, CONFIG, "--tier", "gold", "--deal", "10", "-o", &qs,
    ]);
    assert_eq!(code, 0, "{err}");
    // Without an entitlement, verify says what it always said.
    let (code, out, _) = configurator(&["verify", DEMO, &qs]);
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("below the entitled price"), "{out}");
    let (code, out, _) = configurator(&["verify", DEMO, &qs, "--entitled-book", "list"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("line 1 (chassis.48p): net ") && out.contains(": 38.8% below"),
        "{out}"
    );
    assert!(
        out.ends_with(
            "44.2% below the entitled price: above the rep limit of 10%, needs approval by an admin\n"
        ),
        "{out}"
    );
    // For a silver account, gold and 10 %: 25.6 %, a director's.
    let (code, out, _) = configurator(&["verify", DEMO, &qs, "--entitled-tier", "silver"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.ends_with(
            "25.6% below the entitled price: above the rep limit of 10%, needs approval by a director\n"
        ),
        "{out}"
    );
    // A gold account's manager: 10 %, within the manager's limit.
    let (code, out, _) = configurator(&[
        "verify",
        DEMO,
        &qs,
        "--entitled-tier",
        "gold",
        "--owner",
        "manager",
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.ends_with(
            "10% below the entitled price: within the manager limit of 25%, no approval needed\n"
        ),
        "{out}"
    );
    // Another price book than the account's is refused.
    let (code, out, _) = configurator(&["verify", DEMO, &qs, "--entitled-book", "eur"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("refused: the quote is priced in price book `list`, but the account's price book is `eur`"),
        "{out}"
    );
    let (code, _, err) = configurator(&[
        "verify",
        DEMO,
        &qs,
        "--entitled-tier",
        "gold",
        "--owner",
        "boss",
    ]);
    assert_ne!(code, 0);
    assert!(err.contains("--owner `boss` is not a role"), "{err}");
}
