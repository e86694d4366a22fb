//! Pricing, quotes and share links: the demo's waterfall by hand, exact totals and the
//! rounding rule on random catalogs, verification against every single-field tamper, and
//! share links that round-trip and reject corrupt input.

use configurator_engine::pricing::{price, PricingContext};
use configurator_engine::quote::{self, Quote, QuoteMeta};
use configurator_engine::share;
use configurator_engine::{
    Catalog, Choice, Engine, ItemId, Money, Status, DEMO_CATALOG, DEMO_CATALOG_FILE,
};
use proptest::prelude::*;
use serde_json::{json, Value};

#[path = "pricing/reference.rs"]
mod reference;

fn demo() -> Engine {
    Engine::new(Catalog::from_json(DEMO_CATALOG_FILE, DEMO_CATALOG).unwrap())
}

fn pick(e: &Engine, g: &str, i: &str, q: Option<u32>) -> Choice {
    Choice {
        item: e.catalog().item_by_key(g, i).unwrap(),
        quantity: q,
    }
}

/// A complete demo configuration touching every pricing feature.
fn full_config(e: &Engine) -> Vec<Choice> {
    vec![
        pick(e, "chassis", "48p", None),
        pick(e, "power", "1100ac", Some(2)),
        pick(e, "uplink", "8x10g", None),
        pick(e, "optics", "sfp-10g-sr", Some(8)),
        pick(e, "licence", "advantage", None),
        pick(e, "accessories", "stack-kit", None),
        pick(e, "accessories", "stack-cable", Some(2)),
        pick(e, "support", "smartcare-nbd", None),
    ]
}

fn m(s: &str) -> Money {
    Money::parse(s, &configurator_engine::Currency::from_code("USD").unwrap()).unwrap()
}

#[test]
fn deal_discounts_come_last_per_line_or_for_the_whole_quote() {
    let e = demo();
    let ev = e.evaluate(&full_config(&e));
    let deal = PricingContext {
        partner_tier: Some("gold".into()),
        deal: Some("5".into()),
        deal_lines: [("optics.sfp-10g-sr".to_owned(), "12.5".to_owned())].into(),
        ..PricingContext::default()
    };
    let p = price(e.catalog(), &ev, &deal).unwrap();
    let line = |g: &str, i: &str| {
        let id = e.catalog().item_by_key(g, i).unwrap();
        p.lines.iter().find(|l| l.item == id).unwrap().clone()
    };
    // Optics: volume 316.00, gold 1080.72, then the line's 12.5% of 1763.28 = 220.41.
    let optics = line("optics", "sfp-10g-sr");
    let amounts: Vec<Money> = optics.discounts.iter().map(|d| d.amount).collect();
    assert_eq!(amounts, [m("316.00"), m("1080.72"), m("220.41")]);
    assert_eq!(optics.discounts[2].source, "deal");
    assert_eq!(optics.discounts[2].name, "Deal discount (12.5%)");
    assert_eq!(optics.net, m("1542.87"));
    // The chassis: the quote's 5% after gold (8495.00 - 32% = 5776.60; 5% = 288.83).
    let chassis = line("chassis", "48p");
    assert_eq!(chassis.discounts.last().unwrap().source, "deal");
    assert_eq!(chassis.discounts.last().unwrap().amount, m("288.83"));
    // A free line gets no deal discount line.
    let cable = line("accessories", "stack-cable");
    assert_eq!(cable.discounts.len(), 1);
    assert_eq!(deal.deepest_deal(), "12.5".parse().unwrap());
    // Bad deals are errors naming their place.
    let bad = |deal: Option<&str>, line: Option<(&str, &str)>| {
        let c = PricingContext {
            deal: deal.map(str::to_owned),
            deal_lines: line
                .map(|(k, v)| [(k.to_owned(), v.to_owned())].into())
                .unwrap_or_default(),
            ..PricingContext::default()
        };
        price(e.catalog(), &ev, &c).unwrap_err().to_string()
    };
    assert_eq!(
        bad(Some("120"), None),
        "deal: the deal discount `120` is not a percentage from 0 to 100"
    );
    assert_eq!(
        bad(None, Some(("chassis.48p", "-3"))),
        "deal_lines.chassis.48p: the deal discount `-3` is not a percentage from 0 to 100"
    );
    assert_eq!(
        bad(None, Some(("chassis.99p", "3"))),
        "deal_lines: `chassis.99p` is not an item of this catalog"
    );
    // A quote with a deal verifies; a deal changed afterwards does not.
    let q = quote::build(&e, &full_config(&e), &deal, QuoteMeta::default()).unwrap();
    let text = q.to_json();
    assert!(text.contains("\"deal\": \"5\""), "{text}");
    let back = Quote::from_json(&text).unwrap();
    assert_eq!(quote::verify(&e, &back, None), []);
    let deeper = Quote::from_json(&text.replacen("\"deal\": \"5\"", "\"deal\": \"9\"", 1)).unwrap();
    let places: Vec<String> = quote::verify(&e, &deeper, None)
        .into_iter()
        .map(|d| d.place)
        .collect();
    assert!(
        places.contains(&"line 1 (chassis.48p) discounts".to_owned()),
        "{places:?}"
    );
}

