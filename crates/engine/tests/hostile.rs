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
        let rule = format!(
            r#","rules":[{{"id":"r","kind":"requires","then":"{expr}","message":"m"}}]"#
        );
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
    let rule = format!(r#","rules":[{{"id":"r","kind":"requires","then":"{expr}","message":"m"}}]"#);
    let c = load(&catalog(&rule)).unwrap();
    assert_eq!(Engine::new(c).count::<configurator_engine::ItemId>(&[]).unwrap().to_string(), "1");
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
