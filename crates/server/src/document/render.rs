//! What the quote document shows, and where: the header with the seller and the customer,
//! the lines as a table continued over as many pages as needed (its header repeated), the
//! totals, the terms and the signature lines; a footer with the page number on every page.

use configurator_engine::locale::{self, Locale};
use configurator_engine::quote::{Quote, QuoteLine};
use configurator_engine::{Currency, Money};

use super::layout::{Canvas, Op, CONTENT, MARGIN, SMALL, WIDTH};
use super::seller::Seller;
use super::Heading;

/// Body text.
const BODY: f32 = 9.5;

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
    let mut w = Writer {
        c: Canvas::new()?,
        l: h.locale,
        currency: quote.totals.currency.clone(),
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
    let l = h.locale;
    let footer = format!(
        "{} · {} {} · {} {}",
        seller.name,
        l.pick("Quote", "Angebot"),
        h.number,
        l.pick("revision", "Revision"),
        h.revision
    );
    let title = format!("{} {}", l.pick("Quote", "Angebot"), h.number);
    w.c.finish(&footer, l, &title)
}

struct Writer {
    c: Canvas,
    l: Locale,
    currency: Currency,
}

impl Writer {
    fn money(&self, m: Money) -> String {
        locale::money(m, &self.currency, self.l)
    }

    fn header(&mut self, seller: &Seller, h: &Heading, quote: &Quote) {
        let l = self.l;
        if let Some(png) = &seller.logo {
            if let Ok(image) = krilla::image::Image::from_png(png.clone().into(), true) {
                let (pw, ph) = image.size();
                let scale = (140.0 / pw.max(1) as f32).min(50.0 / ph.max(1) as f32);
                let (width, height) = (pw as f32 * scale, ph as f32 * scale);
                self.c.put(Op::Image {
                    x: WIDTH - MARGIN - width,
                    y: MARGIN - 10.0,
                    width,
                    height,
                    png: png.clone(),
                });
            }
        }
        self.c.at(0.0, self.c.y + 14.0, 16.0, &seller.name);
        self.c.y += 30.0;
        for line in seller.address.clone() {
            self.c.at(0.0, self.c.y, BODY, &line);
            self.c.y += 12.0;
        }
        self.c.y += 24.0;
        let title = format!("{} {}", l.pick("Quote", "Angebot"), h.number);
        self.c.at(0.0, self.c.y, 18.0, &title);
        self.c.y += 26.0;
        let top = self.c.y;
        self.c.at(0.0, self.c.y, SMALL, l.pick("Customer", "Kunde"));
        for line in self.c.m.wrap(&quote.meta.customer, 250.0, 11.0) {
            self.c.y += 14.0;
            self.c.at(0.0, self.c.y, 11.0, &line);
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
            self.c.at(290.0, y, BODY, label);
            self.c.right(CONTENT, y, BODY, &value);
            y += 13.0;
        }
        self.c.y = self.c.y.max(y) + 24.0;
    }

    fn table_header(&mut self) {
        let l = self.l;
        let y = self.c.y;
        self.c.at(POS, y, SMALL, l.pick("Pos.", "Pos."));
        self.c.at(SKU, y, SMALL, l.pick("SKU", "Artikelnr."));
        self.c
            .at(DESCRIPTION, y, SMALL, l.pick("Description", "Beschreibung"));
        self.c.right(QTY_RIGHT, y, SMALL, l.pick("Qty", "Menge"));
        self.c
            .right(UNIT_RIGHT, y, SMALL, l.pick("Unit price", "Einzelpreis"));
        self.c
            .right(DISCOUNT_RIGHT, y, SMALL, l.pick("Discount", "Rabatt"));
        self.c.right(NET_RIGHT, y, SMALL, l.pick("Net", "Netto"));
        self.c.put(Op::Rule {
            x: MARGIN,
            y: y + 4.0,
            width: CONTENT,
        });
        self.c.y += 16.0;
    }

