//! Amounts and dates as a reader of a language writes them: `$1,234.50` and `Nov 23, 2026` in
//! English, `1.234,50 €` and `23.11.2026` in German. Shared by the app (`src/format.rs`) and the
//! quote desk's documents and messages, so a customer reads the same figures everywhere.

use crate::money::{Currency, Money};

/// The languages quotes are written in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Locale {
    /// English (United States formats).
    #[default]
    En,
    /// German (Germany's formats).
    De,
}

impl Locale {
    /// `en` or `de`.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::De => "de",
        }
    }

    /// The locale of a tag such as `de`, `de-AT` or `en-GB`; `None` for others.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let primary = tag.split(['-', '_']).next().unwrap_or_default();
        if primary.eq_ignore_ascii_case("de") {
            Some(Locale::De)
        } else if primary.eq_ignore_ascii_case("en") {
            Some(Locale::En)
        } else {
            None
        }
    }

    /// `en` in English, `de` in German.
    pub fn pick<T>(self, en: T, de: T) -> T {
        match self {
            Locale::En => en,
            Locale::De => de,
        }
    }
}

/// An amount for the locale and currency: `$8,495.00`, `€1,234.50`, `JPY 120,000` in English;
/// `8.495,00 $`, `1.234,50 €`, `120.000 JPY` in German (a no-break space before the symbol).
pub fn money(amount: Money, currency: &Currency, locale: Locale) -> String {
    let text = amount.to_grouped_string(currency, locale.pick(',', '.'), locale.pick('.', ','));
    let (neg, number) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.as_str()),
    };
    let (symbol, is_code) = match currency.code() {
        "USD" => ("$", false),
        "EUR" => ("€", false),
        "GBP" => ("£", false),
        other => (other, true),
    };
    let sign = if neg { "-" } else { "" };
    match locale {
        Locale::En if is_code => format!("{sign}{symbol} {number}"),
        Locale::En => format!("{sign}{symbol}{number}"),
        // A no-break space keeps the symbol with the number.
        Locale::De => format!("{sign}{number}\u{a0}{symbol}"),
    }
}

/// An ISO date (`2026-11-23`, or the start of a timestamp) for the locale: `Nov 23, 2026` in
/// English, `23.11.2026` in German; other text unchanged.
pub fn date(iso: &str, locale: Locale) -> String {
    let day = iso.get(..10).unwrap_or(iso);
    let parts: Vec<&str> = day.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return iso.to_owned();
    };
    let (Ok(month), Ok(dd)) = (m.parse::<usize>(), d.parse::<u32>()) else {
        return iso.to_owned();
    };
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    match locale {
        Locale::En if (1..=12).contains(&month) => format!("{} {dd}, {y}", MONTHS[month - 1]),
        Locale::En => iso.to_owned(),
        Locale::De => format!("{dd:02}.{month:02}.{y}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_locales_write_amounts_and_dates_their_way() {
        let usd = Currency::from_code("USD").unwrap();
        let eur = Currency::from_code("EUR").unwrap();
        let m = |s: &str, c: &Currency| Money::parse(s, c).unwrap();
        assert_eq!(money(m("1234.5", &usd), &usd, Locale::En), "$1,234.50");
        assert_eq!(
            money(m("1234.5", &eur), &eur, Locale::De),
            "1.234,50\u{a0}€"
        );
        assert_eq!(date("2026-03-05", Locale::En), "Mar 5, 2026");
        assert_eq!(date("2026-03-05", Locale::De), "05.03.2026");
        assert_eq!(Locale::from_tag("de-AT"), Some(Locale::De));
        assert_eq!(Locale::from_tag("fr"), None);
    }
}
