//! Importers: real models in other formats (XCSP, DIMACS, UVL) become catalogs (as JSON values, so authors get a
//! file they can read, edit and check).

pub mod dimacs;
pub mod uvl;
pub mod xcsp;

use std::collections::HashSet;

/// A model that could not be imported, with the line where the problem is.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct ImportError {
    /// The file name given to the importer.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Makes catalog ids from arbitrary names: letters, digits, `_` and `-` only, unique.
#[derive(Default)]
pub(crate) struct IdMaker {
    used: HashSet<String>,
}

impl IdMaker {
    /// A fresh id from `name`, or from `fallback` when `name` has no usable character.
    pub(crate) fn make(&mut self, name: &str, fallback: &str) -> String {
        let mut id: String = name
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || c == '_' || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        if id.trim_matches('_').is_empty() {
            id = fallback.to_owned();
        }
        if ["and", "or", "not", "true", "false"].contains(&id.as_str()) {
            id = format!("{id}_");
        }
        let mut candidate = id.clone();
        let mut k = 2;
        while !self.used.insert(candidate.clone()) {
            candidate = format!("{id}-{k}");
            k += 1;
        }
        candidate
    }
}
