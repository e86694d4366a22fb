//! Everything the command prints goes through here. Text from catalogs, quotes and other
//! files is shown with control characters escaped (`\u{1b}`), so a name cannot move the
//! cursor, recolour or redraw the terminal: a tampered quote cannot overwrite `verify`'s
//! verdict. JSON keeps its grammar: the few characters it leaves raw that a terminal may act on
//! (C1 controls, bidirectional overrides, line separators) become `\uXXXX` escapes.

use configurator_engine::json::acts;

/// `text` with every character a terminal acts on written as `\u{..}`.
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if acts(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// JSON text with the characters a terminal acts on (which JSON may leave raw inside strings)
/// written as `\uXXXX` escapes: the same JSON value.
pub fn clean_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if acts(c) && c != '\r' {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// `println!` through [`clean`].
macro_rules! out {
    ($($t:tt)*) => { println!("{}", $crate::out::clean(&format!($($t)*))) };
}

/// `eprintln!` through [`clean`].
macro_rules! err {
    ($($t:tt)*) => { eprintln!("{}", $crate::out::clean(&format!($($t)*))) };
}

/// `print!` of JSON through [`clean_json`].
macro_rules! out_json {
    ($($t:tt)*) => { print!("{}", $crate::out::clean_json(&format!($($t)*))) };
}

pub(crate) use {err, out, out_json};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_controls_are_shown_not_obeyed() {
        assert_eq!(clean("ok\u{1b}[2K\rok"), "ok\\u{1b}[2K\\u{d}ok");
        assert_eq!(
            clean("a\u{9b}b\u{202e}c\nd\te"),
            "a\\u{9b}b\\u{202e}c\nd\te"
        );
        let json = serde_json::json!({"name": "x\u{9b}\u{202e}y\u{1b}"}).to_string();
        let cleaned = clean_json(&json);
        assert!(!cleaned.chars().any(acts), "{cleaned}");
        let back: serde_json::Value = serde_json::from_str(&cleaned).unwrap();
        assert_eq!(back["name"], "x\u{9b}\u{202e}y\u{1b}");
    }
}
