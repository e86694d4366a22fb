use super::*;

fn brute(n: usize, clauses: &[Vec<Lit>], assumptions: &[Lit]) -> bool {
    (0u32..1 << n).any(|bits| {
        let m: Vec<bool> = (0..n).map(|i| bits >> i & 1 == 1).collect();
        clauses
            .iter()
            .all(|c| c.iter().any(|l| l.holds(m[l.var().idx()])))
            && assumptions.iter().all(|a| a.holds(m[a.var().idx()]))
    })
}

#[test]
fn propagation_alone_derives_what_every_model_has() {
    let mut s = Solver::new();
    let [a, b, c, d] = [0, 1, 2, 3].map(|_| s.new_var());
    s.add_clause(&[Lit::neg(a), Lit::pos(b)]); // a → b
    s.add_clause(&[Lit::neg(b), Lit::pos(c)]); // b → c
    s.add_clause(&[Lit::pos(c), Lit::pos(d)]); // c ∨ d: not unit under a
    let derived = s.propagated(&[Lit::pos(a)]).expect("no conflict");
    for l in [Lit::pos(a), Lit::pos(b), Lit::pos(c)] {
        assert!(derived.contains(&l), "{l:?} in {derived:?}");
    }
    assert!(!derived.iter().any(|l| l.var() == d));
    // A conflict among the assumptions, and the solver still answers afterwards.
    assert_eq!(s.propagated(&[Lit::pos(a), Lit::neg(c)]), None);
    assert_eq!(s.propagated(&[Lit::neg(c), Lit::pos(a)]), None);
    assert_eq!(s.solve(&[Lit::pos(a)]), Answer::Sat);
    assert!(s.propagated(&[]).is_some_and(|l| l.is_empty()));
}

#[test]
fn luby_sequence() {
    let got: Vec<u64> = (0..15).map(luby).collect();
    assert_eq!(got, [1, 1, 2, 1, 1, 2, 4, 1, 1, 2, 1, 1, 2, 4, 8]);
}

#[test]
fn pigeonhole_is_unsat() {
    // 6 pigeons in 5 holes: needs real search and learning.
    let (p, h) = (6, 5);
    let mut s = Solver::new();
    let x: Vec<Vec<Var>> = (0..p)
        .map(|_| (0..h).map(|_| s.new_var()).collect())
        .collect();
    for row in &x {
        s.add_clause(&row.iter().map(|&v| Lit::pos(v)).collect::<Vec<_>>());
    }
    for j in 0..h {
        for (a, row_a) in x.iter().enumerate() {
            for row_b in &x[a + 1..] {
                s.add_clause(&[Lit::neg(row_a[j]), Lit::neg(row_b[j])]);
            }
        }
    }
    assert_eq!(s.solve(&[]), Answer::Unsat { core: vec![] });
    assert!(s.conflicts > 10);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 2000, ..Default::default() })]
    #[test]
    fn agrees_with_brute_force_incrementally(
        clauses in proptest::collection::vec(
            proptest::collection::vec((0u32..8, proptest::bool::ANY), 1..4), 0..30),
        queries in proptest::collection::vec(
            proptest::collection::vec((0u32..8, proptest::bool::ANY), 0..4), 1..6),
    ) {
        let n = 8;
        let mut s = Solver::new();
        let vars: Vec<Var> = (0..n).map(|_| s.new_var()).collect();
        let lit = |(v, neg): (u32, bool)| if neg { Lit::neg(vars[v as usize]) } else { Lit::pos(vars[v as usize]) };
        let clauses: Vec<Vec<Lit>> = clauses.into_iter().map(|c| c.into_iter().map(lit).collect()).collect();
        for c in &clauses {
            s.add_clause(c);
        }
        for q in queries {
            let assumptions: Vec<Lit> = q.into_iter().map(lit).collect();
            match s.solve(&assumptions) {
                Answer::Sat => {
                    let m = s.model().to_vec();
                    proptest::prop_assert!(clauses.iter().all(|c| c.iter().any(|l| l.holds(m[l.var().idx()]))));
                    proptest::prop_assert!(assumptions.iter().all(|a| a.holds(m[a.var().idx()])));
                }
                Answer::Unsat { core } => {
                    proptest::prop_assert!(!brute(n, &clauses, &assumptions));
                    proptest::prop_assert!(core.iter().all(|l| assumptions.contains(l)));
                    proptest::prop_assert!(!brute(n, &clauses, &core), "core {:?} is satisfiable", core);
                }
            }
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 1000, ..Default::default() })]
    /// Questions asked the way the engine asks them: near the last model (its path to a
    /// literal, then the literal), after propagation alone, with phases steered in between,
    /// some variables primary and the rest decided in index order: every answer is still
    /// right, and a search that keeps part of the trail finds what a fresh one would.
    #[test]
    fn questions_near_the_last_model_agree_with_brute_force(
        clauses in proptest::collection::vec(
            proptest::collection::vec((0u32..10, proptest::bool::ANY), 1..4), 0..40),
        base in proptest::collection::vec((0u32..10, proptest::bool::ANY), 0..3),
        questions in proptest::collection::vec((0u32..10, proptest::bool::ANY, proptest::bool::ANY), 1..12),
        primary in 0u32..10,
    ) {
        let n = 10;
        let mut s = Solver::new();
        s.auxiliary_in_order();
        let vars: Vec<Var> = (0..n).map(|_| s.new_var()).collect();
        for &v in &vars[..primary as usize] {
            s.set_primary(v);
        }
        let lit = |v: u32, neg: bool| Lit::new(vars[v as usize], !neg);
        let clauses: Vec<Vec<Lit>> = clauses
            .into_iter()
            .map(|c| c.into_iter().map(|(v, neg)| lit(v, neg)).collect())
            .collect();
        for c in &clauses {
            s.add_clause(c);
        }
        let base: Vec<Lit> = base.into_iter().map(|(v, neg)| lit(v, neg)).collect();
        let holds = |m: &[bool], ls: &[Lit]| ls.iter().all(|l| l.holds(m[l.var().idx()]));
        for (v, neg, steer) in questions {
            let q = lit(v, neg);
            if steer {
                s.set_phase(q.var(), !q.is_neg());
                let _ = s.propagated(&base);
            }
            let mut assumptions = match s.path_to(q) {
                Some(path) if path.starts_with(&base) => path.to_vec(),
                _ => base.clone(),
            };
            assumptions.push(q);
            let mut plain = base.clone();
            plain.push(q);
            match s.solve(&assumptions) {
                Answer::Sat => {
                    let m = s.model().to_vec();
                    proptest::prop_assert!(clauses
                        .iter()
                        .all(|c| c.iter().any(|l| l.holds(m[l.var().idx()]))));
                    proptest::prop_assert!(holds(&m, &assumptions));
                }
                Answer::Unsat { core } => {
                    proptest::prop_assert!(core.iter().all(|l| assumptions.contains(l)));
                    proptest::prop_assert!(!brute(n, &clauses, &core), "core {:?} is satisfiable", core);
                    if core.iter().all(|l| plain.contains(l)) {
                        proptest::prop_assert!(!brute(n, &clauses, &plain));
                    }
                }
            }
            // The plain question right after, from whatever the trail holds.
            let fresh = s.solve(&plain) == Answer::Sat;
            proptest::prop_assert_eq!(fresh, brute(n, &clauses, &plain));
        }
    }
}
