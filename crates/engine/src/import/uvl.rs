//! UVL (the Universal Variability Language of flamapy and the UVL community), its Boolean
//! level: a feature tree (`mandatory`, `optional`, `alternative`, `or` and `[n..m]` groups,
//! attributes in braces skipped) and cross-tree constraints (`!`, `&`, `|`, `=>`, `<=>`,
//! parentheses). Like the DIMACS import, each feature is a yes/no item of one multiple-choice
//! group `features`, and each relation a rule, so both imports of one model agree on its core
//! and dead features.

use serde_json::{json, Value};

use super::{IdMaker, ImportError};

/// The most features an import may declare (each becomes an item).
const MAX_FEATURES: usize = 100_000;

/// A feature group of the tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Mandatory,
    Optional,
    Alternative,
    Or,
    /// `[min..max]`; `None`: `*`.
    Cardinality(u32, Option<u32>),
}

/// The tree and constraints as read: features by index, parent and group kind per feature.
#[derive(Default)]
struct Model {
    names: Vec<String>,
    /// For every feature but the root: its parent and the kind of its group (with the group's
    /// number, so siblings of one group are told from those of the next).
    parents: Vec<Option<(usize, Kind, usize)>>,
    constraints: Vec<(usize, String)>,
    /// The line of each group keyword, by group number (from 1).
    group_lines: Vec<usize>,
    /// Each feature's index by name.
    index: std::collections::HashMap<String, usize>,
}

/// The indentation of a line (a tab counts as four spaces) and its text.
fn indent(line: &str) -> (usize, &str) {
    let mut width = 0;
    for ch in line.chars() {
        match ch {
            ' ' => width += 1,
            '\t' => width += 4,
            _ => break,
        }
    }
    (width, line.trim())
}

