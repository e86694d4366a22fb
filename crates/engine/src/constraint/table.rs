//! `table` rules: compatibility tables over groups, `allowed` or `forbidden` combinations of
//! items (see [`Table`] for the semantics).

use super::{Kind, Scope, Syntax};
use crate::catalog::diagnostic::Reporter;
use crate::catalog::locate::JsonPath;
use crate::catalog::raw::{Form, RawRows, RawRule};
use crate::catalog::{Catalog, ChoiceKind, Expr, Rows, RuleBody, RuleKind, Table};
use crate::clauses::{guarded, item_var, tseitin, ClauseSink};
use crate::fx::FxMap;
use crate::ids::{GroupId, ItemId};
use crate::mdd::{Builder, NodeId, Op, TooLarge, Vars, FALSE, TRUE};
use crate::sat::Lit;

impl Kind for Table {
    const SYNTAX: &'static [Syntax] = &[Syntax {
        kind: RuleKind::Table,
        name: "table",
        fields: &[
            ("groups", Form::Texts),
            ("allowed", Form::Rows),
            ("forbidden", Form::Rows),
        ],
        check: |rep, path, rr, scope| RuleBody::Table(validate(rep, path, rr, scope)),
    }];

    /// Independent checker ([`Table::holds`] on what is chosen).
    fn holds(&self, catalog: &Catalog, quantity: &dyn Fn(ItemId) -> u32) -> bool {
        Table::holds(self, catalog, &|i| quantity(i) > 0)
    }

    fn encode(
        &self,
        catalog: &Catalog,
        _: &[Option<u32>],
        sink: &mut dyn ClauseSink,
        guard: &[Lit],
    ) {
        encode(catalog, self, sink, guard);
    }

    fn diagram(&self, catalog: &Catalog, b: &mut Builder, vars: &Vars) -> Result<NodeId, TooLarge> {
        diagram(catalog, self, b, vars)
    }

    fn levels(&self, _: &Catalog, vars: &Vars) -> Vec<u32> {
        levels(self, vars)
    }

    /// Its groups.
    fn needs(&self, _: &Catalog, groups: &mut Vec<GroupId>, _: &mut Vec<ItemId>) {
        groups.extend(&self.groups);
    }

    /// `allowed|forbidden over` its groups' keys: its rows of item keys, sorted.
    fn describe(&self, c: &Catalog) -> String {
        let groups: Vec<&str> = self
            .groups
            .iter()
            .map(|&g| c.group(g).key.as_str())
            .collect();
        let mut rows: Vec<String> = self
            .tuples
            .iter()
            .map(|row| {
                let keys: Vec<&str> = row.iter().map(|&i| c.item(i).key.as_str()).collect();
                keys.join(",")
            })
            .collect();
        rows.sort_unstable();
        let kind = if self.allowed { "allowed" } else { "forbidden" };
        format!("{kind} over {}: {}", groups.join(","), rows.join("; "))
    }
}

impl Table {
    /// Independent checker on a total assignment.
    pub fn holds(&self, catalog: &Catalog, chosen: &dyn Fn(ItemId) -> bool) -> bool {
        let per_group: Vec<Vec<ItemId>> = self
            .groups
            .iter()
            .map(|&g| {
                catalog
                    .group(g)
                    .items
                    .iter()
                    .copied()
                    .filter(|&i| chosen(i))
                    .collect()
            })
            .collect();
        if per_group.iter().any(Vec::is_empty) {
            return true;
        }
        if !self.allowed {
            return self.tuples.iter().all(|t| !t.iter().all(|&i| chosen(i)));
        }
        per_group.iter().enumerate().all(|(col, items)| {
            items.iter().all(|&i| {
                self.tuples
                    .iter()
                    .any(|t| t[col] == i && t.iter().all(|&x| chosen(x)))
            })
        })
    }
}

