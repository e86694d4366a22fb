//! A strict JSON reader (RFC 8259) that hands values to hand-written readers as it goes.
//!
//! Catalogs, quotes and saved quotes are read with it instead of derived `serde` readers:
//! each derived reader is a large generic function per type, which cost the web build about
//! 20 KB gzipped, while these accessors are a few small non-generic functions. It reads
//! without building a tree (catalog tables have hundreds of thousands of cells), borrows
//! strings without escapes from the text, and every error carries the byte offset of its
//! place, turned into a line and column by [`crate::catalog::locate::Position`].
//!
//! Messages follow `serde_json`'s wording (`expected `:``, `unknown field `x`, expected one of
//! ...`, `invalid type: integer `5`, expected a string`), which catalog authors already know.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

/// Why a document could not be read, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    /// Byte offset of the problem in the text.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// A result of reading.
pub type Result<T> = std::result::Result<T, Error>;

/// The fields an object had, by their index in the list given to [`Reader::object`].
#[derive(Clone, Copy, Debug)]
pub struct Seen {
    mask: u64,
    end: usize,
}

impl Seen {
    /// Whether field `k` was present (and not `null`).
    pub fn has(self, k: usize) -> bool {
        self.mask & (1 << k) != 0
    }

    /// An error naming the first of `required` (indices into `fields`) that was missing,
    /// placed at the object's closing brace.
    pub fn require(self, fields: &[&str], required: &[usize]) -> Result<()> {
        match required.iter().find(|&&k| !self.has(k)) {
            Some(&k) => Err(Error {
                offset: self.end,
                message: format!("missing field `{}`", fields[k]),
            }),
            None => Ok(()),
        }
    }
}

/// Reads the value of one object member, given its key and the key's offset.
pub type Member<'f, 'a> = dyn FnMut(&mut Reader<'a>, Cow<'a, str>, usize) -> Result<()> + 'f;

