//! Exact decimal money. Never floating point.
//!
//! Rounding rule (written down once, used everywhere): amounts are rounded to the currency's
//! minor unit only when a computation produces more decimals than the currency has (e.g. a
//! percentage discount), and then half away from zero ("commercial rounding"), per line, before
//! lines are summed. Catalog prices must already be whole minor units; the loader rejects more.

use std::fmt;

use rust_decimal::{Decimal, RoundingStrategy};

/// A currency: ISO 4217 code and number of minor-unit digits.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Currency {
    code: String,
    minor_units: u32,
}

impl Currency {
    /// Looks up an ISO 4217 code. Unknown codes are rejected so that rounding is never guessed.
    pub fn from_code(code: &str) -> Option<Self> {
        let minor_units = match code {
            "USD" | "EUR" | "GBP" | "CHF" | "CAD" | "AUD" | "NZD" | "SEK" | "NOK" | "DKK"
            | "PLN" | "CZK" | "CNY" | "INR" | "SGD" | "HKD" | "MXN" | "BRL" | "ZAR" => 2,
            "JPY" | "KRW" | "ISK" | "CLP" => 0,
            "BHD" | "KWD" | "OMR" | "JOD" | "TND" => 3,
            _ => return None,
        };
        Some(Self {
            code: code.to_owned(),
            minor_units,
        })
    }

    /// ISO 4217 code, e.g. `USD`.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// Digits after the decimal point, e.g. 2 for USD, 0 for JPY.
    pub fn minor_units(&self) -> u32 {
        self.minor_units
    }
}

/// An exact amount. The currency is carried by the price book or catalog it comes from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(Decimal);

/// The most integer digits an amount may have when it is read (below 10^24): sums and
/// products of such amounts, quantities (at most 999 per item, or a few billion when a
/// configuration says so) and terms stay far below the 28 exact digits of the decimal type.
pub const MAX_DIGITS: usize = 24;

/// A malformed amount.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// More integer digits than [`MAX_DIGITS`] (the text, cut to 40 characters).
    #[error("`{0}` is too large: amounts have at most 24 digits before the decimal point")]
    TooLarge(String),
    /// Not a plain decimal number.
    #[error("`{0}` is not a decimal amount; write it like \"1234.50\"")]
    Syntax(String),
    /// More decimals than the currency's minor unit.
    #[error("`{amount}` has more than {digits} decimal(s), the minor unit of {currency}")]
    TooPrecise {
        /// The amount as written.
        amount: String,
        /// The currency's minor-unit digits.
        digits: u32,
        /// The currency code.
        currency: String,
    },
}

impl Money {
    /// Whether the amount has at most `digits` digits before the decimal point.
    pub fn fits(self, digits: u32) -> bool {
        self.0.abs() < Decimal::from(10u64.pow(digits))
    }

    /// The exact amount as 16 bytes (for [`crate::wire`]; [`Money::from_bytes`] reads them).
    pub fn to_bytes(self) -> [u8; 16] {
        self.0.serialize()
    }

    /// An amount from [`Money::to_bytes`].
    pub fn from_bytes(bytes: [u8; 16]) -> Money {
        Money(Decimal::deserialize(bytes))
    }

    /// Zero.
    pub const ZERO: Money = Money(Decimal::ZERO);

    /// An amount of `units` of a currency's minor unit (`minor_units` decimals): `(149500, 2)`
    /// is 1495.00.
    pub fn from_minor_units(units: i64, minor_units: u32) -> Money {
        Money(Decimal::new(units, minor_units))
    }