/// A line without its `//` comment and without attributes in braces (a `//`, `{` or `}` in a
/// quoted name is part of the name).
fn strip(line: &str) -> String {
    let mut out = String::new();
    let (mut depth, mut quoted) = (0, false);
    let mut chars = line.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '"' => {
                quoted = !quoted;
                if depth == 0 {
                    out.push(ch);
                }
            }
            '/' if !quoted && chars.peek() == Some(&'/') => break,
            '{' if !quoted => depth += 1,
            '}' if !quoted && depth > 0 => depth -= 1,
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

fn group_kind(word: &str) -> Option<Kind> {
    Some(match word {
        "mandatory" => Kind::Mandatory,
        "optional" => Kind::Optional,
        "alternative" => Kind::Alternative,
        "or" => Kind::Or,
        _ => {
            let (a, b) = word
                .strip_prefix('[')?
                .strip_suffix(']')?
                .split_once("..")?;
            let max = if b.trim() == "*" {
                None
            } else {
                Some(b.trim().parse().ok()?)
            };
            Kind::Cardinality(a.trim().parse().ok()?, max)
        }
    })
}

/// A feature's name as written: quoted, or up to the first space; a namespace prefix is kept.
fn feature_name(text: &str) -> Option<String> {
    let t = text.trim();
    if let Some(rest) = t.strip_prefix('"') {
        return rest.split_once('"').map(|(n, _)| n.to_owned());
    }
    t.split_whitespace().next().map(str::to_owned)
}

fn parse(file: &str, text: &str) -> Result<Model, ImportError> {
    let err = |line: usize, message: String| ImportError {
        file: file.to_owned(),
        line,
        message,
    };
    let mut m = Model::default();
    let mut section = "";
    // The open path of the tree: (indent, feature) and (indent, group kind, group number).
    let mut features: Vec<(usize, usize)> = Vec::new();
    let mut groups: Vec<(usize, Kind, usize)> = Vec::new();
    let mut group_count = 0;
    let mut in_block_comment = false;
    for (k, raw) in text.lines().enumerate() {
        let n = k + 1;
        if in_block_comment {
            if raw.contains("*/") {
                in_block_comment = false;
            }
            continue;
        }
        if raw.trim_start().starts_with("/*") {
            in_block_comment = !raw.contains("*/");
            continue;
        }
        let stripped = strip(raw);
        let (width, t) = indent(&stripped);
        if t.is_empty() {
            continue;
        }
        if width == 0 {
            let word = t.split_whitespace().next().unwrap_or("");
            match word {
                "namespace" => continue,
                // The language levels a model declares: this import reads the Boolean level
                // and says so on the first construct beyond it.
                "include" => {
                    section = "include";
                    continue;
                }
                "imports" => return Err(err(n, "imports (models composed of files) are not supported: import the composed model".into())),
                "features" | "constraints" => {
                    section = if word == "features" { "features" } else { "constraints" };
                    continue;
                }
                _ => {}
            }
        }
        match section {
            "features" => {
                // What this line is under: the open features and groups less indented.
                while features.last().is_some_and(|f| f.0 >= width) {
                    features.pop();
                }
                while groups.last().is_some_and(|g| g.0 >= width) {
                    groups.pop();
                }
                if let Some(kind) = group_kind(t) {
                    if features.is_empty() {
                        return Err(err(n, format!("`{t}` has no parent feature")));
                    }
                    group_count += 1;
                    m.group_lines.push(n);
                    groups.push((width, kind, group_count));
                    continue;
                }
                // `Boolean` is the type every feature has at this level.
                let t = t.strip_prefix("Boolean ").map_or(t, str::trim_start);
                let name =
                    feature_name(t).ok_or_else(|| err(n, format!("`{t}` is not a feature")))?;
                let after = match t.strip_prefix('"') {
                    Some(q) => q.split_once('"').map_or("", |(_, rest)| rest),
                    None => t
                        .split_once(char::is_whitespace)
                        .map_or("", |(_, rest)| rest),
                };
                if !after.trim().is_empty() {
                    return Err(err(n, format!("`{t}`: typed features and feature cardinalities are beyond the Boolean level this import reads")));
                }
                let parent = match (features.last(), groups.last()) {
                    (None, _) if m.names.is_empty() => None,
                    (None, _) => return Err(err(n, format!("a second root feature `{name}`"))),
                    (Some(&(_, p)), Some(&(gw, kind, g))) if gw > features.last().map_or(0, |f| f.0) => Some((p, kind, g)),
                    (Some(_), _) => return Err(err(n, format!("feature `{name}` is not under a group (mandatory, optional, alternative, or)"))),
                };
                if m.names.len() >= MAX_FEATURES {
                    return Err(err(n, format!("more than {MAX_FEATURES} features")));
                }
                if m.index.insert(name.clone(), m.names.len()).is_some() {
                    return Err(err(n, format!("a second feature named `{name}`")));
                }
                features.push((width, m.names.len()));
                m.names.push(name);
                m.parents.push(parent);
            }
            "constraints" => m.constraints.push((n, t.to_owned())),
            "include" => {}
            _ => {
                return Err(err(
                    n,
                    format!("`{t}` outside the features and constraints sections"),
                ))
            }
        }
    }
    if m.names.is_empty() {
        return Err(err(1, "no features".into()));
    }
    Ok(m)
}

/// A constraint's tokens: names (quoted or bare), operators and parentheses.
fn tokens(text: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '(' | ')' | '!' | '&' | '|' => {
                out.push(c.to_string());
                chars.next();
            }
            '=' | '<' => {
                let op: String = chars.by_ref().take(if c == '=' { 2 } else { 3 }).collect();
                if op != "=>" && op != "<=>" {
                    return Err(format!("`{op}` is not an operator (=> or <=>)"));
                }
                out.push(op);
            }
            '"' => {
                chars.next();
                let name: String = chars.by_ref().take_while(|&c| c != '"').collect();
                out.push(format!("\"{name}"));
            }
            _ => {
                let mut name = String::new();
                while let Some(&c) = chars.peek() {
                    if c.is_whitespace() || "()!&|=<\"".contains(c) {
                        break;
                    }
                    name.push(c);
                    chars.next();
                }
                out.push(format!("\"{name}"));
            }
        }
    }
    Ok(out)
}

