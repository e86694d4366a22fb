//! DIMACS CNF feature models: each variable a yes/no item named from its `c <id> <name>`
//! comment (one multiple-choice group `features`), each clause a rule.

use std::collections::HashMap;

use serde_json::{json, Value};

use super::{IdMaker, ImportError};

/// The most variables an import may declare (each becomes an item).
const MAX_VARIABLES: u32 = 1_000_000;

/// A CNF as read: variable names from comments, the variable count, the clauses.
struct Cnf {
    names: HashMap<u32, String>,
    vars: u32,
    clauses: Vec<Vec<i64>>,
}

/// Reads DIMACS CNF text: the header, the comments that name variables, the clauses.
fn parse(file: &str, text: &str) -> Result<Cnf, ImportError> {
    let err = |line: usize, message: String| ImportError {
        file: file.to_owned(),
        line,
        message,
    };
    let mut names: HashMap<u32, String> = HashMap::new();
    let mut header: Option<(u32, usize)> = None;
    let mut clauses: Vec<Vec<i64>> = Vec::new();
    let mut current: Vec<i64> = Vec::new();
    let mut last_line = 0;
    for (k, line) in text.lines().enumerate() {
        let n = k + 1;
        last_line = n;
        let t = line.trim();
        if t.is_empty() || t.starts_with('%') {
            continue;
        }
        if let Some(rest) = t.strip_prefix('c') {
            let rest = rest.trim();
            let mut parts = rest.splitn(2, char::is_whitespace);
            if let (Some(id), Some(name)) = (parts.next(), parts.next()) {
                if let Ok(id) = id.parse::<u32>() {
                    names.insert(id, name.trim().to_owned());
                }
            }
            continue;
        }
        if let Some(rest) = t.strip_prefix('p') {
            let parts: Vec<&str> = rest.split_whitespace().collect();
            match parts.as_slice() {
                ["cnf", v, c] => {
                    if header.is_some() {
                        return Err(err(n, "a second `p cnf` header".into()));
                    }
                    let v: u32 = v
                        .parse()
                        .map_err(|_| err(n, format!("bad variable count `{v}`")))?;
                    if v > MAX_VARIABLES {
                        return Err(err(
                            n,
                            format!("too large: {v} variables (at most {MAX_VARIABLES})"),
                        ));
                    }
                    let c = c
                        .parse()
                        .map_err(|_| err(n, format!("bad clause count `{c}`")))?;
                    header = Some((v, c));
                }
                _ => return Err(err(n, "expected `p cnf VARIABLES CLAUSES`".into())),
            }
            continue;
        }
        let Some((vars, _)) = header else {
            return Err(err(n, "clause before the `p cnf` header".into()));
        };
        for tok in t.split_whitespace() {
            let shown = || crate::json::shown(tok);
            let lit: i64 = tok
                .parse()
                .map_err(|_| err(n, format!("`{}` is not a literal (an integer)", shown())))?;
            if lit == 0 && tok != "0" {
                return Err(err(
                    n,
                    format!("`{}` is not a literal: a clause ends with 0", shown()),
                ));
            }
            if lit == 0 {
                clauses.push(std::mem::take(&mut current));
            } else if lit.unsigned_abs() > u64::from(vars) {
                return Err(err(
                    n,
                    format!("literal {lit} is beyond the {vars} declared variables"),
                ));
            } else {
                current.push(lit);
            }
        }
    }
    let Some((vars, declared)) = header else {
        return Err(err(last_line.max(1), "no `p cnf` header".into()));
    };
    if !current.is_empty() {
        clauses.push(current);
    }
    if clauses.len() != declared {
        return Err(err(
            last_line,
            format!(
                "the header declares {declared} clauses but the file has {}",
                clauses.len()
            ),
        ));
    }
    Ok(Cnf {
        names,
        vars,
        clauses,
    })
}

