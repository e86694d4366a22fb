//! Share links: a configuration as a compact, URL-safe string.
//!
//! Layout (then base64url without padding): a version byte (3); the first 8 bytes of the
//! catalog's content hash (SHA-256); then per choice the length-prefixed `group.item` key (UTF-8), the
//! quantity the user set (0: none) and the item's list price when the link was made, in the
//! catalog currency's minor units (zigzag); lengths, quantities and prices as LEB128 varints.
//! Links of versions 1 (no prices) and 2 still open: they carry the first 4 bytes of the
//! catalog's [legacy hash](crate::catalog::legacy_hash) instead. Items are named by key, not index, so a link made
//! under an older catalog version still names the same items; decoding reports whether the
//! catalog is the same one, which choices no longer exist and whose list price changed.
//! Nothing binds the prices a link carries to anything: its maker may have written any, so
//! they are only ever shown as what the link says, never used to price.
//! Corrupt or oversized input is an error that says what is wrong.

use base64::Engine as _;

use crate::catalog::{Catalog, MAX_QUANTITY};
use crate::choice::Choice;
use crate::ids::ItemId;
use crate::money::Money;

/// The version byte this code writes.
pub const SHARE_VERSION: u8 = 3;

/// Longest share string accepted (characters).
pub const MAX_SHARE_LEN: usize = 8192;

/// Why a share string cannot be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ShareError {
    /// Longer than [`MAX_SHARE_LEN`].
    #[error("the link is too long ({0} characters; at most {MAX_SHARE_LEN})")]
    TooLong(usize),
    /// Not base64url.
    #[error("the link is damaged (not URL-safe base64)")]
    Encoding,
    /// Unknown version byte.
    #[error("the link was made by a newer or unknown version ({0})")]
    Version(u8),
    /// Ends early or has bytes left over.
    #[error("the link is damaged (truncated or with extra data)")]
    Truncated,
    /// A key that is not UTF-8 or not `group.item`.
    #[error("the link is damaged (a choice is not a `group.item` key)")]
    Key,
    /// A quantity out of range.
    #[error("the link asks for a quantity of {0}, more than any item allows")]
    Quantity(u64),
}

/// What a share string holds, resolved against a catalog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shared {
    /// The choices whose items exist in the catalog, in order.
    pub choices: Vec<Choice>,
    /// `group.item` keys of choices whose items the catalog no longer has.
    pub missing: Vec<String>,
    /// Whether the link was made with this very catalog (same content hash).
    pub same_catalog: bool,
    /// Chosen items whose list price is not what it was when the link was made.
    pub price_changes: Vec<PriceChange>,
}

/// A chosen item's list price then (in the link) and now (in the catalog).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PriceChange {
    /// The item.
    pub item: ItemId,
    /// Its list price when the link was made.
    pub then: Money,
    /// Its list price now.
    pub now: Money,
}

/// A list price in the catalog currency's minor units (`None` if it does not fit 64 bits).
fn minor_units(catalog: &Catalog, m: Money) -> Option<i64> {
    let mut d = m.amount();
    d.rescale(catalog.currency.minor_units());
    i64::try_from(d.mantissa()).ok()
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

/// Encodes `choices` made with `catalog`.
pub fn encode(catalog: &Catalog, choices: &[Choice]) -> String {
    let mut bytes = vec![SHARE_VERSION];
    bytes.extend(hash_prefix(&catalog.hash, 8));
    for c in choices {
        let it = catalog.item(c.item);
        let key = catalog.item_key(c.item);
        varint(&mut bytes, key.len() as u64);
        bytes.extend(key.as_bytes());
        varint(&mut bytes, u64::from(c.quantity.unwrap_or(0)));
        varint(
            &mut bytes,
            zigzag(minor_units(catalog, it.price).unwrap_or(0)),
        );
    }
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Decodes a share string against `catalog`.
pub fn decode(catalog: &Catalog, text: &str) -> Result<Shared, ShareError> {
    let text = text.trim();
    if text.len() > MAX_SHARE_LEN {
        return Err(ShareError::TooLong(text.len()));
    }
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text)
        .map_err(|_| ShareError::Encoding)?;
    let mut r = Reader {
        bytes: &bytes,
        at: 0,
    };
    let version = r.byte()?;
    if !(1..=SHARE_VERSION).contains(&version) {
        return Err(ShareError::Version(version));
    }
    let (hash, len) = match version {
        1 | 2 => (&catalog.legacy_hash, 4),
        _ => (&catalog.hash, 8),
    };
    let same_catalog = r.take(len)? == hash_prefix(hash, len).as_slice();
    let mut out = Shared {
        choices: Vec::new(),
        missing: Vec::new(),
        same_catalog,
        price_changes: Vec::new(),
    };
    while !r.done() {
        let len = usize::try_from(r.varint()?).map_err(|_| ShareError::Truncated)?;
        let key = std::str::from_utf8(r.take(len)?).map_err(|_| ShareError::Key)?;
        let (group, item) = key.split_once('.').ok_or(ShareError::Key)?;
        let q = r.varint()?;
        if q > u64::from(MAX_QUANTITY) {
            return Err(ShareError::Quantity(q));
        }
        let quantity = (q > 0).then_some(q as u32);
        let then = if version >= 2 {
            Some(unzigzag(r.varint()?))
        } else {
            None
        };
        let offered = |id: ItemId| quantity.is_none_or(|q| catalog.item(id).allows_quantity(q));
        match catalog.item_by_key(group, item) {
            // A quantity the item does not come in (now): left out, and said so.
            Some(id) if !offered(id) => out
                .missing
                .push(format!("{key} × {}", quantity.unwrap_or_default())),
            Some(id) if !out.choices.iter().any(|c| c.item == id) => {
                out.choices.push(Choice { item: id, quantity });
                let now = catalog.item(id).price;
                if let Some(then) = then.filter(|&t| Some(t) != minor_units(catalog, now)) {
                    out.price_changes.push(PriceChange {
                        item: id,
                        then: Money::from_minor_units(then, catalog.currency.minor_units()),
                        now,
                    });
                }
            }
            Some(_) => {}
            None => out.missing.push(key.to_owned()),
        }
    }
    Ok(out)
}

/// The first `len` bytes of a hex hash.
fn hash_prefix(hash: &str, len: usize) -> Vec<u8> {
    (0..len)
        .map(|k| {
            hash.get(2 * k..2 * k + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .unwrap_or(0)
        })
        .collect()
}

fn varint(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn done(&self) -> bool {
        self.at == self.bytes.len()
    }

    fn byte(&mut self) -> Result<u8, ShareError> {
        let b = *self.bytes.get(self.at).ok_or(ShareError::Truncated)?;
        self.at += 1;
        Ok(b)
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], ShareError> {
        let end = self.at.checked_add(n).ok_or(ShareError::Truncated)?;
        let s = self.bytes.get(self.at..end).ok_or(ShareError::Truncated)?;
        self.at = end;
        Ok(s)
    }

    fn varint(&mut self) -> Result<u64, ShareError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            let bits = u64::from(b & 0x7f);
            // Bits past the 64th would be dropped: an over-long number is malformed.
            if (bits << shift) >> shift != bits {
                return Err(ShareError::Truncated);
            }
            v |= bits << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(ShareError::Truncated)
    }
}
