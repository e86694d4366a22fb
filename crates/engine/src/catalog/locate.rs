//! Maps a path inside a JSON document (`/rules/3/if`) to a line and column of its text.
//!
//! The JSON reader (`crate::json`) places syntax and type errors itself. Semantic errors found
//! after parsing (an unknown item in a rule, a duplicate id) are found by path; this module walks
//! the original text to turn that path back into a position, so every error names its place.

use std::fmt;

/// One step of a path into a JSON document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    /// A member of an object.
    Key(String),
    /// An element of an array.
    Index(usize),
}

/// A path into a JSON document, displayed as a JSON pointer (`/groups/0/items/2/price`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JsonPath(pub Vec<Segment>);

impl JsonPath {
    /// The empty path: the whole document.
    pub fn root() -> Self {
        Self(Vec::new())
    }

    /// This path extended by an object member.
    pub fn key(&self, key: &str) -> Self {
        let mut v = self.0.clone();
        v.push(Segment::Key(key.to_owned()));
        Self(v)
    }

    /// This path extended by an array element.
    pub fn index(&self, index: usize) -> Self {
        let mut v = self.0.clone();
        v.push(Segment::Index(index));
        Self(v)
    }
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("/");
        }
        for seg in &self.0 {
            match seg {
                Segment::Key(k) => write!(f, "/{}", k.replace('~', "~0").replace('/', "~1"))?,
                Segment::Index(i) => write!(f, "/{i}")?,
            }
        }
        Ok(())
    }
}

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl Position {
    /// The position of a byte offset in `text`.
    pub fn of_offset(text: &str, offset: usize) -> Self {
        let offset = offset.min(text.len());
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = text[line_start..offset].chars().count() + 1;
        Self { line, column }
    }
}

/// Byte offset of the value at `path` in the JSON `text`, or of the deepest ancestor found.
pub fn locate(text: &str, path: &JsonPath) -> usize {
    let mut s = Scanner {
        b: text.as_bytes(),
        i: 0,
    };
    s.ws();
    let mut best = s.i;
    for seg in &path.0 {
        let found = match seg {
            Segment::Key(k) => s.find_key(k),
            Segment::Index(n) => s.find_index(*n),
        };
        if !found {
            break;
        }
        s.ws();
        best = s.i;
    }
    best
}

/// Byte offset of the `char_index`-th decoded character inside the JSON string that starts at
/// `string_start` (the offset of its opening quote).
pub fn offset_in_string(text: &str, string_start: usize, char_index: usize) -> usize {
    let b = text.as_bytes();
    if b.get(string_start) != Some(&b'"') {
        return string_start;
    }
    let mut i = string_start + 1;
    let mut decoded = 0;
    while i < b.len() && b[i] != b'"' && decoded < char_index {
        if b[i] == b'\\' {
            i += if b.get(i + 1) == Some(&b'u') { 6 } else { 2 };
        } else {
            i += text[i..].chars().next().map_or(1, char::len_utf8);
        }
        decoded += 1;
    }
    i.min(b.len())
}

struct Scanner<'a> {
    b: &'a [u8],
    i: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    /// Reads a string at the cursor and returns its raw (undecoded) contents.
    fn string(&mut self) -> Option<&[u8]> {
        if self.peek() != Some(b'"') {
            return None;
        }
        self.i += 1;
        let start = self.i;
        while let Some(c) = self.peek() {
            match c {
                b'\\' => self.i += 2,
                b'"' => {
                    let raw = &self.b[start..self.i];
                    self.i += 1;
                    return Some(raw);
                }
                _ => self.i += 1,
            }
        }
        None
    }

    /// Skips one value at the cursor.
    fn skip_value(&mut self) {
        self.ws();
        match self.peek() {
            Some(b'"') => {
                self.string();
            }
            Some(open @ (b'{' | b'[')) => {
                let close = if open == b'{' { b'}' } else { b']' };
                self.i += 1;
                loop {
                    self.ws();
                    match self.peek() {
                        None => return,
                        Some(c) if c == close => {
                            self.i += 1;
                            return;
                        }
                        Some(b',' | b':') => self.i += 1,
                        Some(_) => self.skip_value(),
                    }
                }
            }
            Some(_) => {
                while let Some(c) = self.peek() {
                    if matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                        break;
                    }
                    self.i += 1;
                }
            }
            None => {}
        }
    }

    fn find_key(&mut self, key: &str) -> bool {
        self.ws();
        if self.peek() != Some(b'{') {
            return false;
        }
        self.i += 1;
        loop {
            self.ws();
            match self.peek() {
                Some(b'"') => {
                    let matches = self.string() == Some(key.as_bytes());
                    self.ws();
                    if self.peek() == Some(b':') {
                        self.i += 1;
                    }
                    self.ws();
                    if matches {
                        return true;
                    }
                    self.skip_value();
                }
                Some(b',') => self.i += 1,
                _ => return false,
            }
        }
    }

    fn find_index(&mut self, n: usize) -> bool {
        self.ws();
        if self.peek() != Some(b'[') {
            return false;
        }
        self.i += 1;
        let mut k = 0;
        loop {
            self.ws();
            match self.peek() {
                Some(b']') | None => return false,
                Some(b',') => self.i += 1,
                Some(_) => {
                    if k == n {
                        return true;
                    }
                    self.skip_value();
                    k += 1;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "{\n  \"a\": [1, {\"b\": \"x\"}],\n  \"c\": {\"d\": [true, \"é\\\"z\"]}\n}";

    fn pos(path: &JsonPath) -> (usize, usize) {
        let p = Position::of_offset(DOC, locate(DOC, path));
        (p.line, p.column)
    }

    #[test]
    fn finds_nested_members_and_elements() {
        let root = JsonPath::root();
        assert_eq!(pos(&root.key("a")), (2, 8));
        assert_eq!(pos(&root.key("a").index(1).key("b")), (2, 18));
        assert_eq!(pos(&root.key("c").key("d").index(1)), (3, 21));
    }

    #[test]
    fn missing_member_falls_back_to_deepest_ancestor() {
        let root = JsonPath::root();
        assert_eq!(pos(&root.key("c").key("zzz")), (3, 8));
        assert_eq!(pos(&root.key("a").index(7)), (2, 8));
    }

    #[test]
    fn offsets_inside_strings_count_decoded_characters() {
        let start = locate(DOC, &JsonPath::root().key("c").key("d").index(1));
        // "é\"z": the z is the third decoded character.
        let z = offset_in_string(DOC, start, 2);
        assert_eq!(&DOC[z..z + 1], "z");
    }

    #[test]
    fn pointer_display_escapes() {
        let p = JsonPath::root().key("a/b").index(2);
        assert_eq!(p.to_string(), "/a~1b/2");
    }
}
