//! The product-line manifest: which catalogs of a folder are product lines, under which id, in
//! which order, and which ship a decision diagram compiled off-line. One file
//! ([`MANIFEST_FILE`] in the catalogs folder) that the app, the quote desk and the `configurator`
//! command read, so adding a product line is a change to data, not to code:
//!
//! ```json
//! { "product_lines": [
//!     { "id": "nx-3400", "catalog": "nx-3400-switch.json" },
//!     { "id": "nx-9500", "catalog": "nx-9500-switches.json", "diagram": "nx-9500-switches.diagram" }
//! ] }
//! ```
//!
//! Read at the boundary into a validated [`Manifest`]: ids as catalog ids are written, unique;
//! file names plain (no folders, so a manifest cannot name a file outside its folder), a
//! catalog ending in `.json`, a diagram in `.diagram`; each problem with its line and column.
//! That each catalog's own id is the line's id is checked where the catalogs are read (the
//! desk's start, the app's native tests, `configurator check`).

use serde::Serialize;

use super::diagnostic::{CatalogError, Diagnostic, Reporter};
use super::locate::JsonPath;

/// The manifest's file name in a catalogs folder.
pub const MANIFEST_FILE: &str = "product-lines.json";

/// The product lines of a catalogs folder, in the order a start page lists them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Manifest {
    /// The lines, at least one.
    pub lines: Vec<ProductLine>,
}

/// One product line: its id and its files, relative to the manifest's folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProductLine {
    /// The catalog's id (what `?product=ID` names).
    pub id: String,
    /// The catalog file (`NAME.json`).
    pub catalog: String,
    /// The decision diagram compiled off-line for it (`NAME.diagram`), if it ships one.
    pub diagram: Option<String>,
}

/// The manifest as written, for [`Manifest::to_json`].
#[derive(Serialize)]
struct RawManifest {
    product_lines: Vec<RawLine>,
}

#[derive(Serialize)]
struct RawLine {
    id: String,
    catalog: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    diagram: Option<String>,
}

/// Reads the text with the engine's JSON reader (no derived reader in the web build): the
/// lines, or the first syntax or shape problem.
fn read(text: &str) -> crate::json::Result<Vec<ProductLine>> {
    const TOP: &[&str] = &["product_lines"];
    const LINE: &[&str] = &["id", "catalog", "diagram"];
    let mut r = crate::json::Reader::new(text);
    let mut lines = Vec::new();
    let seen = r.object("the product-line manifest", TOP, &mut |r, _| {
        r.array("a list of product lines", &mut |r| {
            let (mut id, mut catalog, mut diagram) = (String::new(), String::new(), None);
            let seen = r.object("a product line", LINE, &mut |r, k| {
                match k {
                    0 => id = r.owned()?,
                    1 => catalog = r.owned()?,
                    _ => diagram = Some(r.owned()?),
                }
                Ok(())
            })?;
            seen.require(LINE, &[0, 1])?;
            lines.push(ProductLine {
                id,
                catalog,
                diagram,
            });
            Ok(())
        })
    })?;
    seen.require(TOP, &[0])?;
    r.finish()?;
    Ok(lines)
}

impl Manifest {
    /// Reads a manifest's text (`file` names it in messages).
    pub fn from_json(file: &str, text: &str) -> Result<Manifest, CatalogError> {
        let read = read(text).map_err(|e| {
            let at = super::locate::Position::of_offset(text, e.offset);
            CatalogError {
                diagnostics: vec![Diagnostic {
                    file: file.to_owned(),
                    line: at.line,
                    column: at.column,
                    path: None,
                    message: format!("the product-line manifest: {e}"),
                }],
            }
        })?;
        let mut report = Reporter::new(file, text);
        let root = JsonPath::root().key("product_lines");
        if read.is_empty() {
            report.error(&root, "the manifest lists no product line".to_owned());
        }
        let mut seen: Vec<&str> = Vec::new();
        for (i, line) in read.iter().enumerate() {
            let at = root.index(i);
            report.check_id(&at.key("id"), "product line", &line.id);
            if seen.contains(&line.id.as_str()) {
                let message = format!("product line `{}` is listed twice", line.id);
                report.error(&at.key("id"), message);
            }
            seen.push(&line.id);
            check_file(&mut report, &at.key("catalog"), &line.catalog, ".json");
            if let Some(diagram) = &line.diagram {
                check_file(&mut report, &at.key("diagram"), diagram, ".diagram");
            }
        }
        report.finish()?;
        Ok(Manifest { lines: read })
    }

