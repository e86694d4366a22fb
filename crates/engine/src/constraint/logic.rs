//! `requires` and `excludes` rules: `if` ⇒ `then`, or never `if` and `then` together, over
//! boolean expressions of items.

use super::Scope;
use crate::catalog::diagnostic::Reporter;
use crate::catalog::expr;
use crate::catalog::locate::JsonPath;
use crate::catalog::raw::RawRule;
use crate::catalog::{Expr, RuleBody, RuleKind};
use crate::clauses::{guarded, tseitin, ClauseSink};
use crate::fx::FxMap;
use crate::ids::ItemId;
use crate::mdd::{Builder, NodeId, Op, TooLarge, Vars};
use crate::sat::Lit;

/// Independent checker.
pub(super) fn holds(
    kind: RuleKind,
    condition: &Expr,
    consequence: &Expr,
    chosen: &dyn Fn(ItemId) -> bool,
) -> bool {
    let c = condition.eval(chosen);
    let t = consequence.eval(chosen);
    match kind {
        RuleKind::Excludes => !(c && t),
        _ => !c || t,
    }
}

/// Clauses: both expressions by Tseitin, then `¬if ∨ then` (or `¬if ∨ ¬then`).
pub(super) fn encode(
    kind: RuleKind,
    condition: &Expr,
    consequence: &Expr,
    solver: &mut dyn ClauseSink,
    guard: &[Lit],
) {
    let cond = tseitin(solver, condition);
    let then = tseitin(solver, consequence);
    let then = match kind {
        RuleKind::Excludes => !then,
        _ => then,
    };
    guarded(solver, guard, &[!cond, then]);
}

/// Diagram: both expressions by `apply`.
pub(super) fn diagram(
    kind: RuleKind,
    condition: &Expr,
    consequence: &Expr,
    b: &mut Builder,
    vars: &Vars,
) -> Result<NodeId, TooLarge> {
    let c = b.expr(condition, &vars.slots)?;
    let t = b.expr(consequence, &vars.slots)?;
    match kind {
        RuleKind::Excludes => {
            let both = b.apply(Op::And, c, t)?;
            b.not(both, &mut FxMap::default())
        }
        _ => {
            let nc = b.not(c, &mut FxMap::default())?;
            b.apply(Op::Or, nc, t)
        }
    }
}

/// The levels of the items both expressions mention.
pub(super) fn levels(condition: &Expr, consequence: &Expr, vars: &Vars) -> Vec<u32> {
    let mut items = Vec::new();
    condition.items(&mut items);
    consequence.items(&mut items);
    items.iter().map(|i| vars.slots[i.index()].level).collect()
}

/// Checks a `requires` or `excludes` rule: its `if` (optional) and `then` parse and name items
/// that exist.
pub(super) fn validate(
    rep: &mut Reporter<'_>,
    rpath: &JsonPath,
    rr: &RawRule<'_>,
    scope: &Scope<'_>,
) -> RuleBody {
    let resolve = |g: &str, i: &str| scope.resolve(g, i);
    let parse_field = |rep: &mut Reporter<'_>, field: &str, src: &str| -> Expr {
        expr::parse(src, &resolve).unwrap_or_else(|e| {
            rep.error_in_string(
                &rpath.key(field),
                e.offset,
                format!("rule `{}`, `{field}`: {}", rr.id, e.message),
            );
            Expr::Const(false)
        })
    };
    let condition = match &rr.condition {
        Some(src) => parse_field(rep, "if", src),
        None => Expr::Const(true),
    };
    let consequence = match &rr.then {
        Some(src) => parse_field(rep, "then", src),
        None => {
            rep.error(rpath, format!("rule `{}` needs a `then` expression", rr.id));
            Expr::Const(true)
        }
    };
    RuleBody::Logic {
        condition,
        consequence,
    }
}