#[test]
fn the_demo_waterfall_by_hand() {
    let e = demo();
    let choices = full_config(&e);
    let ev = e.evaluate(&choices);
    assert_eq!(ev.status, Status::Complete);
    let gold = PricingContext {
        partner_tier: Some("gold".into()),
        term_months: Some(36),
        ..PricingContext::default()
    };
    let p = price(e.catalog(), &ev, &gold).unwrap();
    let line = |g: &str, i: &str| {
        let id = e.catalog().item_by_key(g, i).unwrap();
        p.lines.iter().find(|l| l.item == id).unwrap().clone()
    };
    // The chassis is the major line, everything else its minor lines.
    assert_eq!(p.lines[0].number, "1");
    assert_eq!(p.lines[0].item, choices[0].item);
    assert!(p.lines[1..]
        .iter()
        .all(|l| l.parent.as_deref() == Some("1") && l.number.starts_with("1.")));
    // 8 SR optics: 3160.00 list, volume 10% = 316.00, then gold 38% of 2844.00 = 1080.72.
    let optics = line("optics", "sfp-10g-sr");
    assert_eq!((optics.quantity, optics.list), (8, m("3160.00")));
    let amounts: Vec<Money> = optics.discounts.iter().map(|d| d.amount).collect();
    assert_eq!(amounts, [m("316.00"), m("1080.72")]);
    assert_eq!(optics.discounts[0].source, "volume");
    assert_eq!(optics.discounts[1].source, "partner");
    assert_eq!(optics.net, m("1763.28"));
    // Cables come with the stacking kit: a bundle discount of the whole line, nothing else.
    let cable = line("accessories", "stack-cable");
    assert_eq!((cable.list, cable.net), (m("590.00"), Money::ZERO));
    assert_eq!(cable.discounts.len(), 1);
    assert_eq!(cable.discounts[0].source, "bundle");
    // Support: 8% a year of the hardware list (8495 + 2990 + 3495 + 3160 = 18140).
    let support = line("support", "smartcare-nbd");
    assert_eq!(support.unit_list, m("1451.20"));
    assert_eq!(support.net, m("1306.08")); // gold 10% on support
    let one_time: Money = p
        .lines
        .iter()
        .filter(|l| l.recurring.is_none())
        .map(|l| l.net)
        .sum();
    assert_eq!(p.totals.one_time, one_time);
    assert_eq!(p.totals.yearly, m("1306.08"));
    assert_eq!(p.totals.contract_value, one_time + m("3918.24")); // 3 years
                                                                  // The euro book has its own prices; an unknown book or term is a clear error.
    let eur = PricingContext {
        price_book: Some("eur".into()),
        ..PricingContext::default()
    };
    let p = price(e.catalog(), &ev, &eur).unwrap();
    assert_eq!(p.currency.code(), "EUR");
    assert_eq!(p.term_months, 12);
    let err = price(
        e.catalog(),
        &ev,
        &PricingContext {
            price_book: Some("gbp".into()),
            ..PricingContext::default()
        },
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "no price book `gbp` in this catalog (it has: list, eur)"
    );
    let err = price(
        e.catalog(),
        &ev,
        &PricingContext {
            term_months: Some(24),
            ..PricingContext::default()
        },
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "a term of 24 months is not offered (terms: 12, 36, 60)"
    );
}