/// Encodes a compatibility table (see [`Table`] for its semantics).
///
/// Forbidden: one clause per combination. Allowed: the table is compiled into a reduced
/// decision diagram (shared prefixes and suffixes), and the encoding asks for a path of chosen
/// items from its root to its end: one variable per node and per edge, with clauses that let
/// unit propagation rule out every item no remaining path supports. Its size follows the
/// diagram, not the number of combinations.
fn encode(catalog: &Catalog, t: &Table, solver: &mut dyn ClauseSink, guard: &[Lit]) {
    if !t.allowed {
        for tuple in &t.tuples {
            let clause: Vec<Lit> = tuple.iter().map(|&i| Lit::neg(item_var(i))).collect();
            guarded(solver, guard, &clause);
        }
        return;
    }
    // The table constrains only when every scope group has a choice.
    let has: Vec<Expr> = t
        .groups
        .iter()
        .map(|&g| {
            Expr::Or(
                catalog
                    .group(g)
                    .items
                    .iter()
                    .map(|&i| Expr::Item(i))
                    .collect(),
            )
        })
        .collect();
    let active = tseitin(solver, &Expr::And(has));
    let mdd = TableDiagram::build(&t.tuples);
    let node_var: Vec<Lit> = (0..mdd.nodes.len())
        .map(|_| Lit::pos(solver.new_var()))
        .collect();
    let mut into: Vec<Vec<Lit>> = vec![Vec::new(); mdd.nodes.len()];
    let mut by_label: FxMap<ItemId, Vec<Lit>> = FxMap::default();
    for (u, edges) in mdd.nodes.iter().enumerate() {
        let mut out = vec![!node_var[u]];
        for &(label, child) in edges {
            let e = Lit::pos(solver.new_var());
            out.push(e);
            solver.add_clause(&[!e, node_var[u]]);
            solver.add_clause(&[!e, Lit::pos(item_var(label))]);
            if let Some(w) = child {
                solver.add_clause(&[!e, node_var[w]]);
                into[w].push(e);
            }
            by_label.entry(label).or_default().push(e);
        }
        guarded(solver, guard, &out);
    }
    guarded(solver, guard, &[!active, node_var[mdd.root]]);
    for (w, edges) in into.iter().enumerate() {
        if w != mdd.root {
            let mut clause = vec![!node_var[w]];
            clause.extend(edges);
            solver.add_clause(&clause);
        }
    }
    for &g in &t.groups {
        for &item in &catalog.group(g).items {
            let mut clause = vec![!active, Lit::neg(item_var(item))];
            clause.extend(by_label.get(&item).into_iter().flatten());
            guarded(solver, guard, &clause);
        }
    }
}

/// A reduced, ordered decision diagram of a table's combinations: each node's edges are
/// labelled by an item of the next column and lead to a child node (`None`: the end).
struct TableDiagram {
    nodes: Vec<Vec<(ItemId, Option<usize>)>>,
    root: usize,
}

impl TableDiagram {
    fn build(tuples: &Rows) -> TableDiagram {
        let mut mdd = TableDiagram {
            nodes: Vec::new(),
            root: 0,
        };
        let mut unique = FxMap::default();
        mdd.root = mdd.node(tuples.cells(), tuples.width(), 0, &mut unique);
        mdd
    }

    /// The node for the rows in `cells` (`width` entries each, sorted, sharing their first
    /// `depth` entries).
    fn node(
        &mut self,
        cells: &[ItemId],
        width: usize,
        depth: usize,
        unique: &mut FxMap<Vec<(ItemId, Option<usize>)>, usize>,
    ) -> usize {
        let mut edges = Vec::new();
        let mut lo = 0;
        while lo < cells.len() {
            let label = cells[lo + depth];
            let mut hi = lo + width;
            while hi < cells.len() && cells[hi + depth] == label {
                hi += width;
            }
            let child =
                (depth + 1 < width).then(|| self.node(&cells[lo..hi], width, depth + 1, unique));
            edges.push((label, child));
            lo = hi;
        }
        *unique.entry(edges).or_insert_with_key(|edges| {
            self.nodes.push(edges.clone());
            self.nodes.len() - 1
        })
    }
}

