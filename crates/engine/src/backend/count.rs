//! Exact projected model counting for catalogs too large for a decision diagram.
//!
//! The count of valid configurations is the number of assignments of the *projected*
//! variables (items and quantities) that some assignment of the auxiliary variables (of the
//! encodings) extends to a model of the clauses. The counter is a DPLL search with unit
//! propagation, component decomposition and a component cache, after sharpSAT (Thurley, SAT
//! 2006), without clause learning:
//!
//! - the clauses not yet satisfied split the unassigned variables into independent
//!   components; the count of a set of components is the product of their counts;
//! - inside a component, projected variables are decided first (the one with the most
//!   occurrences); the count is the sum over both values;
//! - a component with no projected variable left counts 1 if it is satisfiable, else 0, so its
//!   search stops at the first model;
//! - a component is identified by its variables and its clauses; its count depends on nothing
//!   else, so it is cached.
//!
//! Work is bounded: each component searched costs its size (variables and clauses); past a
//! budget of that work the counter gives up (`None`) rather than keep the caller waiting.
//! Natively about 13 million units take a second.
//!
//! Measured: the shared feature models (up to 1,580 variables and 7,366 clauses) count in
//! 2–105 ms natively. Table-heavy models are much harder for it (Renault: 250 s), because
//! each table's tuple variables tie everything into one component; those are counted first by
//! the factor counter (`crate::mdd::factors`), which keeps each table as its own diagram, and
//! this counter answers only what that one cannot.

use crate::sat::{Lit, Var};
use crate::Natural;

const UNDEF: u8 = 2;

/// Cache entries kept before the cache is emptied (counts stay exact; only speed suffers).
const CACHE_LIMIT: usize = 1 << 20;

/// Words of component keys kept in the cache before it is emptied: 16 million (64 MB). A key
/// holds a component's variables and clauses, so large components would otherwise fill
/// gigabytes (a random 3-SAT-shaped catalog of 250 items reached 3.8 GB).
const CACHE_WORDS: usize = 1 << 24;

/// A formula to count: clauses over `num_vars` variables, of which those below `projected`
/// are counted.
pub(crate) struct Counter<'a> {
    clauses: &'a [Vec<Lit>],
    projected: u32,
    /// For each literal (by code), the clauses that contain it.
    occurs: Vec<Vec<u32>>,
    value: Vec<u8>,
    trail: Vec<Lit>,
    /// Per variable and per clause: the pass of [`Counter::components`] that last saw it.
    var_seen: Vec<u32>,
    clause_seen: Vec<u32>,
    pass: u32,
    /// Scratch occurrence counts for choosing a decision variable.
    score: Vec<u32>,
    cache: crate::fx::FxMap<Box<[u32]>, Natural>,
    /// Words of the keys in `cache`.
    cached_words: usize,
    work: u64,
    budget: u64,
}

fn code(l: Lit) -> usize {
    (l.var().0 as usize) << 1 | usize::from(l.is_neg())
}

impl<'a> Counter<'a> {
    /// A counter over `clauses` (variables below `num_vars`) that gives up after `budget`
    /// units of work (see the module documentation).
    pub(crate) fn new(
        clauses: &'a [Vec<Lit>],
        num_vars: usize,
        projected: u32,
        budget: u64,
    ) -> Self {
        let mut occurs = vec![Vec::new(); 2 * num_vars];
        for (k, c) in clauses.iter().enumerate() {
            for &l in c {
                occurs[code(l)].push(k as u32);
            }
        }
        Counter {
            clauses,
            projected,
            occurs,
            value: vec![UNDEF; num_vars],
            trail: Vec::new(),
            var_seen: vec![0; num_vars],
            clause_seen: vec![0; clauses.len()],
            pass: 0,
            score: vec![0; num_vars],
            cache: Default::default(),
            cached_words: 0,
            work: 0,
            budget,
        }
    }

    fn lit_value(&self, l: Lit) -> u8 {
        match self.value[l.var().0 as usize] {
            UNDEF => UNDEF,
            v => v ^ u8::from(l.is_neg()),
        }
    }

