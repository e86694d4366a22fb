//! The public form of a catalog: what a browser may read. A catalog file also holds what only
//! the seller's own staff may see (a partner tier's discounts, each role's deal-discount
//! limit); a server that hands catalogs to browsers hands them [`public_json`] instead.
//!
//! Every top-level key of the catalog schema is either public ([`PUBLIC_KEYS`]) or internal
//! ([`INTERNAL_KEYS`]); the schema test fails when a key is in neither, so a new section is
//! classified when it is added. The public form keeps only public keys: a key forgotten in
//! both lists is left out, never leaked.

use serde_json::Value;

/// The top-level keys a browser may read: everything the configurator and its pricing at list
/// price (price books, terms) need.
pub const PUBLIC_KEYS: &[&str] = &[
    "$schema",
    "id",
    "name",
    "description",
    "version",
    "currency",
    "price_books",
    "terms",
    "quote_validity_days",
    "embed",
    "groups",
    "rules",
];

/// The top-level keys only the seller's staff may read: partner tiers (their discounts) and
/// the deal-discount limit of each role.
pub const INTERNAL_KEYS: &[&str] = &["partner_tiers", "deal_limits"];

/// Why a catalog has no public form.
#[derive(Debug, thiserror::Error)]
#[error("the catalog is not a JSON object: {0}")]
pub struct PublicError(String);

/// The public form of catalog text: the same JSON without its internal keys (any key not in
/// [`PUBLIC_KEYS`]), written the same way every time (two-space indents, a final newline), so
/// its content hash is stable for as long as the file is.
pub fn public_json(text: &str) -> Result<String, PublicError> {
    let value: Value = serde_json::from_str(text).map_err(|e| PublicError(e.to_string()))?;
    let Value::Object(mut map) = value else {
        return Err(PublicError("not an object".into()));
    };
    map.retain(|key, _| PUBLIC_KEYS.contains(&key.as_str()));
    let mut out = serde_json::to_string_pretty(&Value::Object(map))
        .map_err(|e| PublicError(e.to_string()))?;
    out.push('\n');
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Catalog;

    #[test]
    fn the_demo_loses_its_tiers_and_limits_and_still_loads() {
        let public = public_json(crate::DEMO_CATALOG).unwrap();
        let full: Value = serde_json::from_str(crate::DEMO_CATALOG).unwrap();
        assert!(full.get("partner_tiers").is_some() && full.get("deal_limits").is_some());
        let stripped: Value = serde_json::from_str(&public).unwrap();
        for key in INTERNAL_KEYS {
            assert!(stripped.get(key).is_none(), "{key}");
        }
        assert_eq!(stripped["groups"], full["groups"]);
        let catalog = Catalog::from_json("public.json", &public).unwrap();
        assert!(catalog.pricing.tiers.is_empty());
        assert!(catalog.pricing.deal_limits.is_empty());
        assert_eq!(public, public_json(&public).unwrap(), "stable");
    }

    #[test]
    fn unknown_and_malformed_input() {
        assert!(public_json("[1]").is_err());
        assert!(public_json("{").is_err());
        assert_eq!(
            public_json(r#"{"id":"x","secret":1}"#).unwrap(),
            "{\n  \"id\": \"x\"\n}\n"
        );
    }
}
