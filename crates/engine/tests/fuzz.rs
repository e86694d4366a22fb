//! Arbitrary and structured-hostile input for every reader that takes text from outside: the
//! catalog loader (with its expression parser), both importers, the quote reader, `verify`,
//! configuration files and share links. None may panic; each answers or says why not.

use configurator_engine::import::{dimacs, uvl, xcsp};
use configurator_engine::quote::{self, Quote, QuoteMeta};
use configurator_engine::{share, Catalog, Choice, Engine, DEMO_CATALOG, DEMO_CATALOG_FILE};
use proptest::prelude::*;

fn demo() -> Engine {
    Engine::new(Catalog::from_json(DEMO_CATALOG_FILE, DEMO_CATALOG).unwrap())
}

/// A complete demo quote as JSON text.
fn demo_quote(e: &Engine) -> String {
    let pick = |g: &str, i: &str| Choice::from(e.catalog().item_by_key(g, i).unwrap());
    let choices = [
        pick("chassis", "48p"),
        pick("power", "1100ac"),
        pick("licence", "advantage"),
    ];
    quote::build(e, &choices, &Default::default(), QuoteMeta::default())
        .unwrap()
        .to_json()
}

/// `text` with an edit at a position: a byte replaced, a run inserted or a span deleted.
fn mutate(text: &str, at: usize, kind: u8, payload: &str) -> String {
    let mut bytes = text.as_bytes().to_vec();
    let at = at % (bytes.len() + 1);
    match kind % 3 {
        0 if at < bytes.len() => bytes[at] = payload.as_bytes().first().copied().unwrap_or(b'"'),
        1 => {
            bytes.splice(at..at, payload.bytes());
        }
        _ => {
            let end = (at + payload.len()).min(bytes.len());
            bytes.drain(at..end);
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Pieces that hostile files are made of.
fn hostile_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("[".repeat(5000)),
        Just("{\"a\":".repeat(3000)),
        Just("not ".repeat(5000)),
        Just("(".repeat(5000)),
        Just("99999999999999999999999999999999999".into()),
        Just("-9223372036854775808".into()),
        Just("1e308".into()),
        Just("\u{feff}".into()),
        Just("\\ud800".into()),
        Just("\"id\":\"x\",\"id\":\"x\"".into()),
        Just("\u{1b}[2K\r".into()),
        Just("=cmd|' /C calc'!A0".into()),
        "[ -~]{0,40}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics_a_reader(text in ".{0,300}", bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let lossy = String::from_utf8_lossy(&bytes).into_owned();
        for t in [&text, &lossy] {
            let _ = Catalog::from_json("f", t);
            let _ = xcsp::to_catalog("f", t);
            let _ = dimacs::to_catalog("f", t);
            let _ = uvl::to_catalog("f", t);
            let _ = configurator_engine::bom::parse(t);
            let _ = Quote::from_json(t);
            let _ = quote::choices_from_json(t);
        }
    }

    #[test]
    fn a_mutated_demo_catalog_loads_or_says_why(at in any::<usize>(), kind in any::<u8>(), piece in hostile_piece()) {
        let text = mutate(DEMO_CATALOG, at, kind, &piece);
        match Catalog::from_json("demo", &text) {
            Ok(c) => {
                // Whatever loads can be compiled, evaluated and priced.
                let e = Engine::new(c);
                let ev = e.evaluate::<configurator_engine::ItemId>(&[]);
                let _ = configurator_engine::pricing::price(e.catalog(), &ev, &Default::default());
            }
            // What does not load names the place of each problem (a line of the text).
            Err(err) => {
                prop_assert!(!err.diagnostics.is_empty());
                for d in &err.diagnostics {
                    prop_assert!(d.line >= 1 && !d.message.trim().is_empty(), "{d:?}");
                }
            }
        }
    }

    #[test]
    fn a_mutated_quote_reads_and_verifies_or_says_why(at in any::<usize>(), kind in any::<u8>(), piece in hostile_piece()) {
        let e = demo();
        let text = mutate(&demo_quote(&e), at, kind, &piece);
        match Quote::from_json(&text) {
            Ok(q) => {
                // What reads verifies: every difference names its place.
                for d in quote::verify(&e, &q, Some("2026-11-25")) {
                    prop_assert!(!d.place.is_empty(), "{d:?}");
                }
                let _ = q.to_csv();
                let _ = q.to_json();
            }
            // What does not read says where (a line and column) or what (the format).
            Err(err) => {
                let why = err.to_string();
                prop_assert!(
                    why.contains(" at line ") || why.contains("format `"),
                    "no place in {why:?}"
                );
            }
        }
        if let Err(err) = quote::choices_from_json(&text) {
            prop_assert!(!err.to_string().trim().is_empty());
        }
    }

    #[test]
    fn share_links_decode_or_say_why(text in "[A-Za-z0-9_-]{0,200}", at in any::<usize>(), kind in any::<u8>(), piece in "[A-Za-z0-9_-]{1,12}") {
        let e = demo();
        let _ = share::decode(e.catalog(), &text);
        let good = share::encode(e.catalog(), &[Choice::from(e.catalog().item_by_key("chassis", "48p").unwrap())]);
        let _ = share::decode(e.catalog(), &mutate(&good, at, kind, &piece));
    }

    #[test]
    fn hostile_import_files_never_panic(piece in hostile_piece(), n in 0usize..5) {
        let cnf = format!("p cnf {n} 1\n{piece} 0\n");
        let _ = dimacs::to_catalog("f", &cnf);
        let xml = format!("<instance><domain name=\"d\">{piece}</domain><variable name=\"v\" domain=\"d\"/><relation name=\"r\" arity=\"{n}\" semantics=\"supports\">{piece}</relation><constraint name=\"c\" scope=\"v\" reference=\"r\"/></instance>");
        if let Ok(json) = xcsp::to_catalog("f", &xml) {
            let _ = Catalog::from_json("f", &json.to_string());
        }
        // A UVL model whose feature names and constraint are hostile: imported, it loads.
        let model = format!("features\n    \"{0}\"\n        optional\n            \"{0}x\"\n        or\n            B\n            C\nconstraints\n    \"{0}\" => !B | ({1}C)\n", piece.replace('"', ""), "!".repeat(n));
        if let Ok(json) = uvl::to_catalog("f", &model) {
            let loaded = Catalog::from_json("f", &json.to_string());
            prop_assert!(loaded.is_ok(), "{model}: {loaded:?}");
        }
        let _ = configurator_engine::bom::parse(&format!("sku,qty\n{piece},{n}\n{piece}\n"));
    }
}
