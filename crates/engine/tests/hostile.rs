//! Hostile input, class by class (issue 13): each test builds an input made to break one
//! bound and checks for a clear error or a right answer, never a panic, a hang or a wrong
//! number.

use configurator_engine::{Catalog, CatalogError, Engine};

/// A catalog with one required single-choice group `g` of items `a`, `b`, plus `extra` JSON
/// members spliced into the top-level object (e.g. `"rules": [...]`).
fn catalog(extra: &str) -> String {
    format!(
        r#"{{"id":"c","name":"C","version":"1","currency":"USD",
  "groups":[{{"id":"g","name":"G","choice":"single","required":true,"items":[
    {{"id":"a","sku":"A","name":"A","price":"1.00"}},
    {{"id":"b","sku":"B","name":"B","price":"2.00"}}]}}]{extra}}}"#
    )
}

fn load(text: &str) -> Result<Catalog, CatalogError> {
    Catalog::from_json("hostile.json", text)
}

fn errors(text: &str) -> String {
    match load(text) {
        Ok(_) => panic!("loaded, but should not have"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn deeply_nested_expressions_are_refused_not_overflowing_the_stack() {
    for (open, close) in [("not ", ""), ("!", ""), ("(", ")")] {
        let depth = 35_000;
        let expr = format!("{}g.a{}", open.repeat(depth), close.repeat(depth));
        let rule =
            format!(r#","rules":[{{"id":"r","kind":"requires","then":"{expr}","message":"m"}}]"#);
        let e = errors(&catalog(&rule));
        assert!(e.contains("more than 64 deep"), "{e}");
    }
    // The same in a group's condition.
    let text = format!(
        r#"{{"id":"c","name":"C","version":"1","currency":"USD","groups":[
  {{"id":"g","name":"G","choice":"single","items":[{{"id":"a","sku":"A","name":"A","price":"1"}}]}},
  {{"id":"h","name":"H","choice":"single","when":"{}g.a","items":[{{"id":"x","sku":"X","name":"X","price":"1"}}]}}]}}"#,
        "not ".repeat(10_000)
    );
    assert!(errors(&text).contains("more than 64 deep"));
    // 64 deep is fine.
    let expr = format!("{}g.a{}", "(".repeat(64), ")".repeat(64));
    let rule =
        format!(r#","rules":[{{"id":"r","kind":"requires","then":"{expr}","message":"m"}}]"#);
    let c = load(&catalog(&rule)).unwrap();
    assert_eq!(
        Engine::new(c)
            .count::<configurator_engine::ItemId>(&[])
            .unwrap()
            .to_string(),
        "1"
    );
}

#[test]
fn ids_that_are_words_of_the_rule_language_are_refused() {
    for word in ["and", "or", "not", "true", "false"] {
        let text = format!(
            r#"{{"id":"c","name":"C","version":"1","currency":"USD","groups":[
  {{"id":"{word}","name":"G","choice":"single","items":[{{"id":"a","sku":"A","name":"A","price":"1"}}]}}]}}"#
        );
        let e = errors(&text);
        assert!(e.contains("is a word of the rule language"), "{e}");
    }
}

/// A catalog with one multiple-choice group of the given items (JSON objects without `sku`,
/// `name`; ids `x0`, `x1`, ...) and extra top-level members.
/// A catalog of these groups and rules (JSON texts).
fn groups_and_rules(groups: &[String], rules: &[String]) -> String {
    format!(
        r#"{{"id":"c","name":"C","version":"1","currency":"USD","groups":[{}],"rules":[{}]}}"#,
        groups.join(","),
        rules.join(",")
    )
}

fn items(items: &[&str], extra: &str) -> String {
    let list: Vec<String> = items
        .iter()
        .enumerate()
        .map(|(k, body)| format!(r#"{{"id":"x{k}","sku":"S{k}","name":"X{k}",{body}}}"#))
        .collect();
    format!(
        r#"{{"id":"c","name":"C","version":"1","currency":"USD","groups":[
  {{"id":"g","name":"G","choice":"multiple","items":[{}]}}]{extra}}}"#,
        list.join(",")
    )
}