    /// The manifest's text (what [`Manifest::from_json`] reads back).
    pub fn to_json(&self) -> String {
        let raw = RawManifest {
            product_lines: self
                .lines
                .iter()
                .map(|l| RawLine {
                    id: l.id.clone(),
                    catalog: l.catalog.clone(),
                    diagram: l.diagram.clone(),
                })
                .collect(),
        };
        // Strings and options only: serialising cannot fail.
        serde_json::to_string_pretty(&raw).unwrap_or_default()
    }

    /// The line whose id is `id`.
    pub fn line(&self, id: &str) -> Option<&ProductLine> {
        self.lines.iter().find(|l| l.id == id)
    }

    /// The line whose catalog file is `catalog`.
    pub fn line_of_file(&self, catalog: &str) -> Option<&ProductLine> {
        self.lines.iter().find(|l| l.catalog == catalog)
    }
}

/// A file named in the manifest: a plain name in the manifest's folder with the extension
/// `ext`.
fn check_file(report: &mut Reporter, at: &JsonPath, name: &str, ext: &str) {
    let plain = !name.is_empty()
        && !name.starts_with('.')
        && !name.contains(['/', '\\', ':'])
        && !name.chars().any(char::is_control);
    if !plain {
        let message = format!(
            "`{name}` must be a file name in the manifest's folder (no folders, not hidden)"
        );
        report.error(at, message);
    } else if !name.ends_with(ext) || name.len() == ext.len() {
        report.error(at, format!("`{name}` must be a `{ext}` file"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<String> {
        match Manifest::from_json("m.json", text) {
            Ok(m) => panic!("accepted: {m:?}"),
            Err(e) => e.diagnostics.iter().map(ToString::to_string).collect(),
        }
    }

    #[test]
    fn reads_lines_in_order_with_their_diagrams() {
        let text = r#"{"product_lines": [
            {"id": "b", "catalog": "b.json"},
            {"id": "a", "catalog": "a.json", "diagram": "a.diagram"}
        ]}"#;
        let m = Manifest::from_json("m.json", text).unwrap();
        let ids: Vec<&str> = m.lines.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(ids, ["b", "a"]);
        assert_eq!(m.line("a").unwrap().diagram.as_deref(), Some("a.diagram"));
        assert_eq!(m.line_of_file("b.json").unwrap().id, "b");
        assert!(m.line("c").is_none());
        assert_eq!(Manifest::from_json("again.json", &m.to_json()), Ok(m));
    }

    #[test]
    fn names_the_place_of_each_problem() {
        let text = "{\"product_lines\": [\n {\"id\": \"a\", \"catalog\": \"../x.json\"},\n {\"id\": \"a\", \"catalog\": \"a.txt\", \"diagram\": \"a.json\"}\n]}";
        let found = problems(text);
        assert_eq!(found.len(), 4, "{found:#?}");
        assert!(
            found[0].starts_with("m.json:2:25: `../x.json` must be a file name"),
            "{found:#?}"
        );
        assert!(found[1].starts_with("m.json:3:9: product line `a` is listed twice"));
        assert!(found[2].contains("`a.txt` must be a `.json` file"));
        assert!(found[3].contains("`a.json` must be a `.diagram` file"));
    }

    #[test]
    fn refuses_unknown_fields_bad_ids_and_empty_lists_with_places() {
        let unknown = problems("{\"product_lines\": [{\"id\": \"a\", \"catalogue\": \"a.json\"}]}");
        assert!(unknown[0].starts_with("m.json:1:"), "{unknown:?}");
        assert!(
            unknown[0].contains("unknown field `catalogue`"),
            "{unknown:?}"
        );
        let bad_id = problems(r#"{"product_lines": [{"id": "a b", "catalog": "a.json"}]}"#);
        assert!(bad_id[0].contains("product line id `a b`"), "{bad_id:?}");
        let empty = problems(r#"{"product_lines": []}"#);
        assert!(empty[0].contains("lists no product line"), "{empty:?}");
        let syntax = problems("{\"product_lines\": [\n");
        assert!(syntax[0].starts_with("m.json:2:"), "{syntax:?}");
    }
}
