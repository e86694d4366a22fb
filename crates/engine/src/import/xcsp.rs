//! XCSP 2.1 extensional models: each variable a required single-choice group named after it,
//! each value an item named by its value (or by its label where the domain has a `labels`
//! attribute), each constraint a compatibility table named after it (`supports` tables become
//! `allowed`, `conflicts` tables `forbidden`).

use std::collections::HashMap;

use serde_json::{json, Value};

use super::{IdMaker, ImportError};

/// One XML element: its name, attributes, text content and byte offset.
struct Element<'a> {
    name: &'a str,
    attrs: Vec<(&'a str, String)>,
    text: &'a str,
    offset: usize,
}

impl Element<'_> {
    fn attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.as_str())
    }
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The elements of a flat XML document, in order (nesting is flattened; comments, processing
/// instructions and declarations are skipped).
fn elements(text: &str) -> Result<Vec<Element<'_>>, (usize, String)> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(rel) = text[i..].find('<') {
        let start = i + rel;
        let rest = &text[start..];
        if rest.starts_with("<!--") {
            i = start
                + rest
                    .find("-->")
                    .ok_or((start, "unclosed comment".to_owned()))?
                + 3;
            continue;
        }
        if rest.starts_with("<![CDATA[") {
            return Err((
                start,
                "CDATA sections are not read: write the values and tuples as plain text".to_owned(),
            ));
        }
        if rest.starts_with("<?") || rest.starts_with("<!") || rest.starts_with("</") {
            i = start + rest.find('>').ok_or((start, "unclosed tag".to_owned()))? + 1;
            continue;
        }
        let end = start + rest.find('>').ok_or((start, "unclosed tag".to_owned()))?;
        let inner = &text[start + 1..end];
        let self_closing = inner.ends_with('/');
        let inner = inner.trim_end_matches('/');
        let name_end = inner.find(char::is_whitespace).unwrap_or(inner.len());
        let name = &inner[..name_end];
        let mut attrs = Vec::new();
        let mut a = &inner[name_end..];
        loop {
            a = a.trim_start();
            if a.is_empty() {
                break;
            }
            let eq = a
                .find('=')
                .ok_or((start, format!("malformed attribute in <{name}>")))?;
            let key = a[..eq].trim();
            let after = a[eq + 1..].trim_start();
            let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'');
            let quote = quote.ok_or((
                start,
                format!("attribute `{key}` of <{name}> is not quoted"),
            ))?;
            let close = after[1..].find(quote).ok_or((
                start,
                format!("attribute `{key}` of <{name}> is not closed"),
            ))?;
            attrs.push((key, unescape(&after[1..1 + close])));
            a = &after[close + 2..];
        }
        let (content, next) = if self_closing {
            ("", end + 1)
        } else {
            // Only leaf elements keep their text (up to the next tag, which closes them);
            // containers are scanned through. One look at the next tag: linear in the text.
            let body = end + 1;
            let next_tag = text[body..].find('<').map_or(text.len(), |k| body + k);
            let closing = format!("</{name}>");
            if text[next_tag..].starts_with(&closing) {
                (&text[body..next_tag], next_tag + closing.len())
            } else {
                ("", body)
            }
        };
        out.push(Element {
            name,
            attrs,
            text: content,
            offset: start,
        });
        i = next;
    }
    Ok(out)
}

/// The most values one domain may have.
const MAX_DOMAIN: usize = 100_000;

/// The most values all domains together may have (each becomes an item).
const MAX_VALUES: usize = 1_000_000;

/// Parses a domain like `0..8`, `1 3 5` or `0..2 7`.
fn domain_values(text: &str) -> Result<Vec<i64>, String> {
    let mut values = Vec::new();
    for part in text.split_whitespace() {
        if let Some((a, b)) = part.split_once("..") {
            let a: i64 = a.parse().map_err(|_| format!("bad interval `{part}`"))?;
            let b: i64 = b.parse().map_err(|_| format!("bad interval `{part}`"))?;
            let width = i128::from(b) - i128::from(a) + 1;
            if width < 1 || width + values.len() as i128 > MAX_DOMAIN as i128 {
                return Err(format!(
                    "interval `{part}` is empty, or the domain has more than {MAX_DOMAIN} values"
                ));
            }
            values.extend(a..=b);
        } else {
            values.push(
                part.parse()
                    .map_err(|_| format!("`{part}` is not an integer value"))?,
            );
        }
    }
    Ok(values)
}

/// A domain: its values, their display names and their item ids.
struct Domain {
    values: Vec<i64>,
    names: Vec<String>,
    ids: Vec<String>,
}