    /// Makes `l` true and propagates; false on a conflict (the assignment is kept either
    /// way: undo it with [`Counter::undo`]).
    fn assign(&mut self, l: Lit) -> bool {
        match self.lit_value(l) {
            1 => return true,
            0 => return false,
            _ => {}
        }
        let mut head = self.trail.len();
        self.set(l);
        while head < self.trail.len() {
            let falsified = !self.trail[head];
            head += 1;
            for i in 0..self.occurs[code(falsified)].len() {
                let c = self.occurs[code(falsified)][i] as usize;
                let mut open = None;
                let mut opens = 0;
                let mut satisfied = false;
                for &x in &self.clauses[c] {
                    match self.lit_value(x) {
                        1 => {
                            satisfied = true;
                            break;
                        }
                        0 => {}
                        _ => {
                            opens += 1;
                            open = Some(x);
                        }
                    }
                }
                if satisfied {
                    continue;
                }
                match (opens, open) {
                    (0, _) => return false,
                    (1, Some(x)) => self.set(x),
                    _ => {}
                }
            }
        }
        true
    }

    fn set(&mut self, l: Lit) {
        self.value[l.var().0 as usize] = u8::from(!l.is_neg());
        self.trail.push(l);
    }

    fn undo(&mut self, mark: usize) {
        for l in self.trail.drain(mark..) {
            self.value[l.var().0 as usize] = UNDEF;
        }
    }

    fn satisfied(&self, c: usize) -> bool {
        self.clauses[c].iter().any(|&l| self.lit_value(l) == 1)
    }

    /// The components of the unassigned variables among `vars`: each its variables and its
    /// clauses not yet satisfied, both sorted.
    fn components(&mut self, vars: &[u32]) -> Vec<(Vec<u32>, Vec<u32>)> {
        self.pass += 1;
        let pass = self.pass;
        let mut out = Vec::new();
        let mut stack = Vec::new();
        for &v in vars {
            if self.value[v as usize] != UNDEF || self.var_seen[v as usize] == pass {
                continue;
            }
            self.var_seen[v as usize] = pass;
            stack.push(v);
            let (mut cv, mut cc) = (Vec::new(), Vec::new());
            while let Some(x) = stack.pop() {
                cv.push(x);
                for l in [Lit::pos(Var(x)), Lit::neg(Var(x))] {
                    for i in 0..self.occurs[code(l)].len() {
                        let c = self.occurs[code(l)][i];
                        if self.clause_seen[c as usize] == pass {
                            continue;
                        }
                        self.clause_seen[c as usize] = pass;
                        if self.satisfied(c as usize) {
                            continue;
                        }
                        cc.push(c);
                        for &y in &self.clauses[c as usize] {
                            let y = y.var().0;
                            if self.value[y as usize] == UNDEF && self.var_seen[y as usize] != pass
                            {
                                self.var_seen[y as usize] = pass;
                                stack.push(y);
                            }
                        }
                    }
                }
            }
            cv.sort_unstable();
            cc.sort_unstable();
            out.push((cv, cc));
        }
        out
    }

    /// The count over the unassigned variables among `vars`, given the current assignment.
    /// `None` when the budget ran out.
    pub(crate) fn count(&mut self, vars: &[u32]) -> Option<Natural> {
        let mut total = Natural::from(1u32);
        let mut free = 0u32;
        let mut components = self.components(vars);
        // Smallest first: a zero found early ends the product.
        crate::sort::by_key(&mut components, |(cv, _)| cv.len() as u64);
        for (cv, cc) in components {
            if cc.is_empty() {
                // A variable in no open clause takes either value.
                free += u32::from(cv[0] < self.projected);
                continue;
            }
            let n = self.component(cv, cc)?;
            if n == Natural::ZERO {
                return Some(n);
            }
            total *= n;
        }
        Some(total << free)
    }

    fn component(&mut self, vars: Vec<u32>, clauses: Vec<u32>) -> Option<Natural> {
        let mut key = Vec::with_capacity(vars.len() + clauses.len() + 1);
        key.extend(&vars);
        key.push(u32::MAX);
        key.extend(&clauses);
        let key = key.into_boxed_slice();
        if let Some(n) = self.cache.get(&key) {
            return Some(n.clone());
        }
        self.work += key.len() as u64;
        if self.work > self.budget {
            return None;
        }
        // Decide the projected variable with the most open occurrences; with none left, any
        // variable, and the component only needs one model.
        for &c in &clauses {
            for &l in &self.clauses[c as usize] {
                self.score[l.var().0 as usize] += 1;
            }
        }
        let projected = self.projected;
        let best = |only_projected: bool| {
            vars.iter()
                .copied()
                .filter(|&v| !only_projected || v < projected)
                .max_by_key(|&v| self.score[v as usize])
        };
        let (var, exists) = match best(true) {
            Some(v) => (v, false),
            None => (best(false).unwrap_or(vars[0]), true),
        };
        for &c in &clauses {
            for &l in &self.clauses[c as usize] {
                self.score[l.var().0 as usize] = 0;
            }
        }
        let mut total = Natural::ZERO;
        for value in [false, true] {
            let mark = self.trail.len();
            let n = if self.assign(Lit::new(Var(var), value)) {
                self.count(&vars)
            } else {
                Some(Natural::ZERO)
            };
            self.undo(mark);
            let n = n?;
            if exists && n != Natural::ZERO {
                total = Natural::from(1u32);
                break;
            }
            total += n;
        }
        if self.cache.len() >= CACHE_LIMIT || self.cached_words + key.len() > CACHE_WORDS {
            self.cache.clear();
            self.cached_words = 0;
        }
        self.cached_words += key.len();
        self.cache.insert(key, total.clone());
        Some(total)
    }

