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
            let closing = format!("</{name}>");
            match text[end + 1..].find(&closing) {
                // Only leaf elements keep their text; containers are scanned through.
                Some(c) if !text[end + 1..end + 1 + c].contains('<') => {
                    (&text[end + 1..end + 1 + c], end + 1 + c + closing.len())
                }
                _ => ("", end + 1),
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

/// Parses a domain like `0..8`, `1 3 5` or `0..2 7`.
fn domain_values(text: &str) -> Result<Vec<i64>, String> {
    let mut values = Vec::new();
    for part in text.split_whitespace() {
        if let Some((a, b)) = part.split_once("..") {
            let a: i64 = a.parse().map_err(|_| format!("bad interval `{part}`"))?;
            let b: i64 = b.parse().map_err(|_| format!("bad interval `{part}`"))?;
            if b < a || b - a > 100_000 {
                return Err(format!("interval `{part}` is empty or too large"));
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

/// Converts XCSP 2.1 text into a catalog (JSON). `file` names the place in errors.
pub fn to_catalog(file: &str, text: &str) -> Result<Value, ImportError> {
    let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
    let err = |offset: usize, message: String| ImportError {
        file: file.to_owned(),
        line: line_of(offset),
        message,
    };
    let elements = elements(text).map_err(|(o, m)| err(o, m))?;
    let need = |e: &Element, key: &str| -> Result<String, ImportError> {
        e.attr(key)
            .map(str::to_owned)
            .ok_or_else(|| err(e.offset, format!("<{}> has no `{key}` attribute", e.name)))
    };
    // Domains: name -> (values, display names, item ids).
    struct Domain {
        values: Vec<i64>,
        names: Vec<String>,
        ids: Vec<String>,
    }
    let mut domains: HashMap<String, Domain> = HashMap::new();
    let mut variables: Vec<(String, String, usize)> = Vec::new();
    let mut relations: HashMap<String, (bool, Vec<Vec<i64>>, usize)> = HashMap::new();
    let mut constraints: Vec<(String, Vec<String>, String, usize)> = Vec::new();
    let mut instance_name = None;
    for e in &elements {
        match e.name {
            "presentation" => instance_name = e.attr("name").map(str::to_owned),
            "domain" => {
                let name = need(e, "name")?;
                let values = domain_values(e.text)
                    .map_err(|m| err(e.offset, format!("domain `{name}`: {m}")))?;
                let names: Vec<String> = match e.attr("labels") {
                    Some(l) => {
                        let labels: Vec<String> = l.split_whitespace().map(str::to_owned).collect();
                        if labels.len() != values.len() {
                            return Err(err(
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
                domains.insert(name, Domain { values, names, ids });
            }
            "variable" => variables.push((need(e, "name")?, need(e, "domain")?, e.offset)),
            "relation" => {
                let name = need(e, "name")?;
                let arity: usize = need(e, "arity")?
                    .parse()
                    .map_err(|_| err(e.offset, format!("relation `{name}`: bad arity")))?;
                let allowed = match e.attr("semantics") {
                    Some("supports") => true,
                    Some("conflicts") => false,
                    other => {
                        return Err(err(
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
                        .map_err(|_| {
                            err(e.offset, format!("relation `{name}`: bad tuple `{t}`"))
                        })?;
                    if tuple.len() != arity {
                        return Err(err(
                            e.offset,
                            format!("relation `{name}`: tuple `{t}` does not have arity {arity}"),
                        ));
                    }
                    tuples.push(tuple);
                }
                relations.insert(name, (allowed, tuples, e.offset));
            }
            "constraint" => {
                let name = need(e, "name")?;
                let scope: Vec<String> = need(e, "scope")?
                    .split_whitespace()
                    .map(str::to_owned)
                    .collect();
                constraints.push((name, scope, need(e, "reference")?, e.offset));
            }
            "predicate" | "function" => {
                return Err(err(
                    e.offset,
                    "only extensional constraints (relations) are supported, not predicates".into(),
                ))
            }
            _ => {}
        }
    }
    let mut var_domain: HashMap<String, &Domain> = HashMap::new();
    let mut group_ids = IdMaker::default();
    let mut group_key: HashMap<String, String> = HashMap::new();
    let mut groups = Vec::new();
    for (name, dom, offset) in &variables {
        let d = domains.get(dom).ok_or_else(|| {
            err(
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
    for (name, scope, reference, offset) in &constraints {
        let (allowed, tuples, _) = relations.get(reference).ok_or_else(|| {
            err(
                *offset,
                format!("constraint `{name}` references unknown relation `{reference}`"),
            )
        })?;
        let doms: Vec<&Domain> = scope
            .iter()
            .map(|v| {
                var_domain.get(v).copied().ok_or_else(|| {
                    err(
                        *offset,
                        format!("constraint `{name}` uses unknown variable `{v}`"),
                    )
                })
            })
            .collect::<Result<_, _>>()?;
        if let Some(t) = tuples.iter().find(|t| t.len() != scope.len()) {
            return Err(err(
                *offset,
                format!(
                    "constraint `{name}` has {} variables but its relation has tuples of {}",
                    scope.len(),
                    t.len()
                ),
            ));
        }
        let mut rows = Vec::with_capacity(tuples.len());
        'tuple: for t in tuples {
            let mut row = Vec::with_capacity(t.len());
            for (k, v) in t.iter().enumerate() {
                match doms[k].values.iter().position(|x| x == v) {
                    Some(p) => row.push(doms[k].ids[p].clone()),
                    // A value outside the domain can never be chosen: the tuple is moot.
                    None => continue 'tuple,
                }
            }
            rows.push(row);
        }
        let names: Vec<&str> = scope.iter().map(String::as_str).collect();
        let mut rule = json!({
            "id": rule_ids.make(name, "constraint"),
            "kind": "table",
            "groups": scope.iter().map(|v| group_key[v].clone()).collect::<Vec<_>>(),
            "message": format!("{name}: this combination of {} is not offered.", names.join(", ")),
        });
        rule[if *allowed { "allowed" } else { "forbidden" }] = json!(rows);
        rules.push(rule);
    }
    let stem = instance_name.unwrap_or_else(|| {
        file.rsplit('/')
            .next()
            .unwrap_or(file)
            .trim_end_matches(".xml")
            .to_owned()
    });
    Ok(json!({
        "id": IdMaker::default().make(&stem, "xcsp-model"),
        "name": stem,
        "description": format!("Imported from XCSP 2.1: {} variables, {} constraints.", variables.len(), constraints.len()),
        "version": "1",
        "currency": "USD",
        "groups": groups,
        "rules": rules,
    }))
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
