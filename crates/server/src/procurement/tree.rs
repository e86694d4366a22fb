//! A cXML document as a small tree of elements, read safely with quick-xml's pull parser: a
//! `DOCTYPE` naming a `SYSTEM` id is accepted and never processed (nothing fetched); one with
//! an internal subset (`[`…) or an `<!ENTITY` is refused, as is any entity reference but the
//! five predefined ones and numeric character references; at most [`MAX_DEPTH`] elements deep
//! and [`MAX_ELEMENTS`] elements in all. The body's size is bounded by the route.

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;
use quick_xml::Reader;

/// The deepest element nesting read.
pub const MAX_DEPTH: usize = 40;

/// The most elements read.
pub const MAX_ELEMENTS: usize = 20_000;

/// One element: its name, attributes (values unescaped), text (its own, concatenated) and
/// children.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Node {
    /// Element name as written (with any prefix).
    pub name: String,
    /// Attributes in order.
    pub attrs: Vec<(String, String)>,
    /// Its own text.
    pub text: String,
    /// Child elements in order.
    pub children: Vec<Node>,
}

impl Node {
    /// The value of attribute `name`.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first child named `name`.
    pub fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    /// The children named `name`.
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The first descendant along `path` (first child of each name).
    pub fn path(&self, path: &[&str]) -> Option<&Node> {
        path.iter().try_fold(self, |n, name| n.child(name))
    }
}

/// Why a document was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TreeError {
    /// Not well-formed XML.
    #[error("the document is not well-formed XML: {0}")]
    Malformed(String),
    /// A DTD with declarations, or an entity.
    #[error("the document declares a DTD subset or entities, which are not accepted")]
    Dtd,
    /// An entity reference other than the predefined ones.
    #[error("the document refers to an entity `&{0};`, which is not accepted")]
    Entity(String),
    /// Too deep or too many elements.
    #[error(
        "the document is nested deeper than {MAX_DEPTH} or has more than {MAX_ELEMENTS} elements"
    )]
    TooLarge,
    /// No root element.
    #[error("the document has no element")]
    Empty,
}

fn malformed(e: impl std::fmt::Display) -> TreeError {
    TreeError::Malformed(e.to_string())
}

fn open(s: &quick_xml::events::BytesStart<'_>) -> Result<Node, TreeError> {
    let mut node = Node {
        name: String::from_utf8_lossy(s.name().as_ref()).into_owned(),
        ..Node::default()
    };
    for a in s.attributes() {
        let a = a.map_err(malformed)?;
        let key = String::from_utf8_lossy(a.key.as_ref()).into_owned();
        let value = a.unescape_value().map_err(|e| match e {
            quick_xml::Error::Escape(quick_xml::escape::EscapeError::UnrecognizedEntity(_, n)) => {
                TreeError::Entity(n)
            }
            other => malformed(other),
        })?;
        node.attrs.push((key, value.into_owned()));
    }
    Ok(node)
}

/// Reads `text` into its root element.
pub fn parse(text: &str) -> Result<Node, TreeError> {
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Node> = Vec::new();
    let mut root: Option<Node> = None;
    let mut count = 0usize;
    loop {
        let event = reader.read_event().map_err(malformed)?;
        match event {
            Event::Eof => break,
            Event::DocType(d) => {
                let decl = String::from_utf8_lossy(&d);
                if decl.contains('[') || decl.to_ascii_uppercase().contains("ENTITY") {
                    return Err(TreeError::Dtd);
                }
            }
            Event::Start(s) | Event::Empty(s) if root.is_some() => {
                let _ = s;
                return Err(malformed("content after the root element"));
            }
            Event::Start(s) => {
                count += 1;
                if stack.len() >= MAX_DEPTH || count > MAX_ELEMENTS {
                    return Err(TreeError::TooLarge);
                }
                stack.push(open(&s)?);
            }
            Event::Empty(s) => {
                count += 1;
                if stack.len() >= MAX_DEPTH || count > MAX_ELEMENTS {
                    return Err(TreeError::TooLarge);
                }
                let node = open(&s)?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(node),
                    None => root = Some(node),
                }
            }
            Event::End(_) => {
                let node = stack
                    .pop()
                    .ok_or_else(|| malformed("an end tag too many"))?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(node),
                    None => root = Some(node),
                }
            }
            Event::Text(t) => {
                if let Some(n) = stack.last_mut() {
                    n.text.push_str(&t.decode().map_err(malformed)?);
                }
            }
            Event::CData(c) => {
                if let Some(n) = stack.last_mut() {
                    n.text.push_str(&String::from_utf8_lossy(&c));
                }
            }
            Event::GeneralRef(r) => {
                let name = String::from_utf8_lossy(&r).into_owned();
                let resolved = match r.resolve_char_ref().map_err(malformed)? {
                    Some(c) => c.to_string(),
                    None => resolve_predefined_entity(&name)
                        .ok_or(TreeError::Entity(name))?
                        .to_owned(),
                };
                if let Some(n) = stack.last_mut() {
                    n.text.push_str(&resolved);
                }
            }
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
        }
    }
    if !stack.is_empty() {
        return Err(malformed("the document ends inside an element"));
    }
    root.ok_or(TreeError::Empty)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_and_subsets_are_refused() {
        let xxe =
            "<?xml version=\"1.0\"?><!DOCTYPE cXML [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\
                   <cXML>&x;</cXML>";
        assert_eq!(parse(xxe), Err(TreeError::Dtd));
        assert_eq!(
            parse("<cXML>&lol;</cXML>"),
            Err(TreeError::Entity("lol".into()))
        );
        let ok = parse(
            "<!DOCTYPE cXML SYSTEM \"http://x/cXML.dtd\"><cXML a=\"&lt;&#65;\">&amp;&#x42;</cXML>",
        )
        .unwrap();
        assert_eq!(ok.text, "&B");
        assert_eq!(ok.attr("a"), Some("<A"));
    }

    #[test]
    fn depth_is_bounded() {
        let deep = "<a>".repeat(MAX_DEPTH + 1) + &"</a>".repeat(MAX_DEPTH + 1);
        assert_eq!(parse(&deep), Err(TreeError::TooLarge));
        let fine = "<a>".repeat(MAX_DEPTH) + &"</a>".repeat(MAX_DEPTH);
        assert!(parse(&fine).is_ok());
    }
}