/// Parses tokens by precedence (`<=>` lowest, then `=>`, `|`, `&`, `!`) into the catalog's
/// expression language, each feature written by `name`.
struct Expr<'a> {
    tokens: Vec<String>,
    at: usize,
    name: &'a dyn Fn(&str) -> Option<String>,
}

impl Expr<'_> {
    fn peek(&self) -> Option<&str> {
        self.tokens.get(self.at).map(String::as_str)
    }

    fn equiv(&mut self) -> Result<String, String> {
        let a = self.implies()?;
        if self.peek() == Some("<=>") {
            self.at += 1;
            let b = self.equiv()?;
            return Ok(format!("((not {a} or {b}) and (not {b} or {a}))"));
        }
        Ok(a)
    }

    fn implies(&mut self) -> Result<String, String> {
        let a = self.or()?;
        if self.peek() == Some("=>") {
            self.at += 1;
            let b = self.implies()?;
            return Ok(format!("(not {a} or {b})"));
        }
        Ok(a)
    }

    fn or(&mut self) -> Result<String, String> {
        self.chain("|", "or", Self::and)
    }

    fn and(&mut self) -> Result<String, String> {
        self.chain("&", "and", Self::not)
    }

    /// Operands of `next` joined by the operator `op`, written as `word`.
    fn chain(
        &mut self,
        op: &str,
        word: &str,
        next: fn(&mut Self) -> Result<String, String>,
    ) -> Result<String, String> {
        let mut parts = vec![next(self)?];
        while self.peek() == Some(op) {
            self.at += 1;
            parts.push(next(self)?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            format!("({})", parts.join(&format!(" {word} ")))
        })
    }

    fn not(&mut self) -> Result<String, String> {
        match self.peek() {
            Some("!") => {
                self.at += 1;
                Ok(format!("not {}", self.not()?))
            }
            Some("(") => {
                self.at += 1;
                let e = self.equiv()?;
                if self.peek() != Some(")") {
                    return Err("a `(` is not closed".into());
                }
                self.at += 1;
                Ok(format!("({e})"))
            }
            Some(t) if t.starts_with('"') => {
                let n = &t[1..];
                let e = (self.name)(n).ok_or_else(|| format!("`{n}` is not a feature"))?;
                self.at += 1;
                Ok(e)
            }
            Some(t) => Err(format!("`{t}` where a feature was expected")),
            None => Err("the constraint ends where a feature was expected".into()),
        }
    }
}

/// Converts UVL text into a catalog (JSON). `file` names the place in errors.
pub fn to_catalog(file: &str, text: &str) -> Result<Value, ImportError> {
    let m = parse(file, text)?;
    let mut ids = IdMaker::default();
    let keys: Vec<String> = m
        .names
        .iter()
        .enumerate()
        .map(|(k, n)| ids.make(n, &format!("f{}", k + 1)))
        .collect();
    let key = |k: usize| format!("features.{}", keys[k]);
    let items: Vec<Value> = m
        .names
        .iter()
        .enumerate()
        .map(|(k, n)| json!({"id": keys[k], "sku": format!("F{}", k + 1), "name": n, "price": "0"}))
        .collect();
    let mut rules: Vec<Value> = vec![json!({
        "id": "root", "kind": "requires", "then": key(0),
        "message": format!("Every configuration has {}.", m.names[0]),
    })];
    tree_rules(file, &m, &keys, &mut rules)?;
    constraint_rules(file, &m, &keys, &mut rules)?;
    let stem = file
        .rsplit('/')
        .next()
        .unwrap_or(file)
        .trim_end_matches(".uvl");
    Ok(json!({
        "id": IdMaker::default().make(stem, "uvl-model"),
        "name": format!("Feature model {stem}"),
        "description": format!("Imported from UVL: {} features, {} constraints.", m.names.len(), m.constraints.len()),
        "version": "1",
        "currency": "USD",
        "groups": [{
            "id": "features", "name": "Features", "description": "Each feature is a yes/no option.",
            "choice": "multiple", "required": false, "items": items,
        }],
        "rules": rules,
    }))
}