    /// Parses an amount written as a plain decimal string (`-1234.50`: no spaces, exponent,
    /// separators or `+`), checking it against the currency's minor unit and against
    /// [`MAX_DIGITS`] integer digits (so that every sum and product the engine makes of
    /// amounts stays exact).
    pub fn parse(text: &str, currency: &Currency) -> Result<Self, MoneyError> {
        let t = text;
        let plain = !t.is_empty()
            && t.chars()
                .enumerate()
                .all(|(i, c)| c.is_ascii_digit() || c == '.' || (i == 0 && c == '-'))
            && t.matches('.').count() <= 1
            && !t.ends_with('.')
            && !t.starts_with('.');
        if !plain {
            return Err(MoneyError::Syntax(crate::json::shown(text)));
        }
        let integer_digits = t
            .trim_start_matches('-')
            .split('.')
            .next()
            .unwrap_or("")
            .trim_start_matches('0')
            .len();
        if integer_digits > MAX_DIGITS {
            return Err(MoneyError::TooLarge(crate::json::shown(text)));
        }
        let (negative, digits) = t.strip_prefix('-').map_or((false, t), |d| (true, d));
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        if frac.len() > currency.minor_units as usize {
            return Err(MoneyError::TooPrecise {
                amount: text.to_owned(),
                digits: currency.minor_units,
                currency: currency.code.clone(),
            });
        }
        let d = plain_decimal(int.trim_start_matches('0'), frac)
            .ok_or_else(|| MoneyError::Syntax(crate::json::shown(text)))?;
        Ok(Money(if negative { -d } else { d }))
    }

    /// `percent` % of this amount (exact to 28 digits, not rounded). Dividing by a hundred
    /// moves the decimal point: no division (the decimal type's takes kilobytes of wasm).
    pub fn percent(self, percent: Decimal) -> Money {
        let mut d = self.0 * percent;
        if d.scale() > 26 {
            d = d.round_dp(26);
        }
        let scale = d.scale() + 2;
        // At most 28: cannot fail.
        let _ = d.set_scale(scale);
        Money(d)
    }

    /// This amount times `num / den`, rounded to the currency's minor unit (half away from
    /// zero) from the exact quotient: a yearly price over a term of months is `times_ratio
    /// (term, 12)`.
    pub fn times_ratio(self, num: u32, den: u32, currency: &Currency) -> Money {
        let (m, s, u) = (self.0.mantissa(), self.0.scale(), currency.minor_units);
        let ten = |k: u32| 10i128.pow(k);
        // Mantissas are below 2^96 and ratios small: every product fits 128 bits.
        let (n, d) = if u >= s {
            (m * i128::from(num) * ten(u - s), i128::from(den))
        } else {
            (m * i128::from(num), i128::from(den) * ten(s - u))
        };
        let (q, r) = (n / d, n % d);
        let q = if 2 * r.abs() >= d { q + n.signum() } else { q };
        Money(Decimal::from_i128_with_scale(q, u))
    }

    /// This amount times a quantity (exact).
    pub fn times(self, quantity: u32) -> Money {
        Money(self.0 * Decimal::from(quantity))
    }

    /// The exact decimal value.
    pub fn amount(self) -> Decimal {
        self.0
    }

    /// Rounds to the currency's minor unit, half away from zero.
    pub fn rounded(self, currency: &Currency) -> Money {
        Money(
            self.0.round_dp_with_strategy(
                currency.minor_units,
                RoundingStrategy::MidpointAwayFromZero,
            ),
        )
    }

    /// The amount with exactly the currency's number of decimals, e.g. `4995.00`.
    pub fn to_plain_string(self, currency: &Currency) -> String {
        let mut d = self.rounded(currency).0;
        d.rescale(currency.minor_units);
        d.to_string()
    }

    /// [`Money::to_plain_string`] with the integer digits in groups of three and the given
    /// separators: `-12,345.60` with `(',', '.')`, `-12.345,60` with `('.', ',')`.
    pub fn to_grouped_string(self, currency: &Currency, thousands: char, decimal: char) -> String {
        let plain = self.to_plain_string(currency);
        let (sign, digits) = plain
            .strip_prefix('-')
            .map_or(("", plain.as_str()), |d| ("-", d));
        let (int, frac) = digits
            .split_once('.')
            .map_or((digits, None), |(i, f)| (i, Some(f)));
        let mut out = format!("{sign}{}", group_digits(int, thousands));
        if let Some(f) = frac {
            out.push(decimal);
            out.push_str(f);
        }
        out
    }
}

/// The decimal `int.frac` from its ASCII digits (checked by the caller), exact: `None` when it
/// has more than 28 significant digits. (A hand-written reader: the decimal type's own parser
/// also reads exponents, which no amount here may have.)
pub(crate) fn plain_decimal(int: &str, frac: &str) -> Option<Decimal> {
    let mut m: i128 = 0;
    for b in int.bytes().chain(frac.bytes()) {
        m = m
            .checked_mul(10)?
            .checked_add(i128::from(b.checked_sub(b'0')?))?;
    }
    Decimal::try_from_i128_with_scale(m, u32::try_from(frac.len()).ok()?).ok()
}

