//! Learning from conflicts: first-UIP analysis with local minimisation, the failed
//! assumptions of an unsatisfiable search, activity bumps and learned-clause deletion.

use super::{Lit, Solver, Var, NO_REASON};

impl Solver {
    pub(crate) fn bump(&mut self, v: Var) {
        self.activity[v.idx()] += self.var_inc;
        if self.activity[v.idx()] > 1e100 {
            for a in &mut self.activity {
                *a *= 1e-100;
            }
            self.var_inc *= 1e-100;
        }
        self.heaps[self.tier[v.idx()] as usize].increased(v.0, &self.activity);
    }

    /// First-UIP conflict analysis: the learnt clause (asserting literal first) and the level
    /// to go back to.
    pub(crate) fn analyze(&mut self, mut confl: u32) -> (Vec<Lit>, usize, u32) {
        let mut learnt: Vec<Lit> = vec![Lit(0)];
        let mut path = 0;
        let mut p: Option<Lit> = None;
        let mut index = self.trail.len();
        loop {
            let lits = self.clauses[confl as usize].lits.clone();
            // A reason's literals but the one it implies (not always first: see `propagate`).
            for &q in lits.iter().filter(|q| Some(q.var()) != p.map(Lit::var)) {
                let v = q.var();
                if !self.seen[v.idx()] && self.level[v.idx()] > 0 {
                    self.seen[v.idx()] = true;
                    self.bump(v);
                    if self.level[v.idx()] as usize >= self.decision_level() {
                        path += 1;
                    } else {
                        learnt.push(q);
                    }
                }
            }
            loop {
                index -= 1;
                if self.seen[self.trail[index].var().idx()] {
                    break;
                }
            }
            let lit = self.trail[index];
            p = Some(lit);
            confl = self.reason[lit.var().idx()];
            self.seen[lit.var().idx()] = false;
            path -= 1;
            if path == 0 {
                break;
            }
        }
        learnt[0] = !p.expect("conflict analysis visits at least one literal");
        // Local minimisation: drop literals implied by other literals of the clause.
        let keep: Vec<bool> = learnt
            .iter()
            .enumerate()
            .map(|(k, &q)| {
                if k == 0 {
                    return true;
                }
                let r = self.reason[q.var().idx()];
                if r == NO_REASON {
                    return true;
                }
                !self.clauses[r as usize]
                    .lits
                    .iter()
                    .filter(|x| x.var() != q.var())
                    .all(|&x| self.seen[x.var().idx()] || self.level[x.var().idx()] == 0)
            })
            .collect();
        for &q in &learnt {
            self.seen[q.var().idx()] = false;
        }
        let mut learnt: Vec<Lit> = learnt
            .into_iter()
            .zip(keep)
            .filter_map(|(l, k)| k.then_some(l))
            .collect();
        let mut bt = 0;
        if learnt.len() > 1 {
            let mut max_k = 1;
            for k in 2..learnt.len() {
                if self.level[learnt[k].var().idx()] > self.level[learnt[max_k].var().idx()] {
                    max_k = k;
                }
            }
            learnt.swap(1, max_k);
            bt = self.level[learnt[1].var().idx()] as usize;
        }
        let mut levels: Vec<u32> = learnt.iter().map(|l| self.level[l.var().idx()]).collect();
        levels.sort_unstable();
        levels.dedup();
        (learnt, bt, levels.len() as u32)
    }

    /// The assumptions responsible for `p` being false (p is the negation of a failed
    /// assumption, which is included).
    pub(crate) fn analyze_final(&mut self, failed: Lit) -> Vec<Lit> {
        let mut core = vec![failed];
        if self.decision_level() == 0 {
            return core;
        }
        self.seen[failed.var().idx()] = true;
        for k in (self.trail_lim[0]..self.trail.len()).rev() {
            let l = self.trail[k];
            let v = l.var().idx();
            if !self.seen[v] {
                continue;
            }
            let r = self.reason[v];
            if r == NO_REASON {
                if self.level[v] > 0 {
                    core.push(l);
                }
            } else {
                for &q in self.clauses[r as usize]
                    .lits
                    .iter()
                    .filter(|q| q.var().idx() != v)
                {
                    if self.level[q.var().idx()] > 0 {
                        self.seen[q.var().idx()] = true;
                    }
                }
            }
            self.seen[v] = false;
        }
        self.seen[failed.var().idx()] = false;
        core
    }

    pub(crate) fn reduce_db(&mut self) {
        let learnts: Vec<usize> = (0..self.clauses.len())
            .filter(|&k| {
                let c = &self.clauses[k];
                c.learnt && !c.deleted && c.lits.len() > 2 && c.lbd > 2
            })
            .collect();
        // Highest LBD first, ties in clause order: a counting sort (LBDs are small), so the
        // solver carries no comparison sort of its own.
        let most = learnts
            .iter()
            .map(|&k| self.clauses[k].lbd)
            .max()
            .unwrap_or(0);
        let mut by_lbd: Vec<Vec<usize>> = vec![Vec::new(); most as usize + 1];
        for &k in &learnts {
            by_lbd[self.clauses[k].lbd as usize].push(k);
        }
        let learnts: Vec<usize> = by_lbd.into_iter().rev().flatten().collect();
        let locked = |s: &Self, k: usize| {
            let l0 = s.clauses[k].lits[0];
            s.value(l0) == 1 && s.reason[l0.var().idx()] == k as u32
        };
        for &k in learnts.iter().take(learnts.len() / 2) {
            if !locked(self, k) {
                self.clauses[k].deleted = true;
                self.clauses[k].lits = Vec::new();
                self.num_learnts -= 1;
            }
        }
        // Drop watchers of deleted clauses.
        for ws in &mut self.watches {
            ws.retain(|w| !self.clauses[w.clause as usize].deleted);
        }
    }
}
