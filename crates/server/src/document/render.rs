//! What the quote document shows, and where: the header with the seller and the customer,
//! the lines as a table continued over as many pages as needed (its header repeated), the
//! totals, the terms and the signature lines; a footer with the page number on every page.

use configurator_engine::locale::{self, Locale};
use configurator_engine::quote::{Quote, QuoteLine};
use configurator_engine::{Currency, Money};

use super::layout::{self, Measure, Op, BOTTOM, MARGIN, WIDTH};
use super::seller::Seller;
use super::Heading;

/// The table's font size.
const SMALL: f32 = 8.0;
/// Body text.
const BODY: f32 = 9.5;
/// The content's width.
const CONTENT: f32 = WIDTH - 2.0 * MARGIN;

/// The table's columns: left edges of the text columns, right edges of the numbers.
const POS: f32 = 0.0;
const SKU: f32 = 28.0;
const DESCRIPTION: f32 = 120.0;
const DESCRIPTION_WIDTH: f32 = 140.0;
const QTY_RIGHT: f32 = 292.0;
const UNIT_RIGHT: f32 = 362.0;
const DISCOUNT_RIGHT: f32 = 427.0;
const NET_RIGHT: f32 = CONTENT;

/// The quote as a PDF.
pub fn pdf(seller: &Seller, h: &Heading, quote: &Quote) -> Result<Vec<u8>, String> {
    let measure = Measure::new().ok_or("the embedded font has no metrics")?;
    let mut w = Writer {
        m: measure,
        l: h.locale,
        currency: quote.totals.currency.clone(),
        pages: vec![Vec::new()],
        y: MARGIN,
    };
    w.header(seller, h, quote);
    w.table_header();
    for line in &quote.lines {
        w.line(line);
    }
    w.totals(quote);
    w.notes(&quote.meta.notes);
    w.terms(seller);
    w.signatures(seller, &quote.meta.customer);
    let count = w.pages.len();
    let l = h.locale;
    let footer_left = format!(
        "{} · {} {} · {} {}",
        seller.name,
        l.pick("Quote", "Angebot"),
        h.number,
        l.pick("revision", "Revision"),
        h.revision
    );
    for (k, page) in w.pages.iter_mut().enumerate() {
        let y = BOTTOM + 24.0;
        page.push(Op::Rule {
            x: MARGIN,
            y: y - 10.0,
            width: CONTENT,
        });
        page.push(text(MARGIN, y, SMALL, &footer_left));
        let number = l.pick(
            format!("Page {} of {count}", k + 1),
            format!("Seite {} von {count}", k + 1),
        );
        let x = WIDTH - MARGIN - w.m.width(&number, SMALL);
        page.push(text(x, y, SMALL, &number));
    }
    let title = format!("{} {}", l.pick("Quote", "Angebot"), h.number);
    layout::draw(&w.pages, &title, l.tag())
}

fn text(x: f32, y: f32, size: f32, t: &str) -> Op {
    Op::Text {
        x,
        y,
        size,
        text: t.to_owned(),
    }
}

struct Writer {
    m: Measure<'static>,
    l: Locale,
    currency: Currency,
    pages: Vec<Vec<Op>>,
    /// The top of the next thing to draw on the current page.
    y: f32,
}

impl Writer {
    fn put(&mut self, op: Op) {
        if let Some(page) = self.pages.last_mut() {
            page.push(op);
        }
    }

    fn at(&mut self, x: f32, y: f32, size: f32, t: &str) {
        self.put(text(MARGIN + x, y, size, t));
    }

    fn right(&mut self, right: f32, y: f32, size: f32, t: &str) {
        let x = right - self.m.width(t, size);
        self.at(x, y, size, t);
    }

    fn money(&self, m: Money) -> String {
        locale::money(m, &self.currency, self.l)
    }

    /// Starts a new page unless `height` still fits on this one.
    fn room(&mut self, height: f32) -> bool {
        if self.y + height <= BOTTOM {
            return false;
        }
        self.pages.push(Vec::new());
        self.y = MARGIN;
        true
    }

