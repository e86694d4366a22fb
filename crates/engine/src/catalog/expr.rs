//! Boolean expressions over choices, as authors write them in rules.
//!
//! Grammar (keywords are case-sensitive, `&&`, `||` and `!` are accepted as synonyms):
//!
//! ```text
//! expr  := or
//! or    := and ("or" and)*
//! and   := not ("and" not)*
//! not   := "not" not | atom
//! atom  := "(" expr ")" | "true" | "false" | ref
//! ref   := GROUP "." ITEM        (ids: letters, digits, '_', '-')
//! ```
//!
//! `chassis.nx-48p` holds when that item is chosen.
//!
//! Nesting (`not`s and parentheses) is at most [`MAX_DEPTH`] deep, so every walk over an
//! expression (evaluation, encodings, diagrams) has a small, fixed recursion depth.

use crate::ids::ItemId;

/// How deeply `not`s and parentheses may nest in one expression.
pub const MAX_DEPTH: usize = 64;

/// Words of the language, which cannot be group or item ids.
pub const KEYWORDS: [&str; 5] = ["and", "or", "not", "true", "false"];

/// A parsed expression whose references are resolved to items.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expr {
    /// A constant.
    Const(bool),
    /// Holds when the item is chosen.
    Item(ItemId),
    /// Negation.
    Not(Box<Expr>),
    /// Conjunction (true when empty).
    And(Vec<Expr>),
    /// Disjunction (false when empty).
    Or(Vec<Expr>),
}

impl Expr {
    /// Evaluates the expression under a total assignment of items.
    pub fn eval(&self, chosen: &dyn Fn(ItemId) -> bool) -> bool {
        match self {
            Expr::Const(b) => *b,
            Expr::Item(i) => chosen(*i),
            Expr::Not(e) => !e.eval(chosen),
            Expr::And(es) => es.iter().all(|e| e.eval(chosen)),
            Expr::Or(es) => es.iter().any(|e| e.eval(chosen)),
        }
    }

    /// Every item the expression mentions, in order of appearance.
    pub fn items(&self, out: &mut Vec<ItemId>) {
        match self {
            Expr::Const(_) => {}
            Expr::Item(i) => out.push(*i),
            Expr::Not(e) => e.items(out),
            Expr::And(es) | Expr::Or(es) => es.iter().for_each(|e| e.items(out)),
        }
    }
}

/// A syntax or reference error at a character offset inside the expression text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExprError {
    /// 0-based character offset in the expression string.
    pub offset: usize,
    /// What went wrong.
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Tok {
    Ident(String),
    Dot,
    LParen,
    RParen,
    And,
    Or,
    Not,
    End,
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

fn tokenize(src: &str) -> Result<Vec<(Tok, usize)>, ExprError> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        let tok = match c {
            c if c.is_whitespace() => {
                i += 1;
                continue;
            }
            '.' => Tok::Dot,
            '(' => Tok::LParen,
            ')' => Tok::RParen,
            '!' => Tok::Not,
            '&' | '|' if chars.get(i + 1) == Some(&c) => {
                i += 1;
                if c == '&' {
                    Tok::And
                } else {
                    Tok::Or
                }
            }
            c if is_ident_char(c) => {
                while i + 1 < chars.len() && is_ident_char(chars[i + 1]) {
                    i += 1;
                }
                let word: String = chars[start..=i].iter().collect();
                match word.as_str() {
                    "and" => Tok::And,
                    "or" => Tok::Or,
                    "not" => Tok::Not,
                    _ => Tok::Ident(word),
                }
            }
            other => {
                return Err(ExprError {
                    offset: start,
                    message: format!("unexpected character `{other}`"),
                })
            }
        };
        i += 1;
        out.push((tok, start));
    }
    out.push((Tok::End, chars.len()));
    Ok(out)
}

/// Parses `src`, resolving each `group.item` reference with `resolve`, which returns the item or
/// a message saying why the reference is wrong.
pub fn parse(
    src: &str,
    resolve: &dyn Fn(&str, &str) -> Result<ItemId, String>,
) -> Result<Expr, ExprError> {
    let toks = tokenize(src)?;
    let mut p = Parser {
        toks,
        pos: 0,
        depth: 0,
        resolve,
    };
    let e = p.or()?;
    match p.peek() {
        (Tok::End, _) => Ok(e),
        (_, at) => Err(ExprError {
            offset: at,
            message: "expected `and`, `or` or the end of the expression".into(),
        }),
    }
}

struct Parser<'r> {
    toks: Vec<(Tok, usize)>,
    pos: usize,
    /// `not`s and parentheses open around the current position.
    depth: usize,
    resolve: &'r dyn Fn(&str, &str) -> Result<ItemId, String>,
}

