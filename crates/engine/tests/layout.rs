//! The house rules of the code itself, checked on the source tree: the engine's modules import
//! each other without a cycle, no Rust file of the workspace is over 800 lines, and no function
//! outside tests is over 120 lines (see ARCHITECTURE.md). Paths are resolved through
//! re-exports (`pub use`) to the file that defines the name, so a module's dependencies are
//! the files whose definitions it uses.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const MAX_FILE_LINES: usize = 800;
const MAX_FN_LINES: usize = 120;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if p.is_dir() {
            if !matches!(name, "target" | "node_modules" | "dist" | ".git") {
                rust_files(&p, out);
            }
        } else if name.ends_with(".rs") {
            out.push(p);
        }
    }
}

/// The source without line comments (doc links are not imports) and without a trailing
/// `#[cfg(test)]` module.
fn code_of(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        if line.trim_start().starts_with("#[cfg(test)]") {
            break;
        }
        let code = match line.find("//") {
            Some(at) if !line[..at].contains('"') => &line[..at],
            _ => line,
        };
        out.push_str(code);
        out.push('\n');
    }
    out
}

/// The engine's module tree: module path (`catalog::model`) to its file's code.
fn engine_modules() -> BTreeMap<String, String> {
    let src = workspace().join("crates/engine/src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut modules = BTreeMap::new();
    for f in files {
        let rel = f.strip_prefix(&src).unwrap().with_extension("");
        let mut parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
            parts.pop();
        }
        if parts.last().is_some_and(|p| p == "tests") {
            continue; // a test module
        }
        let text = std::fs::read_to_string(&f).unwrap();
        modules.insert(parts.join("::"), code_of(&text));
    }
    modules
}

/// Every `use` tree and inline path as full paths (`a::b::Name`), expanding braces; `pub use`
/// lines (re-exports) are returned apart.
fn paths_in(code: &str) -> (Vec<String>, Vec<String>) {
    let mut uses = Vec::new();
    let mut reexports = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("use ") {
        let before = &rest[..at];
        let line_start = before.rfind('\n').map_or(0, |n| n + 1);
        let prefix = rest[line_start..at].trim();
        let end = rest[at..].find(';').map_or(rest.len(), |e| at + e);
        let tree = &rest[at + 4..end];
        let word_start = at == 0 || !rest.as_bytes()[at - 1].is_ascii_alphanumeric();
        if word_start && (prefix.is_empty() || prefix.starts_with("pub")) {
            let mut expanded = Vec::new();
            expand("", tree.trim(), &mut expanded);
            if prefix.starts_with("pub") {
                reexports.extend(expanded);
            } else {
                uses.extend(expanded);
            }
        }
        rest = &rest[end.min(rest.len())..];
        if rest.is_empty() {
            break;
        }
        rest = &rest[1..];
    }
    // Inline paths: crate::a::b, super::a, self::a.
    for root in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(at) = code[from..].find(root) {
            let start = from + at;
            let ok_before = start == 0 || {
                let c = code.as_bytes()[start - 1];
                !(c.is_ascii_alphanumeric() || c == b'_' || c == b':')
            };
            let end = code[start..]
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .map_or(code.len(), |e| start + e);
            if ok_before {
                uses.push(code[start..end].trim_end_matches(':').to_owned());
            }
            from = end.max(start + 1);
        }
    }
    (uses, reexports)
}

/// `prefix` + the use tree `tree` (`a::{b, c::{d}}`) as full paths.
fn expand(prefix: &str, tree: &str, out: &mut Vec<String>) {
    let tree = tree.trim();
    if tree.is_empty() {
        return;
    }
    match tree.find('{') {
        Some(open) if tree.ends_with('}') => {
            let head = format!("{prefix}{}", &tree[..open]);
            let inner = &tree[open + 1..tree.len() - 1];
            let mut depth = 0;
            let mut start = 0;
            for (i, c) in inner.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        expand(&head, &inner[start..i], out);
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            expand(&head, &inner[start..], out);
        }
        _ => {
            let path = tree.split(" as ").next().unwrap_or(tree).trim();
            if path != "self" {
                out.push(
                    format!("{prefix}{path}")
                        .trim_end_matches("::self")
                        .to_owned(),
                );
            }
        }
    }
}

/// A path as written in module `module` made absolute (segments from the crate root), or
/// `None` for other crates. A path may start at one of the module's children.
fn absolute(modules: &BTreeMap<String, String>, module: &str, path: &str) -> Option<Vec<String>> {
    let mut segs: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
    let mut base: Vec<String> = if module.is_empty() {
        Vec::new()
    } else {
        module.split("::").map(str::to_owned).collect()
    };
    match segs.first().copied() {
        Some("crate") => {
            base.clear();
            segs.remove(0);
        }
        Some("self") => {
            segs.remove(0);
        }
        Some("super") => {
            while segs.first() == Some(&"super") {
                segs.remove(0);
                base.pop();
            }
        }
        Some(child) => {
            let inside = if module.is_empty() {
                child.to_owned()
            } else {
                format!("{module}::{child}")
            };
            if !modules.contains_key(&inside) {
                return None;
            }
        }
        None => return None,
    }
    base.extend(segs.iter().map(|s| (*s).to_owned()));
    Some(base)
}