    fn header(&mut self, seller: &Seller, h: &Heading, quote: &Quote) {
        let l = self.l;
        if let Some(png) = &seller.logo {
            if let Ok(image) = krilla::image::Image::from_png(png.clone().into(), true) {
                let (pw, ph) = image.size();
                let scale = (140.0 / pw.max(1) as f32).min(50.0 / ph.max(1) as f32);
                let (width, height) = (pw as f32 * scale, ph as f32 * scale);
                self.put(Op::Image {
                    x: WIDTH - MARGIN - width,
                    y: MARGIN - 10.0,
                    width,
                    height,
                    png: png.clone(),
                });
            }
        }
        self.at(0.0, self.y + 14.0, 16.0, &seller.name);
        self.y += 30.0;
        for line in seller.address.clone() {
            self.at(0.0, self.y, BODY, &line);
            self.y += 12.0;
        }
        self.y += 24.0;
        let title = format!("{} {}", l.pick("Quote", "Angebot"), h.number);
        self.at(0.0, self.y, 18.0, &title);
        self.y += 26.0;
        let top = self.y;
        self.at(0.0, self.y, SMALL, l.pick("Customer", "Kunde"));
        for line in self.m.wrap(&quote.meta.customer, 250.0, 11.0) {
            self.y += 14.0;
            self.at(0.0, self.y, 11.0, &line);
        }
        let valid = quote
            .meta
            .valid_until
            .as_deref()
            .map_or_else(|| "—".to_owned(), |d| locale::date(d, l));
        let facts = [
            (l.pick("Quote number", "Angebotsnummer"), h.number.clone()),
            (l.pick("Revision", "Revision"), h.revision.to_string()),
            (l.pick("Date", "Datum"), locale::date(&h.date, l)),
            (l.pick("Valid until", "Gültig bis"), valid),
            // When it ships once ordered: the longest lead time of its lines (none stated:
            // nothing said).
            (l.pick("Ships", "Versand"), ships(quote.lead_days(), l)),
            (
                l.pick("Prepared by", "Erstellt von"),
                quote.meta.prepared_by.clone(),
            ),
            (
                l.pick("Currency", "Währung"),
                self.currency.code().to_owned(),
            ),
        ];
        let mut y = top;
        for (label, value) in facts {
            if value.trim().is_empty() {
                continue;
            }
            self.at(290.0, y, BODY, label);
            self.right(CONTENT, y, BODY, &value);
            y += 13.0;
        }
        self.y = self.y.max(y) + 24.0;
    }

    fn table_header(&mut self) {
        let l = self.l;
        let y = self.y;
        self.at(POS, y, SMALL, l.pick("Pos.", "Pos."));
        self.at(SKU, y, SMALL, l.pick("SKU", "Artikelnr."));
        self.at(DESCRIPTION, y, SMALL, l.pick("Description", "Beschreibung"));
        self.right(QTY_RIGHT, y, SMALL, l.pick("Qty", "Menge"));
        self.right(UNIT_RIGHT, y, SMALL, l.pick("Unit price", "Einzelpreis"));
        self.right(DISCOUNT_RIGHT, y, SMALL, l.pick("Discount", "Rabatt"));
        self.right(NET_RIGHT, y, SMALL, l.pick("Net", "Netto"));
        self.put(Op::Rule {
            x: MARGIN,
            y: y + 4.0,
            width: CONTENT,
        });
        self.y += 16.0;
    }

    fn line(&mut self, line: &QuoteLine) {
        let l = self.l;
        let mut description = self.m.wrap(&line.name, DESCRIPTION_WIDTH, SMALL);
        if let Some(p) = line.recurring {
            let every = match p.name() {
                "month" => l.pick("recurring, per month", "wiederkehrend, pro Monat"),
                _ => l.pick("recurring, per year", "wiederkehrend, pro Jahr"),
            };
            description.push(every.to_owned());
        }
        let sku = self.m.wrap(&line.sku, DESCRIPTION - SKU - 6.0, SMALL);
        let rows = description.len().max(sku.len());
        let height = rows as f32 * 10.5 + 4.0;
        if self.room(height) {
            self.table_header();
        }
        let y = self.y;
        self.at(POS, y, SMALL, &line.line);
        for (k, part) in sku.iter().enumerate() {
            self.at(SKU, y + k as f32 * 10.5, SMALL, part);
        }
        for (k, part) in description.iter().enumerate() {
            self.at(DESCRIPTION, y + k as f32 * 10.5, SMALL, part);
        }
        self.right(QTY_RIGHT, y, SMALL, &line.quantity.to_string());
        self.right(UNIT_RIGHT, y, SMALL, &self.money(line.unit_list));
        let discount = line.list - line.net;
        let discount = if discount == Money::default() {
            "—".to_owned()
        } else {
            self.money(discount)
        };
        self.right(DISCOUNT_RIGHT, y, SMALL, &discount);
        self.right(NET_RIGHT, y, SMALL, &self.money(line.net));
        self.y += height;
    }