/// A table over single-choice groups (`allowed`) as a diagram in level order; a group at
/// "none" (optional groups) makes the table hold.
// Not inlined: a browser optimises a function only for its later calls, so the per-row
// loops must not sit inside a function that runs once per catalog.
#[inline(never)]
fn diagram(catalog: &Catalog, t: &Table, b: &mut Builder, vars: &Vars) -> Result<NodeId, TooLarge> {
    let (slots, group_level) = (&vars.slots, &vars.group_level);
    if !t.allowed {
        let mut any = FALSE;
        for tuple in &t.tuples {
            let mut cube = TRUE;
            for &i in tuple {
                let lit = b.literal(slots[i.index()])?;
                cube = b.apply(Op::And, cube, lit)?;
            }
            any = b.apply(Op::Or, any, cube)?;
        }
        return b.not(any, &mut FxMap::default());
    }
    // Columns in level order.
    let mut cols: Vec<usize> = (0..t.groups.len()).collect();
    crate::sort::by_key(&mut cols, |&c| u64::from(group_level[t.groups[c].index()]));
    let levels: Vec<u32> = cols
        .iter()
        .map(|&c| group_level[t.groups[c].index()])
        .collect();
    let none_value: Vec<Option<u32>> = cols
        .iter()
        .map(|&c| {
            let g = catalog.group(t.groups[c]);
            (g.min == 0 || g.when.is_some()).then_some(g.items.len() as u32)
        })
        .collect();
    // Rows as values in level order in one flat array (tables can have many thousands of
    // rows), sorted by a least-significant-column-first radix sort (domains are small).
    let width = cols.len();
    let n = t.tuples.len();
    let mut cells: Vec<u32> = Vec::with_capacity(n * width);
    for tuple in &t.tuples {
        cells.extend(cols.iter().map(|&c| slots[tuple[c].index()].value));
    }
    let mut order: Vec<u32> = (0..n as u32).collect();
    let mut spare = vec![0u32; n];
    for k in (0..width).rev() {
        let d = b.domains[levels[k] as usize] as usize;
        let mut start = vec![0u32; d + 1];
        for &r in &order {
            start[cells[r as usize * width + k] as usize + 1] += 1;
        }
        for v in 0..d {
            start[v + 1] += start[v];
        }
        for &r in &order {
            let v = cells[r as usize * width + k] as usize;
            spare[start[v] as usize] = r;
            start[v] += 1;
        }
        std::mem::swap(&mut order, &mut spare);
    }
    let rows: Vec<u32> = order
        .iter()
        .flat_map(|&r| &cells[r as usize * width..(r as usize + 1) * width])
        .copied()
        .collect();
    // Below depth k with no row left, only a later group at "none" makes the table hold.
    let mut empty = vec![FALSE; width + 1];
    for k in (0..width).rev() {
        empty[k] = match none_value[k] {
            Some(none) => {
                let d = b.domains[levels[k] as usize];
                let base = b.stack.len();
                b.stack
                    .extend((0..d).map(|v| if v == none { TRUE } else { empty[k + 1] }));
                b.make_top(levels[k], base)?
            }
            None => empty[k + 1],
        };
    }
    let shape = TableShape {
        width,
        levels: &levels,
        none_value: &none_value,
        empty: &empty,
    };
    if n == 0 {
        return Ok(empty[0]);
    }
    table_node(b, &rows, 0, &shape)
}

/// The diagram of the sorted rows (flat, `shape.width` values each; at least one) from
/// column `depth` on, all of which agree on the columns before.
fn table_node(
    b: &mut Builder,
    rows: &[u32],
    depth: usize,
    shape: &TableShape<'_>,
) -> Result<NodeId, TooLarge> {
    let w = shape.width;
    if depth == w {
        return Ok(TRUE);
    }
    let d = b.domains[shape.levels[depth] as usize] as usize;
    let base = b.stack.len();
    b.stack.resize(base + d, shape.empty[depth + 1]);
    let mut lo = 0;
    while lo < rows.len() {
        let v = rows[lo + depth];
        let mut hi = lo + w;
        while hi < rows.len() && rows[hi + depth] == v {
            hi += w;
        }
        let r = table_node(b, &rows[lo..hi], depth + 1, shape)?;
        b.stack[base + v as usize] = r;
        lo = hi;
    }
    if let Some(none) = shape.none_value[depth] {
        b.stack[base + none as usize] = TRUE;
    }
    b.make_top(shape.levels[depth], base)
}
/// A table's columns in level order, for [`table_node`].
struct TableShape<'a> {
    width: usize,
    levels: &'a [u32],
    none_value: &'a [Option<u32>],
    /// What holds from each depth on when no row is left.
    empty: &'a [NodeId],
}

