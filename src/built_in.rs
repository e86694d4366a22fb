//! The built-in product lines: catalog files served with the app (`catalogs/`, which trunk
//! copies into the build and the quote desk serves), fetched when a page needs them rather than
//! compiled into its WebAssembly, so a new product line costs the customer's page nothing.
//! Which files are product lines, in which order, and which ship a diagram compiled off-line is
//! data too: the manifest `catalogs/product-lines.json` (read by the engine's
//! `catalog::manifest`), which the quote desk and the `configurator` command read as well.
//!
//! Where they are fetched from: `catalogs/` beside the page; `../catalogs/` from the desk's
//! pages (one folder down, see [`set_folder`]); and for a `<product-configurator>` element on
//! a partner's page, `catalogs/` beside `embed.js` (which names its folder in
//! `globalThis.__productConfiguratorBase`).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use configurator_engine::catalog::manifest::{Manifest, ProductLine, MANIFEST_FILE};
use configurator_engine::Catalog;

thread_local! {
    /// The folder of the catalogs, relative to the page.
    static FOLDER: Cell<&'static str> = const { Cell::new("catalogs/") };
    /// The folder of the open catalog's file, where its images are.
    static IMAGES: RefCell<String> = const { RefCell::new(String::new()) };
    /// The product-line manifest, once fetched.
    static MANIFEST: RefCell<Option<Rc<Manifest>>> = const { RefCell::new(None) };
}

/// The product lines: the manifest of the catalogs folder (`catalogs/product-lines.json`, which
/// the quote desk and the `configurator` command read too), fetched once; why not, if it
/// cannot be fetched or read.
pub async fn manifest() -> Result<Rc<Manifest>, String> {
    if let Some(known) = MANIFEST.with(|m| m.borrow().clone()) {
        return Ok(known);
    }
    let (_, text) = crate::browser::fetch_text(address(MANIFEST_FILE)).await?;
    let read = Manifest::from_json(&name(MANIFEST_FILE), &text).map_err(|e| e.to_string())?;
    let read = Rc::new(read);
    MANIFEST.with(|m| *m.borrow_mut() = Some(read.clone()));
    Ok(read)
}

/// The product line `id`, if the manifest lists it.
pub async fn line(id: &str) -> Result<Option<ProductLine>, String> {
    Ok(manifest().await?.line(id).cloned())
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

/// The address of the diagram compiled off-line for a product line, if it ships one.
pub fn diagram_address(line: &ProductLine) -> Option<String> {
    line.diagram.as_deref().map(address)
}

/// A diagram compiled off-line: its address and bytes.
pub type Diagram = (String, Vec<u8>);

/// Every product line whose catalog can be fetched and read, in the manifest's order, fetched
/// at once, with its diagram compiled off-line when it ships one; one that cannot be read (or a
/// manifest that cannot) is reported on the console and left out.
pub async fn all() -> Vec<(Catalog, Option<Diagram>)> {
    let manifest = match manifest().await {
        Ok(manifest) => manifest,
        Err(e) => {
            web_sys::console::warn_1(&e.into());
            return Vec::new();
        }
    };
    let fetches: Vec<_> = manifest
        .lines
        .iter()
        .map(|line| {
            let diagram = diagram_address(line).map(|at| (crate::browser::fetch_bytes(&at), at));
            let file = line.catalog.as_str();
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
    use configurator_engine::catalog::manifest::{Manifest, MANIFEST_FILE};

    const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/catalogs");

    /// The names of the files in `catalogs/` ending in `ext`, sorted.
    fn in_folder(ext: &str) -> Vec<String> {
        let names = std::fs::read_dir(DIR)
            .expect("the catalogs folder")
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|f| f.ends_with(ext) && f != MANIFEST_FILE);
        sorted(names)
    }

    fn sorted(names: impl IntoIterator<Item = impl Into<String>>) -> Vec<String> {
        let mut v: Vec<String> = names.into_iter().map(Into::into).collect();
        v.sort();
        v
    }

    fn manifest() -> Manifest {
        let text = std::fs::read_to_string(format!("{DIR}/{MANIFEST_FILE}")).expect("readable");
        Manifest::from_json(MANIFEST_FILE, &text).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Every line's id is its catalog's id, and every catalog in `catalogs/` is a line.
    #[test]
    fn every_catalog_is_a_product_line_under_its_id() {
        let lines = manifest().lines;
        assert_eq!(
            in_folder(".json"),
            sorted(lines.iter().map(|l| l.catalog.as_str()))
        );
        for line in lines {
            let text =
                std::fs::read_to_string(format!("{DIR}/{}", line.catalog)).expect("readable");
            let catalog =
                configurator_engine::Catalog::from_json(&line.catalog, &text).expect("valid");
            assert_eq!(catalog.id, line.id, "{}", line.catalog);
        }
    }

    /// Every diagram shipped in `catalogs/` is a line's, and matches its catalog as it is now
    /// (a catalog edited without compiling again would be refused as stale by the app, which
    /// would then compile it on the page).
    #[test]
    fn every_shipped_diagram_is_listed_and_fresh() {
        let lines = manifest().lines;
        let listed = sorted(lines.iter().filter_map(|l| l.diagram.clone()));
        assert_eq!(in_folder(".diagram"), listed);
        for line in lines {
            let Some(diagram) = line.diagram else {
                continue;
            };
            let text =
                std::fs::read_to_string(format!("{DIR}/{}", line.catalog)).expect("readable");
            let catalog =
                configurator_engine::Catalog::from_json(&line.catalog, &text).expect("valid");
            let bytes = std::fs::read(format!("{DIR}/{diagram}")).expect("readable");
            if let Err(e) = configurator_engine::Engine::with_artifact(catalog, &bytes) {
                panic!(
                    "{diagram}: {e}: run `configurator compile catalogs/{}`",
                    line.catalog
                );
            }
        }
    }
}
