//! Lead times: how many days an item takes before it ships (the catalog's per-item
//! `lead_days`), and an order's estimated ship date from them.

use configurator_engine::quote::QuoteLine;
use configurator_engine::Catalog;

use crate::clock;

/// The lead time of the item of `line` (`group.item`) in `catalog`, in days; 0 for an item the
/// catalog does not know or gives no lead time.
pub fn days(catalog: &Catalog, line: &QuoteLine) -> u32 {
    let Some((group, item)) = line.item.split_once('.') else {
        return 0;
    };
    catalog
        .item_by_key(group, item)
        .map_or(0, |id| catalog.item(id).lead_days)
}

/// The estimated ship date of lines whose longest lead time is `longest` days, placed at
/// `now`: the placing day (UTC, the desk's clock) plus that many calendar days (weekends and
/// holidays count; the order desk confirms the real date).
pub fn ship_date(now: i64, longest: u32) -> String {
    clock::date(now + i64::from(longest) * 86_400)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ship_date_counts_calendar_days_from_the_placing_day() {
        // 2026-12-31 23:59:59 UTC plus 1 day is 2027-01-01; a time late in the day counts
        // as its day.
        assert_eq!(ship_date(1_798_761_599, 0), "2026-12-31");
        assert_eq!(ship_date(1_798_761_599, 1), "2027-01-01");
        assert_eq!(ship_date(1_798_761_599, 60), "2027-03-01");
    }
}
