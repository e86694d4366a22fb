//! The engine against an independent brute-force oracle on random small catalogs.
//!
//! The oracle enumerates every assignment of items and judges it with the catalog's own
//! checkers (`Constraint::holds`), never with the engine's clauses.

use configurator_engine::{Catalog, ChoiceKind, Constraint, Engine, ItemId, ItemState, Status};
use proptest::prelude::*;
use serde_json::{json, Value};

/// A random catalog as JSON: groups of items and rules over random expressions.
fn catalog_json() -> impl Strategy<Value = Value> {
    let group = (1usize..=4, any::<bool>(), any::<bool>(), 0u32..=3, 0u32..=4);
    (prop::collection::vec(group, 1..=4), prop::collection::vec(any::<u64>(), 0..=5)).prop_map(
        |(groups, rule_seeds)| {
            let shapes: Vec<(usize, bool)> = groups.iter().map(|&(n, multiple, ..)| (n, multiple)).collect();
            let mut refs = Vec::new();
            let groups: Vec<Value> = groups
                .into_iter()
                .enumerate()
                .map(|(gi, (n, multiple, required, min, max))| {
                    let items: Vec<Value> = (0..n)
                        .map(|ii| {
                            refs.push(format!("g{gi}.i{ii}"));
                            json!({"id": format!("i{ii}"), "sku": format!("S{gi}-{ii}"),
                                   "name": format!("Item {gi}.{ii}"), "price": format!("{}.{:02}", gi * 10 + ii, ii * 7),
                                   "default": (gi * 7 + ii * 3 + n) % 4 == 0,
                                   "attributes": {"u": (gi * 3 + ii * 5 + n) % 4, "p": (gi + ii * 2 + n) % 3}})
                        })
                        .collect();
                    let mut g = json!({"id": format!("g{gi}"), "name": format!("Group {gi}"),
                        "choice": if multiple { "multiple" } else { "single" }, "required": required, "items": items});
                    if multiple {
                        let max = max.clamp(1, n as u32);
                        let min = if required { min.clamp(1, max) } else { min.min(max) };
                        g["min"] = json!(min);
                        g["max"] = json!(max);
                    }
                    g
                })
                .collect();
            // Some groups apply only under a condition on the other groups' items.
            let mut groups = groups;
            let mut cs = rule_seeds.first().copied().unwrap_or(11);
            for (gi, g) in groups.iter_mut().enumerate() {
                let others: Vec<String> = refs.iter().filter(|r| !r.starts_with(&format!("g{gi}."))).cloned().collect();
                if !others.is_empty() && next(&mut cs).is_multiple_of(3) {
                    g["when"] = json!(random_expr(&others, &mut cs, 1));
                }
            }
            let rules: Vec<Value> = rule_seeds
                .into_iter()
                .enumerate()
                .map(|(ri, seed)| {
                    let mut s = seed;
                    if next(&mut s).is_multiple_of(4) {
                        return random_table(ri, &shapes, &mut s);
                    }
                    if next(&mut s).is_multiple_of(6) {
                        return json!({"id": format!("r{ri}"), "kind": "resource", "uses": "u", "provides": "p",
                                      "message": format!("resource {ri}")});
                    }
                    if next(&mut s).is_multiple_of(5) {
                        let mut set: Vec<String> = refs.iter().filter(|_| next(&mut s).is_multiple_of(2)).cloned().collect();
                        if set.is_empty() {
                            set.push(refs[0].clone());
                        }
                        let n = set.len() as u64;
                        let min = next(&mut s) % (n + 1);
                        let max = min + next(&mut s) % (n + 1 - min);
                        return json!({"id": format!("r{ri}"), "kind": "count", "items": set, "min": min, "max": max,
                                      "message": format!("count {ri}")});
                    }
                    let cond = random_expr(&refs, &mut s, 2);
                    let then = random_expr(&refs, &mut s, 2);
                    json!({"id": format!("r{ri}"), "kind": if s & 1 == 0 { "requires" } else { "excludes" },
                           "if": cond, "then": then, "message": format!("rule {ri}")})
                })
                .collect();
            json!({"id": "random", "name": "Random", "version": "1", "currency": "USD",
                   "groups": groups, "rules": rules})
        },
    )
}

