//! Configuration files as the command line reads them: a JSON array of `["group", "item"]` or
//! `["group", "item", quantity]` choices, or a quote (whose configuration is used).

use super::{Quote, QuoteChoice, QuoteError};
use crate::catalog::locate::Position;
use crate::json::Reader;

/// Why a configuration file cannot be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// Not JSON at all.
    #[error("not JSON: {message} at line {line} column {column}")]
    Syntax {
        /// What is wrong.
        message: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// An object that is not a quote.
    #[error(transparent)]
    Quote(#[from] QuoteError),
    /// A choice of the wrong shape (`number` counts from 1; `text` as written).
    #[error(
        "choice {number} is {text}; write [\"group\", \"item\"] or [\"group\", \"item\", quantity]"
    )]
    Choice {
        /// Which choice.
        number: usize,
        /// The choice as written.
        text: String,
    },
    /// A quantity that is not a positive whole number.
    #[error("choice {number}: quantity {text} is not a positive whole number")]
    Quantity {
        /// Which choice.
        number: usize,
        /// The quantity as written.
        text: String,
    },
    /// Neither an array nor an object.
    #[error("a configuration is a JSON array of [group, item] choices (or a quote)")]
    Shape,
}

/// The choices of a configuration file, by keys (resolve them with [`super::resolve`]).
pub fn choices_from_json(text: &str) -> Result<Vec<QuoteChoice>, ConfigError> {
    let mut r = Reader::new(text);
    let syntax = |e: crate::json::Error| {
        let at = Position::of_offset(text, e.offset);
        ConfigError::Syntax {
            message: e.message,
            line: at.line,
            column: at.column,
        }
    };
    r.skip().and_then(|()| r.finish()).map_err(syntax)?;
    match text.trim_start().as_bytes().first() {
        Some(b'{') => return Ok(Quote::from_json(text)?.configuration),
        Some(b'[') => {}
        _ => return Err(ConfigError::Shape),
    }
    // Each element's text, then each read on its own: a bad one is shown as written.
    let mut r = Reader::new(text);
    let mut spans = Vec::new();
    r.array("a list of choices", &mut |r| {
        let start = r.offset();
        r.skip()?;
        spans.push((start, r.offset()));
        Ok(())
    })
    .map_err(syntax)?;
    spans
        .iter()
        .enumerate()
        .map(|(k, &(start, end))| choice(&text[start..end], k + 1))
        .collect()
}

/// One choice: `["group", "item"]` or `["group", "item", quantity]`.
fn choice(text: &str, number: usize) -> Result<QuoteChoice, ConfigError> {
    let shape = || ConfigError::Choice {
        number,
        text: text.to_owned(),
    };
    let mut parts = Vec::new();
    read_loosely(text, &mut parts).map_err(|_| shape())?;
    match parts.as_slice() {
        [(g, true), (i, true)] => Ok(QuoteChoice {
            group: g.clone(),
            item: i.clone(),
            quantity: None,
        }),
        [(g, true), (i, true), (q, false)] if looks_numeric(q) => {
            let quantity =
                q.parse::<u32>()
                    .ok()
                    .filter(|&q| q > 0)
                    .ok_or_else(|| ConfigError::Quantity {
                        number,
                        text: q.clone(),
                    })?;
            Ok(QuoteChoice {
                group: g.clone(),
                item: i.clone(),
                quantity: Some(quantity),
            })
        }
        _ => Err(shape()),
    }
}

/// Whether a value as written is a JSON number.
fn looks_numeric(text: &str) -> bool {
    text.starts_with(|c: char| c == '-' || c.is_ascii_digit())
}

/// The elements of a JSON array, each as (text, whether it is a string): strings unescaped,
/// other values as written.
fn read_loosely(text: &str, parts: &mut Vec<(String, bool)>) -> crate::json::Result<()> {
    parts.clear();
    let mut r = Reader::new(text);
    r.array("a choice", &mut |r| {
        let start = r.offset();
        r.skip()?;
        let raw = text[start..r.offset()].trim();
        if raw.starts_with('"') {
            let s = Reader::new(raw).string()?.into_owned();
            parts.push((s, true));
        } else {
            parts.push((raw.to_owned(), false));
        }
        Ok(())
    })
}
