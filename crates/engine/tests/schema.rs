//! The published JSON Schema agrees with the loader: catalogs the loader accepts validate, and
//! every field the schema offers is one the loader accepts.
#![recursion_limit = "256"]

use configurator_engine::catalog::manifest::MANIFEST_FILE;
use configurator_engine::{import, Catalog, CATALOG_SCHEMA, DEMO_CATALOG, DEMO_CATALOG_FILE};
use serde_json::{json, Value};

mod json_schema;

fn errors_of(v: &Value) -> Vec<String> {
    let schema: Value = serde_json::from_str(CATALOG_SCHEMA).unwrap();
    json_schema::problems(&schema, v)
}

#[test]
fn loadable_catalogs_validate() {
    let demo: Value = serde_json::from_str(DEMO_CATALOG).unwrap();
    assert_eq!(errors_of(&demo), Vec::<String>::new());
    // Every shipped catalog.
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../catalogs");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let manifest = path.file_name().is_some_and(|n| n == MANIFEST_FILE);
        if path.extension().is_some_and(|e| e == "json") && !manifest {
            let text = std::fs::read_to_string(&path).unwrap();
            let v: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(errors_of(&v), Vec::<String>::new(), "{}", path.display());
        }
    }
    let dimacs = import::dimacs::to_catalog("x.cnf", "c 1 A\nc 2 B\np cnf 2 1\n-1 2 0\n").unwrap();
    assert_eq!(errors_of(&dimacs), Vec::<String>::new());
    Catalog::from_json(DEMO_CATALOG_FILE, DEMO_CATALOG).unwrap();
}

#[test]
fn every_field_the_schema_offers_loads_and_others_do_not() {
    let full = json!({
        "$schema": "catalog.schema.json",
        "id": "c", "name": "C", "description": "d", "version": "1", "currency": "EUR",
        "price_books": [{"id": "usd", "name": "US", "currency": "USD"}],
        "partner_tiers": [{"id": "gold", "name": "Gold", "discounts": {"hw": "30"}}],
        "terms": [12, 36],
        "procurement": {"unspsc": "43222612", "unit": "EA"},
        "groups": [
            {"id": "q", "name": "Q", "question": "Which?", "choice": "single",
             "items": [{"id": "yes", "name": "Yes"}]},
            {"id": "g", "name": "G", "description": "d", "choice": "single", "required": true,
             "items": [{"id": "a", "sku": "A", "name": "A", "description": "d", "price": "1.50", "default": true, "end_of_sale": "2027-06-30", "replaced_by": "g.b", "image": "images/a.svg", "lead_days": 14, "unspsc": "43201553", "attributes": {"watts": 10}, "quantity": {"min": 1, "max": 4, "allowed": [1, 2, 4]},
                        "prices": {"usd": "1.70"}, "family": "hw", "volume": [{"min": 2, "percent": "5"}], "includes": ["m.x"]},
                       {"id": "s", "sku": "S", "name": "S", "recurring": "year", "percent_of": {"percent": "10", "families": ["hw"]}},
                       {"id": "b", "sku": "B", "name": "B", "price": "2"}]},
            {"id": "m", "name": "M", "choice": "multiple", "min": 0, "max": 1, "when": "g.a",
             "items": [{"id": "x", "sku": "X", "name": "X", "price": "0"}]}
        ],
        "rules": [
            {"id": "r1", "kind": "requires", "if": "g.a", "then": "m.x", "message": "m"},
            {"id": "r2", "kind": "table", "groups": ["g"], "allowed": [["a"], ["b"]], "message": "m"},
            {"id": "r3", "kind": "table", "groups": ["m"], "forbidden": [["x"]], "message": "m"},
            {"id": "r4", "kind": "count", "items": ["g.a", "m.x"], "min": 1, "max": 2, "message": "m"},
            {"id": "r5", "kind": "resource", "uses": "watts", "provides": "budget", "label": "Watts", "message": "m"}
        ]
    });
    assert_eq!(errors_of(&full), Vec::<String>::new());
    // Every property of every object kind in the schema is used above.
    let schema: Value = serde_json::from_str(CATALOG_SCHEMA).unwrap();
    let used = full.to_string();
    for def in ["group", "item", "rule", "price_book", "partner_tier"] {
        for key in schema["$defs"][def]["properties"]
            .as_object()
            .unwrap()
            .keys()
        {
            assert!(used.contains(&format!("\"{key}\"")), "{def}.{key} untested");
        }
    }
    Catalog::from_json("full.json", &full.to_string())
        .expect("the loader accepts every schema field");
    let mut extra = full.clone();
    extra["groups"][0]["colour"] = json!("red");
    assert!(!errors_of(&extra).is_empty());
    assert!(Catalog::from_json("extra.json", &extra.to_string()).is_err());
}

#[test]
fn every_top_level_key_is_public_or_internal() {
    use configurator_engine::catalog::public::{INTERNAL_KEYS, PUBLIC_KEYS};
    let schema: Value = serde_json::from_str(CATALOG_SCHEMA).unwrap();
    for key in schema["properties"].as_object().unwrap().keys() {
        let public = PUBLIC_KEYS.contains(&key.as_str());
        let internal = INTERNAL_KEYS.contains(&key.as_str());
        assert!(
            public != internal,
            "catalog key `{key}`: list it in exactly one of catalog::public::PUBLIC_KEYS \
             (browsers may read it) and INTERNAL_KEYS (the seller's staff only)"
        );
    }
}
