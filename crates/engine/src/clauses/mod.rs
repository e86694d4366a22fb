//! The solver's variables and the clause encodings the constraints are written in: where
//! items and quantities live ([`quantity_layout`]), where clauses go ([`ClauseSink`]), and the
//! shared encodings (guarded clauses, sequential counters, Tseitin, linear sums `Σ ≤ 0`).
//! Each constraint's own encoding is in `crate::constraint`.

use crate::catalog::{Catalog, Expr};
use crate::ids::ItemId;
use crate::sat::{Lit, Solver, Var};

/// The solver variable of an item (true: chosen). Items are the first variables.
pub(crate) fn item_var(i: ItemId) -> Var {
    Var(i.index() as u32)
}

/// Adds the variables of every item and quantity (see [`quantity_layout`]) to an empty solver.
pub(crate) fn encode_vars(catalog: &Catalog, solver: &mut Solver) {
    // Variables 0..items are the items themselves, then the quantity variables (see
    // [`quantity_layout`]), all decided before any auxiliary variable; then `never`.
    let (first, never) = quantity_layout(catalog);
    for _ in 0..never.0 {
        let v = solver.new_var();
        solver.set_primary(v);
    }
    let v = solver.new_var();
    debug_assert_eq!(v, never);
    solver.add_clause(&[Lit::neg(never)]);
    // A chosen item has exactly one quantity; an item left out has none.
    for it in catalog.items() {
        if let Some(f) = first[it.id.index()] {
            let n = it.quantity.end() - it.quantity.start() + 1;
            let qs: Vec<Lit> = (f..f + n).map(|v| Lit::pos(Var(v))).collect();
            let x = Lit::pos(item_var(it.id));
            let mut some = vec![!x];
            some.extend(&qs);
            solver.add_clause(&some);
            for &q in &qs {
                solver.add_clause(&[!q, x]);
            }
            at_most(solver, &[], &qs, 1);
            // Quantities of the range that are not sold.
            for (q, &lit) in it.quantity.clone().zip(&qs) {
                if !it.allows_quantity(q) {
                    solver.add_clause(&[!lit]);
                }
            }
        }
    }
}

/// The quantity variable each item's search should try first (see [`quantity_phases`]).
pub(crate) fn quantity_phases(catalog: &Catalog, first: &[Option<u32>]) -> Vec<Var> {
    let mut provides = vec![false; catalog.items().len()];
    let mut uses = vec![false; catalog.items().len()];
    for rule in catalog.rules() {
        for (i, w) in rule.resource_terms(catalog) {
            if w < 0 {
                provides[i.index()] = true;
            } else {
                uses[i.index()] = true;
            }
        }
    }
    catalog
        .items()
        .iter()
        .filter_map(|it| {
            let f = first[it.id.index()]?;
            let q = if provides[it.id.index()] && !uses[it.id.index()] {
                it.quantity.end()
            } else {
                it.quantity.start()
            };
            Some(Var(f + q - it.quantity.start()))
        })
        .collect()
}

/// Sets the phases of [`quantity_phases`]: a chosen item's search tries the least quantity of
/// an item that uses resources, the largest of one that only provides them; left to phase
/// "no" for each quantity in turn it would end at the largest, the worst for a consumer, and
/// the solver would need a conflict for each too-small provider quantity.
pub(crate) fn steer_quantities(solver: &mut Solver, phases: &[Var]) {
    for &v in phases {
        solver.set_phase(v, true);
    }
}

/// Where the encoders write: a solver, or a recorded clause list.
pub(crate) trait ClauseSink {
    /// A fresh variable.
    fn new_var(&mut self) -> Var;
    /// Adds a clause.
    fn add_clause(&mut self, lits: &[Lit]);
}

impl ClauseSink for Solver {
    fn new_var(&mut self) -> Var {
        Solver::new_var(self)
    }
    fn add_clause(&mut self, lits: &[Lit]) {
        Solver::add_clause(self, lits);
    }
}

