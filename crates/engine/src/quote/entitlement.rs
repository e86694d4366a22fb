//! Entitlements and approval levels: what a customer account is entitled to pay, how far below
//! that a quote goes, and who must approve it.
//!
//! An account is entitled to one price book and (optionally) one partner tier. Its **entitled
//! net** for a line is the line's list price less the bundle and volume discounts (which every
//! buyer gets) and less the entitled tier's discount for the item's family; no deal. Whatever a
//! quote takes off below that is a discount that needs the right person's approval, whether it
//! comes from a better partner tier than the account's or from a deal discount: the **depth**
//! of a line is `1 − quoted factor / entitled factor` (as a percentage), where the factors are
//! `(1 − tier%) × (1 − deal%)` of the quote and `(1 − entitled tier%)` of the account. It is
//! computed from the rates, not from the rounded amounts, so that a 10 % deal at the entitled
//! tier is exactly 10 % deep; it is rounded up to hundredths of a percent (never understated)
//! and is never below zero (a quote above the entitled price gives nothing away). Bundled lines
//! (nothing left to pay) have depth zero.
//!
//! Approval levels ([`ROLES`]): `rep` < `manager` < `director` < `admin`. The catalog's
//! `deal_limits` states some of them; a role it does not state has the limit of the role below
//! it (`rep`: 0), except `admin`, which is unlimited (100 %) unless stated. [`approval`] says
//! whether a depth is within the owner's limit, which level must approve it (the first above
//! the owner whose limit covers it), or that no level may (above even the admin's stated limit:
//! the quote cannot be submitted).

use rust_decimal::{Decimal, RoundingStrategy};

use super::Quote;
use crate::catalog::{parse_percent, Catalog};
use crate::money::Money;

/// The approval levels, lowest first (the quote desk's role names).
pub use crate::catalog::APPROVAL_ROLES as ROLES;

/// What a customer account is entitled to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Entitlement {
    /// Its price book (`list` when `None`).
    pub price_book: Option<String>,
    /// Its partner tier, if any.
    pub partner_tier: Option<String>,
}

/// One line's entitled net and how far the quote goes below it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineDepth {
    /// The line's number ("1.2").
    pub line: String,
    /// `group.item`.
    pub item: String,
    /// The quote's net of the line.
    pub net: Money,
    /// The net the account is entitled to.
    pub entitled_net: Money,
    /// Percent below the entitled net (see the module's rule).
    pub depth: Decimal,
}

/// A quote measured against an entitlement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Beyond {
    /// Each line, in the quote's order.
    pub lines: Vec<LineDepth>,
    /// The deepest line's depth (zero without lines).
    pub deepest: Decimal,
}

/// Why a quote cannot be measured against an entitlement.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EntitlementError {
    /// The quote is priced in another book than the account's.
    #[error("the quote is priced in price book `{quoted}`, but the account's price book is `{entitled}`")]
    Book {
        /// The quote's book.
        quoted: String,
        /// The account's.
        entitled: String,
    },
    /// The entitlement names a tier the catalog does not have.
    #[error("the account's partner tier `{0}` is not a partner tier of this catalog")]
    UnknownTier(String),
    /// The quote names something the catalog does not have (it was not verified first).
    #[error("the quote's {0} is not in this catalog: verify the quote first")]
    Unverified(String),
}