/// A value's text as an error shows it: at most 40 characters (a hostile file may hold a
/// number or a string of a megabyte). Every reader of outside text shows values through it.
pub fn shown(text: &str) -> String {
    match text.char_indices().nth(40) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

/// Whether a terminal, a text viewer or a spreadsheet may act on `c` instead of showing it:
/// control characters (but line feed and tab), bidirectional marks, embeddings, overrides and
/// isolates (which can make text read as something else), and the Unicode line and paragraph
/// separators. The command line escapes them; CSV cells replace them.
pub fn acts(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{2028}' | '\u{2029}')
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// A cursor over a JSON text.
pub struct Reader<'a> {
    text: &'a str,
    i: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `text` (after a byte order mark, which some editors write).
    pub fn new(text: &'a str) -> Reader<'a> {
        let i = if text.starts_with('\u{feff}') { 3 } else { 0 };
        Reader { text, i }
    }

    /// The current byte offset (after any whitespace already skipped).
    pub fn offset(&self) -> usize {
        self.i
    }

    /// An error at `offset`.
    pub fn error<T>(&self, offset: usize, message: impl Into<String>) -> Result<T> {
        Err(Error {
            offset,
            message: message.into(),
        })
    }

    fn byte(&self) -> Option<u8> {
        self.text.as_bytes().get(self.i).copied()
    }

    /// The next significant byte, after whitespace.
    fn peek(&mut self) -> Option<u8> {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.byte() {
            self.i += 1;
        }
        self.byte()
    }

    /// Consumes `b` (after whitespace) or fails with `expected`.
    fn expect(&mut self, b: u8, expected: &str) -> Result<()> {
        match self.peek() {
            Some(c) if c == b => {
                self.i += 1;
                Ok(())
            }
            Some(_) => self.error(self.i, format!("expected {expected}")),
            None => self.error(self.i, format!("EOF while parsing {expected}")),
        }
    }

    /// Fails unless only whitespace is left.
    pub fn finish(&mut self) -> Result<()> {
        match self.peek() {
            None => Ok(()),
            Some(_) => self.error(self.i, "trailing characters"),
        }
    }

    /// What the next value is, in words, for type errors (`integer `5``, `a map`).
    fn describe(&mut self) -> String {
        let start = self.i;
        let text = match self.peek() {
            Some(b'"') => {
                let s = self.string_raw().map(|s| format!("string {:?}", shown(&s)));
                s.unwrap_or_else(|_| "a string".to_owned())
            }
            Some(b'{') => "a map".to_owned(),
            Some(b'[') => "a sequence".to_owned(),
            Some(b't') => "boolean `true`".to_owned(),
            Some(b'f') => "boolean `false`".to_owned(),
            Some(b'n') => "null".to_owned(),
            Some(_) => {
                let n = self.number_text();
                if n.contains(['.', 'e', 'E']) {
                    format!("floating point `{}`", shown(n))
                } else {
                    format!("integer `{}`", shown(n))
                }
            }
            None => "the end of the text".to_owned(),
        };
        self.i = start;
        text
    }

    fn type_error<T>(&mut self, expected: &str) -> Result<T> {
        self.peek();
        let at = self.i;
        let found = self.describe();
        self.error(at, format!("invalid type: {found}, expected {expected}"))
    }

    /// Consumes `null` if it comes next (absent optional values may be written as `null`).
    pub fn null(&mut self) -> bool {
        if self.peek() == Some(b'n') && self.text[self.i..].starts_with("null") {
            self.i += 4;
            true
        } else {
            false
        }
    }

    /// Reads a boolean.
    pub fn bool(&mut self) -> Result<bool> {
        for (word, value) in [("true", true), ("false", false)] {
            if self.peek().is_some() && self.text[self.i..].starts_with(word) {
                self.i += word.len();
                return Ok(value);
            }
        }
        self.value_start("a boolean")?;
        self.type_error("a boolean")
    }

    /// Fails with a syntax error unless a value starts here.
    fn value_start(&mut self, expected: &str) -> Result<()> {
        match self.peek() {
            None => self.error(self.i, "EOF while parsing a value"),
            Some(b'"' | b'{' | b'[' | b't' | b'f' | b'n' | b'-' | b'0'..=b'9') => Ok(()),
            Some(_) => self.error(self.i, format!("expected value ({expected})")),
        }
    }

    /// The text of the number at the cursor (checked for JSON's number grammar).
    fn number_text(&mut self) -> &'a str {
        let start = self.i;
        let b = self.text.as_bytes();
        let mut j = self.i;
        while j < b.len() && matches!(b[j], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9') {
            j += 1;
        }
        self.i = j;
        &self.text[start..j]
    }

    fn is_number(n: &str) -> bool {
        let n = n.strip_prefix('-').unwrap_or(n);
        let (int, rest) = n.split_at(n.find(['.', 'e', 'E']).unwrap_or(n.len()));
        let int_ok = int == "0" || (!int.is_empty() && !int.starts_with('0'));
        let (frac, exp) = match rest.strip_prefix('.') {
            Some(r) => r.split_at(r.find(['e', 'E']).unwrap_or(r.len())),
            None => ("x", rest),
        };
        let frac_ok = frac == "x" || (!frac.is_empty() && frac.bytes().all(|c| c.is_ascii_digit()));
        let exp = exp
            .get(1..)
            .map(|e| e.strip_prefix(['+', '-']).unwrap_or(e));
        let exp_ok = exp.is_none_or(|e| !e.is_empty() && e.bytes().all(|c| c.is_ascii_digit()));
        int_ok && int.bytes().all(|c| c.is_ascii_digit()) && frac_ok && exp_ok
    }

    /// Reads an integer in `lo..=hi`; `expected` names the type for errors (`u32`).
    fn integer(&mut self, lo: i128, hi: i128, expected: &str) -> Result<i128> {
        self.value_start(expected)?;
        if !matches!(self.byte(), Some(b'-' | b'0'..=b'9')) {
            return self.type_error(expected);
        }
        let start = self.i;
        let n = self.number_text();
        if !Self::is_number(n) {
            return self.error(start, "invalid number");
        }
        if n.contains(['.', 'e', 'E']) {
            self.i = start;
            return self.type_error(expected);
        }
        match n.parse::<i128>() {
            Ok(v) if (lo..=hi).contains(&v) => Ok(v),
            _ => self.error(
                start,
                format!("invalid value: integer `{}`, expected {expected}", shown(n)),
            ),
        }
    }

    /// Reads a `u32`.
    pub fn u32(&mut self) -> Result<u32> {
        Ok(self.integer(0, u32::MAX.into(), "u32")? as u32)
    }

    /// Reads an `i64`.
    pub fn i64(&mut self) -> Result<i64> {
        Ok(self.integer(i64::MIN.into(), i64::MAX.into(), "i64")? as i64)
    }

    /// Reads a string (borrowed from the text when it has no escapes).
    pub fn string(&mut self) -> Result<Cow<'a, str>> {
        self.value_start("a string")?;
        if self.byte() != Some(b'"') {
            return self.type_error("a string");
        }
        self.string_raw()
    }

    /// Reads a string into an owned `String`.
    pub fn owned(&mut self) -> Result<String> {
        Ok(self.string()?.into_owned())
    }

    /// Reads a string and returns it with the offset of its opening quote.
    pub fn string_at(&mut self) -> Result<(Cow<'a, str>, usize)> {
        self.peek();
        let at = self.i;
        Ok((self.string()?, at))
    }

    /// Reads one of `variants` (a string); `unknown variant` otherwise.
    pub fn variant(&mut self, variants: &[&str]) -> Result<usize> {
        let (s, at) = self.string_at()?;
        match variants.iter().position(|v| *v == s) {
            Some(k) => Ok(k),
            None => self.error(
                at,
                format!(
                    "unknown variant `{s}`, expected one of `{}`",
                    variants.join("`, `")
                ),
            ),
        }
    }

    /// The string at the cursor (an opening quote).
    fn string_raw(&mut self) -> Result<Cow<'a, str>> {
        let b = self.text.as_bytes();
        self.i += 1;
        let start = self.i;
        let mut owned: Option<String> = None;
        let mut run = start;
        loop {
            let Some(&c) = b.get(self.i) else {
                return self.error(self.i, "EOF while parsing a string");
            };
            match c {
                b'"' => {
                    let out = match owned {
                        None => Cow::Borrowed(&self.text[start..self.i]),
                        Some(mut s) => {
                            s.push_str(&self.text[run..self.i]);
                            Cow::Owned(s)
                        }
                    };
                    self.i += 1;
                    return Ok(out);
                }
                b'\\' => {
                    let s = owned.get_or_insert_with(String::new);
                    s.push_str(&self.text[run..self.i]);
                    let at = self.i;
                    self.i += 1;
                    let Some(&e) = b.get(self.i) else {
                        return self.error(self.i, "EOF while parsing a string");
                    };
                    self.i += 1;
                    match e {
                        b'"' => s.push('"'),
                        b'\\' => s.push('\\'),
                        b'/' => s.push('/'),
                        b'b' => s.push('\u{8}'),
                        b'f' => s.push('\u{c}'),
                        b'n' => s.push('\n'),
                        b'r' => s.push('\r'),
                        b't' => s.push('\t'),
                        b'u' => {
                            let hi = self.hex4(at)?;
                            let c = if (0xD800..0xDC00).contains(&hi) {
                                if !self.text[self.i..].starts_with("\\u") {
                                    return self.error(at, "lone leading surrogate in hex escape");
                                }
                                self.i += 2;
                                let lo = self.hex4(at)?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return self.error(at, "invalid unicode code point");
                                }
                                char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
                            } else {
                                char::from_u32(hi)
                            };
                            match c {
                                Some(c) => s.push(c),
                                None => return self.error(at, "invalid unicode code point"),
                            }
                        }
                        _ => return self.error(at, "invalid escape"),
                    }
                    run = self.i;
                }
                0..=0x1f => {
                    return self.error(
                        self.i,
                        "control character (\\u0000-\\u001F) found while parsing a string",
                    )
                }
                _ => self.i += 1,
            }
        }
    }

    fn hex4(&mut self, at: usize) -> Result<u32> {
        let digits = self.text.get(self.i..self.i + 4);
        match digits.and_then(|d| u32::from_str_radix(d, 16).ok()) {
            Some(v) if digits.is_some_and(|d| d.bytes().all(|c| c.is_ascii_hexdigit())) => {
                self.i += 4;
                Ok(v)
            }
            _ => self.error(at, "invalid escape"),
        }
    }

    /// Reads an object: `member` is called with each key (and its offset) and must read the
    /// value. Returns the offset of the closing brace (where a missing field is reported).
    pub fn members(&mut self, expected: &str, member: &mut Member<'_, 'a>) -> Result<usize> {
        self.value_start(expected)?;
        if self.byte() != Some(b'{') {
            return self.type_error(expected);
        }
        self.i += 1;
        if self.peek() == Some(b'}') {
            self.i += 1;
            return Ok(self.i - 1);
        }
        loop {
            match self.peek() {
                Some(b'"') => {}
                Some(b'}') => return self.error(self.i, "trailing comma"),
                None => return self.error(self.i, "EOF while parsing an object"),
                Some(_) => return self.error(self.i, "key must be a string"),
            }
            let at = self.i;
            let key = self.string_raw()?;
            self.expect(b':', "`:`")?;
            self.value_start("a value")?;
            member(self, key, at)?;
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    return Ok(self.i - 1);
                }
                None => return self.error(self.i, "EOF while parsing an object"),
                Some(_) => return self.error(self.i, "expected `,` or `}`"),
            }
        }
    }

    /// Reads an object whose keys are among `fields` (no other, none twice); `field` is called
    /// with the index of each field whose value is not `null` and must read the value.
    pub fn object(
        &mut self,
        expected: &str,
        fields: &[&str],
        field: &mut dyn FnMut(&mut Reader<'a>, usize) -> Result<()>,
    ) -> Result<Seen> {
        debug_assert!(fields.len() <= 64);
        let mut mask = 0u64;
        let end = self.members(expected, &mut |r, key, at| {
            let Some(k) = fields.iter().position(|f| *f == key) else {
                return r.error(
                    at,
                    format!(
                        "unknown field `{key}`, expected one of `{}`",
                        fields.join("`, `")
                    ),
                );
            };
            if mask & (1 << k) != 0 {
                return r.error(at, format!("duplicate field `{key}`"));
            }
            if r.null() {
                return Ok(());
            }
            mask |= 1 << k;
            field(r, k)
        })?;
        Ok(Seen { mask, end })
    }

    /// Reads an array: `element` is called for each element and must read it.
    pub fn array(
        &mut self,
        expected: &str,
        element: &mut dyn FnMut(&mut Reader<'a>) -> Result<()>,
    ) -> Result<()> {
        self.value_start(expected)?;
        if self.byte() != Some(b'[') {
            return self.type_error(expected);
        }
        self.i += 1;
        if self.peek() == Some(b']') {
            self.i += 1;
            return Ok(());
        }
        loop {
            match self.peek() {
                Some(b']') => return self.error(self.i, "trailing comma"),
                None => return self.error(self.i, "EOF while parsing a list"),
                _ => {}
            }
            element(self)?;
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    return Ok(());
                }
                None => return self.error(self.i, "EOF while parsing a list"),
                Some(_) => return self.error(self.i, "expected `,` or `]`"),
            }
        }
    }

    /// Reads an array of strings.
    pub fn strings(&mut self) -> Result<Vec<String>> {
        let mut out = Vec::new();
        self.array("a list of strings", &mut |r| {
            out.push(r.owned()?);
            Ok(())
        })?;
        Ok(out)
    }

    /// Reads an array of `u32`.
    pub fn u32s(&mut self) -> Result<Vec<u32>> {
        let mut out = Vec::new();
        self.array("a list of whole numbers", &mut |r| {
            out.push(r.u32()?);
            Ok(())
        })?;
        Ok(out)
    }

    /// Reads an object of strings. A key that appears twice is an error (a map has one value
    /// per key).
    pub fn string_map(&mut self) -> Result<BTreeMap<String, String>> {
        self.map("a map of strings", &mut |r| r.owned())
    }

    /// Reads an object of `i64`. A key that appears twice is an error.
    pub fn i64_map(&mut self) -> Result<BTreeMap<String, i64>> {
        self.map("a map of whole numbers", &mut |r| r.i64())
    }

    /// Reads an object whose values `value` reads, each key once.
    fn map<T>(
        &mut self,
        expected: &str,
        value: &mut dyn FnMut(&mut Reader<'a>) -> Result<T>,
    ) -> Result<BTreeMap<String, T>> {
        let mut out = BTreeMap::new();
        self.members(expected, &mut |r, key, at| {
            let v = value(r)?;
            match out.entry(key.into_owned()) {
                std::collections::btree_map::Entry::Vacant(slot) => {
                    slot.insert(v);
                    Ok(())
                }
                std::collections::btree_map::Entry::Occupied(o) => {
                    r.error(at, format!("duplicate key `{}`", o.key()))
                }
            }
        })?;
        Ok(out)
    }

    /// Skips one value of any kind (checking its syntax).
    pub fn skip(&mut self) -> Result<()> {
        self.value_start("a value")?;
        match self.byte() {
            Some(b'"') => self.string_raw().map(drop),
            Some(b'{') => self.members("a map", &mut |r, _, _| r.skip()).map(drop),
            Some(b'[') => self.array("a list", &mut |r| r.skip()),
            Some(b't' | b'f') => self.bool().map(drop),
            Some(b'n') if self.null() => Ok(()),
            _ => {
                let start = self.i;
                let n = self.number_text();
                if Self::is_number(n) {
                    Ok(())
                } else {
                    self.error(start, "expected value")
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(text: &str) -> Result<()> {
        let mut r = Reader::new(text);
        r.skip()?;
        r.finish()
    }

    /// Every document serde_json accepts is accepted, and every one it rejects is rejected,
    /// on a set of valid, broken and tricky texts.
    #[test]
    fn accepts_exactly_what_serde_json_accepts() {
        let docs = [
            r#"{"a": [1, -2, 3.5e-3, true, false, null, "x\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"]}"#,
            "  [ ]  ",
            "{}",
            r#"{"a":1,}"#,
            "[1,]",
            "[01]",
            "[1.]",
            "[-]",
            "[1e]",
            "[.5]",
            r#"["a"#,
            r#"{"a" 1}"#,
            r#"{1: 2}"#,
            "[tru]",
            "[nul]",
            r#"["\x"]"#,
            r#"["\ud800"]"#,
            "[\"a\u{1}\"]",
            "[1] 2",
            "",
            r#"{"a": {"b": [[], {}]}}"#,
            "-0",
            "1E+2",
        ];
        for doc in docs {
            let ours = read_all(doc);
            let theirs = serde_json::from_str::<serde_json::Value>(doc);
            assert_eq!(
                ours.is_ok(),
                theirs.is_ok(),
                "{doc:?}: {ours:?} vs {theirs:?}"
            );
        }
    }

    #[test]
    fn strings_are_decoded_and_borrowed_without_escapes() {
        let mut r = Reader::new(r#""plain""#);
        assert!(matches!(r.string().unwrap(), Cow::Borrowed("plain")));
        let mut r = Reader::new(r#""a\"b\u00e9\ud83d\ude00""#);
        assert_eq!(r.string().unwrap(), "a\"bé😀");
    }

    #[test]
    fn objects_check_fields_and_place_errors() {
        const FIELDS: &[&str] = &["id", "n"];
        let read = |text: &str| {
            let mut r = Reader::new(text);
            let (mut id, mut n) = (String::new(), 0);
            let seen = r.object("an object", FIELDS, &mut |r, k| {
                match k {
                    0 => id = r.owned()?,
                    _ => n = r.u32()?,
                }
                Ok(())
            })?;
            seen.require(FIELDS, &[0])?;
            Ok::<_, Error>((id, n, seen.has(1)))
        };
        assert_eq!(read(r#"{"id": "x", "n": 4}"#), Ok(("x".into(), 4, true)));
        assert_eq!(
            read(r#"{"id": "x", "n": null}"#),
            Ok(("x".into(), 0, false))
        );
        let e = read(r#"{"id": "x", "colour": 1}"#).unwrap_err();
        assert_eq!(e.offset, 12);
        assert!(e
            .message
            .contains("unknown field `colour`, expected one of `id`, `n`"));
        let e = read(r#"{"n": 1}"#).unwrap_err();
        assert_eq!((e.offset, e.message.as_str()), (7, "missing field `id`"));
        let e = read(r#"{"id": 5}"#).unwrap_err();
        assert_eq!(e.message, "invalid type: integer `5`, expected a string");
        let e = read(r#"{"id": "x", "n": -1}"#).unwrap_err();
        assert_eq!(e.message, "invalid value: integer `-1`, expected u32");
        let e = read(r#"{"id": "x", "n": 1.5}"#).unwrap_err();
        assert_eq!(
            e.message,
            "invalid type: floating point `1.5`, expected u32"
        );
        let e = read(r#"{"id": "x", "id": "y"}"#).unwrap_err();
        assert_eq!(e.message, "duplicate field `id`");
        let e = read(r#"{"id" "x"}"#).unwrap_err();
        assert_eq!((e.offset, e.message.as_str()), (6, "expected `:`"));
    }
}