/// A rule: `body` with its id and message.
fn push(rules: &mut Vec<Value>, id: String, mut body: Value, message: String) {
    body["id"] = json!(id);
    body["message"] = json!(message);
    rules.push(body);
}

/// The tree's rules: a feature needs its parent; a mandatory child is needed by its parent;
/// an alternative or `or` group (or `[n..m]`) needs one of its children, at most `m`.
fn tree_rules(
    file: &str,
    m: &Model,
    keys: &[String],
    rules: &mut Vec<Value>,
) -> Result<(), ImportError> {
    let key = |k: usize| format!("features.{}", keys[k]);
    let mut rule = |id: String, body: Value, message: String| push(rules, id, body, message);
    // Each group: its parent, kind and children, in order.
    let mut groups: Vec<(usize, Kind, usize, Vec<usize>)> = Vec::new();
    let mut numbers: Vec<usize> = Vec::new();
    for (c, p) in m.parents.iter().enumerate() {
        let Some((p, kind, g)) = *p else { continue };
        rule(
            format!("parent-{}", keys[c]),
            json!({"kind": "requires", "if": key(c), "then": key(p)}),
            format!("{} is part of {}.", m.names[c], m.names[p]),
        );
        match numbers.iter().position(|&n| n == g) {
            Some(k) => groups[k].3.push(c),
            None => {
                numbers.push(g);
                groups.push((p, kind, g, vec![c]));
            }
        }
    }
    for (p, kind, g, children) in groups {
        let any = children
            .iter()
            .map(|&c| key(c))
            .collect::<Vec<_>>()
            .join(" or ");
        let names = children
            .iter()
            .map(|&c| m.names[c].as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let (min, max) = match kind {
            Kind::Mandatory => {
                for &c in &children {
                    rule(
                        format!("mandatory-{}", keys[c]),
                        json!({"kind": "requires", "if": key(p), "then": key(c)}),
                        format!("{} always has {}.", m.names[p], m.names[c]),
                    );
                }
                continue;
            }
            Kind::Optional => continue,
            Kind::Alternative => (1, Some(1)),
            Kind::Or => (1, None),
            Kind::Cardinality(a, b) => (a, b),
        };
        if min > 1 {
            return Err(ImportError {
                file: file.to_owned(),
                line: m.group_lines[g - 1],
                message: format!("the group [{min}..] of `{}` needs at least {min} features: only [0..m] and [1..m] are supported", m.names[p]),
            });
        }
        if min == 1 {
            rule(
                format!("group-{}-{}", keys[p], keys[children[0]]),
                json!({"kind": "requires", "if": key(p), "then": any}),
                format!("{} needs one of: {names}.", m.names[p]),
            );
        }
        if let Some(max) = max.filter(|&x| (x as usize) < children.len()) {
            let items: Vec<String> = children.iter().map(|&c| key(c)).collect();
            rule(
                format!("at-most-{}-{}", keys[p], keys[children[0]]),
                json!({"kind": "count", "items": items, "max": max}),
                format!("{} takes at most {max} of: {names}.", m.names[p]),
            );
        }
    }
    Ok(())
}

/// The cross-tree constraints, each a rule.
fn constraint_rules(
    file: &str,
    m: &Model,
    keys: &[String],
    rules: &mut Vec<Value>,
) -> Result<(), ImportError> {
    let key = |k: usize| format!("features.{}", keys[k]);
    let mut rule = |id: String, body: Value, message: String| push(rules, id, body, message);
    // A reference by name, else (a namespace prefix) by its last part.
    let find = |n: &str| {
        let bare = n.rsplit('.').next().unwrap_or(n);
        m.index
            .get(n)
            .or_else(|| m.index.get(bare))
            .map(|&k| key(k))
    };
    for (k, (line, text)) in m.constraints.iter().enumerate() {
        let mut e = Expr {
            tokens: tokens(text).map_err(|message| ImportError {
                file: file.to_owned(),
                line: *line,
                message,
            })?,
            at: 0,
            name: &find,
        };
        let then = e.equiv().map_err(|message| ImportError {
            file: file.to_owned(),
            line: *line,
            message,
        })?;
        if e.at != e.tokens.len() {
            return Err(ImportError {
                file: file.to_owned(),
                line: *line,
                message: format!(
                    "`{}` after the constraint",
                    e.tokens[e.at].trim_start_matches('"')
                ),
            });
        }
        rule(
            format!("constraint-{}", k + 1),
            json!({"kind": "requires", "then": then}),
            format!("Feature model constraint {}: {text}.", k + 1),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Catalog, Engine, ItemState};

    /// A feature model written in UVL, every group kind and operator in it.
    const ESPRESSO: &str = r#"namespace Espresso

features
    Espresso {abstract}
        mandatory
            Boiler {abstract}
                alternative
                    SingleBoiler
                    DualBoiler
                    HeatExchanger
            Pump {abstract, power 1200}
        optional
            Grinder
                optional
                    "Burr set"
            Milk {abstract}
                or
                    SteamWand
                    AutoFrother
            Display
        [0..2]
            Wifi
            Bluetooth
            Scale

constraints
    AutoFrother => DualBoiler | HeatExchanger
    "Burr set" => Grinder // a comment
    Scale & Wifi => Display
    !(Bluetooth & SingleBoiler)
    Scale => Bluetooth & Wifi
    Display <=> Grinder
"#;

    /// The same model in DIMACS CNF, written by hand from the tree and constraints.
    const ESPRESSO_CNF: &str = "c 1 Espresso\nc 2 Boiler\nc 3 SingleBoiler\nc 4 DualBoiler\nc 5 HeatExchanger\nc 6 Pump\nc 7 Grinder\nc 8 Burr set\nc 9 Milk\nc 10 SteamWand\nc 11 AutoFrother\nc 12 Display\nc 13 Wifi\nc 14 Bluetooth\nc 15 Scale\np cnf 15 31\n1 0\n-2 1 0\n-3 2 0\n-4 2 0\n-5 2 0\n-6 1 0\n-7 1 0\n-8 7 0\n-9 1 0\n-10 9 0\n-11 9 0\n-12 1 0\n-13 1 0\n-14 1 0\n-15 1 0\n-1 2 0\n-1 6 0\n-2 3 4 5 0\n-3 -4 0\n-3 -5 0\n-4 -5 0\n-9 10 11 0\n-13 -14 -15 0\n-11 4 5 0\n-8 7 0\n-15 -13 12 0\n-14 -3 0\n-15 14 0\n-15 13 0\n-12 7 0\n-7 12 0\n";

    fn engine(v: &Value) -> Engine {
        Engine::new(Catalog::from_json("m.json", &v.to_string()).unwrap())
    }

    /// Each feature's name with its state before any choice.
    fn states(e: &Engine) -> Vec<(String, ItemState)> {
        let ev = e.evaluate::<crate::ItemId>(&[]);
        e.catalog()
            .items()
            .iter()
            .map(|i| (i.name.clone(), ev.item(i.id)))
            .collect()
    }

    /// The features' names, in catalog order.
    fn names(e: &Engine) -> Vec<&str> {
        e.catalog()
            .items()
            .iter()
            .map(|i| i.name.as_str())
            .collect()
    }

    #[test]
    fn a_uvl_model_agrees_with_its_dimacs_form() {
        let uvl = engine(&to_catalog("espresso.uvl", ESPRESSO).unwrap());
        let cnf =
            engine(&super::super::dimacs::to_catalog("espresso.dimacs", ESPRESSO_CNF).unwrap());
        assert_eq!(states(&uvl), states(&cnf));
        let named = |s: ItemState| -> Vec<String> {
            states(&uvl)
                .into_iter()
                .filter(|x| x.1 == s)
                .map(|x| x.0)
                .collect()
        };
        // Core: the root, its mandatory boiler and pump; dead: the scale (it needs both radios,
        // and the group takes two of three).
        assert_eq!(named(ItemState::Implied), ["Espresso", "Boiler", "Pump"]);
        assert_eq!(named(ItemState::Unavailable), ["Scale"]);
        assert_eq!(
            uvl.count::<crate::ItemId>(&[]),
            cnf.count::<crate::ItemId>(&[])
        );
        assert!(uvl.count::<crate::ItemId>(&[]).unwrap() > crate::Natural::from(10u64));
        // Quoted names keep their spaces; keys are ids.
        let c = uvl.catalog();
        let burr = c.items().iter().find(|i| i.name == "Burr set").unwrap();
        assert_eq!(burr.key, "Burr_set");
    }

    #[test]
    fn a_quoted_name_keeps_its_slashes_and_braces() {
        let v = to_catalog(
            "m.uvl",
            "features\n    Root\n        optional\n            \"F_a//b {c}\" {abstract} // a comment\n            B\nconstraints\n    \"F_a//b {c}\" => B // the end\n",
        )
        .unwrap();
        let e = engine(&v);
        assert_eq!(names(&e), ["Root", "F_a//b {c}", "B"]);
        let constraints: Vec<&str> = e
            .catalog()
            .rules()
            .iter()
            .filter(|r| r.key.starts_with("constraint-"))
            .map(|r| r.message.as_str())
            .collect();
        assert_eq!(
            constraints,
            ["Feature model constraint 1: \"F_a//b {c}\" => B."]
        );
    }

    #[test]
    fn boolean_types_and_language_levels_are_read() {
        let v = to_catalog(
            "m.uvl",
            "include\n    Boolean.*\nfeatures\n    Boolean \"Feature-0\"\n        optional\n            Boolean B\n",
        )
        .unwrap();
        let e = engine(&v);
        assert_eq!(names(&e), ["Feature-0", "B"]);
        // A quoted name followed by a cardinality is beyond the Boolean level, said so.
        let beyond = to_catalog("m.uvl", "features\n    \"A\" cardinality [1..4]\n").unwrap_err();
        assert_eq!(beyond.line, 2);
        assert!(
            beyond.message.contains("beyond the Boolean level"),
            "{}",
            beyond.message
        );
    }

    #[test]
    fn errors_name_the_line() {
        let e = |text: &str| to_catalog("m.uvl", text).unwrap_err();
        let bad_ref =
            e("features\n    A\n        optional\n            B\nconstraints\n    B => C\n");
        assert_eq!(
            (bad_ref.line, bad_ref.message.as_str()),
            (6, "`C` is not a feature")
        );
        let two_roots = e("features\n    A\n    B\n");
        assert_eq!(
            (two_roots.line, two_roots.message.as_str()),
            (3, "a second root feature `B`")
        );
        let no_group = e("features\n    A\n        B\n");
        assert_eq!(no_group.line, 3);
        assert!(
            no_group.message.contains("not under a group"),
            "{}",
            no_group.message
        );
        let wide =
            e("features\n    A\n        [2..3]\n            B\n            C\n            D\n");
        assert_eq!(wide.line, 3);
        let typed = e("features\n    A\n        optional\n            Integer price\n");
        assert!(typed.message.contains("Boolean level"), "{}", typed.message);
        let imports = e("imports\n    Sub as s\nfeatures\n    A\n");
        assert_eq!(imports.line, 1);
        let op = e("features\n    A\n        optional\n            B\nconstraints\n    A = B\n");
        assert_eq!(op.line, 6);
        let open = e("features\n    A\n        optional\n            B\nconstraints\n    (A | B\n");
        assert_eq!(open.message, "a `(` is not closed");
    }
}