/// The levels it links: an allowed table's groups; a forbidden table's listed items.
fn levels(t: &Table, vars: &Vars) -> Vec<u32> {
    if t.allowed {
        t.groups
            .iter()
            .map(|g| vars.group_level[g.index()])
            .collect()
    } else {
        t.tuples
            .iter()
            .flatten()
            .map(|i| vars.slots[i.index()].level)
            .collect()
    }
}

/// Validates a table rule's scope and combinations.
// Not inlined: a browser optimises a function only for its later calls, so the per-row
// loops must not sit inside a function that runs once per catalog.
#[inline(never)]
fn validate(
    rep: &mut Reporter<'_>,
    rpath: &JsonPath,
    rr: &RawRule<'_>,
    known: &Scope<'_>,
) -> Table {
    let (groups, items) = (known.groups, known.items);
    let (field, rows, allowed) = match (rr.rows("allowed"), rr.rows("forbidden")) {
        (Some(a), None) => ("allowed", a, true),
        (None, Some(f)) => ("forbidden", f, false),
        _ => {
            rep.error(
                rpath,
                format!(
                    "table rule `{}` needs exactly one of `allowed` and `forbidden`",
                    rr.id
                ),
            );
            ("allowed", &RawRows::default(), true)
        }
    };
    let scope: &[String] = rr.texts("groups").unwrap_or_default();
    if scope.is_empty() {
        rep.error(
            &rpath.key("groups"),
            format!("table rule `{}` needs a non-empty `groups` list", rr.id),
        );
    }
    let mut ids = Vec::new();
    for (k, g) in scope.iter().enumerate() {
        match known.group_keys.get(g) {
            Some(&gid) => {
                if ids.contains(&gid) {
                    rep.error(
                        &rpath.key("groups").index(k),
                        format!("group `{g}` appears twice in the table"),
                    );
                }
                if allowed && groups[gid.index()].kind != ChoiceKind::Single {
                    rep.error(
                        &rpath.key("groups").index(k),
                        format!("an `allowed` table needs single-choice groups; `{g}` is multiple choice (use `forbidden`)"),
                    );
                }
                ids.push(gid);
            }
            None => rep.error(
                &rpath.key("groups").index(k),
                format!("unknown group `{g}`"),
            ),
        }
    }
    let mut cells = Vec::with_capacity(rows.keys.len());
    if ids.len() == scope.len() {
        // Per column, the group's items by key (no allocation per lookup: tables can be big).
        let columns: Vec<FxMap<&str, ItemId>> = ids
            .iter()
            .map(|&g| {
                groups[g.index()]
                    .items
                    .iter()
                    .map(|&i| (items[i.index()].key.as_str(), i))
                    .collect()
            })
            .collect();
        for (t, row) in rows.iter().enumerate() {
            let tpath = || rpath.key(field).index(t);
            if row.len() != scope.len() {
                rep.error(
                    &tpath(),
                    format!(
                        "combination has {} entries but the table has {} groups",
                        row.len(),
                        scope.len()
                    ),
                );
                continue;
            }
            let start = cells.len();
            for (k, key) in row.iter().enumerate() {
                match columns[k].get(key.0.as_ref()) {
                    Some(&i) => cells.push(i),
                    None => rep.error(
                        &tpath().index(k),
                        format!("group `{}` has no item `{}`", scope[k], key.0),
                    ),
                }
            }
            if cells.len() - start != row.len() {
                cells.truncate(start);
            }
        }
    }
    Table {
        tuples: Rows::new(ids.len(), cells),
        groups: ids,
        allowed,
    }
}
