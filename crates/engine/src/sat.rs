//! A small DPLL satisfiability solver with assumptions.
//!
//! Complete (it always answers), simple, and fast enough for catalogs of a few hundred options.
//! Decisions try `false` first, so models choose as few items as the rules allow.

/// A boolean variable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Var(pub u32);

/// A literal: a variable or its negation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Lit(u32);

impl Lit {
    /// The positive literal of `v`.
    pub fn pos(v: Var) -> Lit {
        Lit(v.0 << 1)
    }

    /// The negative literal of `v`.
    pub fn neg(v: Var) -> Lit {
        Lit((v.0 << 1) | 1)
    }

    /// Its variable.
    pub fn var(self) -> Var {
        Var(self.0 >> 1)
    }

    /// Whether it is a negation.
    pub fn is_neg(self) -> bool {
        self.0 & 1 == 1
    }

    /// Value of the literal given its variable's value.
    fn holds(self, value: bool) -> bool {
        value != self.is_neg()
    }
}

impl std::ops::Not for Lit {
    type Output = Lit;
    fn not(self) -> Lit {
        Lit(self.0 ^ 1)
    }
}

/// A formula in conjunctive normal form.
#[derive(Clone, Debug, Default)]
pub struct Cnf {
    num_vars: u32,
    clauses: Vec<Vec<Lit>>,
    /// For each variable, the clauses it occurs in.
    occurs: Vec<Vec<u32>>,
}

impl Cnf {
    /// A fresh variable.
    pub fn new_var(&mut self) -> Var {
        let v = Var(self.num_vars);
        self.num_vars += 1;
        self.occurs.push(Vec::new());
        v
    }

    /// Number of variables.
    pub fn num_vars(&self) -> usize {
        self.num_vars as usize
    }

    /// Adds a clause (a disjunction of literals).
    pub fn add_clause(&mut self, mut clause: Vec<Lit>) {
        clause.sort();
        clause.dedup();
        if clause.windows(2).any(|w| w[0].var() == w[1].var()) {
            return; // tautology
        }
        let ci = u32::try_from(self.clauses.len()).expect("clause count fits in u32");
        for l in &clause {
            self.occurs[l.var().0 as usize].push(ci);
        }
        self.clauses.push(clause);
    }

    /// Finds a model that makes every assumption true, or `None` if there is none.
    pub fn solve(&self, assumptions: &[Lit]) -> Option<Vec<bool>> {
        let n = self.num_vars();
        let mut value: Vec<Option<bool>> = vec![None; n];
        let mut trail: Vec<Var> = Vec::new();
        // (trail length before the decision, decided literal, whether the other branch was tried)
        let mut decisions: Vec<(usize, Lit, bool)> = Vec::new();

        for &a in assumptions {
            match value[a.var().0 as usize] {
                Some(v) if a.holds(v) => {}
                Some(_) => return None,
                None => {
                    value[a.var().0 as usize] = Some(!a.is_neg());
                    trail.push(a.var());
                }
            }
        }
        let mut queue_from = 0;
        let mut conflict = !self.propagate(&mut value, &mut trail, &mut queue_from, true);
        loop {
            if conflict {
                // Backtrack to the most recent decision whose other branch is untried.
                loop {
                    let (mark, lit, flipped) = decisions.pop()?;
                    for v in trail.drain(mark..) {
                        value[v.0 as usize] = None;
                    }
                    if !flipped {
                        let other = !lit;
                        value[other.var().0 as usize] = Some(!other.is_neg());
                        trail.push(other.var());
                        decisions.push((mark, other, true));
                        queue_from = mark;
                        break;
                    }
                }
            } else {
                let Some(v) = (0..n).find(|&v| value[v].is_none()) else {
                    let model: Vec<bool> = value.iter().map(|v| v.unwrap_or(false)).collect();
                    debug_assert!(self.satisfied_by(&model));
                    return Some(model);
                };
                let lit = Lit::neg(Var(v as u32));
                decisions.push((trail.len(), lit, false));
                value[v] = Some(false);
                queue_from = trail.len();
                trail.push(Var(v as u32));
            }
            conflict = !self.propagate(&mut value, &mut trail, &mut queue_from, false);
        }
    }

    /// Unit propagation from `trail[*queue_from..]`; `all` checks every clause once first.
    /// Returns false on a conflict.
    fn propagate(
        &self,
        value: &mut [Option<bool>],
        trail: &mut Vec<Var>,
        queue_from: &mut usize,
        all: bool,
    ) -> bool {
        let check = |ci: usize, value: &mut [Option<bool>], trail: &mut Vec<Var>| -> bool {
            let mut unassigned = None;
            let mut count = 0;
            for &l in &self.clauses[ci] {
                match value[l.var().0 as usize] {
                    Some(v) if l.holds(v) => return true,
                    Some(_) => {}
                    None => {
                        count += 1;
                        unassigned = Some(l);
                    }
                }
            }
            match (count, unassigned) {
                (0, _) => false,
                (1, Some(l)) => {
                    value[l.var().0 as usize] = Some(!l.is_neg());
                    trail.push(l.var());
                    true
                }
                _ => true,
            }
        };
        if all {
            for ci in 0..self.clauses.len() {
                if !check(ci, value, trail) {
                    return false;
                }
            }
        }
        while *queue_from < trail.len() {
            let v = trail[*queue_from];
            *queue_from += 1;
            for &ci in &self.occurs[v.0 as usize] {
                if !check(ci as usize, value, trail) {
                    return false;
                }
            }
        }
        true
    }

    /// Whether a total assignment satisfies every clause.
    pub fn satisfied_by(&self, model: &[bool]) -> bool {
        self.clauses
            .iter()
            .all(|c| c.iter().any(|l| l.holds(model[l.var().0 as usize])))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brute(cnf: &Cnf, assumptions: &[Lit]) -> bool {
        let n = cnf.num_vars();
        (0u32..1 << n).any(|bits| {
            let m: Vec<bool> = (0..n).map(|i| bits >> i & 1 == 1).collect();
            cnf.satisfied_by(&m) && assumptions.iter().all(|a| a.holds(m[a.var().0 as usize]))
        })
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_brute_force(
            clauses in proptest::collection::vec(
                proptest::collection::vec((0u32..7, proptest::bool::ANY), 1..4), 0..24),
            assumptions in proptest::collection::vec((0u32..7, proptest::bool::ANY), 0..3),
        ) {
            let mut cnf = Cnf::default();
            let vars: Vec<Var> = (0..7).map(|_| cnf.new_var()).collect();
            let lit = |(v, neg): (u32, bool)| if neg { Lit::neg(vars[v as usize]) } else { Lit::pos(vars[v as usize]) };
            for c in clauses {
                cnf.add_clause(c.into_iter().map(lit).collect());
            }
            let assumptions: Vec<Lit> = assumptions.into_iter().map(lit).collect();
            let got = cnf.solve(&assumptions);
            proptest::prop_assert_eq!(got.is_some(), brute(&cnf, &assumptions));
            if let Some(m) = got {
                proptest::prop_assert!(cnf.satisfied_by(&m));
                proptest::prop_assert!(assumptions.iter().all(|a| a.holds(m[a.var().0 as usize])));
            }
        }
    }
}
