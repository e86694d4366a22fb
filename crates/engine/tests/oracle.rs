//! The engine against an independent brute-force oracle on random small catalogs.
//!
//! The oracle enumerates every assignment of items and judges it with the catalog's own
//! checkers (`Constraint::holds`), never with the engine's clauses.

use configurator_engine::{
    Catalog, Choice, ChoiceKind, Constraint, Engine, ItemId, ItemState, Status,
};
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
            // Up to two items with a quantity (1..=2, 1..=3 or 2..=3, or only some of a
            // range: 1 or 3; 2 or 4).
            for _ in 0..2 {
                if next(&mut cs).is_multiple_of(2) {
                    let gi = (next(&mut cs) as usize) % groups.len();
                    let items = groups[gi]["items"].as_array_mut().expect("items");
                    let ii = (next(&mut cs) as usize) % items.len();
                    items[ii]["quantity"] = match next(&mut cs) % 5 {
                        0 => json!({"min": 1, "max": 2}),
                        1 => json!({"min": 1, "max": 3}),
                        2 => json!({"min": 2, "max": 3}),
                        3 => json!({"max": 3, "allowed": [1, 3]}),
                        _ => json!({"max": 4, "allowed": [2, 4]}),
                    };
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

/// A total assignment: each item's quantity (0: left out).
type Assignment = Vec<u32>;

struct Oracle<'a> {
    catalog: &'a Catalog,
    /// Every valid total assignment.
    valid: Vec<Assignment>,
    /// Every total assignment within the items' quantity ranges.
    all: Vec<Assignment>,
}

/// Whether an assignment contains a choice (the item, at the quantity the user set if any).
fn has(a: &[u32], c: &Choice) -> bool {
    let q = a[c.item.index()];
    q > 0 && c.quantity.is_none_or(|want| want == q)
}

impl<'a> Oracle<'a> {
    fn new(catalog: &'a Catalog) -> Self {
        let mut all: Vec<Assignment> = vec![Vec::new()];
        for it in catalog.items() {
            let values: Vec<u32> = std::iter::once(0).chain(it.quantities()).collect();
            all = all
                .into_iter()
                .flat_map(|a| {
                    values.iter().map(move |&q| {
                        let mut a = a.clone();
                        a.push(q);
                        a
                    })
                })
                .collect();
        }
        let cons: Vec<Constraint> = constraints(catalog);
        let valid = all
            .iter()
            .filter(|a| {
                cons.iter()
                    .all(|c| c.holds(catalog, &|i: ItemId| a[i.index()]))
            })
            .cloned()
            .collect();
        Self {
            catalog,
            valid,
            all,
        }
    }

    /// Whether some assignment satisfies the given constraints, the choices and `extra`.
    fn sat_with(
        &self,
        cons: &[Constraint],
        choices: &[Choice],
        extra: &dyn Fn(&[u32]) -> bool,
    ) -> bool {
        self.all.iter().any(|a| {
            choices.iter().all(|c| has(a, c))
                && extra(a)
                && cons
                    .iter()
                    .all(|c| c.holds(self.catalog, &|i: ItemId| a[i.index()]))
        })
    }

    /// Whether some valid assignment satisfies the choices and `extra`.
    fn sat(&self, choices: &[Choice], extra: &dyn Fn(&[u32]) -> bool) -> bool {
        self.valid
            .iter()
            .any(|a| choices.iter().all(|c| has(a, c)) && extra(a))
    }
}

/// "`item` is in" (`true`) or "left out" (`false`), as an extra condition.
fn is(item: ItemId, value: bool) -> impl Fn(&[u32]) -> bool {
    move |a: &[u32]| (a[item.index()] > 0) == value
}

fn anything(_: &[u32]) -> bool {
    true
}

impl Oracle<'_> {
    /// By brute force over all subsets: the smallest set of `context` choices whose retraction
    /// makes `item` possible; among equals, the one whose retracted positions, compared from
    /// the most recent down, are oldest.
    fn best_repair(&self, context: &[Choice], item: ItemId) -> Option<Vec<ItemId>> {
        let n = context.len();
        let mut best: Option<(usize, Vec<usize>)> = None;
        for mask in 0u32..1 << n {
            let removed: Vec<usize> = (0..n).filter(|p| mask >> p & 1 == 1).collect();
            let kept: Vec<Choice> = (0..n)
                .filter(|p| mask >> p & 1 == 0)
                .map(|p| context[p])
                .collect();
            if !self.sat(&kept, &is(item, true)) {
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
        best.map(|(_, key)| key.iter().rev().map(|&p| context[p].item).collect())
    }
}

fn constraints(c: &Catalog) -> Vec<Constraint> {
    c.groups()
        .iter()
        .map(|g| Constraint::Group(g.id))
        .chain(c.rules().iter().map(|r| Constraint::Rule(r.id)))
        .collect()
}

/// Whether constraint `c` names group `g` (its own group, or an item of `g` in a rule).
fn names_group(c: &Catalog, k: &Constraint, g: configurator_engine::GroupId) -> bool {
    use configurator_engine::catalog::RuleBody;
    match *k {
        Constraint::Group(x) => x == g,
        Constraint::Rule(r) => {
            let rule = c.rule(r);
            let mut items = Vec::new();
            match &rule.body {
                RuleBody::Resource { .. } => {
                    items.extend(rule.resource_terms(c).into_iter().map(|(i, _)| i))
                }
                RuleBody::Logic {
                    condition,
                    consequence,
                } => {
                    condition.items(&mut items);
                    consequence.items(&mut items);
                }
                RuleBody::Count { items: set, .. } => items.extend(set),
                RuleBody::Table(t) => return t.groups.contains(&g),
            }
            items.iter().any(|&i| c.item(i).group == g)
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn engine_agrees_with_brute_force(json in catalog_json(), picks in prop::collection::vec((any::<u16>(), 0u32..=4), 0..=3)) {
        let catalog = Catalog::from_json("random.json", &json.to_string()).expect("generated catalogs are valid");
        let n = catalog.items().len();
        let mut choices: Vec<Choice> = Vec::new();
        for (p, q) in picks {
            let i = ItemId::from_index(p as usize % n);
            // A quantity for items that have one (now and then out of range), else none.
            let quantity = (catalog.item(i).has_quantity() && q > 0).then_some(q);
            if !choices.iter().any(|c| c.item == i) {
                choices.push(Choice { item: i, quantity });
            }
        }
        let items_of = |cs: &[Choice]| -> Vec<ItemId> { cs.iter().map(|c| c.item).collect() };
        // The user's choices named in an explanation, with their quantities.
        let chosen_of = |ids: &[ItemId]| -> Vec<Choice> {
            ids.iter().map(|i| *choices.iter().find(|c| c.item == *i).expect("explanations name choices")).collect()
        };
        let oracle = Oracle::new(&catalog);
        let engine = Engine::new(catalog.clone());
        prop_assert!(engine.diagram_size().is_some(), "small catalogs compile to a diagram");
        let eval = engine.evaluate(&choices);
        // The solver-only path gives the same states, quantities, total and status
        // (explanations may be other minimal ones).
        let solver_only = Engine::with_diagram_budget(catalog.clone(), 0);
        // Clicks on one solver before the last: every prefix of the choices, then the choices
        // without the first (what earlier questions found or proved is reused by later ones).
        let mut clicks: Vec<Vec<Choice>> = (0..choices.len()).map(|k| choices[..k].to_vec()).collect();
        clicks.extend((!choices.is_empty()).then(|| choices[1..].to_vec()));
        for click in &clicks {
            let (by_solver, by_diagram) = (solver_only.evaluate(click), engine.evaluate(click));
            prop_assert_eq!(&by_solver.items, &by_diagram.items, "after {:?}", click);
            prop_assert_eq!(&by_solver.quantities, &by_diagram.quantities, "after {:?}", click);
        }
        let other = solver_only.evaluate(&choices);
        prop_assert_eq!(&other.items, &eval.items);
        prop_assert_eq!(&other.quantities, &eval.quantities);
        prop_assert_eq!(other.total, eval.total);
        prop_assert_eq!(std::mem::discriminant(&other.status), std::mem::discriminant(&eval.status));
        // The diagram compiled off-line: written, read back (byte for byte the same file), and
        // answering the same; a damaged or truncated copy is refused, never trusted.
        let artifact = engine.diagram_artifact().expect("a diagram has an artifact");
        let loaded = Engine::with_artifact(catalog.clone(), &artifact).expect("its own artifact loads");
        prop_assert!(loaded.diagram_artifact() == Some(artifact.clone()), "the artifact reads back to itself");
        let from_file = loaded.evaluate(&choices);
        prop_assert_eq!(&from_file.items, &eval.items);
        prop_assert_eq!(&from_file.quantities, &eval.quantities);
        prop_assert_eq!(from_file.total, eval.total);
        prop_assert_eq!(std::mem::discriminant(&from_file.status), std::mem::discriminant(&eval.status));
        let at = (artifact.len() - 1) * choices.len().min(3) / 3;
        let mut damaged = artifact.clone();
        damaged[at] ^= 1 << (n % 8);
        prop_assert!(Engine::with_artifact(catalog.clone(), &damaged).is_err(), "a flipped bit at {} goes unnoticed", at);
        prop_assert!(Engine::with_artifact(catalog.clone(), &artifact[..at]).is_err());
        // The same configurations compiled with the levels in catalog order (another diagram).
        let in_catalog_order = Engine::compiled_in_catalog_order(catalog.clone(), configurator_engine::DIAGRAM_BUDGET);
        let by_catalog_order = in_catalog_order.evaluate(&choices);
        prop_assert_eq!(&by_catalog_order.items, &eval.items);
        prop_assert_eq!(&by_catalog_order.quantities, &eval.quantities);
        // Counting: the valid configurations that contain every choice.
        let expected = oracle.valid.iter().filter(|a| choices.iter().all(|c| has(a, c))).count();
        prop_assert_eq!(engine.count(&choices), Some(expected.into()));
        prop_assert_eq!(loaded.count(&choices), Some(expected.into()));
        prop_assert_eq!(in_catalog_order.count(&choices), Some(expected.into()));
        // The factor counter (catalogs without a diagram, tables first) counts the same.
        prop_assert_eq!(configurator_engine::count_by_factors(&catalog, &choices, u64::MAX), Some(expected.into()));
        // The model counter (catalogs without a diagram) counts the same.
        prop_assert_eq!(solver_only.count(&choices), Some(expected.into()));
        // And so does the solver with every resource sum in binary arithmetic (the form of
        // sums too large for their interval diagram).
        // And so does the solver with every resource rule checked on its models (the form of
        // rules too large for their interval diagram), explanations included; it gives no
        // count when a rule is checked so.
        let (lazy, lazy_count, lazy_explained) = configurator_engine::with_sum_diagram_edges(0, || {
            let e = Engine::with_diagram_budget(catalog.clone(), 0);
            let explained: Vec<_> = catalog.items().iter().map(|it| e.explain(&choices, it.id)).collect();
            (e.evaluate(&choices), e.count(&choices), explained)
        });
        prop_assert_eq!(&lazy.items, &eval.items);
        prop_assert_eq!(&lazy.quantities, &eval.quantities);
        prop_assert_eq!(lazy.total, eval.total);
        prop_assert_eq!(std::mem::discriminant(&lazy.status), std::mem::discriminant(&eval.status));
        let resource_rules = catalog.rules().iter().any(|r| !r.resource_terms(&catalog).is_empty());
        prop_assert!(lazy_count.is_none() || lazy_count == Some(expected.into()));
        if !resource_rules {
            prop_assert_eq!(lazy_count, Some(expected.into()));
        }
        let all = constraints(&catalog);
        let consistent = oracle.sat(&choices, &anything);

        for item in catalog.items() {
            let group = catalog.group(item.group);
            let context: Vec<Choice> = match group.kind {
                ChoiceKind::Single => choices.iter().copied().filter(|c| catalog.item(c.item).group != group.id).collect(),
                ChoiceKind::Multiple => choices.clone(),
            };
            let possible = oracle.sat(&context, &is(item.id, true));
            let state = eval.item(item.id);
            // Quantities: for an item that is in, exactly the achievable ones given the other
            // choices (its own quantity left out).
            let range = &eval.quantities[item.id.index()];
            if item.has_quantity() && state.is_in() {
                let others: Vec<Choice> = choices
                    .iter()
                    .map(|c| if c.item == item.id { Choice::from(c.item) } else { *c })
                    .collect();
                let expected: Vec<u32> = item
                    .quantities()
                    .filter(|&q| oracle.sat(&others, &|a: &[u32]| a[item.id.index()] == q))
                    .collect();
                let r = range.as_ref().expect("an item that is in has its quantities");
                prop_assert_eq!(&r.values, &expected, "quantities of {}", item.key);
                let pinned = choices.iter().find(|c| c.item == item.id).and_then(|c| c.quantity);
                prop_assert_eq!(r.current, pinned.or(expected.first().copied()).unwrap_or(*item.quantity.start()));
            } else {
                prop_assert!(range.is_none());
            }
            if choices.iter().any(|c| c.item == item.id) {
                prop_assert_eq!(state, ItemState::Selected);
                prop_assert_eq!(engine.explain(&choices, item.id), None);
                continue;
            }
            let explanation = engine.explain(&choices, item.id);
            prop_assert_eq!(explanation.is_some(), matches!(state, ItemState::Unavailable | ItemState::Implied));
            match state {
                ItemState::Unavailable => {
                    // Repair: the smallest retraction, ties keeping the most recent choices.
                    // On both paths: the diagram's one pass and the solver's hitting-set search.
                    let repair = engine.repair(&choices, item.id);
                    let best = oracle.best_repair(&context, item.id);
                    prop_assert_eq!(&repair, &best, "repair of {}", item.key);
                    prop_assert_eq!(&loaded.repair(&choices, item.id), &best, "repair of {} from the artifact", item.key);
                    let by_search = solver_only.repair(&choices, item.id);
                    prop_assert_eq!(&by_search, &best, "repair of {} without a diagram", item.key);
                    prop_assert!(!possible, "{} shown unavailable but possible", item.key);
                    // Both paths' explanations (diagram and solver only), each possibly another
                    // minimal one.
                    let by_solver = solver_only.explain(&choices, item.id);
                    let by_lazy = lazy_explained[item.id.index()].clone();
                    for e in [explanation.unwrap(), by_solver.unwrap(), by_lazy.unwrap()] {
                        let ec = chosen_of(&e.choices);
                        // The explanation is sufficient ...
                        prop_assert!(!oracle.sat_with(&e.constraints, &ec, &is(item.id, true)));
                        prop_assert!(e.choices.iter().all(|c| items_of(&context).contains(c)));
                        // ... and minimal: dropping any one choice makes the item possible.
                        for k in 0..ec.len() {
                            let mut fewer = ec.clone();
                            fewer.remove(k);
                            prop_assert!(oracle.sat(&fewer, &is(item.id, true)));
                        }
                        for k in 0..e.constraints.len() {
                            let mut fewer = e.constraints.clone();
                            fewer.remove(k);
                            prop_assert!(oracle.sat_with(&fewer, &ec, &is(item.id, true)));
                        }
                    }
                }
                ItemState::Implied => {
                    prop_assert_eq!(engine.repair(&choices, item.id), Some(vec![]));
                    let e = explanation.unwrap();
                    let ec = chosen_of(&e.choices);
                    prop_assert!(possible && consistent);
                    prop_assert!(!oracle.sat(&choices, &is(item.id, false)), "{} implied but can be left out", item.key);
                    prop_assert!(!oracle.sat_with(&e.constraints, &ec, &is(item.id, false)));
                    for k in 0..ec.len() {
                        let mut fewer = ec.clone();
                        fewer.remove(k);
                        prop_assert!(oracle.sat(&fewer, &is(item.id, false)));
                    }
                    for k in 0..e.constraints.len() {
                        let mut fewer = e.constraints.clone();
                        fewer.remove(k);
                        prop_assert!(oracle.sat_with(&fewer, &ec, &is(item.id, false)));
                    }
                }
                ItemState::Available => {
                    prop_assert_eq!(engine.repair(&choices, item.id), Some(vec![]));
                    prop_assert!(possible, "{} shown available but impossible", item.key);
                    if consistent {
                        prop_assert!(oracle.sat(&choices, &is(item.id, false)));
                    }
                }
                ItemState::Selected => prop_assert!(false, "unselected item shown selected"),
            }
        }

        let current = |i: ItemId| eval.quantity(i);
        match &eval.status {
            Status::Conflict(e) => {
                prop_assert!(!consistent);
                let ec = chosen_of(&e.choices);
                prop_assert!(!oracle.sat_with(&e.constraints, &ec, &anything));
                for k in 0..ec.len() {
                    let mut fewer = ec.clone();
                    fewer.remove(k);
                    prop_assert!(oracle.sat(&fewer, &anything), "conflict choices not minimal");
                }
                for k in 0..e.constraints.len() {
                    let mut fewer = e.constraints.clone();
                    fewer.remove(k);
                    prop_assert!(oracle.sat_with(&fewer, &ec, &anything));
                }
            }
            Status::Complete => {
                prop_assert!(consistent);
                prop_assert!(all.iter().all(|c| c.holds(&catalog, &current)));
            }
            Status::Incomplete { missing } => {
                prop_assert!(consistent);
                prop_assert!(!missing.is_empty(), "an incomplete configuration names where to go on");
                let short = |g: &configurator_engine::GroupId| {
                    let have = catalog.group(*g).items.iter().filter(|&&i| eval.item(i).is_in()).count();
                    (have as u32) < catalog.group(*g).min
                };
                if !missing.iter().all(short) {
                    // No group short of its minimum: each named group is one a failing rule
                    // names (where the customer can meet it).
                    let failing: Vec<&Constraint> = all.iter().filter(|c| !c.holds(&catalog, &current)).collect();
                    prop_assert!(!failing.is_empty());
                    for g in missing {
                        prop_assert!(failing.iter().any(|c| names_group(&catalog, c, *g)), "group {} named by no failing rule", catalog.group(*g).key);
                    }
                }
                prop_assert!(!all.iter().all(|c| c.holds(&catalog, &current)) || missing.iter().all(short));
            }
        }
        // Cheapest completion: valid, contains the choices, and no valid extension is cheaper.
        let price = |a: &[u32]| -> configurator_engine::Money {
            catalog.items().iter().map(|it| it.price.times(a[it.id.index()])).sum()
        };
        let cheapest = oracle
            .valid
            .iter()
            .filter(|a| choices.iter().all(|c| has(a, c)))
            .map(|a| price(a))
            .min();
        // From the diagram, and by the solver's descent for catalogs without one.
        for found in [engine.cheapest_completion(&choices), solver_only.cheapest_completion(&choices)] {
        match found {
            Some(done) => {
                let mut a = vec![0u32; n];
                for c in &done {
                    a[c.item.index()] = c.quantity.unwrap_or(1);
                }
                prop_assert!(oracle.valid.contains(&a), "cheapest completion is not valid");
                prop_assert!(choices.iter().all(|c| has(&a, c)));
                prop_assert_eq!(Some(price(&a)), cheapest);
            }
            None => prop_assert_eq!(cheapest, None),
        }
        }
        // Defaults: applied in catalog order where consistent; each one left out is either
        // inconsistent with what came before it or in a single-choice group already taken.
        let done = engine.complete_with_defaults(&choices);
        prop_assert!(done.starts_with(&choices));
        if consistent {
            prop_assert!(oracle.sat(&done, &anything));
            for it in catalog.items().iter().filter(|it| it.default && !done.iter().any(|c| c.item == it.id)) {
                let g = catalog.group(it.group);
                let before: Vec<Choice> = done
                    .iter()
                    .copied()
                    .filter(|d| choices.contains(d) || d.item.index() < it.id.index())
                    .collect();
                let taken = g.kind == ChoiceKind::Single && g.items.iter().any(|i| before.iter().any(|c| c.item == *i));
                prop_assert!(taken || !oracle.sat(&before, &is(it.id, true)), "default {} skipped", it.key);
            }
        } else {
            prop_assert_eq!(&done, &choices);
        }
        let expected_total: configurator_engine::Money =
            catalog.items().iter().map(|it| it.price.times(eval.quantity(it.id))).sum();
        prop_assert_eq!(eval.total, expected_total);
    }
}