#[test]
fn quotes_are_canonical_json_and_csv_neutralises_formulas() {
    let e = demo();
    let meta = QuoteMeta {
        quote_number: "Q-1001".into(),
        customer: "=HYPERLINK(\"http://x\")".into(),
        prepared_by: "Ann".into(),
        valid_until: Some("2026-12-31".into()),
        notes: String::new(),
    };
    let q = quote::build(&e, &full_config(&e), &PricingContext::default(), meta).unwrap();
    let text = q.to_json();
    let back = Quote::from_json(&text).unwrap();
    assert_eq!(back, q);
    assert_eq!(back.to_json(), text, "canonical: the same text again");
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["format"], "configurator-quote/2");
    assert_eq!(v["catalog"]["hash"].as_str().unwrap(), e.catalog().hash);
    assert_eq!(e.catalog().hash.len(), 64, "SHA-256");
    assert!(v["lines"][0]["net"].is_string(), "money is a string");
    let csv = q.to_csv();
    let rows: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(
        rows[0],
        "Line,Parent,SKU,Name,Quantity,Unit list,List,Discounts,Net,Billing,Currency"
    );
    assert_eq!(
        rows.len(),
        q.lines.len() + 2,
        "a row per line and a final CRLF"
    );
    assert!(
        rows[1].starts_with("1,,NX3400-48P,NX-3400 48P,1,8495.00,8495.00,,8495.00,one-time,USD")
    );
    // Quoting and neutralising, by the rules.
    let mut evil = q.clone();
    evil.lines[0].name = "=1+2, \"quoted\"".into();
    evil.lines[0].sku = "@SUM(A1)".into();
    let csv = evil.to_csv();
    assert!(
        csv.contains(",'@SUM(A1),\"'=1+2, \"\"quoted\"\"\","),
        "{csv}"
    );
    assert!(Quote::from_json("{}").is_err());
    // Errors name what is wrong and where.
    let bad = text.replacen("\"quantity\": 1", "\"quantity\": \"one\"", 1);
    let err = Quote::from_json(&bad).unwrap_err().to_string();
    assert!(
        err.contains("invalid type: string \"one\", expected u32 at line "),
        "{err}"
    );
    let err = Quote::from_json(&text.replacen("\"sku\"", "\"code\"", 1))
        .unwrap_err()
        .to_string();
    assert!(err.contains("unknown field `code`"), "{err}");
    let err = Quote::from_json(&format!("{text} extra"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("trailing characters"), "{err}");
    assert!(
        Quote::from_json(&text.replace("configurator-quote/2", "configurator-quote/9")).is_err()
    );
    // A quote of format 1 names the catalog by its legacy hash: it still reads and verifies
    // clean; the SHA-256 under format 1 (or the legacy hash under format 2) is a difference.
    let old = text
        .replace("configurator-quote/2", "configurator-quote/1")
        .replace(&e.catalog().hash, &e.catalog().legacy_hash);
    let old = Quote::from_json(&old).unwrap();
    assert_eq!(quote::verify(&e, &old, None), []);
    let mixed = text.replace("configurator-quote/2", "configurator-quote/1");
    let diffs = quote::verify(&e, &Quote::from_json(&mixed).unwrap(), None);
    assert_eq!(diffs.len(), 1, "{diffs:?}");
    assert_eq!(diffs[0].place, "catalog.hash");
    let mixed = text.replace(&e.catalog().hash, &e.catalog().legacy_hash);
    let diffs = quote::verify(&e, &Quote::from_json(&mixed).unwrap(), None);
    assert_eq!(diffs.len(), 1, "{diffs:?}");
}