/// A relation: allowed (`supports`) or forbidden tuples, and where it was declared.
struct Relation {
    allowed: bool,
    tuples: Vec<Vec<i64>>,
}

/// A constraint: its name, scope (variable names), relation and place.
struct Constraint {
    name: String,
    scope: Vec<String>,
    reference: String,
    offset: usize,
}

/// The model as read from the elements, before names are resolved.
#[derive(Default)]
struct Model {
    name: Option<String>,
    domains: HashMap<String, Domain>,
    /// Name, domain name, place.
    variables: Vec<(String, String, usize)>,
    relations: HashMap<String, Relation>,
    constraints: Vec<Constraint>,
}

/// Builds an [`ImportError`] at a byte offset of the text.
struct Errors<'a> {
    file: &'a str,
    text: &'a str,
}

impl Errors<'_> {
    fn at(&self, offset: usize, message: String) -> ImportError {
        let line = self.text[..offset.min(self.text.len())]
            .matches('\n')
            .count()
            + 1;
        ImportError {
            file: self.file.to_owned(),
            line,
            message,
        }
    }

    fn need(&self, e: &Element, key: &str) -> Result<String, ImportError> {
        e.attr(key)
            .map(str::to_owned)
            .ok_or_else(|| self.at(e.offset, format!("<{}> has no `{key}` attribute", e.name)))
    }
}

/// Converts XCSP 2.1 text into a catalog (JSON). `file` names the place in errors.
pub fn to_catalog(file: &str, text: &str) -> Result<Value, ImportError> {
    let err = Errors { file, text };
    let elements = elements(text).map_err(|(o, m)| err.at(o, m))?;
    let model = read_model(&elements, &err)?;
    if model.variables.is_empty() {
        return Err(err.at(
            0,
            "not an XCSP 2.1 instance: it declares no <variable>".into(),
        ));
    }
    let mut var_domain: HashMap<String, &Domain> = HashMap::new();
    let mut group_ids = IdMaker::default();
    let mut group_key: HashMap<String, String> = HashMap::new();
    let mut groups = Vec::new();
    for (name, dom, offset) in &model.variables {
        let d = model.domains.get(dom).ok_or_else(|| {
            err.at(
                *offset,
                format!("variable `{name}` uses unknown domain `{dom}`"),
            )
        })?;
        var_domain.insert(name.clone(), d);
        let key = group_ids.make(name, "var");
        group_key.insert(name.clone(), key.clone());
        let items: Vec<Value> = d
            .ids
            .iter()
            .zip(&d.names)
            .zip(&d.values)
            .map(|((id, label), v)| {
                json!({"id": id, "sku": format!("{key}={id}"), "name": label, "description": format!("{name} = {v}"), "price": "0"})
            })
            .collect();
        groups.push(
            json!({"id": key, "name": name, "choice": "single", "required": true, "items": items}),
        );
    }
    let mut rule_ids = IdMaker::default();
    let mut rules = Vec::new();
    for c in &model.constraints {
        let mut rule = table_rule(c, &model, &var_domain, &err)?;
        rule["id"] = json!(rule_ids.make(&c.name, "constraint"));
        rule["groups"] = json!(c
            .scope
            .iter()
            .map(|v| group_key[v].clone())
            .collect::<Vec<_>>());
        rules.push(rule);
    }
    let stem = model.name.unwrap_or_else(|| {
        file.rsplit('/')
            .next()
            .unwrap_or(file)
            .trim_end_matches(".xml")
            .to_owned()
    });
    Ok(json!({
        "id": IdMaker::default().make(&stem, "xcsp-model"),
        "name": stem,
        "description": format!("Imported from XCSP 2.1: {} variables, {} constraints.", model.variables.len(), model.constraints.len()),
        "version": "1",
        "currency": "USD",
        "groups": groups,
        "rules": rules,
    }))
}

/// Reads domains, variables, relations and constraints from the elements.
/// Each name declared once; a repeated one is an error at its place.
fn declare<T>(
    map: &mut HashMap<String, T>,
    what: &str,
    name: String,
    value: T,
    e: &Element<'_>,
    err: &Errors<'_>,
) -> Result<(), ImportError> {
    if map.contains_key(&name) {
        return Err(err.at(e.offset, format!("{what} `{name}` is declared twice")));
    }
    map.insert(name, value);
    Ok(())
}