/// A table over one or two random groups: `allowed` when they are all single choice (or at
/// random `forbidden`), with a random subset of the combinations.
fn random_table(ri: usize, shapes: &[(usize, bool)], s: &mut u64) -> Value {
    let mut scope = vec![(next(s) as usize) % shapes.len()];
    if shapes.len() > 1 && next(s).is_multiple_of(2) {
        let other = (next(s) as usize) % shapes.len();
        if other != scope[0] {
            scope.push(other);
        }
    }
    let allowed = scope.iter().all(|&g| !shapes[g].1) && next(s).is_multiple_of(2);
    let mut combos: Vec<Vec<String>> = vec![vec![]];
    for &g in &scope {
        combos = combos
            .into_iter()
            .flat_map(|c| {
                (0..shapes[g].0).map(move |i| {
                    let mut c = c.clone();
                    c.push(format!("i{i}"));
                    c
                })
            })
            .collect();
    }
    let rows: Vec<Vec<String>> = combos
        .into_iter()
        .filter(|_| !next(s).is_multiple_of(3))
        .collect();
    let groups: Vec<String> = scope.iter().map(|g| format!("g{g}")).collect();
    let mut rule = json!({"id": format!("r{ri}"), "kind": "table", "groups": groups, "message": format!("table {ri}")});
    rule[if allowed { "allowed" } else { "forbidden" }] = json!(rows);
    rule
}

fn next(s: &mut u64) -> u64 {
    *s = s
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    *s >> 33
}

fn random_expr(refs: &[String], s: &mut u64, depth: u32) -> String {
    let r = next(s) % 6;
    if depth == 0 || r < 3 {
        return refs[(next(s) as usize) % refs.len()].clone();
    }
    match r {
        3 => format!("not ({})", random_expr(refs, s, depth - 1)),
        4 => format!(
            "({}) and ({})",
            random_expr(refs, s, depth - 1),
            random_expr(refs, s, depth - 1)
        ),
        _ => format!(
            "({}) or ({})",
            random_expr(refs, s, depth - 1),
            random_expr(refs, s, depth - 1)
        ),
    }
}

struct Oracle<'a> {
    catalog: &'a Catalog,
    /// Every valid total assignment, as bitmasks over items.
    valid: Vec<u64>,
}

impl<'a> Oracle<'a> {
    fn new(catalog: &'a Catalog) -> Self {
        let n = catalog.items().len();
        let all: Vec<Constraint> = constraints(catalog);
        let valid = (0u64..1 << n)
            .filter(|&m| {
                all.iter()
                    .all(|c| c.holds(catalog, &|i: ItemId| m >> i.index() & 1 == 1))
            })
            .collect();
        Self { catalog, valid }
    }

    fn sat_with(
        &self,
        cons: &[Constraint],
        choices: &[ItemId],
        extra: Option<(ItemId, bool)>,
    ) -> bool {
        let n = self.catalog.items().len();
        (0u64..1 << n).any(|m| {
            let chosen = |i: ItemId| m >> i.index() & 1 == 1;
            choices.iter().all(|&c| chosen(c))
                && extra.is_none_or(|(i, v)| chosen(i) == v)
                && cons.iter().all(|c| c.holds(self.catalog, &chosen))
        })
    }

    fn sat(&self, choices: &[ItemId], extra: Option<(ItemId, bool)>) -> bool {
        self.valid.iter().any(|&m| {
            choices.iter().all(|&c| m >> c.index() & 1 == 1)
                && extra.is_none_or(|(i, v)| (m >> i.index() & 1 == 1) == v)
        })
    }
}

impl Oracle<'_> {
    /// By brute force over all subsets: the smallest set of `context` choices whose retraction
    /// makes `item` possible; among equals, the one whose retracted positions, compared from
    /// the most recent down, are oldest.
    fn best_repair(&self, context: &[ItemId], item: ItemId) -> Option<Vec<ItemId>> {
        let n = context.len();
        let mut best: Option<(usize, Vec<usize>)> = None;
        for mask in 0u32..1 << n {
            let removed: Vec<usize> = (0..n).filter(|p| mask >> p & 1 == 1).collect();
            let kept: Vec<ItemId> = (0..n)
                .filter(|p| mask >> p & 1 == 0)
                .map(|p| context[p])
                .collect();
            if !self.sat(&kept, Some((item, true))) {
                continue;
            }
            let key: Vec<usize> = removed.iter().rev().copied().collect();
            let better = match &best {
                None => true,
                Some((size, bkey)) => {
                    removed.len() < *size || (removed.len() == *size && key < *bkey)
                }
            };
            if better {
                best = Some((removed.len(), key));
            }
        }
        best.map(|(_, key)| key.iter().rev().map(|&p| context[p]).collect())
    }
}