    /// The count of the whole formula with `assumptions` true: `Some(0)` when they conflict,
    /// `None` when the budget ran out.
    pub(crate) fn count_all(&mut self, assumptions: &[Lit]) -> Option<Natural> {
        let units: Vec<Lit> = self
            .clauses
            .iter()
            .filter(|c| c.len() <= 1)
            .filter_map(|c| c.first().copied())
            .collect();
        if self.clauses.iter().any(Vec::is_empty) {
            return Some(Natural::ZERO);
        }
        for l in units.into_iter().chain(assumptions.iter().copied()) {
            if !self.assign(l) {
                self.undo(0);
                return Some(Natural::ZERO);
            }
        }
        let vars: Vec<u32> = (0..self.value.len() as u32).collect();
        let n = self.count(&vars);
        self.undo(0);
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(x: i32) -> Lit {
        Lit::new(Var(x.unsigned_abs() - 1), x > 0)
    }

    fn brute(clauses: &[Vec<Lit>], n: usize, projected: u32, assumptions: &[Lit]) -> u64 {
        let holds = |a: u64, l: Lit| l.holds(a >> l.var().0 & 1 == 1);
        let mut seen = std::collections::HashSet::new();
        for a in 0..1u64 << n {
            if assumptions.iter().all(|&l| holds(a, l))
                && clauses.iter().all(|c| c.iter().any(|&l| holds(a, l)))
            {
                seen.insert(a & ((1 << projected) - 1));
            }
        }
        seen.len() as u64
    }

    #[test]
    fn agrees_with_enumeration_on_random_formulas() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = |m: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % m
        };
        for _ in 0..3000 {
            let n = 1 + next(10) as usize;
            let projected = 1 + next(n as u64) as u32;
            let clauses: Vec<Vec<Lit>> = (0..next(3 * n as u64 + 1))
                .map(|_| {
                    (0..1 + next(3))
                        .map(|_| Lit::new(Var(next(n as u64) as u32), next(2) == 0))
                        .collect()
                })
                .collect();
            let assumptions: Vec<Lit> = (0..next(3))
                .map(|_| Lit::new(Var(next(n as u64) as u32), next(2) == 0))
                .collect();
            let expected = brute(&clauses, n, projected, &assumptions);
            let mut counter = Counter::new(&clauses, n, projected, u64::MAX);
            let got = counter.count_all(&assumptions);
            assert_eq!(
                got,
                Some(Natural::from(expected)),
                "{clauses:?} projected {projected} assuming {assumptions:?}"
            );
            // Reusable: a second question on the same counter gets the same answer.
            assert_eq!(counter.count_all(&assumptions), got);
        }
    }

    #[test]
    fn independent_parts_multiply() {
        // 20 independent copies of (a ∨ b): 3^20 models, found without enumerating them.
        let clauses: Vec<Vec<Lit>> = (0..20)
            .map(|k| vec![lit(2 * k + 1), lit(2 * k + 2)])
            .collect();
        let mut counter = Counter::new(&clauses, 40, 40, 1000);
        assert_eq!(counter.count_all(&[]), Some(Natural::from(3u64).pow(20)));
        assert_eq!(
            counter.count_all(&[lit(1), lit(-2)]),
            Some(Natural::from(3u64).pow(19))
        );
    }

    #[test]
    fn gives_up_past_the_budget() {
        // A chain a1 ∨ a2, a2 ∨ a3, ... is one component that needs many decisions.
        let clauses: Vec<Vec<Lit>> = (1..60).map(|k| vec![lit(k), lit(-(k + 1))]).collect();
        assert_eq!(Counter::new(&clauses, 60, 60, 3).count_all(&[]), None);
        assert_eq!(
            Counter::new(&clauses, 60, 60, 10_000).count_all(&[]),
            Some(Natural::from(61u32))
        );
    }
}