#[test]
fn amounts_that_could_overflow_are_refused_at_the_boundary() {
    // Prices: at most 15 digits before the point in a catalog, 24 anywhere.
    let e = errors(&items(&[r#""price":"1000000000000000""#], ""));
    assert!(e.contains("too large"), "{e}");
    let e = errors(&items(
        &[&format!(r#""price":"{}""#, "9".repeat(1_000_000))],
        "",
    ));
    assert!(e.contains("too large"), "{e}");
    assert!(
        e.len() < 1_000,
        "the amount is not echoed whole: {} bytes",
        e.len()
    );
    // The largest prices, with the largest quantities, price exactly (the figures below were
    // computed apart, with Python's decimal module at 60 digits).
    let text = items(
        &[
            r#""price":"999999999999999.99","quantity":{"min":1,"max":999},"volume":[{"min":2,"percent":"33.33"}]"#,
            r#""price":"999999999999999.99","recurring":"month","quantity":{"min":1,"max":999}"#,
            r#""percent_of":{"percent":"100","families":["hw"]},"family":"sw""#,
        ],
        r#","terms":[120]"#,
    );
    let engine = Engine::new(load(&text).unwrap());
    let c = engine.catalog();
    let all: Vec<configurator_engine::Choice> = c
        .items()
        .iter()
        .map(|it| configurator_engine::Choice {
            item: it.id,
            quantity: Some(*it.quantity.end()),
        })
        .collect();
    let ev = engine.evaluate(&all);
    let priced = configurator_engine::pricing::price(c, &ev, &Default::default()).unwrap();
    assert_eq!(
        priced.totals.monthly.to_plain_string(&c.currency),
        "998999999999999990.01"
    );
    assert_eq!(
        priced.totals.contract_value.to_plain_string(&c.currency),
        "120546033299999998794.54"
    );
    // A quantity the item does not allow is an error when pricing, not a product.
    let mut wild = all.clone();
    wild[0].quantity = Some(u32::MAX);
    let ev = engine.evaluate(&wild);
    let err = configurator_engine::pricing::price(c, &ev, &Default::default()).unwrap_err();
    assert!(err.to_string().contains("cannot be ordered"), "{err}");
}

#[test]
fn maps_with_a_key_twice_are_refused() {
    let e = errors(&items(&[r#""price":"1","attributes":{"w":1,"w":2}"#], ""));
    assert!(e.contains("duplicate key `w`"), "{e}");
    let e = errors(&items(
        &[r#""price":"1","prices":{"eur":"1","eur":"2"}"#],
        r#","price_books":[{"id":"eur","name":"EUR","currency":"EUR"}]"#,
    ));
    assert!(e.contains("duplicate key `eur`"), "{e}");
    let e = errors(&items(
        &[r#""price":"1""#],
        r#","partner_tiers":[{"id":"t","name":"T","discounts":{"hw":"1","hw":"99"}}]"#,
    ));
    assert!(e.contains("duplicate key `hw`"), "{e}");
}

#[test]
fn bundles_cannot_go_round() {
    let e = errors(&items(&[r#""price":"1","includes":["g.x0"]"#], ""));
    assert!(e.contains("includes itself"), "{e}");
    let e = errors(&items(
        &[
            r#""price":"1","includes":["g.x1"]"#,
            r#""price":"1","includes":["g.x2"]"#,
            r#""price":"1","includes":["g.x0"]"#,
        ],
        "",
    ));
    assert!(e.contains("bundles go round"), "{e}");
    // A chain is fine.
    load(&items(
        &[r#""price":"1","includes":["g.x1"]"#, r#""price":"1""#],
        "",
    ))
    .unwrap();
}

#[test]
fn percentage_prices_do_not_depend_on_item_order() {
    let text = items(
        &[
            r#""price":"1000.00","family":"hw""#,
            r#""percent_of":{"percent":"10","families":["hw"]},"family":"hw""#,
            r#""percent_of":{"percent":"10","families":["hw"]},"family":"hw""#,
        ],
        "",
    );
    let engine = Engine::new(load(&text).unwrap());
    let all: Vec<configurator_engine::ItemId> =
        engine.catalog().items().iter().map(|it| it.id).collect();
    let ev = engine.evaluate(&all);
    let priced =
        configurator_engine::pricing::price(engine.catalog(), &ev, &Default::default()).unwrap();
    let units: Vec<String> = priced
        .lines
        .iter()
        .map(|l| l.unit_list.to_plain_string(&engine.catalog().currency))
        .collect();
    assert_eq!(units, ["1000.00", "100.00", "100.00"]);
}

#[test]
fn numbers_the_schema_forbids_are_refused() {
    for bad in ["1e1", "1_0", " 5", "+5", "5.", ".5", "0x10"] {
        let e = errors(&items(
            &[&format!(
                r#""price":"1","volume":[{{"min":2,"percent":"{bad}"}}]"#
            )],
            "",
        ));
        assert!(e.contains("is not a percentage"), "{bad}: {e}");
    }
    for bad in [" 5.00 ", "5.00 ", "1e3", "+1"] {
        let e = errors(&items(&[&format!(r#""price":"{bad}""#)], ""));
        assert!(e.contains("is not a decimal amount"), "{bad}: {e}");
    }
    let e = errors(&items(&[r#""price":"1""#], r#","terms":[12,36,12]"#));
    assert!(e.contains("listed twice"), "{e}");
    let e = errors(
        &catalog("")
            .replace(r#""price":"1.00"}"#, r#""price":"1.00","default":true}"#)
            .replace(r#""price":"2.00"}"#, r#""price":"2.00","default":true}"#),
    );
    assert!(e.contains("2 of its items are defaults"), "{e}");
    let e = errors(&items(
        &[r#""price":"1","attributes":{"w":9223372036854775807}"#],
        "",
    ));
    assert!(e.contains("attributes are between"), "{e}");
}

/// Items `x0..xn` of up to 999 units each using watts, and a power supply of up to 999 units
/// giving 1000 W each: the shape of PoE budgets with quantities.
fn powered(n: usize) -> String {
    let mut list: Vec<String> = (0..n)
        .map(|k| {
            format!(
                r#""price":"1","quantity":{{"min":1,"max":999}},"attributes":{{"u":{}}}"#,
                7 + 13 * k
            )
        })
        .collect();
    list.push(r#""price":"1","quantity":{"min":1,"max":999},"attributes":{"p":1000}"#.into());
    let refs: Vec<&str> = list.iter().map(String::as_str).collect();
    items(
        &refs,
        r#","rules":[{"id":"w","kind":"resource","uses":"u","provides":"p","message":"m"}]"#,
    )
}

#[test]
fn wide_quantities_under_a_resource_rule_compile_within_the_work_budget() {
    // Three items of up to 999 units (once minutes to compile): a small diagram, the right
    // count (986,014,000: checked apart by summing over the supplies and the first item).
    let engine = Engine::new(load(&powered(2)).unwrap());
    assert!(engine.diagram_size().is_some_and(|n| n < 10_000));
    let n = engine.count::<configurator_engine::ItemId>(&[]).unwrap();
    assert_eq!(n.to_string(), "986014000");
    // Twenty-one such items: the compile stops at its work budget (it never finished before;
    // the solver answers questions then).
    let engine = Engine::new(load(&powered(20)).unwrap());
    assert_eq!(engine.diagram_size(), None);
}

#[test]
fn wide_quantities_under_a_resource_rule_are_answered_by_the_solver() {
    use configurator_engine::{Choice, ItemId};
    // Without a diagram, a click once took a solver call per quantity (and each one many
    // conflicts): 21 items of up to 999 units never answered. Now the states and the
    // achievable quantities come in a few calls, and they are exact.
    let catalog = load(&powered(20)).unwrap();
    let engine = Engine::new(catalog.clone());
    assert_eq!(engine.diagram_size(), None);
    let x = |k: usize| catalog.item_by_key("g", &format!("x{k}")).unwrap();
    let psu = x(20);
    let units = |e: &configurator_engine::Evaluation, i: ItemId| {
        e.quantities[i.index()].as_ref().map(|q| q.values.clone())
    };
    // x0 at 999 units uses 6,993 W: the power supply needs at least 7 units of 1,000 W.
    let mut choices = vec![
        Choice {
            item: x(0),
            quantity: Some(999),
        },
        Choice::from(psu),
    ];
    let eval = engine.evaluate(&choices);
    assert_eq!(units(&eval, psu), Some((7..=999).collect()));
    assert_eq!(units(&eval, x(0)), Some((1..=999).collect()));
    // With exactly 7 units (7,000 W), 7 W are left: x0 can have any quantity, x1 (20 W a
    // unit) cannot come in, and a third item of 7 W could not either once x0 is at 999.
    choices[1].quantity = Some(7);
    let eval = engine.evaluate(&choices);
    assert_eq!(units(&eval, x(0)), Some((1..=999).collect()));
    assert_eq!(eval.item(x(1)), configurator_engine::ItemState::Unavailable);
    // Why: both choices, under the resource rule; the fix: drop either one.
    let why = engine.explain(&choices, x(1)).unwrap();
    assert_eq!(why.choices, [x(0), psu]);
    assert_eq!(why.constraints.len(), 1);
    let repair = engine.repair(&choices, x(1)).unwrap();
    assert_eq!(repair.len(), 1);
    // x1 in: with 7 supplies x0 fits 1..=997 (x1 takes 20 W: 7 × 997 + 20 ≤ 7,000) if its
    // own 999 is left out; the supplies it needs with x0 at 999 start at 8.
    choices.push(Choice::from(x(1)));
    choices[1].quantity = None;
    let eval = engine.evaluate(&choices);
    assert_eq!(units(&eval, psu), Some((8..=999).collect()));
    choices[1].quantity = Some(7);
    choices[0].quantity = None;
    let eval = engine.evaluate(&choices);
    assert_eq!(units(&eval, x(0)), Some((1..=997).collect()));
    // The binary form agrees with the interval diagram where both fit (three items).
    let small = load(&powered(2)).unwrap();
    let with_diagram = Engine::new(small.clone());
    let binary = configurator_engine::with_sum_diagram_edges(0, || {
        let e = Engine::with_diagram_budget(small.clone(), 0);
        let x0 = small.item_by_key("g", "x0").unwrap();
        let p = small.item_by_key("g", "x2").unwrap();
        let c = [
            Choice {
                item: x0,
                quantity: Some(500),
            },
            Choice {
                item: p,
                quantity: Some(4),
            },
        ];
        (e.evaluate(&c), with_diagram.evaluate(&c))
    });
    assert_eq!(binary.0.items, binary.1.items);
    assert_eq!(binary.0.quantities, binary.1.quantities);
}

#[test]
fn many_errors_are_listed_up_to_a_hundred_and_counted_after() {
    let rows: Vec<String> = (0..20_000).map(|k| format!(r#"["a","nope{k}"]"#)).collect();
    let text = format!(
        r#"{{"id":"c","name":"C","version":"1","currency":"USD","groups":[
  {{"id":"g","name":"G","choice":"single","items":[{{"id":"a","sku":"A","name":"A","price":"1"}}]}},
  {{"id":"h","name":"H","choice":"single","items":[{{"id":"b","sku":"B","name":"B","price":"1"}}]}}],
  "rules":[{{"id":"t","kind":"table","groups":["g","h"],"allowed":[{}],"message":"m"}}]}}"#,
        rows.join(",")
    );
    let err = load(&text).unwrap_err();
    assert_eq!(err.diagnostics.len(), 101);
    assert!(err.diagnostics[0]
        .message
        .contains("group `h` has no item `nope0`"));
    assert_eq!(
        err.diagnostics[100].message,
        "and 19900 more problems (the first 100 are listed)"
    );
}

#[test]
fn imports_refuse_what_they_would_lose_or_cannot_hold() {
    use configurator_engine::import::{dimacs, xcsp};
    let e = |r: Result<serde_json::Value, configurator_engine::import::ImportError>| {
        r.expect_err("refused").to_string()
    };
    // DIMACS: two headers, a huge claim in a tiny file, `-0`.
    assert!(e(dimacs::to_catalog("f", "p cnf 3 1\np cnf 1 1\n1 -3 0\n")).contains("second `p cnf`"));
    assert!(e(dimacs::to_catalog("f", "p cnf 2147483648 1\n")).contains("too large"));
    assert!(e(dimacs::to_catalog("f", "p cnf 2 1\n1 -0 0\n")).contains("`-0` is not a literal"));
    // XCSP: an interval over all of i64, domains too large, CDATA, nothing at all, names twice,
    // a variable twice in a scope, arity 0.
    let model = |body: &str| format!("<instance>{body}</instance>");
    let x = |body: &str| e(xcsp::to_catalog("f", &model(body)));
    assert!(x(r#"<domain name="d" nbValues="0">-9223372036854775808..9223372036854775807</domain><variable name="v" domain="d"/>"#).contains("more than 100000 values"));
    let many: String = (0..11)
        .map(|k| format!(r#"<domain name="d{k}">0..99999</domain>"#))
        .collect();
    assert!(x(&many).contains("too large"));
    assert!(x(r#"<domain name="d">0..1</domain><variable name="v" domain="d"/><relation name="r" arity="1" semantics="supports"><![CDATA[0|1]]></relation>"#).contains("CDATA"));
    assert!(e(xcsp::to_catalog("f", "")).contains("declares no <variable>"));
    assert!(e(xcsp::to_catalog("f", "not xml at all")).contains("declares no <variable>"));
    assert!(x(r#"<domain name="d">0..1</domain><variable name="v" domain="d"/><variable name="v" domain="d"/>"#).contains("declared twice"));
    assert!(x(r#"<domain name="d">0..1</domain><variable name="v" domain="d"/><relation name="r" arity="2" semantics="supports">0 0</relation><constraint name="c" arity="2" scope="v v" reference="r"/>"#).contains("twice in its scope"));
    assert!(x(r#"<domain name="d">0..1</domain><variable name="v" domain="d"/><relation name="r" arity="0" semantics="supports"></relation>"#).contains("bad arity"));
    // Unclosed elements no longer make the reader quadratic (900 KB: once over 20 s).
    let unclosed = model(&"<domain name=\"d\">0".repeat(50_000));
    let _ = xcsp::to_catalog("f", &unclosed);
}

#[test]
fn csv_cells_cannot_become_formulas_or_hide_text() {
    let names = [
        "\n=1+1",
        "\u{ff1d}1+1",
        " =1+1",
        "\t@x",
        "a\u{202e}b\u{1b}c",
        "plain",
    ];
    let list: Vec<String> = names
        .iter()
        .enumerate()
        .map(|(k, n)| {
            format!(
                r#"{{"id":"x{k}","sku":"S{k}","name":{},"price":"1"}}"#,
                serde_json::json!(n)
            )
        })
        .collect();
    let text = format!(
        r#"{{"id":"c","name":"C","version":"1","currency":"USD","groups":[
  {{"id":"g","name":"G","choice":"multiple","items":[{}]}}]}}"#,
        list.join(",")
    );
    let engine = Engine::new(load(&text).unwrap());
    let all: Vec<configurator_engine::Choice> = engine
        .catalog()
        .items()
        .iter()
        .map(|it| configurator_engine::Choice::from(it.id))
        .collect();
    let q =
        configurator_engine::quote::build(&engine, &all, &Default::default(), Default::default())
            .unwrap();
    let csv = q.to_csv();
    let cells: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(3).unwrap_or(""))
        .collect();
    assert!(csv.contains("\"'\n=1+1\""), "{csv}");
    assert!(cells.contains(&"'\u{ff1d}1+1"), "{cells:?}");
    assert!(cells.contains(&"' =1+1"), "{cells:?}");
    assert!(cells.contains(&"'\t@x"), "{cells:?}");
    assert!(cells.contains(&"a\u{fffd}b\u{fffd}c"), "{cells:?}");
    assert!(cells.contains(&"plain"), "{cells:?}");
}

#[test]
fn the_idle_rule_check_stays_within_its_budget() {
    // A chain of 10,000 groups, each rule linking one to the next (check once took 600 s).
    let groups: Vec<String> = (0..10_000)
        .map(|k| {
            format!(
                r#"{{"id":"g{k}","name":"G","choice":"single","items":[{{"id":"a","sku":"A{k}","name":"A","price":"1"}},{{"id":"b","sku":"B{k}","name":"B","price":"1"}}]}}"#
            )
        })
        .collect();
    let rules: Vec<String> = (0..9_999)
        .map(|k| {
            format!(
                r#"{{"id":"r{k}","kind":"requires","if":"g{k}.a","then":"g{}.a","message":"m"}}"#,
                k + 1
            )
        })
        .collect();
    let text = groups_and_rules(&groups, &rules);
    let engine = Engine::new(load(&text).unwrap());
    let warnings = configurator_engine::lint::lint(&engine, None);
    assert_eq!(
        warnings,
        [configurator_engine::lint::Warning::IdleRulesNotChecked]
    );
}

#[test]
fn explanations_of_pigeonhole_conflicts_stay_within_their_budget() {
    // Twelve pigeons, eleven holes, at most one pigeon a hole: no configuration. Explaining it
    // is exponential for resolution; the explanation is bounded (and still true).
    let (pigeons, holes) = (12, 11);
    let groups: Vec<String> = (0..pigeons)
        .map(|p| {
            let items: Vec<String> = (0..holes)
                .map(|h| format!(r#"{{"id":"h{h}","sku":"P{p}H{h}","name":"H","price":"1"}}"#))
                .collect();
            format!(
                r#"{{"id":"p{p}","name":"P","choice":"single","required":true,"items":[{}]}}"#,
                items.join(",")
            )
        })
        .collect();
    let rules: Vec<String> = (0..holes)
        .map(|h| {
            let members: Vec<String> = (0..pigeons).map(|p| format!(r#""p{p}.h{h}""#)).collect();
            format!(
                r#"{{"id":"h{h}","kind":"count","items":[{}],"max":1,"message":"one a hole"}}"#,
                members.join(",")
            )
        })
        .collect();
    let text = groups_and_rules(&groups, &rules);
    let engine = Engine::new(load(&text).unwrap());
    let ev = engine.evaluate::<configurator_engine::ItemId>(&[]);
    let configurator_engine::Status::Conflict(why) = ev.status else {
        panic!("no configuration exists")
    };
    // True: no choice is involved, and every hole's rule is named (the pigeonhole needs all
    // of them; it may name groups too, past the budget for minimising).
    assert!(why.choices.is_empty());
    let named_rules = why
        .constraints
        .iter()
        .filter(|c| matches!(c, configurator_engine::Constraint::Rule(_)))
        .count();
    assert_eq!(named_rules, holes);
    assert_eq!(
        configurator_engine::lint::lint(&engine, None),
        [configurator_engine::lint::Warning::NoConfiguration]
    );
}

#[test]
fn share_links_with_over_long_numbers_are_refused() {
    use base64::Engine as _;
    let catalog = load(&catalog("")).unwrap();
    let good = configurator_engine::share::encode(
        &catalog,
        &[configurator_engine::Choice::from(
            catalog.item_by_key("g", "a").unwrap(),
        )],
    );
    assert!(configurator_engine::share::decode(&catalog, &good).is_ok());
    let mut bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(&good)
        .unwrap();
    // Version, hash prefix, the key (length, bytes), then the quantity: written as a
    // ten-byte varint whose last byte has a bit past the 64th, which was dropped (the number
    // read as its low bits, 0: "any quantity").
    let at = 9 + 1 + usize::from(bytes[9]);
    assert_eq!(bytes[at], 0);
    let mut long = vec![0x80];
    long.extend([0x80; 8]);
    long.push(0x02);
    bytes.splice(at..=at, long);
    let crafted = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&bytes);
    assert!(configurator_engine::share::decode(&catalog, &crafted).is_err());
}

#[test]
fn long_values_are_not_echoed_whole_in_errors() {
    let long = "9".repeat(1_000_000);
    let text = catalog("").replace(r#""version":"1""#, &format!(r#""version":{long}"#));
    let e = errors(&text);
    assert!(e.len() < 500, "{} bytes", e.len());
    let text = items(
        &[&format!(
            r#""price":"1","quantity":{{"min":1,"max":{long}}}"#
        )],
        "",
    );
    let e = errors(&text);
    assert!(e.len() < 500, "{} bytes", e.len());
    // A pricing context from outside (a quote, an embed's message) naming a huge tier.
    let catalog = load(&catalog("")).unwrap();
    let context = configurator_engine::pricing::PricingContext {
        partner_tier: Some(long.clone()),
        ..Default::default()
    };
    let e = context.check(&catalog).unwrap_err().to_string();
    assert!(e.starts_with("no partner tier `99999"), "{e}");
    assert!(e.len() < 500, "{} bytes", e.len());
}

#[test]
fn a_share_link_with_a_quantity_the_item_does_not_come_in_says_so() {
    let text = items(&[r#""price":"1","quantity":{"min":1,"max":8}"#], "");
    let catalog = load(&text).unwrap();
    let x0 = catalog.item_by_key("g", "x0").unwrap();
    let link = configurator_engine::share::encode(
        &catalog,
        &[configurator_engine::Choice {
            item: x0,
            quantity: Some(500),
        }],
    );
    let shared = configurator_engine::share::decode(&catalog, &link).unwrap();
    assert!(shared.choices.is_empty());
    assert_eq!(shared.missing, ["g.x0 × 500"]);
}