fn read_model(elements: &[Element<'_>], err: &Errors<'_>) -> Result<Model, ImportError> {
    let mut model = Model::default();
    let mut values = 0usize;
    let mut names: HashMap<String, ()> = HashMap::new();
    for e in elements {
        match e.name {
            "presentation" => model.name = e.attr("name").map(str::to_owned),
            "domain" => {
                let name = err.need(e, "name")?;
                let d = domain(e, &name, err)?;
                values += d.values.len();
                if values > MAX_VALUES {
                    return Err(err.at(
                        e.offset,
                        format!("too large: the domains have more than {MAX_VALUES} values"),
                    ));
                }
                declare(&mut model.domains, "domain", name, d, e, err)?;
            }
            "variable" => {
                let name = err.need(e, "name")?;
                declare(&mut names, "variable", name.clone(), (), e, err)?;
                model
                    .variables
                    .push((name, err.need(e, "domain")?, e.offset))
            }
            "relation" => {
                let name = err.need(e, "name")?;
                let r = relation(e, &name, err)?;
                declare(&mut model.relations, "relation", name, r, e, err)?;
            }
            "constraint" => {
                let name = err.need(e, "name")?;
                let scope: Vec<String> = err
                    .need(e, "scope")?
                    .split_whitespace()
                    .map(str::to_owned)
                    .collect();
                if scope.is_empty() {
                    return Err(err.at(e.offset, format!("constraint `{name}` has an empty scope")));
                }
                if let Some(v) = scope
                    .iter()
                    .enumerate()
                    .find_map(|(k, v)| scope[..k].contains(v).then_some(v))
                {
                    return Err(err.at(
                        e.offset,
                        format!("constraint `{name}` names variable `{v}` twice in its scope"),
                    ));
                }
                let reference = err.need(e, "reference")?;
                model.constraints.push(Constraint {
                    name,
                    scope,
                    reference,
                    offset: e.offset,
                });
            }
            "predicate" | "function" => {
                return Err(err.at(
                    e.offset,
                    "only extensional constraints (relations) are supported, not predicates".into(),
                ))
            }
            _ => {}
        }
    }
    Ok(model)
}

/// A `<domain>`: its values, with labels when it has them.
fn domain(e: &Element<'_>, name: &str, err: &Errors<'_>) -> Result<Domain, ImportError> {
    let values =
        domain_values(e.text).map_err(|m| err.at(e.offset, format!("domain `{name}`: {m}")))?;
    let names: Vec<String> = match e.attr("labels") {
        Some(l) => {
            let labels: Vec<String> = l.split_whitespace().map(str::to_owned).collect();
            if labels.len() != values.len() {
                return Err(err.at(
                    e.offset,
                    format!(
                        "domain `{name}` has {} values but {} labels",
                        values.len(),
                        labels.len()
                    ),
                ));
            }
            labels
        }
        None => values.iter().map(i64::to_string).collect(),
    };
    let mut maker = IdMaker::default();
    let ids = names
        .iter()
        .zip(&values)
        .map(|(n, v)| maker.make(n, &format!("v{v}")))
        .collect();
    Ok(Domain { values, names, ids })
}

/// A `<relation>`: its semantics and tuples, each of its arity.
fn relation(e: &Element<'_>, name: &str, err: &Errors<'_>) -> Result<Relation, ImportError> {
    let arity: usize = err
        .need(e, "arity")?
        .parse()
        .ok()
        .filter(|&a: &usize| a > 0)
        .ok_or_else(|| {
            err.at(
                e.offset,
                format!("relation `{name}`: bad arity (a whole number from 1)"),
            )
        })?;
    let allowed = match e.attr("semantics") {
        Some("supports") => true,
        Some("conflicts") => false,
        other => {
            return Err(err.at(
                e.offset,
                format!("relation `{name}`: semantics {other:?} is not `supports` or `conflicts`"),
            ))
        }
    };
    let mut tuples = Vec::new();
    for t in e.text.split('|').map(str::trim).filter(|t| !t.is_empty()) {
        let tuple: Vec<i64> = t
            .split_whitespace()
            .map(|v| v.parse::<i64>())
            .collect::<Result<_, _>>()
            .map_err(|_| err.at(e.offset, format!("relation `{name}`: bad tuple `{t}`")))?;
        if tuple.len() != arity {
            return Err(err.at(
                e.offset,
                format!("relation `{name}`: tuple `{t}` does not have arity {arity}"),
            ));
        }
        tuples.push(tuple);
    }
    Ok(Relation { allowed, tuples })
}

/// A constraint as a table rule (without its id and groups): its relation's tuples as item
/// ids, leaving out tuples with a value outside a domain (they can never be chosen).
fn table_rule(
    c: &Constraint,
    model: &Model,
    var_domain: &HashMap<String, &Domain>,
    err: &Errors<'_>,
) -> Result<Value, ImportError> {
    let name = &c.name;
    let relation = model.relations.get(&c.reference).ok_or_else(|| {
        err.at(
            c.offset,
            format!(
                "constraint `{name}` references unknown relation `{}`",
                c.reference
            ),
        )
    })?;
    let doms: Vec<&Domain> = c
        .scope
        .iter()
        .map(|v| {
            var_domain.get(v).copied().ok_or_else(|| {
                err.at(
                    c.offset,
                    format!("constraint `{name}` uses unknown variable `{v}`"),
                )
            })
        })
        .collect::<Result<_, _>>()?;
    if let Some(t) = relation.tuples.iter().find(|t| t.len() != c.scope.len()) {
        return Err(err.at(
            c.offset,
            format!(
                "constraint `{name}` has {} variables but its relation has tuples of {}",
                c.scope.len(),
                t.len()
            ),
        ));
    }
    let mut rows = Vec::with_capacity(relation.tuples.len());
    'tuple: for t in &relation.tuples {
        let mut row = Vec::with_capacity(t.len());
        for (k, v) in t.iter().enumerate() {
            match doms[k].values.iter().position(|x| x == v) {
                Some(p) => row.push(doms[k].ids[p].clone()),
                None => continue 'tuple,
            }
        }
        rows.push(row);
    }
    let names: Vec<&str> = c.scope.iter().map(String::as_str).collect();
    let mut rule = json!({
        "id": "",
        "kind": "table",
        "groups": [],
        "message": format!("{name}: this combination of {} is not offered.", names.join(", ")),
    });
    rule[if relation.allowed {
        "allowed"
    } else {
        "forbidden"
    }] = json!(rows);
    Ok(rule)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Catalog, Engine, ItemState};

    const SMALL: &str = r#"<?xml version="1.0"?>