/// Every leaf of a JSON value, as a path of keys and indices.
fn leaves(v: &Value, path: &mut Vec<Value>, out: &mut Vec<Vec<Value>>) {
    match v {
        Value::Object(map) => {
            for (k, x) in map {
                path.push(json!(k));
                leaves(x, path, out);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, x) in items.iter().enumerate() {
                path.push(json!(i));
                leaves(x, path, out);
                path.pop();
            }
        }
        _ => out.push(path.clone()),
    }
}

fn leaf_mut<'a>(v: &'a mut Value, path: &[Value]) -> &'a mut Value {
    path.iter().fold(v, |v, k| match k {
        Value::String(s) => &mut v[s.as_str()],
        _ => &mut v[k.as_u64().unwrap() as usize],
    })
}

#[test]
fn verify_accepts_untampered_quotes_and_rejects_every_single_field_tamper() {
    let e = demo();
    let mut verified_money = 0;
    let mut line_deals = 0;
    for seed in 0..12u64 {
        // Random complete configurations, priced in every book, with and without a tier.
        let mut choices: Vec<Choice> = e
            .random_session(seed, 30)
            .into_iter()
            .map(Choice::from)
            .collect();
        choices = e.cheapest_completion(&choices).unwrap_or(choices);
        let context = PricingContext {
            price_book: Some(["list", "eur"][seed as usize % 2].into()),
            partner_tier: (seed % 3 > 0).then(|| ["silver", "gold"][seed as usize % 2].into()),
            term_months: Some([12, 36, 60][seed as usize % 3]),
            deal: (seed % 4 == 1).then(|| "7.5".into()),
            // A line deal on a line of this configuration (one on a line it does not have
            // prices nothing, so changing it changes no price).
            deal_lines: if seed % 5 == 2
                && choices
                    .iter()
                    .any(|c| Some(c.item) == e.catalog().item_by_key("chassis", "48p"))
            {
                [("chassis.48p".to_owned(), "12".to_owned())].into()
            } else {
                Default::default()
            },
        };
        let meta = QuoteMeta {
            quote_number: format!("Q-{seed}"),
            ..QuoteMeta::default()
        };
        line_deals += usize::from(!context.deal_lines.is_empty());
        let q = quote::build(&e, &choices, &context, meta).unwrap();
        assert_eq!(q.status, quote::QuoteStatus::Complete);
        assert_eq!(quote::verify(&e, &q, None), []);
        let original: Value = serde_json::from_str(&q.to_json()).unwrap();
        let mut paths = Vec::new();
        leaves(&original, &mut Vec::new(), &mut paths);
        for path in paths {
            // Metadata is the rep's own text: nothing in the catalog to check it against.
            if path[0] == "meta" {
                continue;
            }
            let mut tampered = original.clone();
            let leaf = leaf_mut(&mut tampered, &path);
            // A decimal gets one unit more in its last place (`12.50` -> `12.51`): well formed,
            // so the reader takes it and only verification can catch it.
            let mut well_formed = false;
            *leaf = match leaf.clone() {
                Value::String(s) => match s.parse::<rust_decimal::Decimal>() {
                    Ok(d) => {
                        well_formed = true;
                        let one = rust_decimal::Decimal::new(1, d.scale());
                        json!((d + one).to_string())
                    }
                    Err(_) => json!(format!("{s}x")),
                },
                Value::Number(n) => json!(n.as_u64().unwrap_or(0) + 1),
                other => panic!("unexpected leaf {other}"),
            };
            let differences = match Quote::from_json(&tampered.to_string()) {
                Err(e) => {
                    assert!(
                        !well_formed,
                        "tampering {path:?} with a well-formed decimal was refused by the \
                         reader, not by verification: {e}"
                    );
                    continue;
                }
                Ok(t) => quote::verify(&e, &t, None),
            };
            assert!(!differences.is_empty(), "tampering {path:?} went unnoticed");
            if well_formed {
                verified_money += 1;
            }
        }
    }
    // The money tampers reached verification (hundreds of them: every price, net and total).
    assert!(
        verified_money > 500,
        "only {verified_money} money tampers verified"
    );
    assert!(line_deals > 0, "no quote had a line deal");
    // An expired quote is reported when today is given.
    let q = quote::build(
        &e,
        &full_config(&e),
        &PricingContext::default(),
        QuoteMeta {
            valid_until: Some("2026-01-31".into()),
            ..QuoteMeta::default()
        },
    )
    .unwrap();
    let d = quote::verify(&e, &q, Some("2026-02-01"));
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].place, "meta.valid_until");
}

