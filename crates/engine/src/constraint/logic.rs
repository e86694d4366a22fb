//! `requires` and `excludes` rules: `if` ⇒ `then`, or never `if` and `then` together, over
//! boolean expressions of items.

use super::{Kind, Scope, Syntax};
use crate::catalog::diagnostic::Reporter;
use crate::catalog::expr;
use crate::catalog::locate::JsonPath;
use crate::catalog::raw::{Form, RawRule};
use crate::catalog::{Catalog, Expr, Logic, RuleBody, RuleKind};
use crate::clauses::{guarded, tseitin, ClauseSink};
use crate::fx::FxMap;
use crate::ids::{GroupId, ItemId};
use crate::mdd::{Builder, NodeId, Op, TooLarge, Vars};
use crate::sat::Lit;

/// The fields both kinds take.
const FIELDS: &[(&str, Form)] = &[("if", Form::Text), ("then", Form::Text)];

impl Kind for Logic {
    const SYNTAX: &'static [Syntax] = &[
        Syntax {
            kind: RuleKind::Requires,
            name: "requires",
            fields: FIELDS,
            check: |rep, path, rr, scope| validate(rep, path, rr, scope, false),
        },
        Syntax {
            kind: RuleKind::Excludes,
            name: "excludes",
            fields: FIELDS,
            check: |rep, path, rr, scope| validate(rep, path, rr, scope, true),
        },
    ];

    /// Independent checker.
    fn holds(&self, _catalog: &Catalog, quantity: &dyn Fn(ItemId) -> u32) -> bool {
        let chosen = &|i: ItemId| quantity(i) > 0;
        let c = self.condition.eval(chosen);
        let t = self.consequence.eval(chosen);
        if self.excludes {
            !(c && t)
        } else {
            !c || t
        }
    }

    /// Clauses: both expressions by Tseitin, then `¬if ∨ then` (or `¬if ∨ ¬then`).
    fn encode(&self, _: &Catalog, _: &[Option<u32>], solver: &mut dyn ClauseSink, guard: &[Lit]) {
        let cond = tseitin(solver, &self.condition);
        let then = tseitin(solver, &self.consequence);
        let then = if self.excludes { !then } else { then };
        guarded(solver, guard, &[!cond, then]);
    }

    /// Diagram: both expressions by `apply`.
    fn diagram(&self, _: &Catalog, b: &mut Builder, vars: &Vars) -> Result<NodeId, TooLarge> {
        let c = b.expr(&self.condition, &vars.slots)?;
        let t = b.expr(&self.consequence, &vars.slots)?;
        if self.excludes {
            let both = b.apply(Op::And, c, t)?;
            b.not(both, &mut FxMap::default())
        } else {
            let nc = b.not(c, &mut FxMap::default())?;
            b.apply(Op::Or, nc, t)
        }
    }

    /// The levels of the items both expressions mention.
    fn levels(&self, _: &Catalog, vars: &Vars) -> Vec<u32> {
        let mut items = Vec::new();
        self.condition.items(&mut items);
        self.consequence.items(&mut items);
        items.iter().map(|i| vars.slots[i.index()].level).collect()
    }

    /// The items its `then` names.
    fn needs(&self, _: &Catalog, _: &mut Vec<GroupId>, items: &mut Vec<ItemId>) {
        self.consequence.items(items);
    }

    /// `if … then …`, each expression as a tree of `group.item` keys.
    fn describe(&self, c: &Catalog) -> String {
        let item = |i: ItemId| c.item_key(i);
        format!(
            "if {} then {}",
            expr_text(&self.condition, &item),
            expr_text(&self.consequence, &item)
        )
    }
}

/// An expression as text: `and(…)`, `or(…)`, `not(…)`, item keys, `true`/`false`.
fn expr_text(e: &Expr, item: &dyn Fn(ItemId) -> String) -> String {
    let list = |es: &[Expr]| -> String {
        let parts: Vec<String> = es.iter().map(|e| expr_text(e, item)).collect();
        parts.join(", ")
    };
    match e {
        Expr::Const(b) => b.to_string(),
        Expr::Item(i) => item(*i),
        Expr::Not(inner) => format!("not({})", expr_text(inner, item)),
        Expr::And(es) => format!("and({})", list(es)),
        Expr::Or(es) => format!("or({})", list(es)),
    }
}

/// Checks a `requires` or `excludes` rule: its `if` (optional) and `then` parse and name items
/// that exist.
fn validate(
    rep: &mut Reporter<'_>,
    rpath: &JsonPath,
    rr: &RawRule<'_>,
    scope: &Scope<'_>,
    excludes: bool,
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
    let condition = match rr.text("if") {
        Some(src) => parse_field(rep, "if", src),
        None => Expr::Const(true),
    };
    let consequence = match rr.text("then") {
        Some(src) => parse_field(rep, "then", src),
        None => {
            rep.error(rpath, format!("rule `{}` needs a `then` expression", rr.id));
            Expr::Const(true)
        }
    };
    RuleBody::Logic(Logic {
        excludes,
        condition,
        consequence,
    })
}