/// An item's layer in a linear sum (see [`encode_sum`]): left out (0), or each of its
/// quantities (weight `weight(q)`; `weight(1)` for an item without a quantity). `None` when a
/// weight is `None` (does not fit).
pub(crate) fn item_layer(
    catalog: &Catalog,
    first: &[Option<u32>],
    item: ItemId,
    weight: impl Fn(u32) -> Option<i64>,
) -> Option<Layer> {
    let it = catalog.item(item);
    let x = Lit::pos(item_var(item));
    let mut layer = vec![(!x, 0)];
    match first[item.index()] {
        Some(f) => {
            for q in it.quantity.clone() {
                let v = Var(f + q - it.quantity.start());
                layer.push((Lit::pos(v), weight(q)?));
            }
        }
        None => layer.push((x, weight(1)?)),
    }
    Some(layer)
}

/// Where the solvers keep quantities: for each item with a quantity `min..=max`, the first of
/// its `max - min + 1` variables (variable `first + q - min` true: exactly `q` units), right
/// after the items' variables; and `never`, a variable that is always false (a quantity out of
/// range asks for it).
pub(crate) fn quantity_layout(catalog: &Catalog) -> (Vec<Option<u32>>, Var) {
    let mut next = catalog.items().len() as u32;
    let first = catalog
        .items()
        .iter()
        .map(|it| {
            it.has_quantity().then(|| {
                let f = next;
                next += it.quantity.end() - it.quantity.start() + 1;
                f
            })
        })
        .collect();
    (first, Var(next))
}

/// One layer of a resource sum: exactly one of its labels holds (an item left out and each of
/// its quantities, or an item's "in" and "out"), each adding its weight.
pub(crate) type Layer = Vec<(Lit, i64)>;

/// Where an edge of a partial-sum diagram leads.
#[derive(Clone, Copy, PartialEq, Debug)]
enum End {
    Node(usize),
    Ok,
    Fail,
}

impl End {
    fn code(self) -> u32 {
        match self {
            End::Fail => 0,
            End::Ok => 1,
            End::Node(n) => n as u32 + 2,
        }
    }

    fn from_code(code: u32) -> End {
        match code {
            0 => End::Fail,
            1 => End::Ok,
            n => End::Node(n as usize - 2),
        }
    }
}

/// The reduced diagram of `Σ ≤ 0` over layers, built with intervals (Abío et al., "BDDs for
/// pseudo-Boolean constraints", 2012): each node stands for the whole interval of partial
/// sums with the same future, so partial sums that cannot be told apart share one node and
/// the size follows the distinct outcomes, not the distinct sums.
struct SumDiagram<'t> {
    layers: &'t [Layer],
    /// Least and greatest sum the layers from k on can add.
    lo: Vec<i64>,
    hi: Vec<i64>,
    /// Per layer: interval start → (interval end, result).
    /// (As codes, see [`End::code`]: the diagram compiler keeps the same map type, so the
    /// web build has one copy of its code.)
    memo: Vec<std::collections::BTreeMap<i64, (i64, u32)>>,
    /// Nodes: (layer, [(label, child)]).
    nodes: Vec<(usize, Vec<(Lit, End)>)>,
    /// Edges still allowed (see [`SUM_DIAGRAM_EDGES`]).
    budget: usize,
}

/// Edges a sum diagram may have: each edge becomes a variable and three clauses, and many
/// items with wide quantities (PoE watts times up to 999 units each) have diagrams of millions
/// of nodes of a thousand edges each.
const SUM_DIAGRAM_EDGES: usize = 200_000;

thread_local! {
    /// [`SUM_DIAGRAM_EDGES`], or what [`with_sum_diagram_edges`] set on this thread.
    static SUM_EDGES: std::cell::Cell<usize> = const { std::cell::Cell::new(SUM_DIAGRAM_EDGES) };
}

/// Runs `f` with another edge budget for sum diagrams on this thread (0: no sum is written;
/// every resource rule is checked on the solver's models), for tests that check that path
/// against the oracle. Solvers encode on
/// first use: ask the questions inside `f`.
#[doc(hidden)]
pub fn with_sum_diagram_edges<T>(edges: usize, f: impl FnOnce() -> T) -> T {
    let before = SUM_EDGES.with(|c| c.replace(edges));
    let out = f();
    SUM_EDGES.with(|c| c.set(before));
    out
}

