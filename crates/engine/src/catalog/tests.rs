use super::*;
use crate::ItemId;
use crate::DEMO_CATALOG;

fn load(text: &str) -> Result<Catalog, CatalogError> {
    Catalog::from_json("test.json", text)
}

fn single_error(text: &str) -> Diagnostic {
    let err = load(text).unwrap_err();
    assert_eq!(err.diagnostics.len(), 1, "{err}");
    err.diagnostics.into_iter().next().unwrap()
}

#[test]
fn demo_catalog_loads() {
    let c = Catalog::from_json("demo", DEMO_CATALOG).unwrap();
    assert_eq!(c.groups().len(), 7);
    assert_eq!(c.rules().len(), 11);
    let i = c.item_by_key("chassis", "48p").unwrap();
    assert_eq!(c.item(i).sku, "NX3400-48P");
    assert_eq!(c.item(i).price.to_plain_string(&c.currency), "8495.00");
    assert_eq!(c.group(c.item(i).group).key, "chassis");
    // Starting price: cheapest chassis + cheapest power supply + cheapest licence.
    assert_eq!(c.starting_price().to_plain_string(&c.currency), "4585.00");
}

#[test]
fn syntax_errors_name_line_and_column() {
    let d = single_error("{\n  \"id\": \"x\",\n  \"name\" \"y\"\n}");
    assert_eq!((d.file.as_str(), d.line, d.column), ("test.json", 3, 10));
    assert!(d.message.contains("expected `:`"), "{}", d.message);
    assert!(d.to_string().starts_with("test.json:3:10: "));
}

#[test]
fn type_and_unknown_field_errors_name_the_place() {
    let text = r#"{"id":"c","name":"n","version":"1","currency":"USD","groups":[
  {"id":"g","name":"G","choice":"single","items":[
    {"id":"a","sku":"A","name":"A","price":"1.00","colour":"red"}]}]}"#;
    let d = single_error(text);
    assert_eq!(d.line, 3);
    assert!(
        d.message.contains("unknown field `colour`"),
        "{}",
        d.message
    );
    let text = r#"{"id":"c","name":"n","version":"1","currency":"USD","groups":[
  {"id":"g","name":"G","choice":"several","items":[]}]}"#;
    let d = single_error(text);
    assert_eq!(d.line, 2);
    assert!(
        d.message.contains("unknown variant `several`"),
        "{}",
        d.message
    );
    assert!(d.message.contains("single"), "{}", d.message);
}

#[test]
fn missing_fields_nulls_and_trailing_text() {
    let text = r#"{"id":"c","name":"n","version":"1","currency":"USD","groups":[
  {"id":"g","name":"G","choice":"single"}]}"#;
    let d = single_error(text);
    assert_eq!((d.line, d.column), (2, 41));
    assert!(d.message.contains("missing field `items`"), "{}", d.message);
    // `null` stands for an absent optional value.
    let text = r#"{"id":"c","name":"n","version":"1","currency":"USD","description":null,
  "groups":[{"id":"g","name":"G","choice":"single","min":null,"items":[
    {"id":"a","sku":"A","name":"A","price":"1.00","family":null}]}]}"#;
    let c = load(text).unwrap();
    assert_eq!((c.description.as_str(), c.groups()[0].min), ("", 0));
    let d = single_error(&format!("{DEMO_CATALOG}\n,"));
    assert!(d.message.contains("trailing characters"), "{}", d.message);
    let d = single_error(r#"{"id":"c\q"}"#);
    assert!(d.message.contains("invalid escape"), "{}", d.message);
}