#[test]
fn share_links_round_trip_and_survive_catalog_changes() {
    let e = demo();
    for seed in 0..20 {
        let mut choices: Vec<Choice> = e
            .random_session(seed, 30)
            .into_iter()
            .map(Choice::from)
            .collect();
        if let Some(c) = choices.first_mut() {
            if e.catalog().item(c.item).has_quantity() {
                c.quantity = Some(2);
            }
        }
        let link = share::encode(e.catalog(), &choices);
        assert!(link
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        let back = share::decode(e.catalog(), &link).unwrap();
        assert_eq!(back.choices, choices);
        assert!(back.same_catalog && back.missing.is_empty() && back.price_changes.is_empty());
    }
    // A newer catalog without one of the items: the others still open, the missing one is
    // named, and the link is known to come from another version.
    let choices = full_config(&e);
    let link = share::encode(e.catalog(), &choices);
    let newer = DEMO_CATALOG.replace(
        "{ \"id\": \"smartcare-nbd\"",
        "{ \"id\": \"smartcare-nbd-v2\"",
    );
    let newer = Catalog::from_json("newer.json", &newer).unwrap();
    let back = share::decode(&newer, &link).unwrap();
    assert!(!back.same_catalog);
    assert_eq!(back.missing, ["support.smartcare-nbd"]);
    assert_eq!(back.choices.len(), choices.len() - 1);
    assert!(back.price_changes.is_empty());
    // A newer catalog with a new list price for the chassis: the link says what it was.
    let repriced = DEMO_CATALOG.replace("\"price\": \"8495.00\"", "\"price\": \"8695.00\"");
    assert_ne!(repriced, DEMO_CATALOG);
    let repriced = Catalog::from_json("repriced.json", &repriced).unwrap();
    let back = share::decode(&repriced, &link).unwrap();
    let chassis = repriced.item_by_key("chassis", "48p").unwrap();
    let usd = &repriced.currency;
    assert_eq!(
        back.price_changes,
        [share::PriceChange {
            item: chassis,
            then: configurator_engine::Money::parse("8495", usd).unwrap(),
            now: configurator_engine::Money::parse("8695", usd).unwrap(),
        }]
    );
    // Version 1 links (without prices) still open.
    let mut v1 = vec![1u8];
    v1.extend([0, 0, 0, 0]);
    v1.extend([11u8]);
    v1.extend(b"chassis.48p");
    v1.push(0);
    let v1 = {
        use base64::Engine as _;
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v1)
    };
    let back = share::decode(e.catalog(), &v1).unwrap();
    assert_eq!(back.choices, [Choice::from(chassis)]);
    assert!(!back.same_catalog && back.price_changes.is_empty());
    // Links of versions 1 and 2 name the catalog by its legacy hash: made with this very
    // catalog, they are recognised as such; version 3 carries 8 bytes of the SHA-256.
    let legacy: Vec<u8> = (0..4)
        .map(|k| u8::from_str_radix(&e.catalog().legacy_hash[2 * k..2 * k + 2], 16).unwrap())
        .collect();
    for version in [1u8, 2] {
        let mut bytes = vec![version];
        bytes.extend(&legacy);
        bytes.extend([11u8]);
        bytes.extend(b"chassis.48p");
        bytes.push(0);
        if version == 2 {
            bytes.extend([0xb8, 0xd9, 0x67]); // 849500 cents, zigzag: 1699000.
        }
        let link = {
            use base64::Engine as _;
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
        };
        let back = share::decode(e.catalog(), &link).unwrap();
        assert!(back.same_catalog, "version {version}");
        assert!(back.price_changes.is_empty(), "version {version}");
    }
    let bytes = {
        use base64::Engine as _;
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(share::encode(e.catalog(), &[Choice::from(chassis)]))
            .unwrap()
    };
    assert_eq!(bytes[0], 3);
    assert_eq!(
        bytes[1..9]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>(),
        e.catalog().hash[..16]
    );
    // Corrupt input is an error that says so.
    assert_eq!(
        share::decode(e.catalog(), "not base64!").unwrap_err(),
        share::ShareError::Encoding
    );
    let cut = {
        use base64::Engine as _;
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let bytes = b64.decode(&link).unwrap();
        b64.encode(&bytes[..bytes.len() - 3])
    };
    assert_eq!(
        share::decode(e.catalog(), &cut).unwrap_err(),
        share::ShareError::Truncated
    );
    assert!(matches!(
        share::decode(e.catalog(), &"A".repeat(9000)).unwrap_err(),
        share::ShareError::TooLong(9000)
    ));
    assert_eq!(
        share::decode(e.catalog(), "BA").unwrap_err(),
        share::ShareError::Version(4)
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// The share decoder never panics on arbitrary input.
    #[test]
    fn share_decoding_never_panics(text in ".{0,200}", bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        let e = demo();
        let _ = share::decode(e.catalog(), &text);
        use base64::Engine as _;
        let encoded = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&bytes);
        let _ = share::decode(e.catalog(), &encoded);
    }

    /// The catalog loader never panics on arbitrary (or mangled) input.
    #[test]
    fn catalog_loading_never_panics(text in ".{0,300}", cut in 0usize..4000) {
        let _ = Catalog::from_json("x.json", &text);
        let end = DEMO_CATALOG.char_indices().map(|(i, _)| i).take_while(|&i| i <= cut).last().unwrap_or(0);
        let _ = Catalog::from_json("x.json", &DEMO_CATALOG[..end]);
    }

    /// On random priced catalogs in currencies with 0, 2 and 3 decimals: nets are list minus
    /// the discounts, every discount and computed unit price is whole minor units, each
    /// total is exactly the sum of its lines, and every line (list, waterfall, net) and total
    /// is what an independent reference of the documented rule computes
    /// (`pricing/reference.rs`), in two price books, with and without a partner tier and deals.
    #[test]
    fn totals_add_up_and_rounding_follows_the_rule(
        prices in prop::collection::vec((1u32..100_000, 1u32..=12, any::<bool>(), 0u32..3), 2..7),
        percents in prop::collection::vec(0u32..=10_000, 4),
        picks in prop::collection::vec((any::<prop::sample::Index>(), 0u32..=13), 1..6),
        currency in prop::sample::select(vec![("JPY", 0u32), ("USD", 2), ("BHD", 3)]),
        term in prop::sample::select(vec![12u32, 18, 36]),
    ) {
        let (code, digits) = currency;
        let scale = 10u32.pow(digits);
        let pct = |k: usize| format!("{}.{:02}", percents[k] / 100, percents[k] % 100);
        let mut items: Vec<Value> = prices
            .iter()
            .enumerate()
            .map(|(k, &(minor, max, yearly, fam))| {
                let price = if digits == 0 { minor.to_string() } else { format!("{}.{:0w$}", minor / scale, minor % scale, w = digits as usize) };
                let mut it = json!({"id": format!("i{k}"), "sku": format!("S{k}"), "name": format!("Item {k}"),
                    "price": price, "prices": {"eur": format!("{}.{:02}", minor / 100, minor % 100)},
                    "family": format!("f{fam}"), "quantity": {"max": max},
                    "volume": [{"min": 2, "percent": pct(0)}, {"min": 5, "percent": pct(1)}]});
                if yearly { it["recurring"] = json!("year"); }
                it
            })
            .collect();
        items.push(json!({"id": "care", "sku": "CARE", "name": "Care", "recurring": "month",
            "percent_of": {"percent": pct(2), "families": ["f0", "f1"]}}));
        items[1]["includes"] = json!(["g.i0"]);
        let catalog = json!({"id": "p", "name": "P", "version": "1", "currency": code, "terms": [12, 18, 36],
            "price_books": [{"id": "eur", "name": "Euro", "currency": "EUR"}],
            "partner_tiers": [{"id": "t", "name": "T", "discounts": {"f0": pct(3), "f1": pct(2), "f2": pct(1)}}],
            "groups": [{"id": "g", "name": "G", "choice": "multiple", "items": items}]});
        let json = catalog;
        let catalog = Catalog::from_json("p.json", &json.to_string()).unwrap();
        let engine = Engine::new(catalog);
        let n = engine.catalog().items().len();
        let mut choices: Vec<Choice> = Vec::new();
        for (index, q) in picks {
            let item = ItemId::from_index(index.index(n));
            let it = engine.catalog().item(item);
            let quantity = (q > 0 && it.quantity.contains(&q)).then_some(q);
            if !choices.iter().any(|c| c.item == item) {
                choices.push(Choice { item, quantity });
            }
        }
        let ev = engine.evaluate(&choices);
        let quantities: Vec<u32> = (0..n).map(|k| ev.quantity(ItemId::from_index(k))).collect();
        for (tier, book) in [(None, None), (Some("t".to_owned()), None), (None, Some("eur")), (Some("t".to_owned()), Some("eur"))] {
            // With a tier, a deal for the quote and another for the first item's line.
            let deal = tier.as_ref().map(|_| pct(3));
            let deal_lines: std::collections::BTreeMap<String, String> =
                tier.iter().map(|_| ("g.i0".to_owned(), pct(0))).collect();
            let ctx = PricingContext { partner_tier: tier.clone(), term_months: Some(term), price_book: book.map(str::to_owned),
                deal: deal.clone(), deal_lines: deal_lines.clone() };
            let p = price(engine.catalog(), &ev, &ctx).unwrap();
            // The independent reference: every line's list, waterfall and net, and the totals.
            let rcx = reference::Context { book: book.map(str::to_owned), tier: tier.clone(), term,
                deal: deal.map(|d| d.parse().unwrap()), deal_lines: deal_lines.iter().map(|(k, v)| (k.clone(), v.parse().unwrap())).collect() };
            let (want, totals) = reference::price(&json, &quantities, &rcx);
            let got: Vec<reference::Line> = p.lines.iter().map(|l| {
                let it = engine.catalog().item(l.item);
                reference::Line {
                    key: format!("{}.{}", engine.catalog().group(it.group).key, it.key),
                    quantity: l.quantity,
                    unit_list: l.unit_list.amount(),
                    list: l.list.amount(),
                    discounts: l.discounts.iter().map(|d| (d.source, d.amount.amount())).collect(),
                    net: l.net.amount(),
                    period: l.recurring.map(|r| if r == configurator_engine::catalog::Period::Month { "month" } else { "year" }.to_owned()),
                }
            }).collect();
            prop_assert_eq!(&got, &want, "under {:?}", ctx);
            let t = &p.totals;
            prop_assert_eq!(
                reference::Totals { one_time: t.one_time.amount(), monthly: t.monthly.amount(), yearly: t.yearly.amount(), contract_value: t.contract_value.amount() },
                totals, "under {:?}", ctx);
            let whole = |m: Money| m.rounded(&p.currency) == m;
            for l in &p.lines {
                prop_assert!(whole(l.unit_list), "unit price {} not in minor units", l.unit_list);
                prop_assert_eq!(l.list, l.unit_list.times(l.quantity));
                prop_assert!(l.discounts.iter().all(|d| whole(d.amount) && d.amount >= Money::ZERO));
                prop_assert_eq!(l.net, l.list - l.discounts.iter().map(|d| d.amount).sum::<Money>());
                prop_assert!(l.net >= Money::ZERO);
            }
            let sum = |f: &dyn Fn(&configurator_engine::pricing::Line) -> bool| -> Money {
                p.lines.iter().filter(|l| f(l)).map(|l| l.net).sum()
            };
            prop_assert_eq!(p.totals.one_time, sum(&|l| l.recurring.is_none()));
            prop_assert_eq!(p.totals.monthly, sum(&|l| l.recurring == Some(configurator_engine::catalog::Period::Month)));
            prop_assert_eq!(p.totals.yearly, sum(&|l| l.recurring == Some(configurator_engine::catalog::Period::Year)));
            // The written rule: yearly × months / 12, rounded half away from zero.
            let twelfths = (p.totals.yearly.amount() * rust_decimal::Decimal::from(term)
                / rust_decimal::Decimal::from(12))
            .round_dp_with_strategy(
                p.currency.minor_units(),
                rust_decimal::RoundingStrategy::MidpointAwayFromZero,
            );
            prop_assert_eq!(
                p.totals.contract_value.amount(),
                (p.totals.one_time + p.totals.monthly.times(term)).amount() + twelfths
            );
            prop_assert!(whole(p.totals.contract_value));
        }
    }
}

