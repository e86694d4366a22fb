//! XML for cXML documents, read and written with quick-xml and nothing else.
//!
//! Reading is safe by construction: the document is read into a small tree ([`Element`])
//! under fixed limits, with no DTD processing at all. A `DOCTYPE` naming an external DTD
//! (`SYSTEM "…cXML.dtd"`, as every cXML document does) is accepted and never fetched; a
//! `DOCTYPE` with an internal subset (`[`…`]`) or any `<!ENTITY` is refused, and so is every
//! entity reference but the five predefined ones and numeric character references (no XXE,
//! no billion laughs). Depth and the number of elements are bounded; the body's size is
//! bounded by the route's body limit before any of this runs.
//!
//! Writing goes through quick-xml's event writer from the same tree type: text and
//! attribute values are escaped by the writer, never pasted into markup.

use std::borrow::Cow;

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::{Reader, Writer};

/// The deepest element nesting read (cXML documents are about 10 deep).
pub const MAX_DEPTH: usize = 40;
/// The most elements read in one document.
pub const MAX_ELEMENTS: usize = 20_000;

/// Why a document cannot be read, with where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum XmlError {
    /// Not well-formed XML (quick-xml's reason) at a line and column.
    #[error("line {line}, column {column}: {reason}")]
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column (in characters).
        column: usize,
        /// What is wrong.
        reason: String,
    },
    /// A DTD with an internal subset or an entity declaration: never processed.
    #[error("line {line}: a DOCTYPE with an internal subset or an entity declaration is refused")]
    Dtd {
        /// 1-based line.
        line: usize,
    },
    /// An entity reference other than the predefined five and character references.
    #[error("line {line}: the entity reference `&{name};` is refused (only the five predefined entities and character references are read)")]
    Entity {
        /// 1-based line.
        line: usize,
        /// The entity's name.
        name: String,
    },
    /// Nested deeper than [`MAX_DEPTH`].
    #[error("line {line}: elements nested deeper than {MAX_DEPTH}")]
    TooDeep {
        /// 1-based line.
        line: usize,
    },
    /// More than [`MAX_ELEMENTS`] elements.
    #[error("more than {MAX_ELEMENTS} elements")]
    TooMany,
    /// No root element, or something after it.
    #[error("{0}")]
    Shape(String),
    /// A required element or attribute is missing or wrong, at an element path.
    #[error("{path}: {reason}")]
    Content {
        /// The element path (`cXML/Header/From`).
        path: String,
        /// What is wrong.
        reason: String,
    },
}

/// A read or written element: its name (as written, prefixes included), attributes in order,
/// and children.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Element {
    /// The name.
    pub name: String,
    /// The attributes (name, value unescaped).
    pub attrs: Vec<(String, String)>,
    /// Child nodes in order.
    pub children: Vec<Node>,
}

/// A node of an [`Element`]'s content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// A child element.
    Element(Element),
    /// Text (entities and character references resolved; CDATA as it is).
    Text(String),
}

/// A read document: the `DOCTYPE` text (if any) and the root element.
#[derive(Debug, Clone)]
pub struct Document {
    /// The `DOCTYPE`'s content as written (`cXML SYSTEM "…"`), never processed.
    pub doctype: Option<String>,
    /// The root element.
    pub root: Element,
}

impl Element {
    /// A new element without attributes or children.
    pub fn new(name: &str) -> Element {
        Element {
            name: name.to_owned(),
            ..Element::default()
        }
    }

    /// With an attribute added.
    pub fn attr(mut self, name: &str, value: impl Into<String>) -> Element {
        self.attrs.push((name.to_owned(), value.into()));
        self
    }

    /// With an attribute added when `value` is some.
    pub fn attr_opt(self, name: &str, value: Option<impl Into<String>>) -> Element {
        match value {
            Some(v) => self.attr(name, v),
            None => self,
        }
    }

    /// With a child element added.
    pub fn child(mut self, child: Element) -> Element {
        self.children.push(Node::Element(child));
        self
    }

    /// With child elements added.
    pub fn children(mut self, children: impl IntoIterator<Item = Element>) -> Element {
        self.children
            .extend(children.into_iter().map(Node::Element));
        self
    }

    /// With text added.
    pub fn text(mut self, text: impl Into<String>) -> Element {
        self.children.push(Node::Text(text.into()));
        self
    }

    /// An element holding just `text`.
    pub fn with_text(name: &str, text: impl Into<String>) -> Element {
        Element::new(name).text(text)
    }

