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

/// A library crate's module tree under `src` (relative to the workspace): module path
/// (`catalog::model`) to its file's code. Binaries (`main.rs`, `bin/`) are crates of their own.
fn modules_of(src: &str) -> BTreeMap<String, String> {
    let src = workspace().join(src);
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.retain(|f| {
        let rel = f.strip_prefix(&src).unwrap();
        rel != Path::new("main.rs") && !rel.starts_with("bin")
    });
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

/// Each module's dependencies: the other modules whose definitions it uses (not its own
/// children).
fn import_edges(modules: &BTreeMap<String, String>) -> BTreeMap<String, BTreeSet<String>> {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, code) in modules {
        let (uses, _) = paths_in(code);
        for u in uses {
            let Some(abs) = absolute(modules, module, &u) else {
                continue;
            };
            let target = defining_module(modules, &abs, 0);
            if target != *module && !target.starts_with(&format!("{module}::")) {
                edges.entry(module.clone()).or_default().insert(target);
            }
        }
    }
    edges
}

/// Every import circle (each once, as its modules in order), found by Tarjan's strongly
/// connected components: a component of two or more modules is a circle.
fn circles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct Walk<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        found: Vec<Vec<String>>,
    }
    fn visit<'a>(w: &mut Walk<'a>, m: &'a str) {
        let i = w.index.len();
        w.index.insert(m, i);
        w.low.insert(m, i);
        w.stack.push(m);
        w.on_stack.insert(m);
        for next in w.edges.get(m).into_iter().flatten() {
            let next = next.as_str();
            if !w.index.contains_key(next) {
                visit(w, next);
                let l = w.low[next].min(w.low[m]);
                w.low.insert(m, l);
            } else if w.on_stack.contains(next) {
                let l = w.index[next].min(w.low[m]);
                w.low.insert(m, l);
            }
        }
        if w.low[m] == w.index[m] {
            let mut part = Vec::new();
            while let Some(top) = w.stack.pop() {
                w.on_stack.remove(top);
                part.push(top.to_owned());
                if top == m {
                    break;
                }
            }
            if part.len() > 1 {
                part.sort();
                w.found.push(part);
            }
        }
    }
    let mut w = Walk {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for m in edges.keys() {
        if !w.index.contains_key(m.as_str()) {
            visit(&mut w, m);
        }
    }
    w.found
}

/// The imports among the modules of one circle, `a -> b` each, for the failure message.
fn inside(edges: &BTreeMap<String, BTreeSet<String>>, circle: &[String]) -> String {
    let mut out = Vec::new();
    for a in circle {
        for b in edges.get(a).into_iter().flatten() {
            if circle.contains(b) {
                out.push(format!(
                    "  {} -> {b}",
                    if a.is_empty() { "(lib.rs)" } else { a }
                ));
            }
        }
    }
    out.join("\n")
}

#[test]
fn engine_modules_import_each_other_without_a_cycle() {
    let edges = import_edges(&modules_of("crates/engine/src"));
    let found = circles(&edges);
    assert!(
        found.is_empty(),
        "import circles among the engine's modules, with their imports:\n{}",
        found
            .iter()
            .map(|c| inside(&edges, c))
            .collect::<Vec<_>>()
            .join("\n")
    );
    // The checker sees real dependencies (a checker that sees none would pass anything).
    assert!(edges["engine"].contains("backend"));
    assert!(edges["constraint::table"].contains("catalog::model"));
    assert!(edges["backend::solver"].contains("constraint"));
}