#[test]
fn reopen_reads_what_a_configurator_needs_and_skips_the_priced_part() {
    let e = demo();
    let context = PricingContext {
        partner_tier: Some("gold".into()),
        deal: Some("5".into()),
        ..PricingContext::default()
    };
    let meta = QuoteMeta {
        quote_number: "Q-7".into(),
        customer: "ACME".into(),
        ..QuoteMeta::default()
    };
    let q = quote::build(&e, &full_config(&e), &context, meta.clone()).unwrap();
    let text = q.to_json();
    let mut r = configurator_engine::json::Reader::new(&text);
    let back = quote::reopen(&mut r).unwrap();
    assert_eq!(back.catalog, q.catalog);
    assert_eq!(back.configuration, q.configuration);
    assert_eq!(back.context, q.context);
    assert_eq!(back.meta, meta);
    // The priced part is skipped, not checked; the parts it reads are.
    let odd = text.replacen("\"net\": \"", "\"net\": \"x", 1);
    let mut r = configurator_engine::json::Reader::new(&odd);
    assert!(quote::reopen(&mut r).is_ok());
    let broken = text.replacen("\"group\": \"chassis\"", "\"group\": 7", 1);
    let mut r = configurator_engine::json::Reader::new(&broken);
    assert!(quote::reopen(&mut r).is_err());
    let mut r = configurator_engine::json::Reader::new("{\"format\": \"x\"}");
    assert!(
        quote::reopen(&mut r).is_err(),
        "catalog, configuration, context, meta required"
    );
}