/// Measures a quote (verified against `catalog` first: its lines are trusted) against an
/// entitlement: each line's entitled net and depth, and the deepest.
pub fn beyond(
    catalog: &Catalog,
    quote: &Quote,
    entitled: &Entitlement,
) -> Result<Beyond, EntitlementError> {
    let pricing = &catalog.pricing;
    let list = crate::catalog::LIST_BOOK;
    let quoted_book = quote.context.price_book.as_deref().unwrap_or(list);
    let entitled_book = entitled.price_book.as_deref().unwrap_or(list);
    if quoted_book != entitled_book {
        return Err(EntitlementError::Book {
            quoted: quoted_book.to_owned(),
            entitled: entitled_book.to_owned(),
        });
    }
    let tier_of = |id: &Option<String>| match id {
        None => Ok(None),
        Some(t) => pricing
            .tier(t)
            .map(Some)
            .ok_or_else(|| EntitlementError::UnknownTier(crate::json::shown(t))),
    };
    let own_tier = tier_of(&entitled.partner_tier)?;
    let quoted_tier = tier_of(&quote.context.partner_tier)
        .map_err(|_| EntitlementError::Unverified("partner tier".into()))?;
    let deal = |item: &str| -> Decimal {
        quote
            .context
            .deal_lines
            .get(item)
            .or(quote.context.deal.as_ref())
            .and_then(|p| parse_percent(p))
            .unwrap_or_default()
    };
    let currency = &quote.totals.currency;
    let mut lines = Vec::with_capacity(quote.lines.len());
    for l in &quote.lines {
        let id = l
            .item
            .split_once('.')
            .and_then(|(g, i)| catalog.item_by_key(g, i))
            .ok_or_else(|| EntitlementError::Unverified(format!("item `{}`", l.item)))?;
        let family = catalog.item(id).pricing.family.as_deref();
        let rate = |t: Option<&crate::catalog::PartnerTier>| -> Decimal {
            match (t, family) {
                (Some(t), Some(f)) => t.discounts.get(f).copied().unwrap_or_default(),
                _ => Decimal::ZERO,
            }
        };
        // What every buyer gets: the bundle and volume steps of the verified waterfall.
        let left = l.list
            - l.discounts
                .iter()
                .filter(|d| d.source == "bundle" || d.source == "volume")
                .map(|d| d.amount)
                .sum();
        let own = rate(own_tier);
        let entitled_net = if left == Money::ZERO || own.is_zero() {
            left
        } else {
            left - left.percent(own).rounded(currency)
        };
        let depth = if left == Money::ZERO || own == Decimal::ONE_HUNDRED {
            Decimal::ZERO
        } else {
            depth_of(rate(quoted_tier), deal(&l.item), own)
        };
        lines.push(LineDepth {
            line: l.line.clone(),
            item: l.item.clone(),
            net: l.net,
            entitled_net,
            depth,
        });
    }
    let deepest = lines.iter().map(|l| l.depth).max().unwrap_or_default();
    Ok(Beyond { lines, deepest })
}

/// `1 − (1 − tier)(1 − deal) / (1 − own)` in percent, rounded up to hundredths, at least 0.
fn depth_of(tier: Decimal, deal: Decimal, own: Decimal) -> Decimal {
    let hundred = Decimal::ONE_HUNDRED;
    let quoted = (hundred - tier) * (hundred - deal);
    let entitled = (hundred - own) * hundred;
    let depth = hundred - quoted * hundred / entitled;
    depth
        .max(Decimal::ZERO)
        .round_dp_with_strategy(2, RoundingStrategy::AwayFromZero)
        .normalize()
}

/// The rank of a role in [`ROLES`].
fn rank(role: &str) -> Option<usize> {
    ROLES.iter().position(|r| *r == role)
}

/// The deepest discount `role` may give or approve on quotes of `catalog` (the ladder rule of
/// the module: a role not stated has the limit of the one below; `admin` is 100 unless
/// stated). A role the ladder does not know has 0.
pub fn limit(catalog: &Catalog, role: &str) -> Decimal {
    let Some(k) = rank(role) else {
        return Decimal::ZERO;
    };
    let stated = |r: &str| catalog.pricing.deal_limits.get(r).copied();
    if role == "admin" {
        return stated(role).unwrap_or(Decimal::ONE_HUNDRED);
    }
    ROLES[..=k]
        .iter()
        .rev()
        .find_map(|r| stated(r))
        .unwrap_or_default()
}

/// Who must approve a quote of `depth` owned by a `owner`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Approval {
    /// Within the owner's own limit: no approval.
    Within,
    /// Above the owner's limit (`owner_limit`): the lowest level above the owner whose limit
    /// covers it must approve.
    Needs {
        /// That level's role.
        role: &'static str,
        /// The owner's limit that the depth is above.
        owner_limit: Decimal,
    },
    /// Above every level's limit, the admin's (`admin_limit`) included: nobody may approve it.
    Beyond {
        /// The admin's stated limit.
        admin_limit: Decimal,
    },
}

/// The approval a quote of `depth` (percent below the entitled price) owned by `owner` needs.
pub fn approval(catalog: &Catalog, owner: &str, depth: Decimal) -> Approval {
    let owner_limit = limit(catalog, owner);
    if depth <= owner_limit {
        return Approval::Within;
    }
    let from = rank(owner).map_or(0, |k| k + 1);
    match ROLES[from..].iter().find(|r| depth <= limit(catalog, r)) {
        Some(role) => Approval::Needs { role, owner_limit },
        None => Approval::Beyond {
            admin_limit: limit(catalog, "admin"),
        },
    }
}
