//! The product lines the desk hands browsers: the catalogs folder's manifest, checked against
//! its catalogs at start, or one made for a folder without a manifest.

use crate::common;

use configurator_engine::catalog::manifest::{Manifest, MANIFEST_FILE};
use configurator_server::catalogs::Catalogs;

/// A scratch folder holding copies of some shipped catalog files.
fn folder(files: &[&str]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("desk-lines-{}", common::random()));
    std::fs::create_dir_all(&dir).unwrap();
    for file in files {
        std::fs::copy(common::catalogs_dir().join(file), dir.join(file)).unwrap();
    }
    dir
}

/// What browsers get at `/catalogs/product-lines.json`, read back.
fn served(catalogs: &Catalogs) -> Manifest {
    let bytes = catalogs.public_file(MANIFEST_FILE).expect("served");
    Manifest::from_json("served", std::str::from_utf8(&bytes).unwrap()).unwrap()
}

#[test]
fn the_shipped_manifest_is_served_in_its_order() {
    let catalogs = Catalogs::load(Some(&common::catalogs_dir())).unwrap();
    let text = std::fs::read_to_string(common::catalogs_dir().join(MANIFEST_FILE)).unwrap();
    let shipped = Manifest::from_json(MANIFEST_FILE, &text).unwrap();
    assert_eq!(served(&catalogs), shipped);
    assert_eq!(catalogs.lines(), &shipped);
    // Each line's catalog and diagram are served too.
    for line in &shipped.lines {
        assert!(
            catalogs.public_file(&line.catalog).is_some(),
            "{}",
            line.catalog
        );
        if let Some(d) = &line.diagram {
            assert!(catalogs.public_file(d).is_some(), "{d}");
        }
    }
}

#[test]
fn a_folder_without_a_manifest_gets_one_of_its_catalogs() {
    let dir = folder(&[
        "nx-9500-switches.json",
        "nx-9500-switches.diagram",
        "nx-3400-switch.json",
    ]);
    let catalogs = Catalogs::load(Some(&dir)).unwrap();
    let made = served(&catalogs);
    let lines: Vec<(&str, &str, Option<&str>)> = made
        .lines
        .iter()
        .map(|l| (l.id.as_str(), l.catalog.as_str(), l.diagram.as_deref()))
        .collect();
    assert_eq!(
        lines,
        [
            ("nx-3400", "nx-3400-switch.json", None),
            (
                "nx-9500",
                "nx-9500-switches.json",
                Some("nx-9500-switches.diagram")
            ),
        ]
    );
}

#[test]
fn a_wrong_manifest_stops_the_start_and_says_which_line() {
    let dir = folder(&["nx-3400-switch.json"]);
    let write = |text: &str| std::fs::write(dir.join(MANIFEST_FILE), text).unwrap();
    let start = || match Catalogs::load(Some(&dir)) {
        Ok(_) => panic!("started with a wrong manifest"),
        Err(e) => e.to_string(),
    };
    write(r#"{"product_lines": [{"id": "campus", "catalog": "nx-3400-switch.json"}]}"#);
    let e = start();
    assert!(e.contains("product-lines.json: product line `campus`: `nx-3400-switch.json` is the catalog `nx-3400`"), "{e}");
    write(r#"{"product_lines": [{"id": "nx-ap", "catalog": "nx-ap-wireless.json"}]}"#);
    assert!(start().contains("there is no catalog `nx-ap-wireless.json` in the folder"));
    write(
        r#"{"product_lines": [{"id": "nx-3400", "catalog": "nx-3400-switch.json", "diagram": "x.diagram"}]}"#,
    );
    assert!(start().contains("there is no diagram `x.diagram` in the folder"));
    write(
        "{\"product_lines\": [\n  {\"id\": \"nx-3400\", \"catalog\": \"../nx-3400-switch.json\"}]}",
    );
    let e = start();
    assert!(e.contains("product-lines.json:2:"), "{e}");
    assert!(
        e.contains("must be a file name in the manifest's folder"),
        "{e}"
    );
    // A right one starts, and a catalog of the folder that is no line still prices old quotes.
    write(r#"{"product_lines": [{"id": "nx-3400", "catalog": "nx-3400-switch.json"}]}"#);
    std::fs::copy(
        common::catalogs_dir().join("nx-ap-wireless.json"),
        dir.join("nx-ap-wireless.json"),
    )
    .unwrap();
    let catalogs = Catalogs::load(Some(&dir)).unwrap();
    assert_eq!(served(&catalogs).lines.len(), 1);
    assert!(catalogs.knows("nx-ap"));
}
