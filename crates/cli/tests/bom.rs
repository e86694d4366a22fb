//! `configurator import-bom`: a distributor's bill of materials matched to its product line,
//! rebuilt, every problem reported with its line; the rebuilt configuration prices.

mod common;

use common::{configurator, temp};

const DISTRIBUTOR: &str = "Part Number,Description,Qty,Unit Price
NR220-24SFF,NR220 2U chassis,1,3650.00
CPU-NX-G6430,Gold 6430,2,4195.00
MEM-D5-64G,64GB RDIMM,10,649.00
SSD-S-960G,960GB SSD,20,399.00
XYZ-123,Some cable,3,5.00
NR110-8SFF,1U chassis,1,2450.00
";

#[test]
fn a_bill_of_materials_finds_its_product_line_and_says_what_did_not_fit() {
    let bom = temp("bom", "distributor.csv");
    std::fs::write(&bom, DISTRIBUTOR).unwrap();
    let config = temp("bom", "rebuilt.json");
    let (code, out, err) = configurator(&[
        "import-bom",
        "catalogs",
        &bom.display().to_string(),
        "-o",
        &config.display().to_string(),
    ]);
    assert_eq!(code, 1, "{out}{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "6 lines for Nexora NR Rack Servers 2026.11 (catalogs/nr-rack-servers.json)"
    );
    // Ten DIMMs are not sold; twelve would not populate two processors evenly: eight.
    assert_eq!(lines[1], "line 4: MEM-D5-64G (memory.64g): 10 units are not sold (it comes in 1, 2, 4, 8, 12, 16, 24 or 32); the configuration has 8");
    assert_eq!(
        lines[2],
        "line 6: unknown SKU XYZ-123: not in this product line; left out"
    );
    assert!(lines[3].starts_with("line 7: NR110-8SFF (chassis.nr110-8s) conflicts with the lines before: with SSD-S-960G (drives.ssd-960);"), "{out}");
    assert!(
        lines[3].contains("(rule `sff-bays`)")
            && lines[3].ends_with("left out; to keep it, remove SSD-S-960G (drives.ssd-960)"),
        "{out}"
    );
    assert!(
        out.contains("\nadded: 1 x RAID-P755-8G (raid.p755): with SSD-S-960G (drives.ssd-960);"),
        "{out}"
    );
    assert!(out.contains("\nmissing: Warranty (`warranty`) needs a choice; the cheapest completion takes WTY-3Y-NBD (warranty.3y-nbd)\n"), "{out}");
    assert!(
        out.ends_with("configuration: 4 choices, incomplete\n"),
        "{out}"
    );
    // The rebuilt configuration is one `price` reads.
    let written = std::fs::read_to_string(&config).unwrap();
    assert_eq!(written, "[[\"chassis\",\"nr220-24s\"],[\"processor\",\"g6430\",2],[\"memory\",\"64g\",8],[\"drives\",\"ssd-960\",20]]\n");
    let (code, out, err) = configurator(&[
        "price",
        "catalogs/nr-rack-servers.json",
        &config.display().to_string(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Status: incomplete"), "{out}");
}

#[test]
fn a_clean_bill_of_materials_exits_zero_and_reports_as_json() {
    let bom = temp("bom", "clean.txt");
    std::fs::write(&bom, "NX3400-48P\n2 x PWR-NX-1100AC\nLIC-NX-ADV\n").unwrap();
    let (code, out, err) = configurator(&[
        "import-bom",
        "catalogs/nx-3400-switch.json",
        &bom.display().to_string(),
        "--json",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["status"], "complete");
    assert_eq!(
        v["config"],
        serde_json::json!([
            ["chassis", "48p"],
            ["power", "1100ac", 2],
            ["licence", "advantage"]
        ])
    );
    assert_eq!(v["findings"], serde_json::json!([]));
}

#[test]
fn unreadable_or_foreign_bills_of_materials_are_errors() {
    let bom = temp("bom", "bad.csv");
    std::fs::write(&bom, "sku,qty\nNX3400-48P,lots\n").unwrap();
    let (code, _, err) = configurator(&["import-bom", "catalogs", &bom.display().to_string()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("bad.csv:2: quantity `lots` of NX3400-48P"),
        "{err}"
    );
    std::fs::write(&bom, "NOT-OURS 1\n").unwrap();
    let (code, _, err) = configurator(&["import-bom", "catalogs", &bom.display().to_string()]);
    assert_eq!(code, 2);
    assert!(err.contains("none of its 1 SKUs is in catalogs"), "{err}");
}