    fn line(&mut self, line: &QuoteLine) {
        let l = self.l;
        let mut description = self.c.m.wrap(&line.name, DESCRIPTION_WIDTH, SMALL);
        if let Some(p) = line.recurring {
            let every = match p.name() {
                "month" => l.pick("recurring, per month", "wiederkehrend, pro Monat"),
                _ => l.pick("recurring, per year", "wiederkehrend, pro Jahr"),
            };
            description.push(every.to_owned());
        }
        let sku = self.c.m.wrap(&line.sku, DESCRIPTION - SKU - 6.0, SMALL);
        let rows = description.len().max(sku.len());
        let height = rows as f32 * 10.5 + 4.0;
        if self.c.room(height) {
            self.table_header();
        }
        let y = self.c.y;
        self.c.at(POS, y, SMALL, &line.line);
        for (k, part) in sku.iter().enumerate() {
            self.c.at(SKU, y + k as f32 * 10.5, SMALL, part);
        }
        for (k, part) in description.iter().enumerate() {
            self.c.at(DESCRIPTION, y + k as f32 * 10.5, SMALL, part);
        }
        self.c
            .right(QTY_RIGHT, y, SMALL, &line.quantity.to_string());
        self.c
            .right(UNIT_RIGHT, y, SMALL, &self.money(line.unit_list));
        let discount = line.list - line.net;
        let discount = if discount == Money::default() {
            "—".to_owned()
        } else {
            self.money(discount)
        };
        self.c.right(DISCOUNT_RIGHT, y, SMALL, &discount);
        self.c.right(NET_RIGHT, y, SMALL, &self.money(line.net));
        self.c.y += height;
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
        self.c.room(rows.len() as f32 * 14.0 + 40.0);
        self.c.put(Op::Rule {
            x: MARGIN + 250.0,
            y: self.c.y - 6.0,
            width: CONTENT - 250.0,
        });
        self.c.y += 8.0;
        for (label, amount) in rows {
            self.c.at(250.0, self.c.y, BODY, label);
            let text = self.money(amount);
            self.c.right(NET_RIGHT, self.c.y, BODY, &text);
            self.c.y += 14.0;
        }
        let note = l.pick(
            format!("All amounts in {}.", self.currency.code()),
            format!("Alle Beträge in {}.", self.currency.code()),
        );
        self.c.at(250.0, self.c.y, SMALL, &note);
        self.c.y += 28.0;
    }

    /// The quote's notes (the customer's view shows them too).
    fn notes(&mut self, notes: &str) {
        if notes.trim().is_empty() {
            return;
        }
        for line in self.c.m.wrap(notes, CONTENT, BODY) {
            self.c.room(12.0);
            self.c.at(0.0, self.c.y, BODY, &line);
            self.c.y += 12.0;
        }
        self.c.y += 16.0;
    }

    fn terms(&mut self, seller: &Seller) {
        let lines = self.c.m.wrap(seller.terms(self.l), CONTENT, BODY);
        self.c.room(20.0 + 12.0 * lines.len().min(6) as f32);
        self.c
            .at(0.0, self.c.y, 11.0, self.l.pick("Terms", "Bedingungen"));
        self.c.y += 16.0;
        for line in lines {
            self.c.room(12.0);
            self.c.at(0.0, self.c.y, BODY, &line);
            self.c.y += 12.0;
        }
        self.c.y += 20.0;
    }

    fn signatures(&mut self, seller: &Seller, customer: &str) {
        let l = self.l;
        self.c.room(80.0);
        self.c.y += 36.0;
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
            self.c.put(Op::Rule {
                x: MARGIN + x,
                y: self.c.y,
                width: half,
            });
            let first = self
                .c
                .m
                .wrap(&who, half, SMALL)
                .into_iter()
                .next()
                .unwrap_or_default();
            self.c.at(x, self.c.y + 11.0, SMALL, &first);
            self.c.at(
                x,
                self.c.y + 22.0,
                SMALL,
                l.pick("Name, date, signature", "Name, Datum, Unterschrift"),
            );
        }
        self.c.y += 30.0;
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