    /// The value of attribute `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The child elements.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// The child elements named `name`.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.elements().filter(move |e| e.name == name)
    }

    /// The first child element named `name`.
    pub fn first(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }

    /// The first element down a `/`-separated path of child names (`Header/From`).
    pub fn find(&self, path: &str) -> Option<&Element> {
        path.split('/').try_fold(self, |e, name| e.first(name))
    }

    /// The element's text content (its text nodes and its descendants', in order), trimmed.
    pub fn text_content(&self) -> String {
        fn collect(e: &Element, out: &mut String) {
            for n in &e.children {
                match n {
                    Node::Text(t) => out.push_str(t),
                    Node::Element(c) => collect(c, out),
                }
            }
        }
        let mut out = String::new();
        collect(self, &mut out);
        out.trim().to_owned()
    }

    /// The trimmed text of the element down `path`, if there and not empty.
    pub fn text_at(&self, path: &str) -> Option<String> {
        self.find(path)
            .map(Element::text_content)
            .filter(|t| !t.is_empty())
    }
}

/// The 1-based line and column of byte `offset` of `text`.
fn place(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Reads `text` as a document under the rules of this module.
pub fn read(text: &str) -> Result<Document, XmlError> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    let mut doctype = None;
    let mut count = 0usize;
    loop {
        let at = reader.buffer_position() as usize;
        let line = || place(text, at).0;
        let event = reader.read_event().map_err(|e| {
            let (line, column) = place(text, reader.error_position() as usize);
            XmlError::Syntax {
                line,
                column,
                reason: e.to_string(),
            }
        })?;
        let syntax = |reason: String| {
            let (line, column) = place(text, at);
            XmlError::Syntax {
                line,
                column,
                reason,
            }
        };
        match event {
            Event::Start(s) | Event::Empty(s) if root.is_some() => {
                let _ = s;
                return Err(XmlError::Shape("content after the root element".into()));
            }
            Event::Start(s) => {
                count += 1;
                if count > MAX_ELEMENTS {
                    return Err(XmlError::TooMany);
                }
                if stack.len() >= MAX_DEPTH {
                    return Err(XmlError::TooDeep { line: line() });
                }
                stack.push(element(&s).map_err(syntax)?);
            }
            Event::Empty(s) => {
                count += 1;
                if count > MAX_ELEMENTS {
                    return Err(XmlError::TooMany);
                }
                if stack.len() >= MAX_DEPTH {
                    return Err(XmlError::TooDeep { line: line() });
                }
                let e = element(&s).map_err(syntax)?;
                close(&mut stack, &mut root, e);
            }
            Event::End(_) => {
                let e = stack
                    .pop()
                    .ok_or_else(|| XmlError::Shape("an end tag without a start".into()))?;
                close(&mut stack, &mut root, e);
            }
            Event::Text(t) => {
                let t = t.decode().map_err(|e| syntax(e.to_string()))?;
                push_text(&mut stack, &t, line())?;
            }
            Event::CData(t) => {
                let t = t.decode().map_err(|e| syntax(e.to_string()))?;
                push_text(&mut stack, &t, line())?;
            }
            Event::GeneralRef(r) => {
                let resolved = resolve(&r).ok_or_else(|| XmlError::Entity {
                    line: line(),
                    name: String::from_utf8_lossy(&r).into_owned(),
                })?;
                push_text(&mut stack, &resolved, line())?;
            }
            Event::DocType(d) => {
                let d = String::from_utf8_lossy(&d).into_owned();
                if d.contains('[') || d.contains("<!") || doctype.is_some() || root.is_some() {
                    return Err(XmlError::Dtd { line: line() });
                }
                doctype = Some(d.trim().to_owned());
            }
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            Event::Eof => break,
        }
    }
    if !stack.is_empty() {
        return Err(XmlError::Shape(format!(
            "the document ends inside <{}>",
            stack.last().map_or("", |e| e.name.as_str())
        )));
    }
    let root = root.ok_or_else(|| XmlError::Shape("no root element".into()))?;
    Ok(Document { doctype, root })
}

/// The text of a predefined entity or a character reference; `None` for anything else.
fn resolve(r: &quick_xml::events::BytesRef<'_>) -> Option<String> {
    if r.is_char_ref() {
        return match r.resolve_char_ref() {
            Ok(Some(c)) => Some(c.to_string()),
            _ => None,
        };
    }
    let name = r.decode().ok()?;
    let c = match name.as_ref() {
        "lt" => "<",
        "gt" => ">",
        "amp" => "&",
        "apos" => "'",
        "quot" => "\"",
        _ => return None,
    };
    Some(c.to_owned())
}

/// Text goes into the open element; outside the root only white space may stand.
fn push_text(stack: &mut [Element], text: &str, line: usize) -> Result<(), XmlError> {
    match stack.last_mut() {
        Some(e) => {
            if let Some(Node::Text(t)) = e.children.last_mut() {
                t.push_str(text);
            } else {
                e.children.push(Node::Text(text.to_owned()));
            }
            Ok(())
        }
        None if text.trim().is_empty() => Ok(()),
        None => Err(XmlError::Shape(format!(
            "line {line}: text outside the root element"
        ))),
    }
}

