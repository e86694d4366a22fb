//! Procurement in the reader's words: the log's directions and document kinds, the secret's
//! age, the lists an admin types one per line. Pure functions, tested natively.

use configurator_api::procurement::Direction;

use crate::i18n::Lang;

/// A document's direction in the UI language.
pub fn direction_name(d: Direction, l: Lang) -> &'static str {
    match d {
        Direction::In => l.pick("in", "eingehend"),
        Direction::Out => l.pick("out", "ausgehend"),
    }
}

/// A document kind as the log shows it: cXML's own names stay (procurement admins know them),
/// OCI's are worded.
pub fn kind_name(kind: &str, l: Lang) -> String {
    match (kind, l) {
        ("OCI setup", Lang::De) => "OCI-Einstieg".to_owned(),
        ("OCI cart", Lang::De) => "OCI-Warenkorb".to_owned(),
        _ => kind.to_owned(),
    }
}

/// A delivery's state: delivered, waiting for its next attempt, or answered (in).
pub fn delivery(
    direction: Direction,
    delivered_at: Option<i64>,
    next_attempt: Option<i64>,
    l: Lang,
) -> &'static str {
    match (direction, delivered_at, next_attempt) {
        (Direction::In, ..) => "",
        (Direction::Out, Some(_), _) => l.pick("delivered", "zugestellt"),
        (Direction::Out, None, Some(_)) => {
            l.pick("waiting to retry", "wartet auf erneuten Versuch")
        }
        (Direction::Out, None, None) => l.pick("not delivered", "nicht zugestellt"),
    }
}

/// The lines of a text field, trimmed, the empty ones left out (origins, one per line).
pub fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// UTC seconds as the reader's local time (`format::local_time` of the ISO form).
pub fn when(seconds: i64, l: Lang) -> String {
    crate::format::local_time(&iso(seconds), l)
}

/// UTC seconds as `YYYY-MM-DDTHH:MM:SSZ` (the proleptic Gregorian calendar, days from
/// 1970-01-01 by Howard Hinnant's civil-from-days).
pub fn iso(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let rest = seconds.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_read_as_utc_calendar_times() {
        assert_eq!(iso(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(iso(1_796_703_661), "2026-12-08T04:21:01Z");
        assert_eq!(iso(-1), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn origins_are_typed_one_per_line() {
        assert_eq!(
            lines(" https://a.example \n\n https://b.example:8443\n"),
            vec!["https://a.example", "https://b.example:8443"]
        );
        assert!(lines("  \n").is_empty());
    }

    #[test]
    fn deliveries_and_kinds_are_worded_in_both_languages() {
        assert_eq!(
            delivery(Direction::Out, Some(5), None, Lang::De),
            "zugestellt"
        );
        assert_eq!(
            delivery(Direction::Out, None, Some(9), Lang::En),
            "waiting to retry"
        );
        assert_eq!(
            delivery(Direction::Out, None, None, Lang::En),
            "not delivered"
        );
        assert_eq!(delivery(Direction::In, None, None, Lang::En), "");
        assert_eq!(kind_name("OCI cart", Lang::De), "OCI-Warenkorb");
        assert_eq!(kind_name("OrderRequest", Lang::De), "OrderRequest");
        assert_eq!(direction_name(Direction::In, Lang::De), "eingehend");
    }
}
