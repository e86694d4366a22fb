//! Presentation helpers: money and explanations as text. Explanations arrive as data from the
//! engine; this is the one place that turns them into words.

use configurator_engine::locale::{self, Locale};
use configurator_engine::{Catalog, ChoiceKind, Constraint, Currency, Explanation, Expr, Money};

use crate::i18n::Lang;

/// Lower case for case-insensitive matching and running text. In the browser it is the
/// browser's own (`String.prototype.toLowerCase`), so the web build carries no Unicode case
/// tables (~10 KB); natively (tests) the standard library's, which follows the same Unicode rules.
pub fn lower(s: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::JsString::from(s).to_lower_case().into()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        s.to_lowercase()
    }
}

/// Digits grouped by thousands for the language: `7445949334016` → `7,445,949,334,016` in
/// English, `7.445.949.334.016` in German.
pub fn grouped(digits: &str, lang: Lang) -> String {
    configurator_engine::money::group_digits(digits, lang.pick(',', '.'))
}

/// An item's price as customers read it: `$995.00`, `$120.00 / year`, or for a percentage
/// price `8% of list / year`.
pub fn item_price(item: &configurator_engine::Item, currency: &Currency, lang: Lang) -> String {
    let per = item
        .pricing
        .recurring
        .map(|p| format!(" / {}", period(p.name(), lang)))
        .unwrap_or_default();
    match &item.pricing.percent_of {
        Some(p) => {
            let n = p.percent.normalize().to_string();
            match lang {
                Lang::En => format!("{n}% of list{per}"),
                Lang::De => format!("{}\u{a0}% vom Listenpreis{per}", n.replace('.', ",")),
            }
        }
        None => format!("{}{per}", money(item.price, currency, lang)),
    }
}

/// The running total the configurator shows: the one-time list total of the priced
/// configuration (in PunchOut mode its net at the buyer's contract), or the evaluation's
/// total when the catalog cannot price it.
pub fn running_total(
    priced: Option<&configurator_engine::pricing::Priced>,
    evaluation: &configurator_engine::Evaluation,
) -> Money {
    // PunchOut mode prices at the buyer's contract: its net is what they pay.
    priced.map_or(evaluation.total, |p| {
        if crate::mode::punchout() {
            p.totals.one_time
        } else {
            one_time_list(p)
        }
    })
}

/// The list total of a priced configuration's one-time lines (recurring charges are shown
/// apart, discounts on the quote).
pub fn one_time_list(priced: &configurator_engine::pricing::Priced) -> Money {
    priced
        .lines
        .iter()
        .filter(|l| l.recurring.is_none())
        .map(|l| l.list)
        .sum()
}

/// A billing period's name (`month`, `year`) in the language.
pub fn period(name: &str, lang: Lang) -> &str {
    match (name, lang) {
        ("month", Lang::De) => "Monat",
        ("year", Lang::De) => "Jahr",
        (other, _) => other,
    }
}

/// Formats an amount for the language and currency: `$8,495.00`, `€1,234.50`, `JPY 120,000` in
/// English; `8.495,00 $`, `1.234,50 €`, `120.000 JPY` in German (the engine's
/// [`locale::money`], shared with the quote desk's documents).
pub fn money(amount: Money, currency: &Currency, lang: Lang) -> String {
    locale::money(amount, currency, lang.pick(Locale::En, Locale::De))
}

/// An ISO date (`2026-11-23`, or the start of a timestamp) for the language: `Nov 23, 2026` in
/// English, `23.11.2026` in German; other text unchanged.
pub fn date(iso: &str, lang: Lang) -> String {
    locale::date(iso, lang.pick(Locale::En, Locale::De))
}

/// Today in the browser's time zone (`None` natively: the app's tests give dates).
pub fn today() -> Option<configurator_engine::catalog::Date> {
    #[cfg(target_arch = "wasm32")]
    {
        let d = js_sys::Date::new_0();
        Some(configurator_engine::catalog::Date {
            year: u16::try_from(d.get_full_year()).ok()?,
            month: u8::try_from(d.get_month() + 1).ok()?,
            day: u8::try_from(d.get_date()).ok()?,
        })
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        None
    }
}