    fn totals(&mut self, quote: &Quote) {
        let l = self.l;
        let t = &quote.totals;
        let zero = Money::default();
        let mut rows = vec![(l.pick("One-time total", "Einmalig gesamt"), t.one_time)];
        if t.monthly != zero {
            rows.push((
                l.pick("Recurring per month", "Wiederkehrend pro Monat"),
                t.monthly,
            ));
        }
        if t.yearly != zero {
            rows.push((
                l.pick("Recurring per year", "Wiederkehrend pro Jahr"),
                t.yearly,
            ));
        }
        rows.push((l.pick("Contract value", "Vertragswert"), t.contract_value));
        self.room(rows.len() as f32 * 14.0 + 40.0);
        self.put(Op::Rule {
            x: MARGIN + 250.0,
            y: self.y - 6.0,
            width: CONTENT - 250.0,
        });
        self.y += 8.0;
        for (label, amount) in rows {
            self.at(250.0, self.y, BODY, label);
            let text = self.money(amount);
            self.right(NET_RIGHT, self.y, BODY, &text);
            self.y += 14.0;
        }
        let note = l.pick(
            format!("All amounts in {}.", self.currency.code()),
            format!("Alle Beträge in {}.", self.currency.code()),
        );
        self.at(250.0, self.y, SMALL, &note);
        self.y += 28.0;
    }

    /// The quote's notes (the customer's view shows them too).
    fn notes(&mut self, notes: &str) {
        if notes.trim().is_empty() {
            return;
        }
        for line in self.m.wrap(notes, CONTENT, BODY) {
            self.room(12.0);
            self.at(0.0, self.y, BODY, &line);
            self.y += 12.0;
        }
        self.y += 16.0;
    }

    fn terms(&mut self, seller: &Seller) {
        let lines = self.m.wrap(seller.terms(self.l), CONTENT, BODY);
        self.room(20.0 + 12.0 * lines.len().min(6) as f32);
        self.at(0.0, self.y, 11.0, self.l.pick("Terms", "Bedingungen"));
        self.y += 16.0;
        for line in lines {
            self.room(12.0);
            self.at(0.0, self.y, BODY, &line);
            self.y += 12.0;
        }
        self.y += 20.0;
    }

    fn signatures(&mut self, seller: &Seller, customer: &str) {
        let l = self.l;
        self.room(80.0);
        self.y += 36.0;
        let half = CONTENT / 2.0 - 20.0;
        for (x, who) in [
            (
                0.0,
                l.pick(
                    format!("For {}", seller.name),
                    format!("Für {}", seller.name),
                ),
            ),
            (
                CONTENT / 2.0 + 20.0,
                l.pick(
                    format!("Accepted for {customer}"),
                    format!("Angenommen für {customer}"),
                ),
            ),
        ] {
            self.put(Op::Rule {
                x: MARGIN + x,
                y: self.y,
                width: half,
            });
            let first = self
                .m
                .wrap(&who, half, SMALL)
                .into_iter()
                .next()
                .unwrap_or_default();
            self.at(x, self.y + 11.0, SMALL, &first);
            self.at(
                x,
                self.y + 22.0,
                SMALL,
                l.pick("Name, date, signature", "Name, Datum, Unterschrift"),
            );
        }
        self.y += 30.0;
    }
}

/// "14 days after the order" / "14 Tage nach Bestellung"; empty for 0 (no lead time stated).
fn ships(days: u32, l: Locale) -> String {
    match (days, l) {
        (0, _) => String::new(),
        (1, Locale::En) => "1 day after the order".to_owned(),
        (1, Locale::De) => "1 Tag nach Bestellung".to_owned(),
        (d, Locale::En) => format!("{d} days after the order"),
        (d, Locale::De) => format!("{d} Tage nach Bestellung"),
    }
}
