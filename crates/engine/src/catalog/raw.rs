//! A catalog as written: what the reader (`read.rs`) produces and the validator
//! (`validate.rs`) checks. Nothing here is validated yet.

use super::model::{ChoiceKind, RuleKind};
use super::pricing::{RawItemPricing, RawPriceBook, RawTier};

/// A catalog as written (read by `read`, checked by the validator).
pub(crate) struct RawCatalog<'a> {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) description: String,
    pub(crate) version: String,
    pub(crate) currency: String,
    pub(crate) price_books: Vec<RawPriceBook>,
    pub(crate) partner_tiers: Vec<RawTier>,
    pub(crate) terms: Vec<u32>,
    /// `deal_limits`: role → percentage, as written.
    pub(crate) deal_limits: std::collections::BTreeMap<String, String>,
    /// `quote_validity_days`: how long a new quote is valid, as written.
    pub(crate) quote_validity_days: Option<u32>,
    pub(crate) groups: Vec<RawGroup>,
    pub(crate) rules: Vec<RawRule<'a>>,
    /// `embed.origins`: the pages (origins) that may embed the configurator in a frame.
    pub(crate) embed_origins: Vec<String>,
}

pub(crate) struct RawGroup {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) description: String,
    pub(crate) choice: ChoiceKind,
    pub(crate) required: bool,
    pub(crate) min: Option<u32>,
    pub(crate) max: Option<u32>,
    pub(crate) when: Option<String>,
    pub(crate) question: Option<String>,
    pub(crate) items: Vec<RawItem>,
}

pub(crate) struct RawItem {
    pub(crate) id: String,
    pub(crate) sku: String,
    pub(crate) name: String,
    pub(crate) description: String,
    pub(crate) pricing: RawItemPricing,
    pub(crate) default: bool,
    pub(crate) end_of_sale: Option<String>,
    pub(crate) replaced_by: Option<String>,
    pub(crate) image: Option<String>,
    pub(crate) attributes: std::collections::BTreeMap<String, i64>,
    pub(crate) quantity: Option<RawQuantity>,
}

pub(crate) struct RawQuantity {
    pub(crate) min: u32,
    pub(crate) max: u32,
    pub(crate) allowed: Option<Vec<u32>>,
}

pub(crate) struct RawRule<'a> {
    pub(crate) id: String,
    pub(crate) kind: RuleKind,
    pub(crate) condition: Option<String>,
    pub(crate) then: Option<String>,
    pub(crate) groups: Option<Vec<String>>,
    pub(crate) allowed: Option<RawRows<'a>>,
    pub(crate) forbidden: Option<RawRows<'a>>,
    pub(crate) items: Option<Vec<String>>,
    pub(crate) min: Option<u32>,
    pub(crate) max: Option<u32>,
    pub(crate) uses: Option<String>,
    pub(crate) provides: Option<String>,
    pub(crate) label: Option<String>,
    pub(crate) message: String,
}

/// An item key in a table row, borrowed from the text when it has no escapes (tables can
/// have hundreds of thousands of entries).
pub(crate) struct Key<'a>(pub(crate) std::borrow::Cow<'a, str>);

/// A table's rows as written (a list of lists of item keys), kept as one array of keys and
/// each row's length: no allocation per row.
#[derive(Default)]
pub(crate) struct RawRows<'a> {
    pub(crate) keys: Vec<Key<'a>>,
    pub(crate) lens: Vec<u32>,
}

impl<'a> RawRows<'a> {
    /// The rows in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &[Key<'a>]> {
        self.lens.iter().scan(0usize, |at, &n| {
            let row = &self.keys[*at..*at + n as usize];
            *at += n as usize;
            Some(row)
        })
    }
}