#[test]
fn semantic_errors_point_at_the_value_and_all_are_reported() {
    let text = r#"{"id":"c","name":"n","version":"1","currency":"USD","groups":[
  {"id":"g","name":"G","choice":"single","items":[
    {"id":"a","sku":"A","name":"A","price":"1.005"},
    {"id":"a","sku":"B","name":"B","price":"2"}]}],
 "rules":[
  {"id":"r1","kind":"requires","if":"g.a","then":"g.zz","message":"m"}]}"#;
    let err = load(text).unwrap_err();
    let ds = &err.diagnostics;
    assert_eq!(ds.len(), 3, "{err}");
    assert_eq!((ds[0].line, ds[0].column), (3, 44));
    assert!(
        ds[0].message.contains("more than 2 decimal"),
        "{}",
        ds[0].message
    );
    assert_eq!(ds[0].path.as_deref(), Some("/groups/0/items/0/price"));
    assert_eq!((ds[1].line, ds[1].column), (4, 11));
    assert!(ds[1].message.contains("duplicate item id `a`"));
    // The column points inside the `then` string, at the bad reference.
    assert_eq!((ds[2].line, ds[2].column), (6, 51));
    assert!(
        ds[2].message.contains("group `g` has no item `zz`"),
        "{}",
        ds[2].message
    );
    assert!(ds[2].message.contains("rule `r1`"));
}

#[test]
fn group_bounds_are_checked() {
    let text = r#"{"id":"c","name":"n","version":"1","currency":"EUR","groups":[
  {"id":"g","name":"G","choice":"multiple","min":3,"max":2,"items":[
    {"id":"a","sku":"A","name":"A","price":"1"},{"id":"b","sku":"B","name":"B","price":"1"}]}]}"#;
    let d = single_error(text);
    assert!(
        d.message.contains("`min` (3) is greater than `max` (2)"),
        "{}",
        d.message
    );
    assert_eq!(d.path.as_deref(), Some("/groups/0/min"));
    let text = r#"{"id":"c","name":"n","version":"1","currency":"EUR","groups":[
  {"id":"g","name":"G","choice":"single","max":2,"items":[
    {"id":"a","sku":"A","name":"A","price":"1"}]}]}"#;
    let d = single_error(text);
    assert!(d.message.contains("use `required`"), "{}", d.message);
}

#[test]
fn unknown_currency_and_duplicate_sku_are_errors() {
    let text = r#"{"id":"c","name":"n","version":"1","currency":"DOGE","groups":[
  {"id":"g","name":"G","choice":"single","items":[
    {"id":"a","sku":"A","name":"A","price":"1"},{"id":"b","sku":"A","name":"B","price":"1"}]}]}"#;
    let err = load(text).unwrap_err();
    assert_eq!(err.diagnostics.len(), 2, "{err}");
    assert!(err.diagnostics[0]
        .message
        .contains("unknown currency `DOGE`"));
    assert!(err.diagnostics[1]
        .message
        .contains("SKU `A` is already used by item `g.a`"));
}

#[test]
fn group_conditions_are_parsed_and_checked() {
    let text = r#"{"id":"c","name":"n","version":"1","currency":"USD","groups":[
  {"id":"g","name":"G","choice":"single","items":[{"id":"a","sku":"A","name":"A","price":"1"}]},
  {"id":"h","name":"H","choice":"single","required":true,"when":"g.a","items":[{"id":"b","sku":"B","name":"B","price":"1"}]}]}"#;
    let c = load(text).unwrap();
    let h = c.group(c.group_by_key("h").unwrap());
    assert_eq!(h.when.as_ref().map(|(_, src)| src.as_str()), Some("g.a"));
    let text = text.replace("\"when\":\"g.a\"", "\"when\":\"h.b or g.zz\"");
    let err = load(&text).unwrap_err();
    assert!(
        err.to_string().contains("group `g` has no item `zz`"),
        "{err}"
    );
    let text = text.replace("h.b or g.zz", "h.b");
    let err = load(&text).unwrap_err();
    assert!(
        err.to_string().contains("cannot mention its own items"),
        "{err}"
    );
}

#[test]
fn end_of_sale_dates_are_validated() {
    assert_eq!(
        Date::parse("2024-02-29").map(|d| d.to_string()).as_deref(),
        Some("2024-02-29")
    );
    for bad in [
        "2023-02-29",
        "2026-13-01",
        "2026-04-31",
        "26-01-01",
        "2026/01/01",
        "2026-1-1",
    ] {
        assert!(Date::parse(bad).is_none(), "{bad}");
    }
    let text = r#"{"id":"c","name":"n","version":"1","currency":"USD","groups":[
  {"id":"g","name":"G","choice":"single","items":[{"id":"a","sku":"A","name":"A","price":"1","end_of_sale":"2026-02-30"}]}]}"#;
    let d = single_error(text);
    assert!(d.message.contains("is not a date"), "{}", d.message);
    assert_eq!(d.path.as_deref(), Some("/groups/0/items/0/end_of_sale"));
    assert!(Date::parse("2026-01-31").unwrap() < Date::parse("2026-02-01").unwrap());
}

