//! The seller on the desk's documents and messages: `--seller FILE`, a JSON file
//!
//! ```json
//! {"name": "Northwind Networks GmbH", "address": ["Musterstraße 1", "80331 München"],
//!  "logo": "logo.png", "terms": {"en": "…", "de": "…"}}
//! ```
//!
//! (`logo`, a PNG, relative to the file's folder, and `terms` are optional). Without the flag,
//! demo settings.

use std::path::Path;

use anyhow::{bail, Context};
use configurator_engine::locale::Locale;
use serde::Deserialize;

/// The seller.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seller {
    /// Company name.
    pub name: String,
    /// Address lines.
    pub address: Vec<String>,
    /// A PNG logo, checked to be one.
    pub logo: Option<Vec<u8>>,
    /// Terms in English.
    pub terms_en: String,
    /// Terms in German.
    pub terms_de: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    name: String,
    #[serde(default)]
    address: Vec<String>,
    logo: Option<String>,
    terms: Option<Terms>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Terms {
    en: String,
    de: String,
}

impl Seller {
    /// The demo seller (`--dev`, or no `--seller`).
    pub fn demo() -> Seller {
        Seller {
            name: "Northwind Networks GmbH".into(),
            address: vec![
                "Musterstraße 1".into(),
                "80331 München".into(),
                "Germany".into(),
            ],
            logo: None,
            terms_en: "Prices exclude VAT. Payment within 30 days of invoice, without deduction. \
                       Delivery about four weeks after the order. Our general terms of sale apply."
                .into(),
            terms_de: "Preise zuzüglich Umsatzsteuer. Zahlung innerhalb von 30 Tagen nach \
                       Rechnungsstellung ohne Abzug. Lieferung etwa vier Wochen nach Bestellung. \
                       Es gelten unsere Allgemeinen Geschäftsbedingungen."
                .into(),
        }
    }

    /// The seller of `--seller FILE`, or the demo seller.
    pub fn load(path: Option<&Path>) -> anyhow::Result<Seller> {
        let Some(path) = path else {
            return Ok(Seller::demo());
        };
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("--seller {}", path.display()))?;
        let file: File =
            serde_json::from_str(&text).with_context(|| format!("--seller {}", path.display()))?;
        if file.name.trim().is_empty() || file.name.len() > 200 || file.address.len() > 8 {
            bail!(
                "--seller {}: a name of 1 to 200 characters and at most 8 address lines",
                path.display()
            );
        }
        let logo = match &file.logo {
            Some(logo) => {
                let at = path.parent().unwrap_or(Path::new(".")).join(logo);
                let bytes = std::fs::read(&at)
                    .with_context(|| format!("the seller's logo {}", at.display()))?;
                krilla::image::Image::from_png(bytes.clone().into(), true).map_err(|e| {
                    anyhow::anyhow!("the seller's logo {} is not a PNG: {e}", at.display())
                })?;
                Some(bytes)
            }
            None => None,
        };
        let demo = Seller::demo();
        let (terms_en, terms_de) = match file.terms {
            Some(t) => (t.en, t.de),
            None => (demo.terms_en, demo.terms_de),
        };
        Ok(Seller {
            name: file.name,
            address: file.address,
            logo,
            terms_en,
            terms_de,
        })
    }

    /// The terms in `l`.
    pub fn terms(&self, l: Locale) -> &str {
        l.pick(&self.terms_en, &self.terms_de)
    }
}