/// Decimal digits in groups of three from the right: `group_digits("1234567", ',')` is
/// `1,234,567`.
pub fn group_digits(digits: &str, separator: char) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (k, ch) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(ch);
    }
    out
}

impl std::ops::Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0 + rhs.0)
    }
}

impl std::ops::Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0 - rhs.0)
    }
}

impl std::iter::Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, |a, b| a + b)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_and_ratios_are_exact_then_rounded_half_away_from_zero() {
        let usd = Currency::from_code("USD").unwrap();
        let m = |t: &str| Money::parse(t, &usd).unwrap();
        let pct = |p: &str| crate::catalog::parse_percent(p).unwrap();
        assert_eq!(m("1234.56").percent(pct("12.5")).to_string(), "154.32000");
        assert_eq!(m("0.01").percent(pct("0.001")).to_string(), "0.0000001");
        // Over a term: the exact quotient, then rounded (0.06 / 12 is 0.005: a cent).
        assert_eq!(m("0.06").times_ratio(1, 12, &usd).to_string(), "0.01");
        assert_eq!(m("-0.06").times_ratio(1, 12, &usd).to_string(), "-0.01");
        assert_eq!(
            m("1402.44").times_ratio(36, 12, &usd).to_string(),
            "4207.32"
        );
        assert_eq!(m("1000.00").times_ratio(7, 12, &usd).to_string(), "583.33");
        let three = Money(Decimal::new(100_005, 3));
        assert_eq!(three.times_ratio(7, 12, &usd).to_string(), "58.34");
        let jpy = Currency::from_code("JPY").unwrap();
        assert_eq!(
            Money::parse("1000", &jpy)
                .unwrap()
                .times_ratio(5, 12, &jpy)
                .to_string(),
            "417"
        );
    }

    #[test]
    fn parses_exact_amounts_within_minor_units() {
        let usd = Currency::from_code("USD").unwrap();
        let jpy = Currency::from_code("JPY").unwrap();
        assert_eq!(
            Money::parse("1234.50", &usd).unwrap().to_plain_string(&usd),
            "1234.50"
        );
        assert_eq!(
            Money::parse("7", &usd).unwrap().to_plain_string(&usd),
            "7.00"
        );
        assert!(matches!(
            Money::parse("1.005", &usd),
            Err(MoneyError::TooPrecise { digits: 2, .. })
        ));
        assert!(matches!(
            Money::parse("1.5", &jpy),
            Err(MoneyError::TooPrecise { .. })
        ));
        for bad in ["", "1e3", "12,00", "$5", ".5", "5.", "1.2.3", "NaN"] {
            assert!(
                matches!(Money::parse(bad, &usd), Err(MoneyError::Syntax(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn groups_digits_with_the_given_separators() {
        let usd = Currency::from_code("USD").unwrap();
        let jpy = Currency::from_code("JPY").unwrap();
        let m = |s: &str, c: &Currency| Money::parse(s, c).unwrap();
        assert_eq!(
            m("-12345.6", &usd).to_grouped_string(&usd, ',', '.'),
            "-12,345.60"
        );
        assert_eq!(
            m("1234567.89", &usd).to_grouped_string(&usd, '.', ','),
            "1.234.567,89"
        );
        assert_eq!(m("999", &usd).to_grouped_string(&usd, ',', '.'), "999.00");
        assert_eq!(m("1000", &jpy).to_grouped_string(&jpy, ',', '.'), "1,000");
        assert_eq!(group_digits("7445949334016", ','), "7,445,949,334,016");
        assert_eq!(group_digits("", ','), "");
    }

    #[test]
    fn sums_are_exact() {
        let usd = Currency::from_code("USD").unwrap();
        let dime = Money::parse("0.10", &usd).unwrap();
        let total: Money = std::iter::repeat_n(dime, 3).sum();
        assert_eq!(total, Money::parse("0.30", &usd).unwrap());
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        let usd = Currency::from_code("USD").unwrap();
        let half = Money(Decimal::new(1005, 3)); // 1.005
        assert_eq!(half.to_plain_string(&usd), "1.01");
        let neg = Money(Decimal::new(-1005, 3));
        assert_eq!(neg.to_plain_string(&usd), "-1.01");
        assert!(Currency::from_code("XXX").is_none());
    }
}