#[test]
fn images_are_pictures_beside_the_catalog_or_data_urls() {
    let text = |src: &str| {
        format!(
            r#"{{"id":"c","name":"n","version":"1","currency":"USD","groups":[
  {{"id":"g","name":"G","choice":"single","items":[{{"id":"a","sku":"A","name":"A","price":"1","image":"{src}"}}]}}]}}"#
        )
    };
    for good in [
        "images/nr220-24s.svg",
        "a.png",
        "x/y_z-1.webp",
        "data:image/png;base64,iVBORw0KGgo=",
        "data:image/svg+xml;base64,PHN2Zz4=",
    ] {
        let c = Catalog::from_json("c.json", &text(good)).unwrap();
        assert_eq!(c.items()[0].image.as_deref(), Some(good));
    }
    for bad in [
        "https://evil.example/a.svg",
        "/abs/a.svg",
        "../up/a.svg",
        "images//a.svg",
        "images/a.html",
        "javascript:alert(1)//.svg",
        "data:text/html;base64,PHA+",
        "data:image/svg+xml,<svg onload=x>",
        "a b.svg",
    ] {
        let d = single_error(&text(bad));
        assert_eq!(d.path.as_deref(), Some("/groups/0/items/0/image"), "{bad}");
        assert!(d.message.starts_with("image of item `a`"), "{}", d.message);
    }
}

#[test]
fn replacements_name_another_item_of_an_item_with_an_end_of_sale() {
    let text = |a: &str| {
        format!(
            r#"{{"id":"c","name":"n","version":"1","currency":"USD","groups":[
  {{"id":"g","name":"G","choice":"single","items":[{{"id":"a","sku":"A","name":"A","price":"1"{a}}},
  {{"id":"b","sku":"B","name":"B","price":"1"}}]}}]}}"#
        )
    };
    let c = Catalog::from_json(
        "c.json",
        &text(r#","end_of_sale":"2026-01-31","replaced_by":"g.b""#),
    )
    .unwrap();
    let a = c.item_by_key("g", "a").unwrap();
    assert_eq!(c.item(a).replaced_by, c.item_by_key("g", "b"));
    for (extra, message) in [
        (
            r#","end_of_sale":"2026-01-31","replaced_by":"g.zz""#,
            "replaced_by of item `a`: `g.zz` is not an item (write `group.item`)",
        ),
        (
            r#","end_of_sale":"2026-01-31","replaced_by":"g.a""#,
            "replaced_by of item `a`: an item cannot replace itself",
        ),
        (
            r#","replaced_by":"g.b""#,
            "replaced_by of item `a`: only an item with an `end_of_sale` is replaced",
        ),
    ] {
        let d = single_error(&text(extra));
        assert_eq!(d.message, message);
        assert_eq!(d.path.as_deref(), Some("/groups/0/items/0/replaced_by"));
    }
}

#[test]
fn fields_of_other_rule_kinds_are_rejected_with_their_place() {
    let base = r#"{"id":"c","name":"n","version":"1","currency":"USD","groups":[
  {"id":"g","name":"G","choice":"single","items":[{"id":"a","sku":"A","name":"A","price":"1"}]}],
 "rules":[RULE]}"#;
    for (rule, field) in [
        (
            r#"{"id":"r","kind":"requires","then":"g.a","groups":["g"],"message":"m"}"#,
            "groups",
        ),
        (
            r#"{"id":"r","kind":"table","groups":["g"],"allowed":[["a"]],"then":"g.a","message":"m"}"#,
            "then",
        ),
        (
            r#"{"id":"r","kind":"count","items":["g.a"],"max":1,"if":"g.a","message":"m"}"#,
            "if",
        ),
        (
            r#"{"id":"r","kind":"resource","uses":"w","provides":"p","max":3,"message":"m"}"#,
            "max",
        ),
        (
            r#"{"id":"r","kind":"excludes","then":"g.a","uses":"w","message":"m"}"#,
            "uses",
        ),
    ] {
        let d = single_error(&base.replace("RULE", rule));
        assert!(
            d.message.contains(&format!("does not take `{field}`")),
            "{}",
            d.message
        );
        assert_eq!(d.path, Some(format!("/rules/0/{field}")));
    }
}

