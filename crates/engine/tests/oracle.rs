//! The engine against an independent brute-force oracle on random small catalogs.
//!
//! The oracle enumerates every assignment of items and judges it with its own reading of the
//! catalog format's documentation (`oracle/meaning.rs`, from the generated JSON), sharing no
//! code with the engine's rule evaluation: the engine's loader only builds the engine under
//! test (and maps its ids to catalog keys).

#[path = "oracle/meaning.rs"]
mod meaning;

use configurator_engine::pricing::{self, PricingContext};
use configurator_engine::{Catalog, Choice, Constraint, Engine, ItemId, ItemState, Status};
use meaning::{Model, K};
use proptest::prelude::*;
use rust_decimal::Decimal;
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
                                   "attributes": {"u": (gi * 3 + ii * 5 + n) % 4, "p": (gi + ii * 2 + n) % 3},
                                   "prices": {"eur": format!("{}.{:02}", gi * 9 + ii, ii * 11)},
                                   "family": if (gi + ii) % 2 == 0 { "hw" } else { "sw" }})
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
            // Some groups ask a question: their items are answers, with no SKU, price,
            // quantity or attributes, never priced (they behave like any item for the rules).
            for g in groups.iter_mut() {
                if next(&mut cs).is_multiple_of(4) {
                    g["question"] = json!(format!("Which {}?", g["name"].as_str().unwrap_or("")));
                    for it in g["items"].as_array_mut().expect("items") {
                        let it = it.as_object_mut().expect("an item");
                        for field in ["sku", "price", "attributes", "prices", "family"] {
                            it.remove(field);
                        }
                    }
                } else if next(&mut cs).is_multiple_of(3) {
                    // A subscription group: its items are billed every month or year.
                    let period = if next(&mut cs).is_multiple_of(2) { "month" } else { "year" };
                    for it in g["items"].as_array_mut().expect("items") {
                        it["recurring"] = json!(period);
                    }
                }
            }
            // Up to two items with a quantity (1..=2, 1..=3 or 2..=3, or only some of a
            // range: 1 or 3; 2 or 4).
            for _ in 0..2 {
                if next(&mut cs).is_multiple_of(2) {
                    let gi = (next(&mut cs) as usize) % groups.len();
                    if groups[gi].get("question").is_some() {
                        continue;
                    }
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
                   "price_books": [{"id": "eur", "name": "Euro", "currency": "EUR"}],
                   "partner_tiers": [{"id": "gold", "name": "Gold", "discounts": {"hw": "20", "sw": "7.5"}}],
                   "terms": [12, 36], "groups": groups, "rules": rules})
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
    model: &'a Model,
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
    fn new(model: &'a Model) -> Self {
        let mut all: Vec<Assignment> = vec![Vec::new()];
        for it in &model.items {
            let values: Vec<u32> = std::iter::once(0)
                .chain(it.quantities.iter().copied())
                .collect();
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
        let valid = all.iter().filter(|a| model.holds_all(a)).cloned().collect();
        Self { model, valid, all }
    }

    /// Whether some assignment satisfies the given constraints, the choices and `extra`.
    fn sat_with(&self, cons: &[K], choices: &[Choice], extra: &dyn Fn(&[u32]) -> bool) -> bool {
        self.all.iter().any(|a| {
            choices.iter().all(|c| has(a, c))
                && extra(a)
                && cons.iter().all(|&k| self.model.holds(k, a))
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

/// The engine's constraints (an explanation's) as the oracle's: by the keys of the catalog.
fn judged(c: &Catalog, model: &Model, ks: &[Constraint]) -> Vec<K> {
    ks.iter()
        .map(|k| match *k {
            Constraint::Group(g) => K::Group(model.group_of_key(&c.group(g).key)),
            Constraint::Rule(r) => K::Rule(model.rule_of_key(&c.rule(r).key)),
        })
        .collect()
}

/// The oracle's list price of an assignment (answers cost nothing).
fn list_price(model: &Model, a: &[u32]) -> Decimal {
    model
        .items
        .iter()
        .zip(a)
        .map(|(it, &q)| it.price * Decimal::from(q))
        .sum()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn engine_agrees_with_brute_force(json in catalog_json(), picks in prop::collection::vec((any::<u16>(), 0u32..=4), 0..=3)) {
        let catalog = Catalog::from_json("random.json", &json.to_string()).expect("generated catalogs are valid");
        let model = Model::read(&json);
        let n = model.items.len();
        // The engine's ids are the catalog's order (used only to name items to it).
        for (k, it) in model.items.iter().enumerate() {
            let (g, i) = it.key.split_once('.').expect("group.item");
            prop_assert_eq!(catalog.item_by_key(g, i), Some(ItemId::from_index(k)));
        }
        let mut choices: Vec<Choice> = Vec::new();
        for (p, q) in picks {
            let i = ItemId::from_index(p as usize % n);
            // A quantity for items that have one (now and then out of range), else none.
            let quantity = (model.items[i.index()].has_quantity && q > 0).then_some(q);
            if !choices.iter().any(|c| c.item == i) {
                choices.push(Choice { item: i, quantity });
            }
        }
        let items_of = |cs: &[Choice]| -> Vec<ItemId> { cs.iter().map(|c| c.item).collect() };
        // The user's choices named in an explanation, with their quantities.
        let chosen_of = |ids: &[ItemId]| -> Vec<Choice> {
            ids.iter().map(|i| *choices.iter().find(|c| c.item == *i).expect("explanations name choices")).collect()
        };
        let oracle = Oracle::new(&model);
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
            let explained: Vec<_> = (0..n).map(|k| e.explain(&choices, ItemId::from_index(k))).collect();
            (e.evaluate(&choices), e.count(&choices), explained)
        });
        prop_assert_eq!(&lazy.items, &eval.items);
        prop_assert_eq!(&lazy.quantities, &eval.quantities);
        prop_assert_eq!(lazy.total, eval.total);
        prop_assert_eq!(std::mem::discriminant(&lazy.status), std::mem::discriminant(&eval.status));
        let resource_rules = model.rules.iter().any(|r| matches!(r, meaning::Rule::Resource { uses, provides } if !uses.is_empty() || !provides.is_empty()));
        prop_assert!(lazy_count.is_none() || lazy_count == Some(expected.into()));
        if !resource_rules {
            prop_assert_eq!(lazy_count, Some(expected.into()));
        }
        let all = model.constraints();
        let consistent = oracle.sat(&choices, &anything);

        for (k, item) in model.items.iter().enumerate() {
            let id = ItemId::from_index(k);
            let context: Vec<Choice> = if model.groups[item.group].single {
                choices.iter().copied().filter(|c| model.items[c.item.index()].group != item.group).collect()
            } else {
                choices.clone()
            };
            let possible = oracle.sat(&context, &is(id, true));
            let state = eval.item(id);
            // Quantities: for an item that is in, exactly the achievable ones given the other
            // choices (its own quantity left out).
            let range = &eval.quantities[k];
            if item.has_quantity && state.is_in() {
                let others: Vec<Choice> = choices
                    .iter()
                    .map(|c| if c.item == id { Choice::from(c.item) } else { *c })
                    .collect();
                let expected: Vec<u32> = item
                    .quantities
                    .iter()
                    .copied()
                    .filter(|&q| oracle.sat(&others, &|a: &[u32]| a[k] == q))
                    .collect();
                let r = range.as_ref().expect("an item that is in has its quantities");
                prop_assert_eq!(&r.values, &expected, "quantities of {}", item.key);
                let pinned = choices.iter().find(|c| c.item == id).and_then(|c| c.quantity);
                prop_assert_eq!(r.current, pinned.or(expected.first().copied()).unwrap_or(item.quantities[0]));
            } else {
                prop_assert!(range.is_none());
            }
            if choices.iter().any(|c| c.item == id) {
                prop_assert_eq!(state, ItemState::Selected);
                prop_assert_eq!(engine.explain(&choices, id), None);
                continue;
            }
            let explanation = engine.explain(&choices, id);
            prop_assert_eq!(explanation.is_some(), matches!(state, ItemState::Unavailable | ItemState::Implied));
            match state {
                ItemState::Unavailable => {
                    // Repair: the smallest retraction, ties keeping the most recent choices.
                    // On both paths: the diagram's one pass and the solver's hitting-set search.
                    let repair = engine.repair(&choices, id);
                    let best = oracle.best_repair(&context, id);
                    prop_assert_eq!(&repair, &best, "repair of {}", item.key);
                    prop_assert_eq!(&loaded.repair(&choices, id), &best, "repair of {} from the artifact", item.key);
                    let by_search = solver_only.repair(&choices, id);
                    prop_assert_eq!(&by_search, &best, "repair of {} without a diagram", item.key);
                    prop_assert!(!possible, "{} shown unavailable but possible", item.key);
                    // Both paths' explanations (diagram and solver only), each possibly another
                    // minimal one.
                    let by_solver = solver_only.explain(&choices, id);
                    let by_lazy = lazy_explained[k].clone();
                    for e in [explanation.unwrap(), by_solver.unwrap(), by_lazy.unwrap()] {
                        let ec = chosen_of(&e.choices);
                        let ek = judged(&catalog, &model, &e.constraints);
                        // The explanation is sufficient ...
                        prop_assert!(!oracle.sat_with(&ek, &ec, &is(id, true)), "{} unavailable because of {:?} {:?}", item.key, ek, ec);
                        prop_assert!(e.choices.iter().all(|c| items_of(&context).contains(c)));
                        // ... and minimal: dropping any one choice makes the item possible.
                        for k in 0..ec.len() {
                            let mut fewer = ec.clone();
                            fewer.remove(k);
                            prop_assert!(oracle.sat(&fewer, &is(id, true)));
                        }
                        for k in 0..ek.len() {
                            let mut fewer = ek.clone();
                            fewer.remove(k);
                            prop_assert!(oracle.sat_with(&fewer, &ec, &is(id, true)), "{} unavailable: {:?} {:?} not minimal", item.key, ek, ec);
                        }
                    }
                }
                ItemState::Implied => {
                    prop_assert_eq!(engine.repair(&choices, id), Some(vec![]));
                    let e = explanation.unwrap();
                    let ec = chosen_of(&e.choices);
                    let ek = judged(&catalog, &model, &e.constraints);
                    prop_assert!(possible && consistent);
                    prop_assert!(!oracle.sat(&choices, &is(id, false)), "{} implied but can be left out", item.key);
                    prop_assert!(!oracle.sat_with(&ek, &ec, &is(id, false)));
                    for k in 0..ec.len() {
                        let mut fewer = ec.clone();
                        fewer.remove(k);
                        prop_assert!(oracle.sat(&fewer, &is(id, false)));
                    }
                    for k in 0..ek.len() {
                        let mut fewer = ek.clone();
                        fewer.remove(k);
                        prop_assert!(oracle.sat_with(&fewer, &ec, &is(id, false)));
                    }
                }
                ItemState::Available => {
                    prop_assert_eq!(engine.repair(&choices, id), Some(vec![]));
                    prop_assert!(possible, "{} shown available but impossible", item.key);
                    if consistent {
                        prop_assert!(oracle.sat(&choices, &is(id, false)));
                    }
                }
                ItemState::Selected => prop_assert!(false, "unselected item shown selected"),
            }
        }

        let current: Vec<u32> = (0..n).map(|k| eval.quantity(ItemId::from_index(k))).collect();
        match &eval.status {
            Status::Conflict(e) => {
                prop_assert!(!consistent);
                let ec = chosen_of(&e.choices);
                let ek = judged(&catalog, &model, &e.constraints);
                prop_assert!(!oracle.sat_with(&ek, &ec, &anything));
                for k in 0..ec.len() {
                    let mut fewer = ec.clone();
                    fewer.remove(k);
                    prop_assert!(oracle.sat(&fewer, &anything), "conflict choices not minimal");
                }
                for k in 0..ek.len() {
                    let mut fewer = ek.clone();
                    fewer.remove(k);
                    prop_assert!(oracle.sat_with(&fewer, &ec, &anything));
                }
            }
            Status::Complete => {
                prop_assert!(consistent);
                prop_assert!(model.holds_all(&current));
            }
            Status::Incomplete { missing } => {
                prop_assert!(consistent);
                prop_assert!(!missing.is_empty(), "an incomplete configuration names where to go on");
                let short = |g: &configurator_engine::GroupId| {
                    let g = &model.groups[model.group_of_key(&catalog.group(*g).key)];
                    let have = g.items.iter().filter(|&&i| current[i] > 0).count();
                    (have as u32) < g.min
                };
                if !missing.iter().all(short) {
                    // No group short of its minimum: each named group is one a failing rule
                    // names (where the customer can meet it).
                    let failing: Vec<K> = all.iter().copied().filter(|&c| !model.holds(c, &current)).collect();
                    prop_assert!(!failing.is_empty());
                    for g in missing {
                        prop_assert!(failing.iter().any(|&c| model.names_group(c, model.group_of_key(&catalog.group(*g).key))), "group {} named by no failing rule", catalog.group(*g).key);
                    }
                }
                prop_assert!(!model.holds_all(&current) || missing.iter().all(short));
            }
        }
        // Cheapest completion: valid, contains the choices, and no valid extension is cheaper.
        let price = |a: &[u32]| list_price(&model, a);
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
            for (k, it) in model.items.iter().enumerate().filter(|(k, it)| it.default && !done.iter().any(|c| c.item.index() == *k)) {
                let g = &model.groups[it.group];
                let before: Vec<Choice> = done
                    .iter()
                    .copied()
                    .filter(|d| choices.contains(d) || d.item.index() < k)
                    .collect();
                let taken = g.single && g.items.iter().any(|&i| before.iter().any(|c| c.item.index() == i));
                prop_assert!(taken || !oracle.sat(&before, &is(ItemId::from_index(k), true)), "default {} skipped", it.key);
            }
        } else {
            prop_assert_eq!(&done, &choices);
        }
        prop_assert_eq!(eval.total.amount(), list_price(&model, &current));
        // Priced under a price book, a partner tier and a term: one line per item that is in,
        // never an answer (feasibility treats answers as any item; prices never list them).
        let context = PricingContext {
            price_book: n.is_multiple_of(2).then(|| "eur".to_owned()),
            partner_tier: choices.first().map(|_| "gold".to_owned()),
            term_months: Some(36),
            ..PricingContext::default()
        };
        match pricing::price(&catalog, &eval, &context) {
            Ok(priced) => {
                let lines: Vec<usize> = priced.lines.iter().map(|l| l.item.index()).collect();
                let expected: Vec<usize> = (0..n).filter(|&k| current[k] > 0 && !model.items[k].answer).collect();
                prop_assert_eq!(lines, expected);
            }
            Err(e) => prop_assert!(matches!(eval.status, Status::Conflict(_)), "priced with an error {}", e),
        }
    }
}

/// The oracle's reading of a table with a scope group left empty (see `oracle/meaning.rs`),
/// checked on the engine: an optional question left unanswered forbids nothing.
#[test]
fn a_table_with_a_group_left_empty_checks_nothing() {
    let json = json!({"id": "t", "name": "T", "version": "1", "currency": "USD",
        "groups": [
            {"id": "q", "name": "Q", "question": "Which?", "choice": "single",
             "items": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}]},
            {"id": "p", "name": "P", "choice": "single",
             "items": [{"id": "x", "sku": "X", "name": "X", "price": "1"}, {"id": "y", "sku": "Y", "name": "Y", "price": "2"}]}],
        "rules": [{"id": "t", "kind": "table", "groups": ["q", "p"], "allowed": [["a", "x"]], "message": "t"}]});
    let catalog = Catalog::from_json("t.json", &json.to_string()).unwrap();
    let model = Model::read(&json);
    let engine = Engine::new(catalog.clone());
    let y = catalog.item_by_key("p", "y").unwrap();
    let eval = engine.evaluate(&[Choice::from(y)]);
    let a: Vec<u32> = (0..4)
        .map(|k| eval.quantity(ItemId::from_index(k)))
        .collect();
    assert_eq!(
        model.holds_all(&a),
        eval.status == Status::Complete,
        "{:?} {:?}",
        a,
        eval.status
    );
    assert_eq!(eval.status, Status::Complete, "{:?}", eval.items);
}