const NEG: i64 = i64::MIN / 4;
const POS: i64 = i64::MAX / 4;

impl SumDiagram<'_> {
    /// The diagram for layers k.. given partial sum `sum`, and the interval of partial sums
    /// with that same diagram.
    /// `None` past the budget.
    fn visit(&mut self, k: usize, sum: i64) -> Option<(End, i64, i64)> {
        if sum + self.lo[k] > 0 {
            return Some((End::Fail, 1 - self.lo[k], POS));
        }
        if sum + self.hi[k] <= 0 {
            return Some((End::Ok, NEG, -self.hi[k]));
        }
        if let Some((&a, &(b, code))) = self.memo[k].range(..=sum).next_back() {
            let end = End::from_code(code);
            if sum <= b {
                return Some((end, a, b));
            }
        }
        self.budget = self.budget.checked_sub(self.layers[k].len())?;
        let (mut a, mut b) = (NEG, POS);
        let mut kids = Vec::with_capacity(self.layers[k].len());
        for &(label, w) in &self.layers[k] {
            let (end, ca, cb) = self.visit(k + 1, sum + w)?;
            a = a.max(ca.saturating_sub(w));
            b = b.min(cb.saturating_sub(w));
            kids.push((label, end));
        }
        debug_assert!(a <= sum && sum <= b);
        let end = if kids.iter().all(|&(_, e)| e == kids[0].1) {
            kids[0].1
        } else {
            self.nodes.push((k, kids));
            End::Node(self.nodes.len() - 1)
        };
        self.memo[k].insert(a, (b, end.code()));
        Some((end, a, b))
    }
}

/// The reduced interval diagram of `Σ ≤ 0` over `layers`: its root, and its nodes. `None` over
/// the edge budget ([`SUM_DIAGRAM_EDGES`]).
fn sum_diagram(layers: &[Layer]) -> Option<(End, SumDiagram<'_>)> {
    let n = layers.len();
    let mut lo = vec![0i64; n + 1];
    let mut hi = vec![0i64; n + 1];
    for k in (0..n).rev() {
        let ws = layers[k].iter().map(|&(_, w)| w);
        lo[k] = lo[k + 1] + ws.clone().min().unwrap_or(0);
        hi[k] = hi[k + 1] + ws.max().unwrap_or(0);
    }
    let mut d = SumDiagram {
        layers,
        lo,
        hi,
        memo: vec![std::collections::BTreeMap::new(); n + 1],
        nodes: Vec::new(),
        budget: SUM_EDGES.with(std::cell::Cell::get),
    };
    let (root, ..) = d.visit(0, 0)?;
    Some((root, d))
}

/// Whether [`encode_sum`] can write `Σ ≤ 0` over `layers` (its interval diagram has at most
/// [`SUM_DIAGRAM_EDGES`] edges). Resource rules whose sum does not fit are checked on the
/// solver's models instead (see `backend/quantities.rs`).
pub(crate) fn sum_fits(layers: &[Layer]) -> bool {
    sum_diagram(layers).is_some()
}

/// Encodes `Σ ≤ 0` over layers (in each, exactly one label holds and adds its weight): the
/// reduced interval diagram of the sum, whose single path, forced by the labels, must reach
/// the end; one variable per node and per edge. Exact, and unit propagation follows the path.
/// Writes nothing and returns `false` when the diagram is over [`SUM_DIAGRAM_EDGES`] edges.
#[must_use]
pub(crate) fn encode_sum(solver: &mut dyn ClauseSink, guard: &[Lit], layers: &[Layer]) -> bool {
    let Some((root, d)) = sum_diagram(layers) else {
        return false;
    };
    let node_var: Vec<Lit> = d.nodes.iter().map(|_| Lit::pos(solver.new_var())).collect();
    match root {
        End::Ok => return true,
        End::Fail => {
            solver.add_clause(guard);
            return true;
        }
        End::Node(r) => guarded(solver, guard, &[node_var[r]]),
    }
    let mut into: Vec<Vec<Lit>> = vec![Vec::new(); d.nodes.len()];
    for (k, (_, kids)) in d.nodes.iter().enumerate() {
        let u = node_var[k];
        let mut out = vec![!u];
        for &(label, to) in kids {
            match to {
                End::Fail => {
                    solver.add_clause(&[!u, !label]);
                }
                End::Ok | End::Node(_) => {
                    let e = Lit::pos(solver.new_var());
                    solver.add_clause(&[!e, label]);
                    solver.add_clause(&[!e, u]);
                    solver.add_clause(&[!u, !label, e]);
                    out.push(e);
                    if let End::Node(w) = to {
                        solver.add_clause(&[!e, node_var[w]]);
                        into[w].push(e);
                    }
                }
            }
        }
        solver.add_clause(&out);
    }
    for (k, edges) in into.iter().enumerate() {
        if End::Node(k) != root {
            let mut c = vec![!node_var[k]];
            c.extend(edges);
            solver.add_clause(&c);
        }
    }
    true
}

