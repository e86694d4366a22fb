//! Presentation helpers: money and explanations as text. Explanations arrive as data from the
//! engine; this is the one place that turns them into words.

use configurator_engine::{Catalog, ChoiceKind, Constraint, Currency, Explanation, Expr, Money};

/// Digits grouped by thousands: `7445949334016` → `7,445,949,334,016`.
pub fn grouped(digits: &str) -> String {
    let mut out = String::new();
    for (k, ch) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// An item's price as customers read it: `$995.00`, `$120.00 / year`, or for a percentage
/// price `8% of list / year`.
pub fn item_price(item: &configurator_engine::Item, currency: &Currency) -> String {
    let per = item
        .pricing
        .recurring
        .map(|p| format!(" / {}", p.name()))
        .unwrap_or_default();
    match &item.pricing.percent_of {
        Some(p) => format!("{}% of list{per}", p.percent.normalize()),
        None => format!("{}{per}", money(item.price, currency)),
    }
}

/// Formats an amount for display, e.g. `$8,495.00` or `EUR 1,234.50`.
pub fn money(amount: Money, currency: &Currency) -> String {
    let plain = amount.to_plain_string(currency);
    let (neg, digits) = match plain.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, plain.as_str()),
    };
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let mut grouped = grouped(int);
    if let Some(f) = frac {
        grouped.push('.');
        grouped.push_str(f);
    }
    let symbol = match currency.code() {
        "USD" => "$".to_owned(),
        "EUR" => "€".to_owned(),
        "GBP" => "£".to_owned(),
        other => format!("{other} "),
    };
    format!("{}{symbol}{grouped}", if neg { "-" } else { "" })
}

/// Why a constraint restricts: the rule's author-written message, or the group's limit.
pub fn constraint_message(catalog: &Catalog, c: Constraint) -> String {
    match c {
        Constraint::Rule(r) => catalog.rule(r).message.clone(),
        Constraint::Group(g) => {
            let g = catalog.group(g);
            if let Some((w, _)) = &g.when {
                return format!("{} applies only when {}.", g.name, expr_text(catalog, w));
            }
            match (g.kind, g.min, g.max) {
                (ChoiceKind::Single, _, _) => {
                    format!("Only one {} can be chosen.", g.name.to_lowercase())
                }
                (_, min, max) if min == max => format!("{}: choose exactly {min}.", g.name),
                (_, 0, max) => format!("{}: choose at most {max}.", g.name),
                (_, min, max) => format!("{}: choose between {min} and {max}.", g.name),
            }
        }
    }
}

/// An expression in words, with item names: "NX-3400 48P and not 350 W AC".
pub fn expr_text(catalog: &Catalog, e: &Expr) -> String {
    match e {
        Expr::Const(true) => "always".into(),
        Expr::Const(false) => "never".into(),
        Expr::Item(i) => catalog.item(*i).name.clone(),
        Expr::Not(inner) => format!("not {}", expr_text(catalog, inner)),
        Expr::And(parts) => join(catalog, parts, " and "),
        Expr::Or(parts) => join(catalog, parts, " or "),
    }
}

fn join(catalog: &Catalog, parts: &[Expr], sep: &str) -> String {
    let words: Vec<String> = parts
        .iter()
        .map(|p| match p {
            Expr::And(_) | Expr::Or(_) => format!("({})", expr_text(catalog, p)),
            _ => expr_text(catalog, p),
        })
        .collect();
    words.join(sep)
}

/// The user's choices in an explanation, by name: "NX-3400 48P and 1100 W AC".
pub fn choice_names(catalog: &Catalog, e: &Explanation) -> String {
    let names: Vec<&str> = e
        .choices
        .iter()
        .map(|&i| catalog.item(i).name.as_str())
        .collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The messages of an explanation's rules, skipping single-choice group limits when a rule
/// already says more (they are implied by the radio-style choice).
pub fn reasons(catalog: &Catalog, e: &Explanation) -> Vec<String> {
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
        .map(|&c| constraint_message(catalog, c))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_groups_thousands_and_keeps_minor_units() {
        let usd = Currency::from_code("USD").unwrap();
        let jpy = Currency::from_code("JPY").unwrap();
        let m = |s: &str, c: &Currency| Money::parse(s, c).unwrap();
        assert_eq!(money(m("8495", &usd), &usd), "$8,495.00");
        assert_eq!(money(m("1234567.5", &usd), &usd), "$1,234,567.50");
        assert_eq!(money(m("0", &usd), &usd), "$0.00");
        assert_eq!(money(m("-950", &usd), &usd), "-$950.00");
        assert_eq!(money(m("120000", &jpy), &jpy), "JPY 120,000");
        assert_eq!(grouped("7445949334016"), "7,445,949,334,016");
        assert_eq!(grouped("12"), "12");
    }
}