#[test]
fn item_quantities_are_loaded_and_checked() {
    let item = |q: &str| {
        format!(
            r#"{{"id":"c","name":"n","version":"1","currency":"USD","groups":[
  {{"id":"g","name":"G","choice":"multiple","items":[{{"id":"a","sku":"A","name":"A","price":"1"{q}}}]}}]}}"#
        )
    };
    let c = load(&item("")).unwrap();
    assert_eq!(c.items()[0].quantity, 1..=1);
    assert!(!c.items()[0].has_quantity());
    let c = load(&item(r#","quantity":{"max":8}"#)).unwrap();
    assert_eq!(c.items()[0].quantity, 1..=8);
    assert!(c.items()[0].has_quantity());
    let c = load(&item(r#","quantity":{"min":2,"max":4}"#)).unwrap();
    assert_eq!(c.items()[0].quantity, 2..=4);
    for bad in [
        r#","quantity":{"min":0,"max":4}"#,
        r#","quantity":{"min":5,"max":4}"#,
        r#","quantity":{"max":1000}"#,
    ] {
        let d = single_error(&item(bad));
        assert!(d.message.contains("quantity of item `a`"), "{}", d.message);
        assert_eq!(d.path.as_deref(), Some("/groups/0/items/0/quantity"));
        assert_eq!(d.line, 2, "{bad}");
    }
    let d = single_error(&item(r#","quantity":{"max":2,"step":1}"#));
    assert!(d.message.contains("step"), "{}", d.message);
    // Only some quantities of the range: the range becomes the first to the last.
    let c = load(&item(r#","quantity":{"max":16,"allowed":[2,4,8,12,16]}"#)).unwrap();
    let it = &c.items()[0];
    assert_eq!(it.quantity, 2..=16);
    assert_eq!(it.quantities().collect::<Vec<_>>(), [2, 4, 8, 12, 16]);
    assert!(it.allows_quantity(8) && !it.allows_quantity(6) && !it.allows_quantity(1));
    assert_eq!(it.quantities_text(), "2, 4, 8, 12 or 16");
    for (bad, why) in [
        (r#","quantity":{"max":8,"allowed":[]}"#, "[] must list"),
        (
            r#","quantity":{"max":8,"allowed":[1,4,2]}"#,
            "[1, 4, 2] must list",
        ),
        (
            r#","quantity":{"max":8,"allowed":[1,1]}"#,
            "[1, 1] must list",
        ),
        (
            r#","quantity":{"max":8,"allowed":[4,9]}"#,
            "between min 1 and max 8",
        ),
        (
            r#","quantity":{"min":2,"max":8,"allowed":[1,4]}"#,
            "between min 2 and max 8",
        ),
    ] {
        let d = single_error(&item(bad));
        assert!(
            d.message.contains("allowed quantities of item `a`"),
            "{}",
            d.message
        );
        assert!(d.message.contains(why), "{bad}: {}", d.message);
        assert_eq!(
            d.path.as_deref(),
            Some("/groups/0/items/0/quantity/allowed")
        );
    }
}

#[test]
fn content_hash_names_every_byte() {
    // SHA-256 known answers (FIPS 180-2 examples).
    assert_eq!(
        content_hash(b"abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    assert_eq!(
        content_hash(b""),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    // The legacy hash is frozen: old quotes and links carry these values (computed by an
    // independent re-implementation).
    assert_eq!(legacy_hash(b"abc"), "52b122f04960c203e45c316cc2d80261");
    assert_eq!(
        legacy_hash(b"The quick brown fox jumps over the lazy dog"),
        "4592dec3a98c92fda4f612a1b6ab6b45"
    );
    let base = DEMO_CATALOG.as_bytes();
    for hash in [content_hash, legacy_hash] {
        let h = hash(base);
        assert!(h.chars().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(h, hash(base), "deterministic");
        // One flipped bit anywhere, or one more byte, gives another hash.
        for at in [0, 7, 8, base.len() / 2, base.len() - 1] {
            let mut v = base.to_vec();
            v[at] ^= 1;
            assert_ne!(hash(&v), h, "bit flip at {at}");
        }
        let mut longer = base.to_vec();
        longer.push(b' ');
        assert_ne!(hash(&longer), h);
        assert_ne!(hash(b""), hash(b"\0"));
    }
    let catalog = Catalog::from_json("demo.json", DEMO_CATALOG).unwrap();
    assert_eq!(catalog.hash, content_hash(base));
    assert_eq!(catalog.legacy_hash, legacy_hash(base));
}

#[test]
fn embed_origins_are_read_and_checked() {
    // The demo allows the partner demo page (`cargo xtask serve`).
    let demo_embed = r#""embed": { "origins": ["http://localhost:8091"] }"#;
    assert!(DEMO_CATALOG.contains(demo_embed));
    let with = |embed: &str| DEMO_CATALOG.replacen(demo_embed, &format!("\"embed\": {embed}"), 1);
    let c = Catalog::from_json(
        "e.json",
        &with(r#"{"origins": ["https://partner.example", "http://localhost:8091"]}"#),
    )
    .unwrap();
    assert_eq!(
        c.embed_origins,
        ["https://partner.example", "http://localhost:8091"]
    );
    assert_eq!(
        Catalog::from_json("d.json", DEMO_CATALOG)
            .unwrap()
            .embed_origins,
        ["http://localhost:8091"]
    );
    assert!(Catalog::from_json(
        "n.json",
        &DEMO_CATALOG.replacen(&format!("{demo_embed},"), "", 1)
    )
    .unwrap()
    .embed_origins
    .is_empty());
    // A path, a wildcard or another scheme is refused at its place.
    for bad in [
        "https://partner.example/",
        "*",
        "ftp://x",
        "https://x:99999",
        "https://Partner.example",
    ] {
        let err = Catalog::from_json("e.json", &with(&format!(r#"{{"origins": ["{bad}"]}}"#)))
            .unwrap_err()
            .to_string();
        assert!(err.contains("is not an origin"), "{bad}: {err}");
        assert!(err.contains("e.json:"), "{err}");
    }
    let err = Catalog::from_json("e.json", &with(r#"{"origin": []}"#))
        .unwrap_err()
        .to_string();
    assert!(err.contains("unknown field `origin`"), "{err}");
}

#[test]
fn origins_are_what_browsers_write() {
    for ok in [
        "https://a.example",
        "http://127.0.0.1:8080",
        "http://[::1]:3000",
        "https://x-y.z",
    ] {
        assert!(is_origin(ok), "{ok}");
    }
    for bad in [
        "",
        "https://",
        "https://a.example/",
        "https://a.example:",
        "https://a.example:0",
        "https://a:b@c",
        "http://[::1",
        "null",
        "https://a.example?x",
    ] {
        assert!(!is_origin(bad), "{bad}");
    }
}

#[test]
fn dates_count_days_across_months_years_and_leap_days() {
    let d = |s: &str| Date::parse(s).unwrap();
    assert_eq!(d("1970-01-01").days_since_epoch(), 0);
    assert_eq!(d("2000-03-01").days_since_epoch(), 11_017);
    assert_eq!(d("1969-12-31").days_since_epoch(), -1);
    assert_eq!(d("2026-12-07").plus_days(25), Some(d("2027-01-01")));
    assert_eq!(d("2028-02-28").plus_days(1), Some(d("2028-02-29")));
    assert_eq!(d("2100-02-28").plus_days(1), Some(d("2100-03-01")));
    assert_eq!(d("2026-12-07").plus_days(0), Some(d("2026-12-07")));
    assert_eq!(d("9999-12-31").plus_days(1), None);
    // Every day of four centuries reads back as the date it was made from, one after another.
    let mut day = d("1900-01-01");
    for n in d("1900-01-01").days_since_epoch()..d("2300-01-01").days_since_epoch() {
        assert_eq!(day.days_since_epoch(), n);
        assert_eq!(Date::from_days_since_epoch(n), Some(day));
        let next = day.plus_days(1).unwrap();
        assert!(next > day);
        day = next;
    }
}

#[test]
fn lead_times_are_days_on_ordered_items_only() {
    let text = |item: &str, question: bool| {
        let q = if question { r#","question":"Q?""# } else { "" };
        format!(
            r#"{{"id":"c","name":"n","version":"1","currency":"USD","groups":[
  {{"id":"g","name":"G","choice":"single"{q},"items":[{item}]}}]}}"#
        )
    };
    let good = text(
        r#"{"id":"a","sku":"A","name":"A","price":"1","lead_days":21}"#,
        false,
    );
    let catalog = Catalog::from_json("c.json", &good).unwrap();
    assert_eq!(catalog.items[0].lead_days, 21);
    let none = text(r#"{"id":"a","sku":"A","name":"A","price":"1"}"#, false);
    assert_eq!(
        Catalog::from_json("c.json", &none).unwrap().items[0].lead_days,
        0
    );
    let d = single_error(&text(
        r#"{"id":"a","sku":"A","name":"A","price":"1","lead_days":3651}"#,
        false,
    ));
    assert!(
        d.message.contains("lead times are 0 to 3650 days"),
        "{}",
        d.message
    );
    assert_eq!(d.path.as_deref(), Some("/groups/0/items/0/lead_days"));
    let d = single_error(&text(r#"{"id":"a","name":"A","lead_days":3}"#, true));
    assert!(
        d.message.contains("an answer is not ordered"),
        "{}",
        d.message
    );
    assert_eq!(d.path.as_deref(), Some("/groups/0/items/0/lead_days"));
    let negative = text(
        r#"{"id":"a","sku":"A","name":"A","price":"1","lead_days":-1}"#,
        false,
    );
    let e = Catalog::from_json("c.json", &negative).unwrap_err();
    assert!(e.to_string().contains("c.json:2:"), "{e}");
}

#[test]
fn procurement_codes_are_read_and_checked_at_their_place() {
    let text = |procurement: &str, item: &str| {
        format!(
            r#"{{"id":"c","name":"n","version":"1","currency":"USD",{procurement}"groups":[
  {{"id":"g","name":"G","choice":"single","items":[{item}]}}]}}"#
        )
    };
    let plain = r#"{"id":"a","sku":"A","name":"A","price":"1"}"#;
    let own = r#"{"id":"b","sku":"B","name":"B","price":"1","unspsc":"43201553"}"#;
    let c = Catalog::from_json(
        "c.json",
        &text(
            r#""procurement":{"unspsc":"43222612","unit":"C62"},"#,
            &format!("{plain},{own}"),
        ),
    )
    .unwrap();
    assert_eq!(c.unspsc(), Some("43222612"));
    assert_eq!(c.unit_of_measure(), "C62");
    // An item without its own code is classified as its product line; one with its own, so.
    assert_eq!(c.item_unspsc(ItemId(0)), Some("43222612"));
    assert_eq!(c.item_unspsc(ItemId(1)), Some("43201553"));
    // Absent: no code, and a configured product counts as each.
    let none = Catalog::from_json("c.json", &text("", plain)).unwrap();
    assert_eq!(none.unspsc(), None);
    assert_eq!(none.item_unspsc(ItemId(0)), None);
    assert_eq!(none.unit_of_measure(), "EA");
    // Wrong codes are refused with their line and column.
    for (procurement, item, says) in [
        (
            r#""procurement":{"unspsc":"4322"},"#,
            plain,
            "not a UNSPSC code",
        ),
        (
            r#""procurement":{"unspsc":"4322261x"},"#,
            plain,
            "not a UNSPSC code",
        ),
        (
            r#""procurement":{"unit":"each"},"#,
            plain,
            "not a unit of measure",
        ),
        (r#""procurement":{"colour":"red"},"#, plain, "colour"),
        (
            "",
            r#"{"id":"a","sku":"A","name":"A","price":"1","unspsc":"1234567"}"#,
            "not a UNSPSC code",
        ),
    ] {
        let e = Catalog::from_json("c.json", &text(procurement, item)).unwrap_err();
        let shown = e.to_string();
        assert!(shown.contains(says), "{shown}");
        assert!(shown.contains("c.json:"), "{shown}");
    }
}
