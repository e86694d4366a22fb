//! The oracle's own reading of a catalog's meaning, written from the catalog format's
//! documentation (`README.md` "The catalog format", `docs/catalog-guide.md` and
//! `catalog.schema.json`), never from the engine's rule code: it reads the catalog's JSON and
//! says whether each group's limits and each rule hold for an assignment (each item's
//! quantity, 0 when left out, in catalog order: groups in order, their items in order).
//!
//! Readings of what the documentation leaves open (each one checked against the engine by the
//! oracle; a disagreement is investigated, not papered over):
//! - `single`: at most one item, exactly one when `required`. `multiple`: between `min` (0
//!   when absent; at least 1 when `required`) and `max` (every item when absent) items.
//! - `when`: while it does not hold, none of the group's items may be chosen (the schema's
//!   words) and the group's limits do not apply (a `required` group that does not apply asks
//!   for nothing); while it holds, the limits apply. Both belong to the group's own limit.
//! - A reference `group.item` in an expression holds when the item is chosen (any quantity).
//!   `not` binds tighter than `and`, which binds tighter than `or` (the usual precedence).
//! - `requires`: when `if` holds (always when absent), `then` holds; `excludes`: when `if`
//!   holds, `then` does not.
//! - `table`: on single-choice groups, the chosen items of the scope's groups, one per group,
//!   are a combination; `allowed` asks that it be a row, `forbidden` that it not be. A scope
//!   group with nothing chosen makes no combination: an `allowed` table has nothing to check
//!   (an optional question left unanswered forbids nothing; checked on the engine by
//!   `a_table_with_a_group_left_empty_checks_nothing`). The documentation says nothing of
//!   several items of one scope group at once (only possible when an explanation sets the
//!   group's own limit aside); read as: each chosen item is in an `allowed` row whose items
//!   are all chosen, and no `forbidden` row has all its items chosen. (The first reading
//!   tried, "every combination of one chosen item per group is a row", made the engine's
//!   explanations look non-minimal: an explanation of a table names the group's own limit.)
//! - `count`: the number of chosen items of the set (items, not units) is between `min` (0 when
//!   absent) and `max` (no bound when absent).
//! - `resource`: Σ over chosen items of `uses` × quantity ≤ Σ over chosen items of `provides` ×
//!   quantity (a missing attribute is 0; the schema says resource rules count attributes
//!   times quantity, on both sides).
//! - Quantities: an item without `quantity` is ordered in one unit; with it, in `min` (1 when
//!   absent) to `max` units, or only the `allowed` ones.

use rust_decimal::Decimal;
use serde_json::Value;
use std::collections::BTreeMap;

/// A boolean expression over items (by index).
#[derive(Clone, Debug)]
pub enum Expr {
    Item(usize),
    Not(Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
}

impl Expr {
    pub fn eval(&self, a: &[u32]) -> bool {
        match self {
            Expr::Item(i) => a[*i] > 0,
            Expr::Not(e) => !e.eval(a),
            Expr::And(x, y) => x.eval(a) && y.eval(a),
            Expr::Or(x, y) => x.eval(a) || y.eval(a),
        }
    }

    fn items(&self, out: &mut Vec<usize>) {
        match self {
            Expr::Item(i) => out.push(*i),
            Expr::Not(e) => e.items(out),
            Expr::And(x, y) | Expr::Or(x, y) => {
                x.items(out);
                y.items(out);
            }
        }
    }
}

/// A tiny recursive-descent parser: `or` of `and`s of (`not`)* atoms; an atom is `group.item`
/// or a parenthesised expression.
struct Parser<'a> {
    tokens: Vec<String>,
    at: usize,
    keys: &'a BTreeMap<String, usize>,
}

