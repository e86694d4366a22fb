//! The built-in product lines: catalog files served with the app (`catalogs/`, which trunk
//! copies into the build and the quote desk serves), fetched when a page needs them rather than
//! compiled into its WebAssembly, so a new product line costs the customer's page nothing.
//!
//! Where they are fetched from: `catalogs/` beside the page; `../catalogs/` from the desk's
//! pages (one folder down, see [`set_folder`]); and for a `<product-configurator>` element on
//! a partner's page, `catalogs/` beside `embed.js` (which names its folder in
//! `globalThis.__productConfiguratorBase`).

use std::cell::Cell;

use configurator_engine::Catalog;

/// The built-in product lines: catalog id and file name in `catalogs/`, in the start page's
/// order. (A native test checks every id against its file, and that every catalog in the
/// folder is listed.)
pub const BUILT_IN: [(&str, &str); 5] = [
    ("nx-9500", "nx-9500-switches.json"),
    ("nx-3400", "nx-3400-switch.json"),
    ("nx-ap", "nx-ap-wireless.json"),
    ("nr-rack", "nr-rack-servers.json"),
    ("ck-kitchen", "ck-cooking-lines.json"),
];

/// Built-in catalogs shipped with their decision diagram compiled off-line beside them
/// (`catalogs/STEM.diagram`, written by `configurator compile`): those whose diagram takes a
/// noticeable time to compile on the page. A native test checks each is there and matches its
/// catalog.
pub const COMPILED: [&str; 3] = [
    "nx-9500-switches.json",
    "nr-rack-servers.json",
    "nx-ap-wireless.json",
];

thread_local! {
    /// The folder of the catalogs, relative to the page.
    static FOLDER: Cell<&'static str> = const { Cell::new("catalogs/") };
    /// The folder of the open catalog's file, where its images are.
    static IMAGES: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// The open catalog's address: its items' images are beside it.
pub fn set_catalog_address(address: &str) {
    let path = address.split('?').next().unwrap_or("");
    let folder = path.trim_end_matches(|c: char| c != '/');
    IMAGES.with(|i| *i.borrow_mut() = folder.to_owned());
}

/// The address of an item's image (a path beside the catalog, checked by the engine, or a
/// `data:` URL).
pub fn image(src: &str) -> String {
    if src.starts_with("data:") {
        return src.to_owned();
    }
    IMAGES.with(|i| format!("{}{src}", i.borrow()))
}

/// Where this page finds the catalogs, relative to itself (`../catalogs/` for pages one folder
/// down).
pub fn set_folder(folder: &'static str) {
    FOLDER.with(|f| f.set(folder));
}

/// The address of a built-in catalog file.
pub fn address(file: &str) -> String {
    if crate::mode::in_element() {
        let base = js_sys::Reflect::get(&js_sys::global(), &"__productConfiguratorBase".into())
            .ok()
            .and_then(|b| b.as_string())
            .unwrap_or_default();
        return format!("{base}catalogs/{file}");
    }
    format!("{}{file}", FOLDER.with(Cell::get))
}

/// The name a built-in catalog's messages use (`catalogs/FILE`, as in the repository).
pub fn name(file: &str) -> String {
    format!("catalogs/{file}")
}

/// The file of the built-in product line `id`.
pub fn file_of(id: &str) -> Option<&'static str> {
    BUILT_IN.iter().find(|(i, _)| *i == id).map(|&(_, f)| f)
}

/// The address of the diagram compiled off-line for a built-in catalog file, if it has one.
pub fn diagram_address(file: &str) -> Option<String> {
    let stem = file.strip_suffix(".json")?;
    COMPILED
        .contains(&file)
        .then(|| address(&format!("{stem}.diagram")))
}

/// A diagram compiled off-line: its address and bytes.
pub type Diagram = (String, Vec<u8>);

/// Every built-in catalog that can be fetched and read, in [`BUILT_IN`] order, fetched at
/// once, with its diagram compiled off-line when it ships one; one that cannot be read is
/// reported on the console and left out.
pub async fn all() -> Vec<(Catalog, Option<Diagram>)> {
    let fetches: Vec<_> = BUILT_IN
        .iter()
        .map(|&(_, file)| {
            let diagram = diagram_address(file).map(|at| (crate::browser::fetch_bytes(&at), at));
            (file, crate::browser::fetch_text(address(file)), diagram)
        })
        .collect();
    let mut out = Vec::new();
    for (file, started, diagram) in fetches {
        let read = started.await.and_then(|(_, text)| {
            Catalog::from_json(&name(file), &text).map_err(|e| e.to_string())
        });
        let diagram = match diagram {
            Some((bytes, at)) => bytes.await.map(|b| (at, b)),
            None => None,
        };
        match read {
            Ok(catalog) => out.push((catalog, diagram)),
            // The reason names the file (its address, or its name in the catalog error).
            Err(e) => web_sys::console::warn_1(&e.into()),
        }
    }
    out
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/catalogs");

    /// The names of the files in `catalogs/` ending in `ext`, sorted.
    fn in_folder(ext: &str) -> Vec<String> {
        let names = std::fs::read_dir(DIR)
            .expect("the catalogs folder")
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|f| f.ends_with(ext));
        sorted(names)
    }

    fn sorted(names: impl IntoIterator<Item = impl Into<String>>) -> Vec<String> {
        let mut v: Vec<String> = names.into_iter().map(Into::into).collect();
        v.sort();
        v
    }

    /// Every listed id is its file's id, and every catalog in `catalogs/` is listed.
    #[test]
    fn every_built_in_catalog_is_listed_under_its_id() {
        let files = in_folder(".json");
        assert_eq!(files, sorted(super::BUILT_IN.iter().map(|(_, f)| *f)));
        for (id, file) in super::BUILT_IN {
            let text = std::fs::read_to_string(format!("{DIR}/{file}")).expect("readable");
            let catalog = configurator_engine::Catalog::from_json(file, &text).expect("valid");
            assert_eq!(catalog.id, id, "{file}");
        }
    }

    /// Every diagram shipped in `catalogs/` is listed, and matches its catalog as it is now
    /// (a catalog edited without compiling again would be refused as stale by the app, which
    /// would then compile it on the page).
    #[test]
    fn every_shipped_diagram_is_listed_and_fresh() {
        let shipped = in_folder(".diagram");
        let listed = sorted(
            super::COMPILED
                .iter()
                .map(|f| f.replace(".json", ".diagram")),
        );
        assert_eq!(shipped, listed);
        for file in super::COMPILED {
            let text = std::fs::read_to_string(format!("{DIR}/{file}")).expect("readable");
            let catalog = configurator_engine::Catalog::from_json(file, &text).expect("valid");
            let diagram = format!("{DIR}/{}", file.replace(".json", ".diagram"));
            let bytes = std::fs::read(&diagram).expect("readable");
            if let Err(e) = configurator_engine::Engine::with_artifact(catalog, &bytes) {
                panic!("{diagram}: {e}: run `configurator compile catalogs/{file}`");
            }
        }
    }
}