/// Adds `guard ∨ clause`.
pub(crate) fn guarded(cnf: &mut dyn ClauseSink, guard: &[Lit], clause: &[Lit]) {
    let mut c = guard.to_vec();
    c.extend_from_slice(clause);
    cnf.add_clause(&c);
}

/// Encodes `guard ∨ at most k of lits` with a sequential counter (Sinz 2005).
pub(crate) fn at_most(cnf: &mut dyn ClauseSink, guard: &[Lit], lits: &[Lit], k: usize) {
    let n = lits.len();
    if k >= n {
        return;
    }
    if k == 0 {
        for &l in lits {
            guarded(cnf, guard, &[!l]);
        }
        return;
    }
    // s[i][j]: at least j+1 of lits[0..=i] are true.
    let s: Vec<Vec<Var>> = (0..n - 1)
        .map(|_| (0..k).map(|_| cnf.new_var()).collect())
        .collect();
    guarded(cnf, guard, &[!lits[0], Lit::pos(s[0][0])]);
    for &sj in &s[0][1..] {
        guarded(cnf, guard, &[Lit::neg(sj)]);
    }
    for i in 1..n - 1 {
        guarded(cnf, guard, &[!lits[i], Lit::pos(s[i][0])]);
        guarded(cnf, guard, &[Lit::neg(s[i - 1][0]), Lit::pos(s[i][0])]);
        for j in 1..k {
            guarded(
                cnf,
                guard,
                &[!lits[i], Lit::neg(s[i - 1][j - 1]), Lit::pos(s[i][j])],
            );
            guarded(cnf, guard, &[Lit::neg(s[i - 1][j]), Lit::pos(s[i][j])]);
        }
        guarded(cnf, guard, &[!lits[i], Lit::neg(s[i - 1][k - 1])]);
    }
    guarded(cnf, guard, &[!lits[n - 1], Lit::neg(s[n - 2][k - 1])]);
}

/// A literal equivalent to `e` (Tseitin encoding).
pub(crate) fn tseitin(cnf: &mut dyn ClauseSink, e: &Expr) -> Lit {
    match e {
        Expr::Item(i) => Lit::pos(item_var(*i)),
        Expr::Not(inner) => !tseitin(cnf, inner),
        Expr::Const(b) => {
            let v = cnf.new_var();
            cnf.add_clause(&[if *b { Lit::pos(v) } else { Lit::neg(v) }]);
            Lit::pos(v)
        }
        Expr::And(parts) | Expr::Or(parts) => {
            let is_and = matches!(e, Expr::And(_));
            let lits: Vec<Lit> = parts.iter().map(|p| tseitin(cnf, p)).collect();
            let t = Lit::pos(cnf.new_var());
            if is_and {
                // t ⇔ ∧ lits
                for &l in &lits {
                    cnf.add_clause(&[!t, l]);
                }
                let mut c: Vec<Lit> = lits.iter().map(|&l| !l).collect();
                c.push(t);
                cnf.add_clause(&c);
            } else {
                // t ⇔ ∨ lits
                for &l in &lits {
                    cnf.add_clause(&[t, !l]);
                }
                let mut c = lits.clone();
                c.push(!t);
                cnf.add_clause(&c);
            }
            t
        }
    }
}