fn tokenize(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    for ch in text.chars() {
        if ch == '(' || ch == ')' || ch.is_whitespace() {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            if !ch.is_whitespace() {
                out.push(ch.to_string());
            }
        } else {
            word.push(ch);
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

impl Parser<'_> {
    fn peek(&self) -> Option<&str> {
        self.tokens.get(self.at).map(String::as_str)
    }

    fn or(&mut self) -> Expr {
        let mut e = self.and();
        while self.peek() == Some("or") {
            self.at += 1;
            e = Expr::Or(Box::new(e), Box::new(self.and()));
        }
        e
    }

    fn and(&mut self) -> Expr {
        let mut e = self.unary();
        while self.peek() == Some("and") {
            self.at += 1;
            e = Expr::And(Box::new(e), Box::new(self.unary()));
        }
        e
    }

    fn unary(&mut self) -> Expr {
        match self.peek() {
            Some("not") => {
                self.at += 1;
                Expr::Not(Box::new(self.unary()))
            }
            Some("(") => {
                self.at += 1;
                let e = self.or();
                assert_eq!(self.peek(), Some(")"), "unbalanced parentheses");
                self.at += 1;
                e
            }
            Some(word) => {
                let i = *self
                    .keys
                    .get(word)
                    .unwrap_or_else(|| panic!("unknown item {word}"));
                self.at += 1;
                Expr::Item(i)
            }
            None => panic!("expression ends early"),
        }
    }
}

pub fn parse(text: &str, keys: &BTreeMap<String, usize>) -> Expr {
    let mut p = Parser {
        tokens: tokenize(text),
        at: 0,
        keys,
    };
    let e = p.or();
    assert_eq!(p.at, p.tokens.len(), "trailing tokens in {text}");
    e
}

pub struct Item {
    /// `group.item`.
    pub key: String,
    pub group: usize,
    /// The quantities it may be ordered in (never 0).
    pub quantities: Vec<u32>,
    pub has_quantity: bool,
    /// The list price (0 for an answer).
    pub price: Decimal,
    pub default: bool,
    pub answer: bool,
}

pub struct Group {
    pub key: String,
    pub single: bool,
    pub min: u32,
    pub max: u32,
    pub when: Option<Expr>,
    pub items: Vec<usize>,
}

pub enum Rule {
    Logic {
        cond: Option<Expr>,
        then: Expr,
        excludes: bool,
    },
    Table {
        groups: Vec<usize>,
        rows: Vec<Vec<usize>>,
        allowed: bool,
    },
    Count {
        items: Vec<usize>,
        min: u64,
        max: Option<u64>,
    },
    Resource {
        uses: Vec<(usize, i64)>,
        provides: Vec<(usize, i64)>,
    },
}

/// A constraint of the oracle's reading: a group's own limit, or a rule (by catalog position).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum K {
    Group(usize),
    Rule(usize),
}

pub struct Model {
    pub items: Vec<Item>,
    pub groups: Vec<Group>,
    pub rules: Vec<Rule>,
    pub rule_keys: Vec<String>,
}

fn attr(item: &Value, name: &str) -> i64 {
    item["attributes"][name].as_i64().unwrap_or(0)
}

impl Model {
    pub fn read(catalog: &Value) -> Model {
        let mut keys = BTreeMap::new();
        let mut items = Vec::new();
        let mut raw = Vec::new();
        let groups_json = catalog["groups"].as_array().expect("groups");
        for (gi, g) in groups_json.iter().enumerate() {
            let answer = g.get("question").is_some();
            for it in g["items"].as_array().expect("items") {
                let key = format!(
                    "{}.{}",
                    g["id"].as_str().unwrap(),
                    it["id"].as_str().unwrap()
                );
                keys.insert(key.clone(), items.len());
                let q = &it["quantity"];
                let quantities: Vec<u32> = if q.is_null() {
                    vec![1]
                } else if let Some(allowed) = q["allowed"].as_array() {
                    allowed.iter().map(|v| v.as_u64().unwrap() as u32).collect()
                } else {
                    let min = q["min"].as_u64().unwrap_or(1) as u32;
                    (min..=q["max"].as_u64().unwrap() as u32).collect()
                };
                items.push(Item {
                    key,
                    group: gi,
                    quantities,
                    has_quantity: !q.is_null(),
                    price: it["price"]
                        .as_str()
                        .map_or(Decimal::ZERO, |p| p.parse().unwrap()),
                    default: it["default"].as_bool().unwrap_or(false),
                    answer,
                });
                raw.push(it.clone());
            }
        }
        let mut groups = Vec::new();
        let mut first = 0;
        for g in groups_json {
            let n = g["items"].as_array().unwrap().len();
            let single = g["choice"] == "single";
            let required = g["required"].as_bool().unwrap_or(false);
            let (min, max) = if single {
                (u32::from(required), 1)
            } else {
                let min = g["min"].as_u64().unwrap_or(0) as u32;
                (
                    min.max(u32::from(required)),
                    g["max"].as_u64().map_or(n as u32, |m| m as u32),
                )
            };
            groups.push(Group {
                key: g["id"].as_str().unwrap().to_owned(),
                single,
                min,
                max,
                when: g["when"].as_str().map(|w| parse(w, &keys)),
                items: (first..first + n).collect(),
            });
            first += n;
        }
        let group_index = |k: &str| groups.iter().position(|g| g.key == k).expect("scope group");
        let empty = Vec::new();
        let mut rules = Vec::new();
        let mut rule_keys = Vec::new();
        for r in catalog["rules"].as_array().unwrap_or(&empty) {
            rule_keys.push(r["id"].as_str().unwrap().to_owned());
            let rule = match r["kind"].as_str().unwrap() {
                kind @ ("requires" | "excludes") => Rule::Logic {
                    cond: r["if"].as_str().map(|e| parse(e, &keys)),
                    then: parse(r["then"].as_str().unwrap(), &keys),
                    excludes: kind == "excludes",
                },
                "table" => {
                    let scope: Vec<&str> = r["groups"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|g| g.as_str().unwrap())
                        .collect();
                    let allowed = r.get("allowed").is_some();
                    let rows = r[if allowed { "allowed" } else { "forbidden" }]
                        .as_array()
                        .unwrap();
                    let rows = rows
                        .iter()
                        .map(|row| {
                            let row = row.as_array().unwrap();
                            scope
                                .iter()
                                .zip(row)
                                .map(|(g, i)| keys[&format!("{g}.{}", i.as_str().unwrap())])
                                .collect()
                        })
                        .collect();
                    Rule::Table {
                        groups: scope.iter().map(|g| group_index(g)).collect(),
                        rows,
                        allowed,
                    }
                }
                "count" => Rule::Count {
                    items: r["items"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|i| keys[i.as_str().unwrap()])
                        .collect(),
                    min: r["min"].as_u64().unwrap_or(0),
                    max: r["max"].as_u64(),
                },
                "resource" => {
                    let terms = |name: &str| -> Vec<(usize, i64)> {
                        raw.iter()
                            .enumerate()
                            .map(|(i, it)| (i, attr(it, name)))
                            .filter(|&(_, v)| v != 0)
                            .collect()
                    };
                    Rule::Resource {
                        uses: terms(r["uses"].as_str().unwrap()),
                        provides: terms(r["provides"].as_str().unwrap()),
                    }
                }
                other => panic!("unknown rule kind {other}"),
            };
            rules.push(rule);
        }
        Model {
            items,
            groups,
            rules,
            rule_keys,
        }
    }

    /// Every constraint: the groups' limits, then the rules.
    pub fn constraints(&self) -> Vec<K> {
        (0..self.groups.len())
            .map(K::Group)
            .chain((0..self.rules.len()).map(K::Rule))
            .collect()
    }

    pub fn holds(&self, k: K, a: &[u32]) -> bool {
        match k {
            K::Group(g) => {
                let g = &self.groups[g];
                let chosen = g.items.iter().filter(|&&i| a[i] > 0).count() as u32;
                match &g.when {
                    Some(w) if !w.eval(a) => chosen == 0,
                    _ => g.min <= chosen && chosen <= g.max,
                }
            }
            K::Rule(r) => match &self.rules[r] {
                Rule::Logic {
                    cond,
                    then,
                    excludes,
                } => !cond.as_ref().is_none_or(|c| c.eval(a)) || then.eval(a) != *excludes,
                Rule::Table {
                    groups,
                    rows,
                    allowed,
                } => {
                    let full = |row: &Vec<usize>| row.iter().all(|&i| a[i] > 0);
                    if *allowed {
                        // No scope group left empty: every chosen item of a scope group is in
                        // a row whose items are all chosen.
                        let chosen =
                            |g: usize| self.groups[g].items.iter().copied().filter(|&i| a[i] > 0);
                        groups.iter().any(|&g| chosen(g).next().is_none())
                            || groups.iter().enumerate().all(|(col, &g)| {
                                chosen(g).all(|i| rows.iter().any(|row| row[col] == i && full(row)))
                            })
                    } else {
                        !rows.iter().any(full)
                    }
                }
                Rule::Count { items, min, max } => {
                    let n = items.iter().filter(|&&i| a[i] > 0).count() as u64;
                    *min <= n && max.is_none_or(|m| n <= m)
                }
                Rule::Resource { uses, provides } => {
                    let sum = |t: &[(usize, i64)]| {
                        t.iter().map(|&(i, v)| v * i64::from(a[i])).sum::<i64>()
                    };
                    sum(uses) <= sum(provides)
                }
            },
        }
    }

    pub fn holds_all(&self, a: &[u32]) -> bool {
        (0..self.groups.len()).all(|g| self.holds(K::Group(g), a))
            && (0..self.rules.len()).all(|r| self.holds(K::Rule(r), a))
    }

    /// Whether constraint `k` names group `g`: its own group, a group of an item a rule names,
    /// or a group of a table's scope.
    pub fn names_group(&self, k: K, g: usize) -> bool {
        let mut items = Vec::new();
        match k {
            K::Group(x) => return x == g,
            K::Rule(r) => match &self.rules[r] {
                Rule::Logic { cond, then, .. } => {
                    if let Some(c) = cond {
                        c.items(&mut items);
                    }
                    then.items(&mut items);
                }
                Rule::Table { groups, .. } => return groups.contains(&g),
                Rule::Count { items: set, .. } => items.extend(set),
                Rule::Resource { uses, provides } => {
                    items.extend(uses.iter().chain(provides).map(|t| t.0))
                }
            },
        }
        items.iter().any(|&i| self.items[i].group == g)
    }

    pub fn group_of_key(&self, key: &str) -> usize {
        self.groups
            .iter()
            .position(|g| g.key == key)
            .expect("a group of the catalog")
    }

    pub fn rule_of_key(&self, key: &str) -> usize {
        self.rule_keys
            .iter()
            .position(|r| r == key)
            .expect("a rule of the catalog")
    }
}