impl Parser<'_> {
    fn peek(&self) -> (Tok, usize) {
        self.toks[self.pos.min(self.toks.len() - 1)].clone()
    }

    fn bump(&mut self) -> (Tok, usize) {
        let t = self.peek();
        self.pos += 1;
        t
    }

    fn or(&mut self) -> Result<Expr, ExprError> {
        let mut parts = vec![self.and()?];
        while self.peek().0 == Tok::Or {
            self.bump();
            parts.push(self.and()?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Expr::Or(parts)
        })
    }

    fn and(&mut self) -> Result<Expr, ExprError> {
        let mut parts = vec![self.not()?];
        while self.peek().0 == Tok::And {
            self.bump();
            parts.push(self.not()?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Expr::And(parts)
        })
    }

    /// Enters one more level of nesting at `at`; an error past [`MAX_DEPTH`].
    fn nest(&mut self, at: usize) -> Result<(), ExprError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(ExprError {
                offset: at,
                message: format!(
                    "the expression nests `not`s and parentheses more than {MAX_DEPTH} deep"
                ),
            });
        }
        Ok(())
    }

    fn not(&mut self) -> Result<Expr, ExprError> {
        if let (Tok::Not, at) = self.peek() {
            self.bump();
            self.nest(at)?;
            let inner = self.not()?;
            self.depth -= 1;
            return Ok(Expr::Not(Box::new(inner)));
        }
        self.atom()
    }

    fn atom(&mut self) -> Result<Expr, ExprError> {
        match self.bump() {
            (Tok::LParen, at) => {
                self.nest(at)?;
                let e = self.or()?;
                self.depth -= 1;
                match self.bump() {
                    (Tok::RParen, _) => Ok(e),
                    (_, close) => Err(ExprError {
                        offset: close,
                        message: format!("expected `)` to close the `(` at character {}", at + 1),
                    }),
                }
            }
            (Tok::Ident(w), _) if w == "true" => Ok(Expr::Const(true)),
            (Tok::Ident(w), _) if w == "false" => Ok(Expr::Const(false)),
            (Tok::Ident(group), at) => {
                match self.bump() {
                    (Tok::Dot, _) => {}
                    (_, o) => {
                        return Err(ExprError {
                            offset: o,
                            message: format!(
                                "expected `.` after `{group}`: refer to an item as `group.item`"
                            ),
                        })
                    }
                }
                match self.bump() {
                    (Tok::Ident(item), _) => {
                        (self.resolve)(&group, &item)
                            .map(Expr::Item)
                            .map_err(|message| ExprError {
                                offset: at,
                                message,
                            })
                    }
                    (_, o) => Err(ExprError {
                        offset: o,
                        message: format!("expected an item id after `{group}.`"),
                    }),
                }
            }
            (Tok::End, at) => Err(ExprError {
                offset: at,
                message: "expected a `group.item` reference, `not` or `(` but the expression ended"
                    .into(),
            }),
            (_, at) => Err(ExprError {
                offset: at,
                message: "expected a `group.item` reference, `not` or `(`".into(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(g: &str, i: &str) -> Result<ItemId, String> {
        match (g, i) {
            ("a", "x") => Ok(ItemId(0)),
            ("a", "y") => Ok(ItemId(1)),
            ("b", "z-1") => Ok(ItemId(2)),
            _ => Err(format!("unknown item `{g}.{i}`")),
        }
    }

    #[test]
    fn precedence_and_synonyms() {
        let e = parse("a.x or not a.y && b.z-1", &resolve).unwrap();
        assert_eq!(
            e,
            Expr::Or(vec![
                Expr::Item(ItemId(0)),
                Expr::And(vec![
                    Expr::Not(Box::new(Expr::Item(ItemId(1)))),
                    Expr::Item(ItemId(2))
                ])
            ])
        );
        let e = parse("(a.x || a.y) and true", &resolve).unwrap();
        assert!(matches!(e, Expr::And(_)));
    }

    #[test]
    fn errors_point_at_the_offending_character() {
        let err = parse("a.x and b.nope", &resolve).unwrap_err();
        assert_eq!(err.offset, 8);
        assert!(err.message.contains("b.nope"));
        let err = parse("(a.x or a.y", &resolve).unwrap_err();
        assert_eq!(err.offset, 11);
        assert!(err.message.contains("`)`"));
        let err = parse("a.x $ a.y", &resolve).unwrap_err();
        assert_eq!(err.offset, 4);
        let err = parse("a.x and", &resolve).unwrap_err();
        assert!(err.message.contains("ended"));
        let err = parse("a x", &resolve).unwrap_err();
        assert_eq!(err.offset, 2);
    }

    #[test]
    fn eval_follows_boolean_logic() {
        let e = parse("a.x and not (a.y or b.z-1)", &resolve).unwrap();
        assert!(e.eval(&|i| i == ItemId(0)));
        assert!(!e.eval(&|i| i != ItemId(1)));
    }
}