#[test]
fn a_quote_ships_when_its_slowest_line_can() {
    let e = demo();
    let config = full_config(&e);
    let q = quote::build(
        &e,
        &config,
        &PricingContext::default(),
        QuoteMeta::default(),
    )
    .unwrap();
    // Each line keeps its item's lead time as priced; the quote's is the longest of them.
    for l in &q.lines {
        let (g, i) = l.item.split_once('.').unwrap();
        let item = e.catalog().item_by_key(g, i).unwrap();
        assert_eq!(l.lead_days, e.catalog().item(item).lead_days, "{}", l.item);
    }
    let longest = q.lines.iter().map(|l| l.lead_days).max().unwrap();
    assert!(longest > 0, "the demo states lead times");
    assert_eq!(q.lead_days(), longest);
    assert_eq!(
        q.lead_days(),
        e.catalog().lead_days(config.iter().map(|c| c.item))
    );
    let ordered = configurator_engine::catalog::Date::parse("2026-12-20").unwrap();
    assert_eq!(
        q.ship_date(ordered),
        ordered.plus_days(longest),
        "the order's day plus the longest lead time"
    );
    // Written with the line (only when it has one), read back the same.
    let v: Value = serde_json::from_str(&q.to_json()).unwrap();
    for (line, written) in q.lines.iter().zip(v["lines"].as_array().unwrap()) {
        match line.lead_days {
            0 => assert!(written.get("lead_days").is_none()),
            d => assert_eq!(written["lead_days"], json!(d)),
        }
    }
    assert_eq!(Quote::from_json(&q.to_json()).unwrap(), q);
    // A quote made before lead times (no `lead_days` on its lines) reads as from stock.
    let mut old = v.clone();
    for l in old["lines"].as_array_mut().unwrap() {
        l.as_object_mut().unwrap().remove("lead_days");
    }
    assert_eq!(Quote::from_json(&old.to_string()).unwrap().lead_days(), 0);
}
