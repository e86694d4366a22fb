//! Problems in a catalog file, each with its place (file, line, column, JSON pointer), and the
//! [`Reporter`] that the validator and the constraints' checks write them to.

use std::fmt;

use super::locate::{self, JsonPath, Position};

/// One problem in a catalog file, with its place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file name given to the loader.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column (characters).
    pub column: usize,
    /// The JSON pointer of the offending value, for semantic errors.
    pub path: Option<String>,
    /// What is wrong and what was expected.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )?;
        if let Some(p) = &self.path {
            write!(f, " (at {p})")?;
        }
        Ok(())
    }
}

/// A catalog that could not be loaded: every problem found, in file order.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct CatalogError {
    /// The problems, at least one.
    pub diagnostics: Vec<Diagnostic>,
}

impl fmt::Display for CatalogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "error: {d}")?;
        }
        Ok(())
    }
}

/// How many problems a catalog error lists with their places; the rest are counted. Placing
/// one reads the text up to it, so listing them all would be quadratic in the file's size.
pub const MAX_DIAGNOSTICS: usize = 100;

/// Collects diagnostics for one catalog text, placing each at its JSON path (the first
/// [`MAX_DIAGNOSTICS`]; the others are counted).
pub(crate) struct Reporter<'a> {
    file: &'a str,
    text: &'a str,
    diagnostics: Vec<Diagnostic>,
    /// Problems found beyond the ones listed.
    more: usize,
}

impl<'a> Reporter<'a> {
    /// A reporter for `text`, read from `file`.
    pub(crate) fn new(file: &'a str, text: &'a str) -> Reporter<'a> {
        Reporter {
            file,
            text,
            diagnostics: Vec::new(),
            more: 0,
        }
    }

    /// Whether the list of problems is full (later ones are only counted).
    fn full(&mut self) -> bool {
        if self.diagnostics.len() < MAX_DIAGNOSTICS {
            return false;
        }
        self.more += 1;
        true
    }

    /// A problem at a byte offset of the text.
    pub(crate) fn error_at_offset(&mut self, offset: usize, path: &JsonPath, message: String) {
        if self.full() {
            return;
        }
        let Position { line, column } = Position::of_offset(self.text, offset);
        self.diagnostics.push(Diagnostic {
            file: self.file.to_owned(),
            line,
            column,
            path: Some(path.to_string()),
            message,
        });
    }

    /// A problem with the value at `path`.
    pub(crate) fn error(&mut self, path: &JsonPath, message: String) {
        if self.full() {
            return;
        }
        let offset = locate::locate(self.text, path);
        self.error_at_offset(offset, path, message);
    }

    /// A problem at character offset `at` inside the string value at `path` (an expression).
    pub(crate) fn error_in_string(&mut self, path: &JsonPath, at: usize, message: String) {
        if self.full() {
            return;
        }
        let start = locate::locate(self.text, path);
        let offset = locate::offset_in_string(self.text, start, at);
        self.error_at_offset(offset, path, message);
    }

    /// Checks an author's id: non-empty, letters, digits, `_` and `-` only, and not a word of
    /// the expression language (rules could not refer to it).
    pub(crate) fn check_id(&mut self, path: &JsonPath, what: &str, id: &str) {
        if matches!(what, "group" | "item") && super::expr::KEYWORDS.contains(&id) {
            self.error(
                path,
                format!(
                    "{what} id `{id}` is a word of the rule language (`{}`): choose another",
                    super::expr::KEYWORDS.join("`, `")
                ),
            );
            return;
        }
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        {
            self.error(
                path,
                format!(
                    "{what} id `{id}` must be non-empty and use only letters, digits, `_` and `-`"
                ),
            );
        }
    }

    /// Every problem reported, in file order; `Ok` when there are none.
    pub(crate) fn finish(mut self) -> Result<(), CatalogError> {
        if self.diagnostics.is_empty() {
            return Ok(());
        }
        crate::sort::by_key(&mut self.diagnostics, |d| {
            (d.line.min(u32::MAX as usize) as u64) << 32 | d.column.min(u32::MAX as usize) as u64
        });
        if self.more > 0 {
            let (file, more) = (self.file.to_owned(), self.more);
            self.diagnostics.push(Diagnostic {
                file,
                line: 1,
                column: 1,
                path: None,
                message: format!(
                    "and {more} more problem{} (the first {MAX_DIAGNOSTICS} are listed)",
                    if more == 1 { "" } else { "s" }
                ),
            });
        }
        Err(CatalogError {
            diagnostics: self.diagnostics,
        })
    }
}
