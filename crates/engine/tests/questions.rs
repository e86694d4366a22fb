//! Guided questions: a group that asks (`"question"`) has answers, not products. Answers narrow
//! the choices through rules like any item, but carry no SKU, price or quantity, and are never
//! lines of a bill of materials; a quote keeps them in its configuration.

use configurator_engine::pricing::{price, PricingContext};
use configurator_engine::quote::{self, QuoteMeta};
use configurator_engine::{Catalog, Choice, Constraint, Engine, ItemState, Status};
use serde_json::{json, Value};

fn kitchen() -> Value {
    json!({
        "id": "k", "name": "Kitchen", "version": "1", "currency": "USD",
        "groups": [
            {"id": "energy", "name": "Energy", "question": "Gas or electric?", "choice": "single",
             "items": [{"id": "gas", "name": "Gas"}, {"id": "electric", "name": "All electric"}]},
            {"id": "range", "name": "Range", "choice": "single", "required": true,
             "items": [{"id": "g", "sku": "R-G", "name": "Gas range", "price": "100.00", "family": "hw"},
                       {"id": "i", "sku": "R-I", "name": "Induction range", "price": "300.00", "family": "hw"}]},
            {"id": "care", "name": "Care", "choice": "single",
             "items": [{"id": "c", "sku": "CARE", "name": "Care", "recurring": "year",
                        "percent_of": {"percent": "10", "families": ["hw"]}}]}
        ],
        "rules": [
            {"id": "fuel", "kind": "table", "groups": ["energy", "range"],
             "allowed": [["gas", "g"], ["electric", "i"]], "message": "The range runs on the kitchen's energy."}
        ]
    })
}

fn engine(v: &Value) -> Engine {
    Engine::new(Catalog::from_json("kitchen.json", &v.to_string()).unwrap())
}

fn pick(e: &Engine, g: &str, i: &str) -> Choice {
    Choice {
        item: e.catalog().item_by_key(g, i).unwrap(),
        quantity: None,
    }
}

#[test]
fn an_answer_narrows_the_choices_and_says_why() {
    let e = engine(&kitchen());
    let c = e.catalog();
    let energy = c.group_by_key("energy").unwrap();
    assert_eq!(
        c.group(energy).question.as_deref(),
        Some("Gas or electric?")
    );
    assert!(c.is_answer(c.item_by_key("energy", "gas").unwrap()));
    assert!(!c.is_answer(c.item_by_key("range", "g").unwrap()));
    let ev = e.evaluate(&[pick(&e, "energy", "electric")]);
    let gas_range = c.item_by_key("range", "g").unwrap();
    assert_eq!(ev.item(gas_range), ItemState::Unavailable);
    assert_eq!(
        ev.item(c.item_by_key("range", "i").unwrap()),
        ItemState::Implied
    );
    let why = e
        .explain(&[pick(&e, "energy", "electric")], gas_range)
        .unwrap();
    // Because of the answer "All electric", its question's group and the table.
    assert_eq!(why.choices, [c.item_by_key("energy", "electric").unwrap()]);
    assert!(why
        .constraints
        .iter()
        .any(|k| matches!(k, Constraint::Rule(r) if c.rule(*r).key == "fuel")));
}

#[test]
fn answers_are_never_lines_and_quotes_keep_them() {
    let e = engine(&kitchen());
    let choices = [pick(&e, "energy", "electric"), pick(&e, "care", "c")];
    let ev = e.evaluate(&choices);
    assert_eq!(ev.status, Status::Complete);
    let priced = price(e.catalog(), &ev, &PricingContext::default()).unwrap();
    let skus: Vec<&str> = priced
        .lines
        .iter()
        .map(|l| e.catalog().item(l.item).sku.as_str())
        .collect();
    // The implied induction range is the major line; care is 10% of it; no answer.
    assert_eq!(skus, ["R-I", "CARE"]);
    assert_eq!(priced.lines[0].number, "1");
    assert_eq!(priced.totals.yearly.to_string(), "30.00");
    let q = quote::build(
        &e,
        &choices,
        &PricingContext::default(),
        QuoteMeta::default(),
    )
    .unwrap();
    assert_eq!(q.lines.len(), 2);
    assert!(q
        .configuration
        .iter()
        .any(|c| c.group == "energy" && c.item == "electric"));
    assert!(!q.to_csv().contains("All electric"));
    // Read back and recomputed, the quote (with its answer) checks clean.
    let back = quote::Quote::from_json(&q.to_json()).unwrap();
    assert_eq!(quote::verify(&e, &back, None), vec![]);
}

fn errors(v: &Value) -> Vec<(Option<String>, String)> {
    match Catalog::from_json("kitchen.json", &v.to_string()) {
        Ok(_) => Vec::new(),
        Err(e) => e
            .diagnostics
            .into_iter()
            .map(|d| (d.path, d.message))
            .collect(),
    }
}

#[test]
fn answers_take_no_sku_price_or_quantity_and_products_need_a_sku() {
    assert_eq!(errors(&kitchen()), vec![]);
    for (field, value) in [
        ("sku", json!("GAS")),
        ("price", json!("1.00")),
        ("quantity", json!({"max": 2})),
    ] {
        let mut v = kitchen();
        v["groups"][0]["items"][0][field] = value;
        assert_eq!(
            errors(&v),
            vec![(
                Some("/groups/0/items/0".to_owned()),
                "item `gas` answers the question of group `energy`: answers are not ordered, \
                 so they have no SKU, price or quantity"
                    .to_owned()
            )],
            "{field}"
        );
    }
    let mut v = kitchen();
    v["groups"][1]["items"][0]
        .as_object_mut()
        .unwrap()
        .remove("sku");
    assert_eq!(
        errors(&v),
        vec![(
            Some("/groups/1/items/0/sku".to_owned()),
            "item `g` has no SKU".to_owned()
        )]
    );
}
