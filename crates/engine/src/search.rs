//! Finding items by what people type: SKUs, words of names and descriptions, and attribute
//! comparisons (`ports>=48`, `poe_budget=740`). Answers to questions are not products and are
//! never found.

use crate::catalog::Catalog;
use crate::ids::ItemId;

/// One term of a query.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Term {
    /// Text, lowercase: in the SKU, name, description or group name, or an attribute's name.
    Text(String),
    /// An attribute compared with a number.
    Compare {
        attribute: String,
        op: Op,
        value: i64,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    AtLeast,
    AtMost,
    Equal,
}

fn term(word: &str) -> Term {
    for (sign, op) in [
        (">=", Op::AtLeast),
        ("<=", Op::AtMost),
        ("=", Op::Equal),
        (":", Op::Equal),
    ] {
        if let Some((a, v)) = word.split_once(sign) {
            if let (false, Ok(value)) = (a.is_empty(), v.parse::<i64>()) {
                return Term::Compare {
                    attribute: a.to_lowercase(),
                    op,
                    value,
                };
            }
        }
    }
    Term::Text(word.to_lowercase())
}

/// The items of `catalog` every term of `query` matches (terms are separated by spaces),
/// best first: the SKU itself, then SKUs that contain the query, then the rest in catalog
/// order. An empty query finds nothing.
pub fn search(catalog: &Catalog, query: &str) -> Vec<ItemId> {
    let terms: Vec<Term> = query.split_whitespace().map(term).collect();
    if terms.is_empty() {
        return Vec::new();
    }
    let whole = query.trim().to_lowercase();
    let mut hits: Vec<(u64, ItemId)> = Vec::new();
    for it in catalog.items() {
        if catalog.is_answer(it.id) {
            continue;
        }
        let group = catalog.group(it.group).name.to_lowercase();
        let texts = [
            it.sku.to_lowercase(),
            it.name.to_lowercase(),
            it.description.to_lowercase(),
            group,
        ];
        let matches = |t: &Term| match t {
            Term::Text(w) => {
                texts.iter().any(|x| x.contains(w.as_str()))
                    || it.attributes.keys().any(|a| a.to_lowercase() == *w)
            }
            Term::Compare {
                attribute,
                op,
                value,
            } => it
                .attributes
                .iter()
                .find(|(a, _)| a.to_lowercase() == *attribute)
                .is_some_and(|(_, &v)| match op {
                    Op::AtLeast => v >= *value,
                    Op::AtMost => v <= *value,
                    Op::Equal => v == *value,
                }),
        };
        if terms.iter().all(matches) {
            let rank = if texts[0] == whole {
                0
            } else if texts[0].contains(&whole) {
                1
            } else {
                2
            };
            hits.push((rank, it.id));
        }
    }
    crate::sort::by_key(&mut hits, |h| h.0);
    hits.into_iter().map(|h| h.1).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DEMO_CATALOG, DEMO_CATALOG_FILE};

    fn keys(c: &Catalog, q: &str) -> Vec<String> {
        search(c, q).into_iter().map(|i| c.item_key(i)).collect()
    }

    #[test]
    fn finds_by_sku_words_and_attributes() {
        let c = Catalog::from_json(DEMO_CATALOG_FILE, DEMO_CATALOG).unwrap();
        // The SKU itself first (whatever its case), then SKUs that contain it.
        assert_eq!(keys(&c, "nx3400-48p"), ["chassis.48p"]);
        assert_eq!(
            keys(&c, "NX3400-48")[..3],
            ["chassis.48t", "chassis.48p", "chassis.48u"]
        );
        // Every word must match, anywhere in the name, description or group.
        let poe = keys(&c, "48 poe");
        assert!(poe.contains(&"chassis.48p".to_owned()), "{poe:?}");
        assert!(!poe.contains(&"chassis.24p".to_owned()), "{poe:?}");
        // Attribute comparisons.
        let big = search(&c, "upoe_budget>=700");
        let expected: Vec<ItemId> = c
            .items()
            .iter()
            .filter(|it| it.attributes.get("upoe_budget").is_some_and(|&v| v >= 700))
            .map(|it| it.id)
            .collect();
        assert!(!expected.is_empty());
        assert_eq!(big, expected);
        assert_eq!(
            search(&c, "UPOE_BUDGET>=700 1100"),
            search(&c, "upoe_budget>=700 1100")
        );
        assert!(search(&c, "upoe_budget>=99999999").is_empty());
        assert!(search(&c, "   ").is_empty());
        assert!(search(&c, "no-such-thing").is_empty());
    }
}