/// When a configuration ordered on `today` ships, for the reader: "Ships in about 14 days
/// (by Dec 21, 2026)"; "In stock: ships at once" when nothing has a lead time.
pub fn ship_estimate(
    days: u32,
    today: Option<configurator_engine::catalog::Date>,
    lang: Lang,
) -> String {
    if days == 0 {
        return lang
            .pick("In stock: ships at once", "Auf Lager: sofort lieferbar")
            .to_owned();
    }
    let by = today
        .and_then(|d| d.plus_days(days))
        .map(|d| date(&d.to_string(), lang));
    match (lang, by) {
        (Lang::En, Some(by)) => format!("Ships in about {days} days (by {by})"),
        (Lang::En, None) => format!("Ships in about {days} days"),
        (Lang::De, Some(by)) => format!("Versand in etwa {days} Tagen (bis {by})"),
        (Lang::De, None) => format!("Versand in etwa {days} Tagen"),
    }
}

/// A UTC time from the desk (`2026-11-23T10:00:00Z`) in the reader's language and, in the
/// browser, time zone: `Nov 23, 2026, 11:00 AM` / `23.11.2026, 11:00`. Natively (tests) the
/// date in the language and the UTC time; text that is no time stays as it is.
pub fn local_time(iso: &str, lang: Lang) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(iso));
        if iso.is_empty() || d.get_time().is_nan() {
            return iso.to_owned();
        }
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
        let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
        d.to_locale_string(lang.pick("en-US", "de-DE"), &options)
            .into()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        match iso.get(11..16) {
            Some(hm) if iso.len() >= 16 => format!("{}, {hm} UTC", date(iso, lang)),
            _ => iso.to_owned(),
        }
    }
}

/// Why a constraint restricts: the rule's author-written message, or the group's limit.
pub fn constraint_message(catalog: &Catalog, c: Constraint, lang: Lang) -> String {
    match c {
        Constraint::Rule(r) => catalog.rule(r).message.clone(),
        Constraint::Group(g) => {
            let g = catalog.group(g);
            let name = &g.name;
            if let Some((w, _)) = &g.when {
                let when = expr_text(catalog, w, lang);
                return match lang {
                    Lang::En => format!("{name} applies only when {when}."),
                    Lang::De => format!("{name} gilt nur bei {when}."),
                };
            }
            match (g.kind, g.min, g.max, lang) {
                (ChoiceKind::Single, _, _, Lang::En) => {
                    format!("Only one {} can be chosen.", lower(name))
                }
                (ChoiceKind::Single, _, _, Lang::De) => {
                    format!("{name}: nur eine Auswahl möglich.")
                }
                (_, min, max, Lang::En) if min == max => format!("{name}: choose exactly {min}."),
                (_, min, max, Lang::De) if min == max => format!("{name}: genau {min} wählen."),
                (_, 0, max, Lang::En) => format!("{name}: choose at most {max}."),
                (_, 0, max, Lang::De) => format!("{name}: höchstens {max} wählen."),
                (_, min, max, Lang::En) => format!("{name}: choose between {min} and {max}."),
                (_, min, max, Lang::De) => format!("{name}: {min} bis {max} wählen."),
            }
        }
    }
}

/// An expression in words, with item names: "NX-3400 48P and not 350 W AC".
pub fn expr_text(catalog: &Catalog, e: &Expr, lang: Lang) -> String {
    match e {
        Expr::Const(true) => lang.pick("always", "immer").into(),
        Expr::Const(false) => lang.pick("never", "nie").into(),
        Expr::Item(i) => catalog.item(*i).name.clone(),
        Expr::Not(inner) => format!(
            "{} {}",
            lang.pick("not", "nicht"),
            expr_text(catalog, inner, lang)
        ),
        Expr::And(parts) => join(catalog, parts, lang.pick(" and ", " und "), lang),
        Expr::Or(parts) => join(catalog, parts, lang.pick(" or ", " oder "), lang),
    }
}