/// The module whose file defines what `path` names, following re-exports.
fn defining_module(modules: &BTreeMap<String, String>, path: &[String], depth: usize) -> String {
    // The longest prefix that is a module.
    let mut k = path.len();
    while k > 0 && !modules.contains_key(&path[..k].join("::")) {
        k -= 1;
    }
    let module = path[..k].join("::");
    let Some(name) = path.get(k) else {
        return module;
    };
    if depth > 8 {
        return module;
    }
    let code = &modules[&module];
    for (_, reexports) in [paths_in(code)] {
        for r in reexports {
            let last = r.rsplit("::").next().unwrap_or("");
            if last == name {
                if let Some(abs) = absolute(modules, &module, &r) {
                    return defining_module(modules, &abs, depth + 1);
                }
            }
        }
    }
    module
}

#[test]
fn engine_modules_import_each_other_without_a_cycle() {
    let modules = engine_modules();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, code) in &modules {
        let (uses, _) = paths_in(code);
        for u in uses {
            let Some(abs) = absolute(&modules, module, &u) else {
                continue;
            };
            let target = defining_module(&modules, &abs, 0);
            // A module's own children and itself are not dependencies.
            if target != *module && !target.starts_with(&format!("{module}::")) {
                edges.entry(module.clone()).or_default().insert(target);
            }
        }
    }
    // The crate root only re-exports and holds constants; a path to it is resolved above.
    let mut state: BTreeMap<&str, u8> = BTreeMap::new();
    let mut stack: Vec<&str> = Vec::new();
    fn visit<'a>(
        m: &'a str,
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<&'a str, u8>,
        stack: &mut Vec<&'a str>,
    ) -> Option<Vec<String>> {
        match state.get(m) {
            Some(2) => return None,
            Some(1) => {
                let at = stack.iter().position(|s| *s == m).unwrap_or(0);
                let mut cycle: Vec<String> = stack[at..].iter().map(|s| s.to_string()).collect();
                cycle.push(m.to_owned());
                return Some(cycle);
            }
            _ => {}
        }
        state.insert(m, 1);
        stack.push(m);
        for next in edges.get(m).into_iter().flatten() {
            if let Some(c) = visit(next, edges, state, stack) {
                return Some(c);
            }
        }
        stack.pop();
        state.insert(m, 2);
        None
    }
    for m in modules.keys() {
        if let Some(cycle) = visit(m, &edges, &mut state, &mut stack) {
            panic!(
                "import cycle among the engine's modules: {}",
                cycle.join(" -> ")
            );
        }
    }
    // The checker sees real dependencies (a checker that sees none would pass anything).
    assert!(edges["engine"].contains("backend"));
    assert!(edges["constraint::table"].contains("catalog::model"));
    assert!(edges["backend::solver"].contains("constraint"));
}

#[test]
fn no_rust_file_is_over_800_lines() {
    let mut files = Vec::new();
    rust_files(&workspace(), &mut files);
    assert!(files.len() > 50, "found the sources");
    let long: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let n = std::fs::read_to_string(f).ok()?.lines().count();
            (n > MAX_FILE_LINES).then(|| format!("{}: {n} lines", f.display()))
        })
        .collect();
    assert!(
        long.is_empty(),
        "files over {MAX_FILE_LINES} lines: {long:#?}"
    );
}

#[test]
fn no_function_outside_tests_is_over_120_lines() {
    let mut files = Vec::new();
    rust_files(&workspace(), &mut files);
    let mut long = Vec::new();
    for f in &files {
        let is_test_file = f.components().any(|c| c.as_os_str() == "tests")
            || f.file_name().is_some_and(|n| n == "tests.rs");
        if is_test_file {
            continue;
        }
        let text = std::fs::read_to_string(f).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let mut i = 0;
        while i < lines.len() {
            let line = lines[i];
            if line.trim_start().starts_with("#[cfg(test)]") {
                break;
            }
            let trimmed = line.trim_start();
            let is_fn = trimmed.starts_with("fn ")
                || (trimmed.starts_with("pub") && trimmed.contains(" fn "))
                || trimmed.starts_with("const fn ")
                || trimmed.starts_with("async fn ");
            if is_fn && !trimmed.ends_with(';') {
                let indent = &line[..line.len() - trimmed.len()];
                let close = format!("{indent}}}");
                let end = (i + 1..lines.len()).find(|&j| lines[j] == close);
                if let Some(end) = end {
                    let n = end - i + 1;
                    if n > MAX_FN_LINES {
                        long.push(format!(
                            "{}:{}: {} ({n} lines)",
                            f.display(),
                            i + 1,
                            trimmed
                        ));
                    }
                }
            }
            i += 1;
        }
    }
    assert!(
        long.is_empty(),
        "functions over {MAX_FN_LINES} lines: {long:#?}"
    );
}

#[test]
fn every_engine_module_has_its_row_in_architecture_md() {
    let map = std::fs::read_to_string(workspace().join("ARCHITECTURE.md")).unwrap();
    let src = workspace().join("crates/engine/src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let missing: Vec<String> = files
        .iter()
        .filter(|f| f.file_name().is_some_and(|n| n != "tests.rs"))
        .map(|f| {
            let rel = f.strip_prefix(&src).unwrap();
            rel.components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/")
        })
        .filter(|rel| !map.contains(&format!("`{rel}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "engine modules without a row in ARCHITECTURE.md: {missing:?}"
    );
}
