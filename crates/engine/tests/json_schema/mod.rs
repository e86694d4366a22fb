//! A small JSON Schema checker for the keywords the project's published schemas use (`$ref` to
//! `$defs`, `oneOf`, `const`, `enum`, `type` (one or a list), `required`, `properties`,
//! `additionalProperties: false`, `items`, `minItems`; patterns are not checked). Shared by the
//! catalog schema's tests (`tests/schema.rs`) and the embed messages' tests (`src/embed.rs`).

use serde_json::{json, Value};

/// The problems of `v` against `schema`, each as "path: what".
pub fn problems(schema: &Value, v: &Value) -> Vec<String> {
    let mut out = Vec::new();
    check(schema, schema, v, "", &mut out);
    out
}

fn check(schema: &Value, root: &Value, v: &Value, at: &str, out: &mut Vec<String>) {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let def = &root["$defs"][r.trim_start_matches("#/$defs/")];
        return check(def, root, v, at, out);
    }
    if let Some(options) = schema.get("oneOf").and_then(Value::as_array) {
        let fits = options
            .iter()
            .filter(|o| {
                let mut e = Vec::new();
                check(o, root, v, at, &mut e);
                e.is_empty()
            })
            .count();
        if fits != 1 {
            out.push(format!("{at}: fits {fits} of oneOf"));
        }
        return;
    }
    if let Some(c) = schema.get("const") {
        if c != v {
            out.push(format!("{at}: {v} is not {c}"));
        }
    }
    if let Some(e) = schema.get("enum").and_then(Value::as_array) {
        if !e.contains(v) {
            out.push(format!("{at}: {v} not in enum"));
        }
    }
    let kind = |t: &str| match t {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "integer" => v.is_u64() || v.is_i64(),
        "boolean" => v.is_boolean(),
        "null" => v.is_null(),
        _ => true,
    };
    let types: Vec<&str> = match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    if !types.is_empty() && !types.iter().any(|t| kind(t)) {
        out.push(format!("{at}: {v} is not {types:?}"));
        return;
    }
    if let Some(obj) = v.as_object() {
        for r in schema["required"].as_array().into_iter().flatten() {
            if !obj.contains_key(r.as_str().unwrap_or_default()) {
                out.push(format!("{at}: missing {r}"));
            }
        }
        for (k, x) in obj {
            match schema["properties"].get(k) {
                Some(s) => check(s, root, x, &format!("{at}/{k}"), out),
                None if schema["additionalProperties"] == json!(false) => {
                    out.push(format!("{at}: unexpected {k}"))
                }
                None => {}
            }
        }
    }
    if let Some(list) = v.as_array() {
        if let Some(min) = schema.get("minItems").and_then(Value::as_u64) {
            if (list.len() as u64) < min {
                out.push(format!("{at}: fewer than {min} items"));
            }
        }
        if let Some(items) = schema.get("items") {
            for (k, x) in list.iter().enumerate() {
                check(items, root, x, &format!("{at}/{k}"), out);
            }
        }
    }
}