/// Converts DIMACS CNF text into a catalog (JSON). `file` names the place in errors.
pub fn to_catalog(file: &str, text: &str) -> Result<Value, ImportError> {
    let Cnf {
        names,
        vars,
        clauses,
    } = parse(file, text)?;
    let mut ids = IdMaker::default();
    let keys: Vec<String> = (1..=vars)
        .map(|v| {
            let name = names.get(&v).cloned().unwrap_or_default();
            ids.make(&name, &format!("v{v}"))
        })
        .collect();
    let display = |v: u32| names.get(&v).cloned().unwrap_or_else(|| format!("v{v}"));
    let items: Vec<Value> = (1..=vars)
        .map(|v| {
            json!({
                "id": keys[v as usize - 1],
                "sku": format!("F{v}"),
                "name": display(v),
                "price": "0",
            })
        })
        .collect();
    let rules: Vec<Value> = clauses
        .iter()
        .enumerate()
        .map(|(k, c)| {
            let lit = |l: &i64, key: bool| {
                let v = l.unsigned_abs() as u32;
                let name = if key {
                    format!("features.{}", keys[v as usize - 1])
                } else {
                    display(v)
                };
                if *l < 0 {
                    format!("not {name}")
                } else {
                    name
                }
            };
            let then = if c.is_empty() {
                "false".to_owned()
            } else {
                c.iter()
                    .map(|l| lit(l, true))
                    .collect::<Vec<_>>()
                    .join(" or ")
            };
            let text = c
                .iter()
                .map(|l| lit(l, false))
                .collect::<Vec<_>>()
                .join(" or ");
            json!({
                "id": format!("clause-{}", k + 1),
                "kind": "requires",
                "then": then,
                "message": format!("Feature model constraint {}: {text}.", k + 1),
            })
        })
        .collect();
    let stem = file
        .rsplit('/')
        .next()
        .unwrap_or(file)
        .trim_end_matches(".dimacs")
        .trim_end_matches(".cnf");
    Ok(json!({
        "id": IdMaker::default().make(stem, "dimacs-model"),
        "name": format!("Feature model {stem}"),
        "description": format!("Imported from DIMACS: {vars} variables, {} clauses.", clauses.len()),
        "version": "1",
        "currency": "USD",
        "groups": [{
            "id": "features",
            "name": "Features",
            "description": "Each feature is a yes/no option.",
            "choice": "multiple",
            "required": false,
            "items": items,
        }],
        "rules": rules,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Catalog, Engine, ItemState};

    #[test]
    fn imports_names_and_clauses() {
        let text = "c 1 BASE\nc 2 SSL support\nc 3 and\np cnf 3 3\n1 0\n-2 3\n0\n-3 -1 2 0\n";
        let v = to_catalog("m.dimacs", text).unwrap();
        let catalog = Catalog::from_json("m.json", &v.to_string()).unwrap();
        let keys: Vec<&str> = catalog.items().iter().map(|i| i.key.as_str()).collect();
        assert_eq!(keys, ["BASE", "SSL_support", "and_"]);
        assert_eq!(catalog.items()[1].name, "SSL support");
        assert_eq!(catalog.rules().len(), 3);
        assert_eq!(
            catalog.rules()[1].message,
            "Feature model constraint 2: not SSL support or and."
        );
        // BASE is core; SSL needs `and`, which needs SSL given BASE.
        let engine = Engine::new(catalog);
        let ev = engine.evaluate::<crate::ItemId>(&[]);
        assert_eq!(
            ev.items,
            [
                ItemState::Implied,
                ItemState::Available,
                ItemState::Available
            ]
        );
    }

    #[test]
    fn errors_name_the_line() {
        let e = to_catalog("x.cnf", "p cnf 2 1\n1 3 0\n").unwrap_err();
        assert_eq!(
            (e.line, e.message.as_str()),
            (2, "literal 3 is beyond the 2 declared variables")
        );
        let e = to_catalog("x.cnf", "1 2 0\n").unwrap_err();
        assert_eq!(e.line, 1);
        let e = to_catalog("x.cnf", "p cnf 2 2\n1 2 0\n").unwrap_err();
        assert!(e.message.contains("declares 2 clauses but the file has 1"));
        let e = to_catalog("x.cnf", "p cnf 2 1\n1 x 0\n").unwrap_err();
        assert_eq!(e.to_string(), "x.cnf:2: `x` is not a literal (an integer)");
    }
}
