//! Pages as lists of drawing operations, laid out first (so that every footer knows the page
//! count), then drawn with krilla in one embedded font (DejaVu Sans, subsetted into the PDF,
//! so umlauts and the euro sign are real text that readers can search and copy).

use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::text::{Font, TextDirection};
use krilla::Document;
use skrifa::instance::{LocationRef, Size as FontSize};
use skrifa::MetadataProvider;

/// The embedded font (DejaVu Sans; its licence is `assets/DejaVuSans-LICENSE.txt`).
pub const FONT: &[u8] = include_bytes!("../../assets/DejaVuSans.ttf");

/// A4 in points.
pub const WIDTH: f32 = 595.28;
/// A4 in points.
pub const HEIGHT: f32 = 841.89;
/// The margin on every side.
pub const MARGIN: f32 = 50.0;
/// Where content ends (the footer is below).
pub const BOTTOM: f32 = HEIGHT - MARGIN - 20.0;

/// One drawing operation.
#[derive(Clone, Debug)]
pub enum Op {
    /// Text with its baseline's start.
    Text {
        /// Left.
        x: f32,
        /// Baseline.
        y: f32,
        /// Font size.
        size: f32,
        /// The text.
        text: String,
    },
    /// A horizontal rule.
    Rule {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Length.
        width: f32,
    },
    /// A PNG scaled into a box.
    Image {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        width: f32,
        /// Height.
        height: f32,
        /// The PNG.
        png: Vec<u8>,
    },
}

/// Text widths in the embedded font.
pub struct Measure<'a> {
    font: skrifa::FontRef<'a>,
}

impl Measure<'static> {
    /// The embedded font's metrics.
    pub fn new() -> Option<Measure<'static>> {
        Some(Measure {
            font: skrifa::FontRef::new(FONT).ok()?,
        })
    }
}

impl Measure<'_> {
    /// The width of `text` at `size`.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        let charmap = self.font.charmap();
        let metrics = self
            .font
            .glyph_metrics(FontSize::new(size), LocationRef::default());
        text.chars()
            .map(|c| {
                charmap
                    .map(c)
                    .and_then(|g| metrics.advance_width(g))
                    .unwrap_or(size * 0.6)
            })
            .sum()
    }

    /// `text` in lines at most `width` wide: broken between words, and inside a word longer
    /// than a line.
    pub fn wrap(&self, text: &str, width: f32, size: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.lines() {
            let mut line = String::new();
            for word in paragraph.split_whitespace() {
                let candidate = if line.is_empty() {
                    word.to_owned()
                } else {
                    format!("{line} {word}")
                };
                if self.width(&candidate, size) <= width {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                for c in word.chars() {
                    line.push(c);
                    if self.width(&line, size) > width && line.chars().count() > 1 {
                        line.pop();
                        lines.push(std::mem::replace(&mut line, c.to_string()));
                    }
                }
            }
            lines.push(line);
        }
        if lines.is_empty() {
            lines.push(String::new());
        }
        lines
    }
}

/// The size of the small print (footers, labels).
pub const SMALL: f32 = 8.0;
/// The width between the margins.
pub const CONTENT: f32 = WIDTH - 2.0 * MARGIN;

/// A text drawing operation.
pub fn text(x: f32, y: f32, size: f32, t: &str) -> Op {
    Op::Text {
        x,
        y,
        size,
        text: t.to_owned(),
    }
}

/// Pages being written top down, shared by every document: the font's metrics, the pages'
/// operations and where the next thing goes on the current page.
pub struct Canvas {
    /// The embedded font's metrics.
    pub m: Measure<'static>,
    /// Each page's operations.
    pub pages: Vec<Vec<Op>>,
    /// The top of the next thing to draw on the current page.
    pub y: f32,
}

impl Canvas {
    /// One empty page.
    pub fn new() -> Result<Canvas, String> {
        Ok(Canvas {
            m: Measure::new().ok_or("the embedded font has no metrics")?,
            pages: vec![Vec::new()],
            y: MARGIN,
        })
    }

    /// Draws `op` on the current page.
    pub fn put(&mut self, op: Op) {
        if let Some(page) = self.pages.last_mut() {
            page.push(op);
        }
    }

    /// Text at `x` from the left margin.
    pub fn at(&mut self, x: f32, y: f32, size: f32, t: &str) {
        self.put(text(MARGIN + x, y, size, t));
    }

    /// Text ending at `right` from the left margin.
    pub fn right(&mut self, right: f32, y: f32, size: f32, t: &str) {
        let x = right - self.m.width(t, size);
        self.at(x, y, size, t);
    }

    /// Starts a new page unless `height` still fits on this one.
    pub fn room(&mut self, height: f32) -> bool {
        if self.y + height <= BOTTOM {
            return false;
        }
        self.pages.push(Vec::new());
        self.y = MARGIN;
        true
    }

    /// Ends every page with a rule, `footer` at the left and "Page k of n" (in `l`) at the
    /// right, and draws the document titled `title`.
    pub fn finish(
        mut self,
        footer: &str,
        l: configurator_engine::locale::Locale,
        title: &str,
    ) -> Result<Vec<u8>, String> {
        let count = self.pages.len();
        for (k, page) in self.pages.iter_mut().enumerate() {
            let y = BOTTOM + 24.0;
            page.push(Op::Rule {
                x: MARGIN,
                y: y - 10.0,
                width: CONTENT,
            });
            page.push(text(MARGIN, y, SMALL, footer));
            let number = l.pick(
                format!("Page {} of {count}", k + 1),
                format!("Seite {} von {count}", k + 1),
            );
            let x = WIDTH - MARGIN - self.m.width(&number, SMALL);
            page.push(text(x, y, SMALL, &number));
        }
        draw(&self.pages, title, l.tag())
    }
}

/// Draws the laid-out pages into a PDF.
pub fn draw(pages: &[Vec<Op>], title: &str, language: &str) -> Result<Vec<u8>, String> {
    let font = Font::new(FONT.into(), 0).ok_or("the embedded font does not load")?;
    let mut document = Document::new();
    document.set_metadata(
        krilla::metadata::Metadata::new()
            .title(title.to_owned())
            .language(language.to_owned()),
    );
    let settings = || PageSettings::from_wh(WIDTH, HEIGHT).ok_or("no page size");
    for ops in pages {
        let mut page = document.start_page_with(settings()?);
        let mut surface = page.surface();
        surface.set_fill(Some(Fill::default()));
        surface.set_stroke(None);
        for op in ops {
            match op {
                Op::Text { x, y, size, text } => surface.draw_text(
                    Point::from_xy(*x, *y),
                    font.clone(),
                    *size,
                    text,
                    false,
                    TextDirection::Auto,
                ),
                Op::Rule { x, y, width } => {
                    let mut b = PathBuilder::new();
                    if let Some(r) = Rect::from_xywh(*x, *y, *width, 0.6) {
                        b.push_rect(r);
                    }
                    if let Some(path) = b.finish() {
                        surface.draw_path(&path);
                    }
                }
                Op::Image {
                    x,
                    y,
                    width,
                    height,
                    png,
                } => {
                    let image = krilla::image::Image::from_png(png.clone().into(), true)?;
                    let size = Size::from_wh(*width, *height).ok_or("an empty logo")?;
                    surface.push_transform(&Transform::from_translate(*x, *y));
                    surface.draw_image(image, size);
                    surface.pop();
                }
            }
        }
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| format!("{e:?}"))
}