fn constraints(c: &Catalog) -> Vec<Constraint> {
    c.groups()
        .iter()
        .map(|g| Constraint::Group(g.id))
        .chain(c.rules().iter().map(|r| Constraint::Rule(r.id)))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn engine_agrees_with_brute_force(json in catalog_json(), picks in prop::collection::vec(any::<u16>(), 0..=3)) {
        let catalog = Catalog::from_json("random.json", &json.to_string()).expect("generated catalogs are valid");
        let n = catalog.items().len();
        let mut choices: Vec<ItemId> = Vec::new();
        for p in picks {
            let i = ItemId::from_index(p as usize % n);
            if !choices.contains(&i) {
                choices.push(i);
            }
        }
        let oracle = Oracle::new(&catalog);
        let engine = Engine::new(catalog.clone());
        prop_assert!(engine.diagram_size().is_some(), "small catalogs compile to a diagram");
        let eval = engine.evaluate(&choices);
        // The solver-only path gives the same states, total and status (explanations may be
        // other minimal ones).
        let solver_only = Engine::with_diagram_budget(catalog.clone(), 0);
        let other = solver_only.evaluate(&choices);
        prop_assert_eq!(&other.items, &eval.items);
        prop_assert_eq!(other.total, eval.total);
        prop_assert_eq!(std::mem::discriminant(&other.status), std::mem::discriminant(&eval.status));
        // Counting: the valid configurations that contain every choice.
        let expected = oracle.valid.iter().filter(|&&m| choices.iter().all(|c| m >> c.index() & 1 == 1)).count();
        prop_assert_eq!(engine.count(&choices), Some(expected.into()));
        let all = constraints(&catalog);
        let consistent = oracle.sat(&choices, None);

        for item in catalog.items() {
            let group = catalog.group(item.group);
            let context: Vec<ItemId> = match group.kind {
                ChoiceKind::Single => choices.iter().copied().filter(|&c| catalog.item(c).group != group.id).collect(),
                ChoiceKind::Multiple => choices.clone(),
            };
            let possible = oracle.sat(&context, Some((item.id, true)));
            let state = eval.item(item.id);
            if choices.contains(&item.id) {
                prop_assert_eq!(state, ItemState::Selected);
                prop_assert_eq!(engine.explain(&choices, item.id), None);
                continue;
            }
            let explanation = engine.explain(&choices, item.id);
            prop_assert_eq!(explanation.is_some(), matches!(state, ItemState::Unavailable | ItemState::Implied));
            match state {
                ItemState::Unavailable => {
                    // Repair: the smallest retraction, ties keeping the most recent choices.
                    let repair = engine.repair(&choices, item.id);
                    let best = oracle.best_repair(&context, item.id);
                    prop_assert_eq!(repair, best, "repair of {}", item.key);
                    let e = explanation.unwrap();
                    prop_assert!(!possible, "{} shown unavailable but possible", item.key);
                    // The explanation is sufficient ...
                    prop_assert!(!oracle.sat_with(&e.constraints, &e.choices, Some((item.id, true))));
                    prop_assert!(e.choices.iter().all(|c| context.contains(c)));
                    // ... and minimal: dropping any one choice makes the item possible.
                    for k in 0..e.choices.len() {
                        let mut fewer = e.choices.clone();
                        fewer.remove(k);
                        prop_assert!(oracle.sat(&fewer, Some((item.id, true))));
                    }
                    for k in 0..e.constraints.len() {
                        let mut fewer = e.constraints.clone();
                        fewer.remove(k);
                        prop_assert!(oracle.sat_with(&fewer, &e.choices, Some((item.id, true))));
                    }
                }
                ItemState::Implied => {
                    prop_assert_eq!(engine.repair(&choices, item.id), Some(vec![]));
                    let e = explanation.unwrap();
                    prop_assert!(possible && consistent);
                    prop_assert!(!oracle.sat(&choices, Some((item.id, false))), "{} implied but can be left out", item.key);
                    prop_assert!(!oracle.sat_with(&e.constraints, &e.choices, Some((item.id, false))));
                    for k in 0..e.choices.len() {
                        let mut fewer = e.choices.clone();
                        fewer.remove(k);
                        prop_assert!(oracle.sat(&fewer, Some((item.id, false))));
                    }
                    for k in 0..e.constraints.len() {
                        let mut fewer = e.constraints.clone();
                        fewer.remove(k);
                        prop_assert!(oracle.sat_with(&fewer, &e.choices, Some((item.id, false))));
                    }
                }
                ItemState::Available => {
                    prop_assert_eq!(engine.repair(&choices, item.id), Some(vec![]));
                    prop_assert!(possible, "{} shown available but impossible", item.key);
                    if consistent {
                        prop_assert!(oracle.sat(&choices, Some((item.id, false))));
                    }
                }
                ItemState::Selected => prop_assert!(false, "unselected item shown selected"),
            }
        }

        match &eval.status {
            Status::Conflict(e) => {
                prop_assert!(!consistent);
                prop_assert!(!oracle.sat_with(&e.constraints, &e.choices, None));
                for k in 0..e.choices.len() {
                    let mut fewer = e.choices.clone();
                    fewer.remove(k);
                    prop_assert!(oracle.sat(&fewer, None), "conflict choices not minimal");
                }
                for k in 0..e.constraints.len() {
                    let mut fewer = e.constraints.clone();
                    fewer.remove(k);
                    prop_assert!(oracle.sat_with(&fewer, &e.choices, None));
                }
            }
            Status::Complete => {
                prop_assert!(consistent);
                let chosen = |i: ItemId| eval.item(i).is_in();
                prop_assert!(all.iter().all(|c| c.holds(&catalog, &chosen)));
            }
            Status::Incomplete { missing } => {
                prop_assert!(consistent);
                for g in missing {
                    let have = catalog.group(*g).items.iter().filter(|&&i| eval.item(i).is_in()).count();
                    prop_assert!((have as u32) < catalog.group(*g).min);
                }
                let chosen = |i: ItemId| eval.item(i).is_in();
                prop_assert!(!all.iter().all(|c| c.holds(&catalog, &chosen)) || !missing.is_empty());
            }
        }
        // Cheapest completion: valid, contains the choices, and no valid extension is cheaper.
        let price = |m: u64| -> configurator_engine::Money {
            catalog.items().iter().filter(|it| m >> it.id.index() & 1 == 1).map(|it| it.price).sum()
        };
        let cheapest = oracle
            .valid
            .iter()
            .filter(|&&m| choices.iter().all(|c| m >> c.index() & 1 == 1))
            .map(|&m| price(m))
            .min();
        match engine.cheapest_completion(&choices) {
            Some(done) => {
                let mask = done.iter().fold(0u64, |m, i| m | 1 << i.index());
                prop_assert!(oracle.valid.contains(&mask), "cheapest completion is not valid");
                prop_assert!(choices.iter().all(|c| done.contains(c)));
                prop_assert_eq!(Some(price(mask)), cheapest);
            }
            None => prop_assert_eq!(cheapest, None),
        }
        // Defaults: applied in catalog order where consistent; each one left out is either
        // inconsistent with what came before it or in a single-choice group already taken.
        let done = engine.complete_with_defaults(&choices);
        prop_assert!(done.starts_with(&choices));
        if consistent {
            prop_assert!(oracle.sat(&done, None));
            for it in catalog.items().iter().filter(|it| it.default && !done.contains(&it.id)) {
                let g = catalog.group(it.group);
                let before: Vec<ItemId> = done
                    .iter()
                    .copied()
                    .filter(|d| choices.contains(d) || d.index() < it.id.index())
                    .collect();
                let taken = g.kind == ChoiceKind::Single && g.items.iter().any(|i| before.contains(i));
                prop_assert!(taken || !oracle.sat(&before, Some((it.id, true))), "default {} skipped", it.key);
            }
        } else {
            prop_assert_eq!(&done, &choices);
        }
        let expected_total: configurator_engine::Money =
            catalog.items().iter().filter(|it| eval.item(it.id).is_in()).map(|it| it.price).sum();
        prop_assert_eq!(eval.total, expected_total);
    }
}
