//! The desk in the reader's words: amounts the desk sends as plain decimals (`8503.40` and
//! `USD`) as locale money, its UTC times in the reader's time zone and language. Pure
//! functions (the browser's clock and locale only behind `wasm32`), tested natively.

use configurator_engine::{Currency, Money};

use crate::format;
use crate::i18n::Lang;

/// A plain decimal amount in a currency as the reader writes money: `$8,503.40` in English,
/// `8.503,40 €` in German; text that is no amount stays as the desk sent it.
pub fn amount(plain: &str, currency: &str, lang: Lang) -> String {
    let parsed = Currency::from_code(currency)
        .and_then(|c| Money::parse(plain.trim(), &c).ok().map(|m| (m, c)));
    match parsed {
        Some((m, c)) => format::money(m, &c, lang),
        None if currency.is_empty() => plain.to_owned(),
        None => format!("{plain} {currency}"),
    }
}

/// A UTC time from the desk (`2026-11-23T10:00:00Z`) in the reader's language and, in the
/// browser, time zone: `Nov 23, 2026, 11:00 AM` / `23.11.2026, 11:00`. Natively (tests) the
/// date in the language and the UTC time; text that is no time stays as it is.
pub fn time(iso: &str, lang: Lang) -> String {
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
            Some(hm) if iso.len() >= 16 => format!("{}, {hm} UTC", format::date(iso, lang)),
            _ => iso.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_as_money_in_both_languages() {
        assert_eq!(amount("8503.40", "USD", Lang::En), "$8,503.40");
        assert_eq!(amount("8503.40", "EUR", Lang::De), "8.503,40\u{a0}€");
        assert_eq!(amount("n/a", "USD", Lang::En), "n/a USD");
        assert_eq!(amount("12", "", Lang::En), "12");
    }

    #[test]
    fn times_keep_text_that_is_no_time() {
        assert_eq!(
            time("2026-11-23T10:00:00Z", Lang::De),
            "23.11.2026, 10:00 UTC"
        );
        assert_eq!(time("soon", Lang::En), "soon");
    }
}
