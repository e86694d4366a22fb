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
    "procurement",
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

/// The form a customer with a contract gets: the public form plus their own partner tier (and
/// no other tier, nor the deal limits), so their configurator prices at their contract prices
/// while no other customer's discounts leave the seller. `tier` `None` (or one the catalog does
/// not have): the public form.
pub fn json_for_tier(text: &str, tier: Option<&str>) -> Result<String, PublicError> {
    let value: Value = serde_json::from_str(text).map_err(|e| PublicError(e.to_string()))?;
    let Value::Object(mut map) = value else {
        return Err(PublicError("not an object".into()));
    };
    let own: Vec<Value> = match (tier, map.get("partner_tiers")) {
        (Some(tier), Some(Value::Array(tiers))) => tiers
            .iter()
            .filter(|t| t.get("id").and_then(Value::as_str) == Some(tier))
            .cloned()
            .collect(),
        _ => Vec::new(),
    };
    map.retain(|key, _| PUBLIC_KEYS.contains(&key.as_str()));
    if !own.is_empty() {
        map.insert("partner_tiers".to_owned(), Value::Array(own));
    }
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
    fn a_contract_customer_gets_their_own_tier_and_no_other() {
        let full = Catalog::from_json("full.json", crate::DEMO_CATALOG).unwrap();
        let tier = full.pricing.tiers[0].id.clone();
        assert!(
            full.pricing.tiers.len() > 1,
            "the demo has tiers to leave out"
        );
        let theirs = json_for_tier(crate::DEMO_CATALOG, Some(&tier)).unwrap();
        let catalog = Catalog::from_json("theirs.json", &theirs).unwrap();
        let ids: Vec<&str> = catalog
            .pricing
            .tiers
            .iter()
            .map(|t| t.id.as_str())
            .collect();
        assert_eq!(ids, [tier.as_str()]);
        assert_eq!(catalog.pricing.tiers[0], full.pricing.tiers[0]);
        assert!(catalog.pricing.deal_limits.is_empty());
        // No tier, or one the catalog does not have: exactly the public form.
        let public = public_json(crate::DEMO_CATALOG).unwrap();
        assert_eq!(json_for_tier(crate::DEMO_CATALOG, None).unwrap(), public);
        assert_eq!(
            json_for_tier(crate::DEMO_CATALOG, Some("platinum-x")).unwrap(),
            public
        );
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