fn join(catalog: &Catalog, parts: &[Expr], sep: &str, lang: Lang) -> String {
    let words: Vec<String> = parts
        .iter()
        .map(|p| match p {
            Expr::And(_) | Expr::Or(_) => format!("({})", expr_text(catalog, p, lang)),
            _ => expr_text(catalog, p, lang),
        })
        .collect();
    words.join(sep)
}

/// The user's choices in an explanation, by name: "NX-3400 48P and 1100 W AC".
pub fn choice_names(catalog: &Catalog, e: &Explanation, lang: Lang) -> String {
    let names: Vec<&str> = e
        .choices
        .iter()
        .map(|&i| catalog.item(i).name.as_str())
        .collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{}{}{last}", init.join(", "), lang.pick(" and ", " und ")),
    }
}

/// The messages of an explanation's rules, skipping single-choice group limits when a rule
/// already says more (they are implied by the radio-style choice).
pub fn reasons(catalog: &Catalog, e: &Explanation, lang: Lang) -> Vec<String> {
    let has_rule = e
        .constraints
        .iter()
        .any(|c| matches!(c, Constraint::Rule(_)));
    e.constraints
        .iter()
        .filter(|c| {
            !(has_rule
                && matches!(c, Constraint::Group(g) if catalog.group(*g).kind == ChoiceKind::Single))
        })
        .map(|&c| constraint_message(catalog, c, lang))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ship_estimates_count_calendar_days_from_today() {
        let today = configurator_engine::catalog::Date::parse("2026-12-07");
        assert_eq!(
            ship_estimate(25, today, Lang::En),
            "Ships in about 25 days (by Jan 1, 2027)"
        );
        assert_eq!(
            ship_estimate(25, today, Lang::De),
            "Versand in etwa 25 Tagen (bis 01.01.2027)"
        );
        assert_eq!(ship_estimate(3, None, Lang::En), "Ships in about 3 days");
        assert_eq!(ship_estimate(0, today, Lang::En), "In stock: ships at once");
    }

    #[test]
    fn money_groups_thousands_and_keeps_minor_units() {
        let usd = Currency::from_code("USD").unwrap();
        let jpy = Currency::from_code("JPY").unwrap();
        let m = |s: &str, c: &Currency| Money::parse(s, c).unwrap();
        let en = Lang::En;
        assert_eq!(money(m("8495", &usd), &usd, en), "$8,495.00");
        assert_eq!(money(m("1234567.5", &usd), &usd, en), "$1,234,567.50");
        assert_eq!(money(m("0", &usd), &usd, en), "$0.00");
        assert_eq!(money(m("-950", &usd), &usd, en), "-$950.00");
        assert_eq!(money(m("120000", &jpy), &jpy, en), "JPY 120,000");
        assert_eq!(grouped("7445949334016", en), "7,445,949,334,016");
        assert_eq!(grouped("12", en), "12");
    }

    #[test]
    fn german_formats_put_the_symbol_after_and_swap_separators() {
        let usd = Currency::from_code("USD").unwrap();
        let eur = Currency::from_code("EUR").unwrap();
        let jpy = Currency::from_code("JPY").unwrap();
        let m = |s: &str, c: &Currency| Money::parse(s, c).unwrap();
        let de = Lang::De;
        assert_eq!(money(m("8495", &usd), &usd, de), "8.495,00\u{a0}$");
        assert_eq!(money(m("-1234.5", &eur), &eur, de), "-1.234,50\u{a0}€");
        assert_eq!(money(m("120000", &jpy), &jpy, de), "120.000\u{a0}JPY");
        assert_eq!(grouped("7445949334016", de), "7.445.949.334.016");
        assert_eq!(date("2026-11-23T10:00:00Z", de), "23.11.2026");
        assert_eq!(date("2026-03-05", Lang::En), "Mar 5, 2026");
        assert_eq!(date("soon", de), "soon");
    }
}