<instance>
 <presentation name="tiny" format="XCSP 2.1"/>
 <domains nbDomains="2">
  <domain name="D0" nbValues="3" labels="RED GREEN BLUE">0..2</domain>
  <domain name="D1" nbValues="2">0 5</domain>
 </domains>
 <variables nbVariables="2">
  <variable name="colour" domain="D0"/>
  <variable name="size" domain="D1"/>
 </variables>
 <relations nbRelations="2">
  <relation name="R0" arity="2" nbTuples="3" semantics="supports">0 0|1 5|2 0</relation>
  <relation name="R1" arity="1" nbTuples="1" semantics="conflicts">2</relation>
 </relations>
 <constraints nbConstraints="2">
  <constraint name="C0" arity="2" scope="colour size" reference="R0"/>
  <constraint name="C1" arity="1" scope="colour" reference="R1"/>
 </constraints>
</instance>"#;

    #[test]
    fn imports_domains_labels_and_tables() {
        let v = to_catalog("tiny.xml", SMALL).unwrap();
        let catalog = Catalog::from_json("tiny.json", &v.to_string()).unwrap();
        assert_eq!(catalog.name, "tiny");
        let keys: Vec<(&str, &str)> = catalog
            .items()
            .iter()
            .map(|i| (catalog.group(i.group).key.as_str(), i.key.as_str()))
            .collect();
        assert_eq!(
            keys,
            [
                ("colour", "RED"),
                ("colour", "GREEN"),
                ("colour", "BLUE"),
                ("size", "0"),
                ("size", "5")
            ]
        );
        let engine = Engine::new(catalog);
        let ev = engine.evaluate::<crate::ItemId>(&[]);
        // BLUE is in conflict; RED needs size 0, GREEN size 5.
        assert_eq!(ev.items[2], ItemState::Unavailable);
        let green = engine.catalog().item_by_key("colour", "GREEN").unwrap();
        let ev = engine.evaluate(&[green]);
        let size5 = engine.catalog().item_by_key("size", "5").unwrap();
        assert_eq!(ev.item(size5), ItemState::Implied);
    }

    #[test]
    fn errors_name_the_line() {
        let bad = SMALL.replace("reference=\"R1\"", "reference=\"R9\"");
        let e = to_catalog("tiny.xml", &bad).unwrap_err();
        assert_eq!(e.line, 18);
        assert!(e.message.contains("unknown relation `R9`"), "{e}");
        let bad = SMALL.replace("0 0|1 5|2 0", "0 0|1|2 0");
        let e = to_catalog("tiny.xml", &bad).unwrap_err();
        assert_eq!(e.line, 13);
        assert!(e.message.contains("does not have arity 2"), "{e}");
        let bad = SMALL.replace("labels=\"RED GREEN BLUE\"", "labels=\"RED\"");
        assert!(to_catalog("tiny.xml", &bad)
            .unwrap_err()
            .message
            .contains("3 values but 1 labels"));
    }
}