#[test]
fn app_modules_import_each_other_without_a_circle() {
    let edges = import_edges(&modules_of("src"));
    let found = circles(&edges);
    assert!(
        found.is_empty(),
        "import circles among the app's modules (src/), with their imports:\n{}",
        found
            .iter()
            .map(|c| inside(&edges, c))
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(edges["components::configurator"].contains("state"));
}

#[test]
fn the_circle_finder_finds_circles() {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (a, b) in [
        ("a", "b"),
        ("b", "c"),
        ("c", "a"),
        ("c", "d"),
        ("e", "e2"),
        ("e2", "e"),
    ] {
        edges.entry(a.into()).or_default().insert(b.into());
    }
    let found: BTreeSet<Vec<String>> = circles(&edges).into_iter().collect();
    let want: BTreeSet<Vec<String>> = [vec!["a", "b", "c"], vec!["e", "e2"]]
        .into_iter()
        .map(|c| c.into_iter().map(str::to_owned).collect())
        .collect();
    assert_eq!(found, want);
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

/// The variants of `pub enum NAME { … }` in `code` (lines `Variant(…),` or `Variant,` or
/// `Variant {`), in order.
fn enum_variants(code: &str, name: &str) -> Vec<String> {
    let start = code
        .find(&format!("pub enum {name} {{"))
        .unwrap_or_else(|| panic!("enum {name}"));
    let body = &code[start..];
    let body = &body[body.find('{').unwrap() + 1..body.find("\n}").unwrap()];
    body.lines()
        .filter(|l| l.starts_with("    ") && !l.starts_with("     "))
        .map(|l| {
            l.trim()
                .split(|c: char| !c.is_alphanumeric() && c != '_')
                .next()
                .unwrap_or("")
                .to_owned()
        })
        .filter(|v| !v.is_empty())
        .collect()
}

/// A rule kind is one file of `constraint/` plus its line in the dispatch (`kinds!` in
/// `constraint/mod.rs`), as ARCHITECTURE.md says: no other engine file names a kind's variant
/// (`RuleBody::…`, `RuleKind::…`) or takes a rule's content apart (`.body`); only the model
/// (`catalog/model.rs`, which declares the kinds' data) and the catalog's re-exports name
/// `RuleBody` at all. Every `RuleBody` variant has its line in `kinds!` and exactly one file
/// of `constraint/` implementing `Kind` for it; every `RuleKind` one `Syntax` there.
#[test]
fn a_rule_kind_is_one_file_and_one_line_of_the_dispatch() {
    let src = workspace().join("crates/engine/src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let rel = |f: &Path| {
        f.strip_prefix(&src)
            .unwrap()
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/")
    };
    let code = |f: &Path| code_of(&std::fs::read_to_string(f).unwrap());
    let mut outside = Vec::new();
    let mut inside = 0;
    for f in &files {
        let r = rel(f);
        if r.ends_with("tests.rs") {
            continue;
        }
        for (n, line) in code(f).lines().enumerate() {
            let variant = line.contains("RuleBody::") || line.contains("RuleKind::");
            if r.starts_with("constraint/") {
                inside += usize::from(variant);
                continue;
            }
            let body = line.match_indices(".body").any(|(at, _)| {
                !line[at + 5..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
            });
            let names_body = line.contains("RuleBody")
                && !matches!(r.as_str(), "catalog/model.rs" | "catalog/mod.rs");
            if variant || body || names_body {
                outside.push(format!("{r}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(
        outside.is_empty(),
        "rule kinds matched outside constraint/ (move it into the kind's file, behind the \
         dispatch):\n{}",
        outside.join("\n")
    );
    // The scan sees the dispatch itself (a scan that saw nothing would pass anything).
    assert!(inside > 0, "no rule kind variant found in constraint/");

    let model = code(&src.join("catalog/model.rs"));
    let variants = enum_variants(&model, "RuleBody");
    assert!(variants.len() >= 4, "RuleBody's variants: {variants:?}");
    let dispatch = code(&src.join("constraint/mod.rs"));
    let list_at = dispatch
        .find("\nkinds! {")
        .expect("the `kinds!` list in constraint/mod.rs");
    let list = &dispatch[list_at + 9..];
    let list: Vec<&str> = list[..list.find('}').unwrap()]
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let constraint_files: Vec<&PathBuf> = files
        .iter()
        .filter(|f| rel(f).starts_with("constraint/"))
        .collect();
    for v in &variants {
        assert_eq!(
            list.iter().filter(|l| *l == v).count(),
            1,
            "RuleBody::{v} needs its one line in `kinds!` (constraint/mod.rs): {list:?}"
        );
        let implementing: Vec<String> = constraint_files
            .iter()
            .filter(|f| code(f).contains(&format!("impl Kind for {v} {{")))
            .map(|f| rel(f))
            .collect();
        assert_eq!(
            implementing.len(),
            1,
            "RuleBody::{v}: one file of constraint/ implements `Kind` for it: {implementing:?}"
        );
    }
    assert_eq!(list.len(), variants.len(), "`kinds!` lists {list:?}");
    // Every kind authors write has its syntax (name, fields, check) in one file.
    for k in enum_variants(&model, "RuleKind") {
        let syntax: usize = constraint_files
            .iter()
            .map(|f| code(f).matches(&format!("kind: RuleKind::{k},")).count())
            .sum();
        assert_eq!(syntax, 1, "RuleKind::{k}: one `Syntax` in constraint/");
    }
}