/// A closed element goes into its parent, or becomes the root.
fn close(stack: &mut [Element], root: &mut Option<Element>, e: Element) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(Node::Element(e)),
        None => *root = Some(e),
    }
}

/// A start tag as an element (attribute values unescaped: unknown entities refused).
fn element(s: &BytesStart<'_>) -> Result<Element, String> {
    let name = String::from_utf8(s.name().as_ref().to_vec()).map_err(|e| e.to_string())?;
    let mut attrs = Vec::new();
    for a in s.attributes() {
        let a = a.map_err(|e| e.to_string())?;
        let key = String::from_utf8(a.key.as_ref().to_vec()).map_err(|e| e.to_string())?;
        let value = a
            .unescape_value()
            .map_err(|e| format!("attribute `{key}` of <{name}>: {e}"))?;
        attrs.push((key, value.into_owned()));
    }
    Ok(Element {
        name,
        attrs,
        children: Vec::new(),
    })
}

/// Writes a document: the XML declaration, a `DOCTYPE` (its content as given, a constant of
/// the code, never user data) and `root`.
pub fn write(doctype: Option<&str>, root: &Element) -> String {
    let mut w = Writer::new(Vec::new());
    // Writing into a Vec cannot fail.
    let _ = w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
    if let Some(d) = doctype {
        let _ = w.write_event(Event::DocType(BytesText::from_escaped(d)));
    }
    write_element(&mut w, root);
    String::from_utf8(w.into_inner()).unwrap_or_default()
}

fn write_element(w: &mut Writer<Vec<u8>>, e: &Element) {
    let mut start = BytesStart::new(e.name.as_str());
    for (k, v) in &e.attrs {
        start.push_attribute((k.as_str(), v.as_str()));
    }
    if e.children.is_empty() {
        let _ = w.write_event(Event::Empty(start));
        return;
    }
    let _ = w.write_event(Event::Start(start));
    for n in &e.children {
        match n {
            Node::Element(c) => write_element(w, c),
            Node::Text(t) => {
                let _ = w.write_event(Event::Text(BytesText::new(t)));
            }
        }
    }
    let _ = w.write_event(Event::End(BytesEnd::new(Cow::Borrowed(e.name.as_str()))));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_cxml_shape_and_resolves_predefined_entities() {
        let d = read(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE cXML SYSTEM \"http://xml.cxml.org/schemas/cXML/1.2.014/cXML.dtd\">\n\
             <cXML payloadID=\"a&amp;b\"><Header><From><Credential domain=\"D\"><Identity>A &lt; &#66;</Identity>\
             </Credential></From></Header></cXML>",
        )
        .unwrap();
        assert_eq!(
            d.doctype.as_deref(),
            Some("cXML SYSTEM \"http://xml.cxml.org/schemas/cXML/1.2.014/cXML.dtd\"")
        );
        assert_eq!(d.root.get("payloadID"), Some("a&b"));
        assert_eq!(
            d.root.text_at("Header/From/Credential/Identity").as_deref(),
            Some("A < B")
        );
    }

    #[test]
    fn refuses_dtds_entities_depth() {
        let xxe = "<?xml version=\"1.0\"?><!DOCTYPE cXML [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><cXML>&x;</cXML>";
        assert!(matches!(read(xxe), Err(XmlError::Dtd { .. })));
        let undefined = "<cXML>&nope;</cXML>";
        assert!(matches!(read(undefined), Err(XmlError::Entity { .. })));
        let in_attr = "<cXML a=\"&nope;\"/>";
        assert!(matches!(read(in_attr), Err(XmlError::Syntax { .. })));
        let deep = format!(
            "{}{}",
            "<a>".repeat(MAX_DEPTH + 1),
            "</a>".repeat(MAX_DEPTH + 1)
        );
        assert!(matches!(read(&deep), Err(XmlError::TooDeep { .. })));
        let ok = format!("{}{}", "<a>".repeat(MAX_DEPTH), "</a>".repeat(MAX_DEPTH));
        assert!(read(&ok).is_ok());
        assert!(matches!(read("<a><b></a>"), Err(XmlError::Syntax { .. })));
        assert!(matches!(read(""), Err(XmlError::Shape(_))));
    }

    #[test]
    fn writes_escaped_and_reads_back() {
        let root = Element::new("cXML")
            .attr("payloadID", "x\"<&>")
            .child(Element::with_text("Name", "a <b> & \"c\""));
        let text = write(Some("cXML SYSTEM \"x.dtd\""), &root);
        assert!(text.starts_with(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><!DOCTYPE cXML SYSTEM \"x.dtd\"><cXML"
        ));
        let back = read(&text).unwrap();
        assert_eq!(back.root, root);
    }
}
